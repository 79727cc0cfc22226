import Foundation
import KaoheFormat

/// Resolving the mentions of a reason text against each other: totals and their items,
/// amounts without a direction, and the doubts a sentence raises as a whole.
extension ReasonReading {
    func signedValue(_ m: Mention, sign: Decimal? = nil) -> Decimal? {
        guard let s = m.sign ?? sign else { return nil }
        return s.times(m.magnitude)
    }

    /// The index of the bracket closing the one opened at `open`.
    func closing(_ open: Int) -> Int {
        var depth = 0
        for i in open..<chars.count {
            if chars[i] == "(" { depth += 1 }
            if chars[i] == ")" { depth -= 1; if depth == 0 { return i } }
        }
        return chars.count
    }

    /// 扣1.5分（其中迟报扣0.5分，漏报扣1分）: items in brackets right after an amount that add up
    /// to it are its breakdown. Items that do not add up are a doubt when the brackets say 其中,
    /// and separate amounts otherwise.
    mutating func resolveBracketedBreakdowns() {
        for i in mentions.indices {
            guard mentions[i].role == nil, case .signed(let sign) = mentions[i].kind else { continue }
            guard let (open, close) = breakdownSpan(after: mentions[i].range.upperBound) else { continue }
            let inner = mentions.indices.filter {
                mentions[$0].range.lowerBound > open && mentions[$0].range.upperBound <= close
                    && [.unsigned, .signed(1), .signed(-1)].contains(mentions[$0].kind)
            }
            guard !inner.isEmpty else { continue }
            let sum = inner.reduce(Decimal(0)) { $0 + (signedValue(mentions[$1], sign: sign) ?? 0) }
            let total = sign * mentions[i].magnitude
            let saysOfWhich = chars[open..<close].text.contains("其中")
            // A product (扣0.5分×3) followed by items that do not make it up is not taken apart.
            guard sum == total || saysOfWhich || mentions[i].count != nil else { continue }
            for j in inner {
                mentions[j].role = .breakdown
                if mentions[j].sign == nil { mentions[j].givenSign = sign }
            }
            mentions[i].role = .amount
            if sum != total {
                doubts.append(Doubt(kind: .breakdownMismatch(items: abs(sum)), range: mentions[i].range,
                                    text: text(mentions[i].range)))
            }
        }
    }

    /// Where the items of a breakdown right after an amount stand: in brackets, or after
    /// ，其中： to the end of the sentence (扣1分，其中：迟报0.5分，漏报0.5分).
    func breakdownSpan(after end: Int) -> (Int, Int)? {
        let open = skipSpacesRight(end)
        guard open < chars.count else { return nil }
        if chars[open] == "(" { return (open, closing(open)) }
        var i = open
        while i < chars.count, [",", "，", " "].contains(chars[i]) { i += 1 }
        guard matches(Self.ofWhich, at: i) else { return nil }
        return (i, sentence(around: i).upperBound)
    }

    static let ofWhich = Glyph.of("其中")

    /// Totals after their items (DOMAIN.md §2.4): a total equal to a run of amounts ending right
    /// before it, since the previous subtotal, is a subtotal; with amounts that have no direction
    /// of their own, the total gives them its direction when that makes the run add up;
    /// otherwise the total is an amount itself. Whatever keeps no direction is a doubt.
    mutating func resolveTotals() {
        var run: [Int] = []
        for i in mentions.indices where mentions[i].role == nil {
            switch mentions[i].kind {
            case .signed(let sign):
                if mentions[i].netStart != nil {
                    if resolveNet(i, run: run, sign: sign) { run = [] } else { run.append(i) }
                    continue
                }
                guard mentions[i].isTotal else { mentions[i].role = .amount; run.append(i); continue }
                if resolveSubtotal(i, run: run, sign: sign) { run = [] } else {
                    mentions[i].role = .totalCountedAsAmount
                    flagTotalAfterProduct(i, run: run)
                    run.append(i)
                }
            case .unsigned:
                if mentions[i].isTotal, let sign = runSign(run, equalTo: mentions[i].magnitude) {
                    mentions[i].givenSign = sign
                    mentions[i].role = .subtotal
                    run = []
                } else {
                    if mentions[i].isTotal { flagTotalAfterProduct(i, run: run) }
                    run.append(i)
                }
            case .setAside, .doubt:
                continue
            }
        }
        for i in mentions.indices where mentions[i].role == nil && mentions[i].kind == .unsigned {
            doubts.append(Doubt(kind: .noDirection, range: mentions[i].range, text: text(mentions[i].range)))
        }
    }

