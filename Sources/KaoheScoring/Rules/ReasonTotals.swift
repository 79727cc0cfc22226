import Foundation

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
            let open = skipSpacesRight(mentions[i].range.upperBound)
            guard open < chars.count, chars[open] == "(" else { continue }
            let close = closing(open)
            let inner = mentions.indices.filter {
                mentions[$0].range.lowerBound > open && mentions[$0].range.upperBound <= close
                    && [.unsigned, .signed(1), .signed(-1)].contains(mentions[$0].kind)
            }
            guard !inner.isEmpty else { continue }
            let sum = inner.reduce(Decimal(0)) { $0 + (signedValue(mentions[$1], sign: sign) ?? 0) }
            let total = sign * mentions[i].magnitude
            let saysOfWhich = chars[open..<close].text.contains("其中")
            guard sum == total || saysOfWhich else { continue }
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

    /// Totals after their items (DOMAIN.md §2.4): a total equal to a run of amounts ending right
    /// before it, since the previous subtotal, is a subtotal; with amounts that have no direction
    /// of their own, the total gives them its direction when that makes the run add up;
    /// otherwise the total is an amount itself. Whatever keeps no direction is a doubt.
    mutating func resolveTotals() {
        var run: [Int] = []
        for i in mentions.indices where mentions[i].role == nil {
            switch mentions[i].kind {
            case .signed(let sign):
                guard mentions[i].isTotal else { mentions[i].role = .amount; run.append(i); continue }
                if resolveSubtotal(i, run: run, sign: sign) { run = [] } else {
                    mentions[i].role = .totalCountedAsAmount
                    run.append(i)
                }
            case .unsigned:
                if mentions[i].isTotal, let sign = runSign(run, equalTo: mentions[i].magnitude) {
                    mentions[i].givenSign = sign
                    mentions[i].role = .subtotal
                    run = []
                } else {
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
        if inside.isEmpty, let r = pointsWord(in: s) {
            doubts.append(Doubt(kind: .noAmount, range: r, text: quote))
        }
        if !counts, let rate = inside.first(where: { $0.kind == .setAside(.rate) }) {
            doubts.append(Doubt(kind: .rateWithoutAmount, range: rate.range, text: text(rate.range)))
        }
        for word in Self.reversals {
            guard let r = find(word, in: s), !doubts.contains(where: { $0.range.overlaps(r) }) else { continue }
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
            items.append(Adjustment(value: v, role: role, range: m.range, text: text(m.range)))
        }
        return AdjustmentParse(items: items, setAside: setAside, doubts: doubts)
    }
}