    /// 实际扣0.5分 after 扣1分，加0.5分: a net amount. It is a subtotal when the run before it adds
    /// up to it; otherwise it replaces the amounts of the run in its own sentence (the writer's
    /// correction); with none there, it is an amount, and if the run has amounts elsewhere, which
    /// it meant is for a reviewer. Returns whether it closed the run.
    mutating func resolveNet(_ i: Int, run: [Int], sign: Decimal) -> Bool {
        let marked = mentions[i].netStart!..<mentions[i].range.upperBound
        if resolveSubtotal(i, run: run, sign: sign) {
            mentions[i].range = marked
            return true
        }
        let s = sentence(around: mentions[i].range.lowerBound)
        let replaced = run.filter { mentions[$0].range.overlaps(s) }
        mentions[i].role = .amount
        guard !replaced.isEmpty else {
            if !run.isEmpty { doubts.append(Doubt(kind: .superseded, range: marked, text: text(marked))) }
            return false
        }
        for j in replaced {
            mentions[j].role = .replaced
            if mentions[j].sign == nil { mentions[j].givenSign = sign }
        }
        mentions[i].range = marked
        mentions[i].replaces = replaced
        return true
    }

    /// 扣2分，后经申诉核减为扣1分; 原扣1分，复核后调整为0.5分: the amount after a change word
    /// replaces the one amount before it in its sentence (an amount without 加/扣 takes that
    /// one's direction). With more than one before it, or a total, which is changed is unclear
    /// and stays a doubt (`checkNumbers`).
    mutating func resolveChanges() {
        for w in Self.changeWords {
            var from = 0
            while let r = find(w, in: from..<chars.count) {
                from = r.upperBound
                guard let j = mentions.indices.first(where: { mentions[$0].range.lowerBound >= r.lowerBound }),
                      mentions[j].range.lowerBound <= r.upperBound + 1, mentions[j].role == nil else { continue }
                let s = sentence(around: r.lowerBound)
                let before = mentions.indices.filter { mentions[$0].range.upperBound <= r.lowerBound && mentions[$0].range.overlaps(s) }
                guard before.count == 1, let k = before.first else { continue }
                replace(k, by: j, from: r)
            }
        }
        resolveCountedAs()
    }

    /// The amount at `j`, its change word at `r`, replaces the one at `k` when that is a plain
    /// amount of the same direction (or `j` has none).
    mutating func replace(_ k: Int, by j: Int, from r: Range<Int>) {
        guard mentions[k].role == nil, !mentions[k].isTotal, mentions[k].netStart == nil, let sign = mentions[k].sign else { return }
        switch (mentions[k].kind, mentions[j].kind) {
        case (.signed, .signed(sign)), (.signed, .unsigned): break
        default: return
        }
        mentions[j].kind = .signed(sign)
        mentions[j].replaces = [k]
        mentions[j].range = r.lowerBound..<mentions[j].range.upperBound
        mentions[k].role = .replaced
        resolvedChanges.append(r)
    }

    /// 加2分，因超过上限按1分计: 按 an amount 计 after one amount in its sentence replaces it.
    mutating func resolveCountedAs() {
        for j in mentions.indices where mentions[j].role == nil {
            let left = skipSpacesLeft(mentions[j].range.lowerBound), right = skipSpacesRight(mentions[j].range.upperBound)
            guard left > 0, chars[left - 1] == "按", right < chars.count, chars[right] == "计" else { continue }
            let s = sentence(around: left)
            let before = mentions.indices.filter { mentions[$0].range.upperBound < left && mentions[$0].range.overlaps(s) }
            guard before.count == 1, let k = before.first else { continue }
            replace(k, by: j, from: (left - 1)..<(right + 1))
            mentions[j].range = (left - 1)..<(right + 1)
        }
    }

    /// A total that the amounts before it in its own sentence, or one of them computed per
    /// item (扣0.5分×3), do not add up to: which is right is for a reviewer. (Amounts before it
    /// in earlier sentences only: the total is an amount of its own, as 玉山镇's 合计扣1分.)
    mutating func flagTotalAfterProduct(_ i: Int, run: [Int]) {
        let s = sentence(around: mentions[i].range.lowerBound)
        guard run.contains(where: { mentions[$0].count != nil || mentions[$0].range.overlaps(s) }) else { return }
        doubts.append(Doubt(kind: .totalMismatch, range: mentions[i].range, text: text(mentions[i].range)))
    }

    /// Whether the total at `i` closes a run ending right before it; marks it and any amounts
    /// it gives a direction.
    mutating func resolveSubtotal(_ i: Int, run: [Int], sign: Decimal) -> Bool {
        let target = sign * mentions[i].magnitude
        for withUnsigned in [false, true] {
            var sum = Decimal(0)
            var usedUnsigned = false
            for k in run.indices.reversed() {
                let m = mentions[run[k]]
                if m.sign == nil {
                    guard withUnsigned else { continue }
                    usedUnsigned = true
                }
                sum += signedValue(m, sign: sign) ?? 0
                guard sum == target, usedUnsigned == withUnsigned else { continue }
                for j in run[k...] where mentions[j].sign == nil {
                    mentions[j].givenSign = sign
                    mentions[j].role = .signedBySubtotal
                }
                mentions[i].role = .subtotal
                return true
            }
        }
        return false
    }

    /// The direction of a run of signed amounts ending right before an unsigned total
    /// (合计1分) whose magnitude it equals.
    func runSign(_ run: [Int], equalTo magnitude: Decimal) -> Decimal? {
        var sum = Decimal(0)
        for k in run.reversed() {
            guard let v = signedValue(mentions[k]) else { return nil }
            sum += v
            if abs(sum) == magnitude, sum != 0 { return sum < 0 ? -1 : 1 }
        }
        return nil
    }

    /// Doubts that belong to a sentence as a whole: 扣分 with no number, a rate with no amount,
    /// points taken back.
    mutating func checkSentences() {
        for m in mentions {
            if case .doubt(let kind) = m.kind { doubts.append(Doubt(kind: kind, range: m.range, text: text(m.range))) }
        }
        var start = 0
        while start < chars.count {
            let s = sentence(around: start)
            if !s.isEmpty { check(sentence: s) }
            start = s.upperBound + 1
        }
        doubts.sort { $0.range.lowerBound < $1.range.lowerBound }
    }

    mutating func check(sentence s: Range<Int>) {
        let inside = mentions.filter { $0.range.overlaps(s) }
        let counts = inside.contains { $0.role != nil }
        var quote: String { text(s).trimmed }
        if inside.isEmpty, let r = noScoreWord(in: s) {
            takeAll(r, quote: quote)
        } else if inside.isEmpty, let r = pointsWord(in: s) {
            doubts.append(Doubt(kind: .noAmount, range: r, text: quote))
        }
        if !counts, let rate = inside.first(where: { $0.kind == .setAside(.rate) }) {
            doubts.append(Doubt(kind: .rateWithoutAmount, range: rate.range, text: text(rate.range)))
        }
        for word in Self.reversals {
            guard let r = find(word, in: s), !doubts.contains(where: { $0.range.overlaps(r) }) else { continue }
            // 不扣分 alone: nothing added or deducted, nothing to check.
            if mentions.isEmpty, Self.plainNoChange.contains(word), !Self.reviewWords.contains(where: { find($0, in: 0..<chars.count) != nil }) {
                break
            }
            doubts.append(Doubt(kind: .reversal, range: r, text: quote))
            break
        }
    }

    /// 扣分, 加分 or 减分 used as a verb (not 无加扣分, 不扣分, 未扣分).
    func pointsWord(in s: Range<Int>) -> Range<Int>? {
        for word in Self.pointsWords {
            var from = s.lowerBound
            while let r = find(word, in: from..<s.upperBound) {
                var start = r.lowerBound
                if start > 0, chars[start - 1] == "加" { start -= 1 } // 加扣分
                if start == 0 || !["无", "不", "未", "没"].contains(chars[start - 1]) { return r }
                from = r.upperBound
            }
        }
        return nil
    }

    static let pointsWords = words("扣分", "加分", "减分")
    /// The item scores nothing: 该项不得分, 迟报5次，扣完为止.
    static let noScoreWords = words("不得分", "不计分", "扣完为止", "全部扣除", "分数全扣")

    func noScoreWord(in s: Range<Int>) -> Range<Int>? {
        for w in Self.noScoreWords { if let r = find(w, in: s) { return r } }
        return nil
    }

    /// With the base known and no other amount in the text, the item scores nothing: the base is
    /// deducted. Otherwise how much that is is for a reviewer.
    mutating func takeAll(_ r: Range<Int>, quote: String) {
        let counted = mentions.contains { $0.role != nil }
        // 扣完为止 after amounts: the score stops at zero (`AdjustmentParse.floorsAtZero`).
        if counted, matches(Self.untilNothingLeft, at: r.lowerBound) { return }
        if base != nil, fullDeduction == nil, !mentions.contains(where: { $0.role != nil }) {
            fullDeduction = r
        } else {
            doubts.append(Doubt(kind: .noScore, range: r, text: quote))
        }
    }

    func find(_ w: Word, in s: Range<Int>) -> Range<Int>? {
        guard s.count >= w.count else { return nil }
        for i in s.lowerBound...(s.upperBound - w.count) where chars[i] == w[0] && matches(w, at: i) {
            return i..<(i + w.count)
        }
        return nil
    }

    func result() -> AdjustmentParse {
        var items: [Adjustment] = []
        var setAside: [SetAside] = []
        for m in mentions {
            if case .setAside(let reason) = m.kind {
                setAside.append(SetAside(reason: reason, range: m.range, text: text(m.range)))
            }
            guard let role = m.role, let v = signedValue(m) else { continue }
            items.append(Adjustment(value: v, role: role, range: m.range, text: text(m.range), rate: m.rate, count: m.count,
                                    cap: m.cap, replaces: m.replaces.map { text(mentions[$0].range) },
                                    directionWord: m.directionWord))
        }
        if let r = fullDeduction, let base {
            items.append(Adjustment(value: -base, role: .amount, range: r, text: text(r)))
        }
        var parse = AdjustmentParse(items: items, setAside: setAside, doubts: doubts)
        parse.floorsAtZero = find(Self.untilNothingLeft, in: 0..<chars.count) != nil
        return parse
    }

    // MARK: Every number accounted for

    /// Words after a number that make it a count, a date or a rank, not points.
    static let measureWords: [Glyph] = ["次", "篇", "条", "件", "个", "项", "期", "份", "人", "天", "日", "月", "年", "号", "名",
                                        "家", "批", "处", "周", "季", "%", "则", "例", "座", "户", "场", "届", "版", "页", "字", "元",
                                        "万", "小", "时", "点", "级", "类", "轮", "起", "位", "所", "村", "镇", "区", "县", "部", "单"]
    static let multiplierSigns: [Glyph] = ["*", "×", "x", "X", "乘"]
    static let changeWords = words("改为", "调整为", "核减为", "核增为", "更正为", "变更为", "核定为", "减为", "降为", "改扣", "改加",
                                   "减半")

    /// After the reading: every number in the text is an amount, a rate or cap set aside, a
    /// doubt already, a count or date (a measure word follows it), an ordinal (第) or a
    /// reference in brackets; an amount with a multiplier, an amount later changed, and any
    /// other number become doubts, so that no number is passed over in silence.
    mutating func checkNumbers() {
        for w in Self.changeWords {
            guard let r = find(w, in: 0..<chars.count), !mentions.isEmpty,
                  !resolvedChanges.contains(where: { $0.overlaps(r) }) else { continue }
            let end = mentions.map(\.range.upperBound).filter { $0 > r.lowerBound }.min() ?? r.upperBound
            let start = mentions.map(\.range.lowerBound).filter { $0 < r.lowerBound }.min() ?? r.lowerBound
            doubts.append(Doubt(kind: .superseded, range: start..<end, text: text(start..<end)))
            break
        }
        flagReviews()
        var i = 0
        while i < chars.count {
            guard isDigit(chars[i]) else { i += 1; continue }
            var j = i
            while j < chars.count, isDigit(chars[j]) || (chars[j] == "." && j + 1 < chars.count && isDigit(chars[j + 1])) { j += 1 }
            checkNumber(i..<j)
            i = j
        }
        doubts.sort { $0.range.lowerBound < $1.range.lowerBound }
    }

    static let reviewWords = words("复核后", "经复核", "核实后", "经核实", "申诉后", "经申诉")

    /// 扣1分，复核后扣0.5分: an amount after a review, with another before it in its sentence, may
    /// replace it or add to it: a doubt (a change word, 调整为, says which and is read).
    mutating func flagReviews() {
        for w in Self.reviewWords {
            guard let r = find(w, in: 0..<chars.count), !resolvedChanges.contains(where: { $0.overlaps(r) }) else { continue }
            let s = sentence(around: r.lowerBound)
            let counted = mentions.filter { $0.role != nil && $0.role != .replaced && $0.range.overlaps(s) }
            guard let after = counted.first(where: { $0.range.lowerBound >= r.upperBound }),
                  let before = counted.last(where: { $0.range.upperBound <= r.lowerBound }),
                  after.replaces.isEmpty, !doubts.contains(where: { $0.kind == .superseded }) else { continue }
            let span = before.range.lowerBound..<after.range.upperBound
            doubts.append(Doubt(kind: .superseded, range: span, text: text(span)))
            return
        }
    }

    mutating func checkNumber(_ r: Range<Int>) {
        let left = skipSpacesLeft(r.lowerBound)
        let before: Glyph? = left > 0 ? chars[left - 1] : nil
        let next = skipSpacesRight(r.upperBound)
        let after: Glyph? = next < chars.count ? chars[next] : nil
        // 加1分*2, 扣0.5分×3: the multiplier follows an amount's 分.
        if let before, Self.multiplierSigns.contains(before), let m = mentions.first(where: { $0.range.upperBound == skipSpacesLeft(left - 1) }) {
            addDoubt(.multiplied, m.range.lowerBound..<r.upperBound)
            return
        }
        if after == "倍", !mentions.contains(where: { $0.count != nil && $0.range.overlaps(r) }),
           let m = mentions.first(where: { abs($0.range.upperBound - r.lowerBound) <= 2 || abs(r.upperBound - $0.range.lowerBound) <= 2 }) {
            addDoubt(.multiplied, min(m.range.lowerBound, r.lowerBound)..<max(m.range.upperBound, next + 1))
            return
        }
        if mentions.contains(where: { $0.range.overlaps(r) }) || doubts.contains(where: { $0.range.overlaps(r) }) { return }
        // 2021, 12345 (a year, a hotline, a file number): four digits or more with no decimals.
        if r.count >= 4, !chars[r].contains(".") { return }
        // A list number: 1、 at the start of a line.
        if after == "、", before == nil || before == "\n" || Self.sentenceEnds.contains(before!) { return }
        if let after, Self.measureWords.contains(after) || after == "分" || after == "-" || after == "至" || after == "." || after == ":" || after == "/" { return }
        if let before, ["第", "〔", "[", "(", "（", "【", "-", "/", ".", ":", "第"].contains(before) { return }
        if let after, ["〕", "]", ")", "）", "】"].contains(after) { return }
        if before.map({ $0.isLetterOrDigitASCII }) == true || after.map({ $0.isLetterOrDigitASCII }) == true { return } // codes: A3, 2a
        addDoubt(.strayNumber, r)
    }

    mutating func addDoubt(_ kind: Doubt.Kind, _ r: Range<Int>) {
        if doubts.contains(where: { $0.range.overlaps(r) && $0.kind == kind }) { return }
        doubts.append(Doubt(kind: kind, range: r, text: text(r)))
    }
}
