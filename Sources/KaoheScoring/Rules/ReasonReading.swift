import Foundation
import KaoheFormat

/// The working state of one reading of a reason text (see `AdjustmentParser`): every number
/// with 分 is found first (a mention), classified by what stands before it, and then resolved
/// against the others (bracketed breakdowns, subtotals, amounts without a direction).
struct ReasonReading {
    /// What stands before a number with 分.
    enum Kind: Equatable {
        /// After a verb or a sign: +1 or −1.
        case signed(Decimal)
        /// No 加/扣 of its own (ASCII digits only; "十分重视" is not a number of points).
        case unsigned
        case setAside(SetAside.Reason)
        case doubt(Doubt.Kind)
    }

    struct Mention {
        var kind: Kind
        var magnitude: Decimal
        var range: Range<Int>
        /// Introduced by 共, 合计 …
        var isTotal = false
        /// 分别扣0.5分、0.3分: the verb carries over a comma too.
        var spreadsOverCommas = false
        var role: Adjustment.Role?
        /// Sign given by a total (brackets or subtotal) to an unsigned mention.
        var givenSign: Decimal?
        /// The direction of a rate's verb or sign (每次扣0.5分: −1), kept for a count to use.
        var rateSign: Decimal?
        /// 扣0.1分×3次: the amount per item and the count; `magnitude` is then their product
        /// (or the cap, when a cap stated in the sentence is lower).
        var rate: Decimal?
        var count: Decimal?
        var cap: Decimal?
        /// 实际扣0.5分, 最终扣, 净扣: a net amount replacing the amounts before it; where its
        /// marker starts.
        var netStart: Int?
        /// The mentions a net or corrected amount (实际扣0.5分, 调整为扣0.5分) replaces.
        var replaces: [Int] = []
        /// 迟报3次×0.1分: the word of a fault that gave a product with no 加/扣 its direction.
        var directionWord: String?

        var sign: Decimal? {
            if case .signed(let s) = kind { return s }
            return givenSign
        }
    }

    let original: [Character]
    /// Full-width forms folded: one character for one, so offsets hold for both.
    let chars: [Glyph]
    var mentions: [Mention] = []
    var doubts: [Doubt] = []
    /// Change words (调整为 …) whose correction was read; the others are doubts.
    var resolvedChanges: [Range<Int>] = []
    /// The rule's base, when the reading knows it: 该项不得分 then takes it all.
    var base: Decimal?
    /// 该项不得分, 扣完为止 with no amount: the whole base, where it stands.
    var fullDeduction: Range<Int>?

    init(text: String, base: Decimal? = nil) {
        self.base = base
        original = Array(text)
        chars = Glyph.of(TextNormalizer.foldFullWidth(text))
    }

    // MARK: Vocabulary

    /// Words are kept as glyphs, compared from their last one.
    typealias Word = [Glyph]

    static let verbs: [(Word, Decimal)] = [
        ("奖励加", 1), ("扣除", -1), ("扣减", -1), ("倒扣", -1), ("减少", -1), ("奖励", 1), ("加上", 1),
        ("扣分", -1), ("加分", 1), ("减分", -1), ("扣了", -1), ("加了", 1), ("减去", -1), ("扣掉", -1), ("扣去", -1),
        ("罚扣", -1), ("扣罚", -1), ("核减", -1), ("减扣", -1), ("罚分", -1), ("加", 1), ("扣", -1), ("减", -1), ("罚", -1),
    ].map { (Glyph.of($0.0), $0.1) }
    static let verbWords = verbs.map(\.0)
    static let totalMarkers = words("共计", "合计", "累计", "小计", "总计", "共")
    /// A net amount (实际扣0.5分, 原扣1分，现扣0.5分): 实 and 现 alone only at the start of a
    /// clause (not 落实扣0.5分, 发现扣0.5分).
    static let netMarkers = words("实际", "最终", "净", "实", "现")
    static let capMarkers = words("最多可", "最高可", "最多", "最高", "至多", "上限", "不超过", "封顶")
    static let valueMarkers = words("满分", "分值")
    static let valueAndCapMarkers = valueMarkers + capMarkers
    static let statedScoreMarkers = words("得分", "评分", "总分", "分数", "成绩", "得")
    /// 返还0.5分, 退还, 恢复: points given back, the other way from the amount before them.
    static let givenBack = words("返还", "退还", "恢复")
    /// A product of faults with no 加/扣 (迟报3次×0.1分) is a deduction.
    static let faultWords = words("迟报", "漏报", "少报", "缺报", "错报", "未报", "迟交", "漏交", "未交")
    /// 不扣分 alone: nothing to add or deduct (with amounts or a review beside it, a doubt).
    static let plainNoChange = words("不予扣分", "免予扣分", "免于扣分", "不扣分", "不予加分", "不加分", "免扣")
    static let negations = words("不予", "免予", "免于", "不", "免", "未")
    static let reversals = words("不予扣分", "不再扣分", "免予扣分", "免于扣分", "不扣分", "不予加分", "不加分", "免扣",
                                 "撤销", "取消扣分", "取消加分")
    static let perEach = Glyph.of("各"), may = Glyph.of("可"), respectively = Glyph.of("分别")
    /// Words where 分 follows a number but is not points: 3分钟, 三分之一, 2分局.
    static let notPoints: [Glyph] = ["钟", "之", "局", "队", "社", "院", "行", "厂", "站", "所"]
    static let chineseDigits: [(Glyph, Int)] = [("零", 0), ("一", 1), ("二", 2), ("两", 2), ("三", 3), ("四", 4), ("五", 5),
                                                ("六", 6), ("七", 7), ("八", 8), ("九", 9)]
    static let chineseNumeralChars: [Glyph] = chineseDigits.map(\.0) + ["十", "点", "半"]
    static let clauseEnds: [Glyph] = [",", "，", ";", "。", "\n", "、", ":", "(", ")", "!", "?"]
    static let sentenceEnds: [Glyph] = [";", "。", "\n", "!", "?"]
    static let separators: [Glyph] = ["、", "和", "及", "与"]

    static func words(_ list: String...) -> [Word] { list.map(Glyph.of) }

    static func chineseDigit(_ g: Glyph) -> Int? { chineseDigits.first { $0.0 == g }?.1 }

    // MARK: Small helpers

    func text(_ r: Range<Int>) -> String { String(original[r]) }

    func isDigit(_ c: Glyph) -> Bool { c.isDigit }

    /// Whether `word` ends right before `end`.
    func word(_ word: Word, endsAt end: Int) -> Bool {
        // From the last character back: most words fail on it.
        guard end - word.count >= 0 else { return false }
        var i = end
        for c in word.reversed() {
            i -= 1
            if chars[i] != c { return false }
        }
        return true
    }

    /// Whether `w` starts at `i`.
    func matches(_ w: Word, at i: Int) -> Bool {
        guard i + w.count <= chars.count else { return false }
        for (k, c) in w.enumerated() where chars[i + k] != c { return false }
        return true
    }

    /// The first of `words` ending right before `end`, with its start.
    func firstWord(_ words: [Word], endingAt end: Int) -> (Word, Int)? {
        for w in words where word(w, endsAt: end) { return (w, end - w.count) }
        return nil
    }

    func skipSpacesLeft(_ i: Int) -> Int {
        var i = i
        while i > 0, chars[i - 1] == " " { i -= 1 }
        return i
    }

    func skipSpacesRight(_ i: Int) -> Int {
        var i = i
        while i < chars.count, chars[i] == " " { i += 1 }
        return i
    }

    /// Start of the clause holding index `i` (after the last ，；。 …).
    func clauseStart(_ i: Int) -> Int {
        var s = i
        while s > 0, !Self.clauseEnds.contains(chars[s - 1]) { s -= 1 }
        return s
    }

    /// Sentence bounds around `i` (。；! ? and line breaks end sentences).
    func sentence(around i: Int) -> Range<Int> {
        var s = i
        while s > 0, !Self.sentenceEnds.contains(chars[s - 1]) { s -= 1 }
        var e = i
        while e < chars.count, !Self.sentenceEnds.contains(chars[e]) { e += 1 }
        return s..<e
    }

    static func chineseValue(_ s: [Glyph]) -> Decimal? {
        if s == ["半"] { return Decimal(string: "0.5") }
        let parts = s.split(separator: "点", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = chineseInteger(Array(parts[0])) else { return nil }
        var literal = String(whole)
        if parts.count == 2 {
            let fraction = parts[1].compactMap { c in c == "两" ? nil : chineseDigit(c) }
            guard !fraction.isEmpty, fraction.count == parts[1].count else { return nil }
            literal += "." + fraction.map(String.init).joined()
        }
        return Decimal(string: literal)
    }

    static func chineseInteger(_ s: [Glyph]) -> Int? {
        if let ten = s.firstIndex(of: "十") {
            let before = Array(s[..<ten]), after = Array(s[(ten + 1)...])
            guard before.count <= 1, after.count <= 1 else { return nil }
            let tens = before.isEmpty ? 1 : chineseDigit(before[0])
            let ones = after.isEmpty ? 0 : chineseDigit(after[0])
            guard let tens, let ones else { return nil }
            return tens * 10 + ones
        }
        guard s.count == 1 else { return nil }
        return chineseDigit(s[0])
    }

    // MARK: Finding the mentions

    mutating func collectMentions() {
        for k in chars.indices {
            if chars[k] == "分" {
                if k + 1 < chars.count, Self.notPoints.contains(chars[k + 1]) { continue }
                if let m = mention(endingAt: k) { mentions.append(m) }
            } else if Self.multiplierSigns.contains(chars[k]), let m = unitlessRate(before: k) {
                mentions.append(m)
            }
        }
    }

    /// 扣0.5×2=1分: a verb and a number without 分 right before a multiplier.
    func unitlessRate(before k: Int) -> Mention? {
        guard let n = number(before: k), n.ascii else { return nil }
        let left = skipSpacesLeft(n.start)
        guard let verb = Self.verbs.first(where: { word($0.0, endsAt: left) }) else { return nil }
        return verbMention(verb: verb, verbStart: left - verb.0.count, number: n, end: skipSpacesLeft(k), perUnit: false)
    }

    /// The number ending before the 分 at `k`, its value, and where its digits start.
    func number(before k: Int) -> (value: Decimal, start: Int, ascii: Bool)? {
        var end = skipSpacesLeft(k)
        if end > 0, chars[end - 1] == ".", end > 1, isDigit(chars[end - 2]) { end -= 1 } // 加2.分
        var start = end
        if start > 0, isDigit(chars[start - 1]) {
            while start > 0, isDigit(chars[start - 1]) || chars[start - 1] == "." { start -= 1 }
            while start < end, chars[start] == "." { start += 1 }
            guard let v = Decimal(strict: chars[start..<end].text) else { return nil }
            return (v, start, true)
        }
        while start > 0, Self.chineseNumeralChars.contains(chars[start - 1]) { start -= 1 }
        guard start < end, let v = Self.chineseValue(Array(chars[start..<end])) else { return nil }
        return (v, start, false)
    }

    func mention(endingAt k: Int) -> Mention? {
        guard let n = number(before: k) else { return nil }
        var end = k + 1
        // 扣0.5分/次: a rate.
        let perUnit = end + 1 < chars.count && chars[end] == "/"
        if perUnit { end += 2 }
        let left = skipSpacesLeft(n.start)
        let before: Glyph? = left > 0 ? chars[left - 1] : nil

        // A range: 扣0.5-1分, 扣0.5至1分.
        if let before, ["-", "~", "至", "到", "—", "–", "−"].contains(before) {
            let lowEnd = skipSpacesLeft(left - 1)
            if lowEnd > 0, isDigit(chars[lowEnd - 1]) || Self.chineseNumeralChars.contains(chars[lowEnd - 1]) {
                var start = lowEnd - 1
                while start > 0, isDigit(chars[start - 1]) || chars[start - 1] == "." { start -= 1 }
                if let (_, verbStart) = firstWord(Self.verbWords, endingAt: skipSpacesLeft(start)) { start = verbStart }
                return Mention(kind: .doubt(.range), magnitude: n.value, range: start..<end)
            }
        }
        // A sign: (-1分), +2分.
        if let before, ["+", "-", "−"].contains(before) {
            var sign: Decimal = before == "+" ? 1 : -1
            if before == "+", let s = continuedSign(plusAt: left - 1) { sign = s }
            var m = Mention(kind: perUnit ? .setAside(.rate) : .signed(sign), magnitude: n.value, range: (left - 1)..<end)
            if perUnit { m.rateSign = sign }
            return m
        }
        // Points given back: 扣0.5分，整改到位后返还0.5分.
        if let (w, start) = firstWord(Self.givenBack, endingAt: left) {
            let previous = mentions.last { if case .signed = $0.kind { return true } else { return false } }
            let sign = -(previous?.sign ?? -1)
            return verbMention(verb: (w, sign), verbStart: start, number: n, end: end, perUnit: perUnit)
        }
        // A verb: 扣0.5分, 扣除0.5分, 加两分.
        if let verb = Self.verbs.first(where: { word($0.0, endsAt: left) }) {
            return verbMention(verb: verb, verbStart: left - verb.0.count, number: n, end: end, perUnit: perUnit)
        }
        if let (_, start) = firstWord(Self.valueAndCapMarkers, endingAt: left) {
            return Mention(kind: .setAside(.cap), magnitude: n.value, range: start..<end)
        }
        if let (_, start) = firstWord(Self.statedScoreMarkers, endingAt: left) {
            return Mention(kind: .setAside(.statedScore), magnitude: n.value, range: start..<end)
        }
        if let (_, start) = firstWord(Self.totalMarkers, endingAt: left), n.ascii {
            // 扣分合计1.5分: the verb before the total gives it its direction.
            if let verb = Self.verbs.first(where: { word($0.0, endsAt: skipSpacesLeft(start)) }) {
                let verbStart = skipSpacesLeft(start) - verb.0.count
                return Mention(kind: .signed(verb.1), magnitude: n.value, range: verbStart..<end, isTotal: true)
            }
            return Mention(kind: .unsigned, magnitude: n.value, range: start..<end, isTotal: true)
        }
        if let continued = continuation(before: left, magnitude: n.value, range: n.start..<end) { return continued }
        if perUnit || hasRateWord(from: clauseStart(n.start), to: n.start) {
            return Mention(kind: .setAside(.rate), magnitude: n.value, range: n.start..<end)
        }
        return n.ascii ? Mention(kind: .unsigned, magnitude: n.value, range: n.start..<end) : nil
    }

    func verbMention(verb: (Word, Decimal), verbStart: Int, number n: (value: Decimal, start: Int, ascii: Bool),
                     end: Int, perUnit: Bool) -> Mention {
        var marker = verbStart
        if word(Self.may, endsAt: marker) { marker -= 1 }
        if let (_, s) = firstWord(Self.negations, endingAt: verbStart) {
            return Mention(kind: .doubt(.reversal), magnitude: n.value, range: s..<end)
        }
        if let (_, s) = firstWord(Self.capMarkers, endingAt: marker) {
            return Mention(kind: .setAside(.cap), magnitude: n.value, range: s..<end)
        }
        var m = Mention(kind: .signed(verb.1), magnitude: n.value, range: verbStart..<end)
        if let (_, s) = firstWord(Self.totalMarkers, endingAt: verbStart) {
            m.isTotal = true
            m.range = s..<end
        }
        if !m.isTotal, let s = netMarkerStart(endingAt: verbStart) { m.netStart = s }
        m.spreadsOverCommas = word(Self.respectively, endsAt: verbStart)
        if perUnit || word(Self.perEach, endsAt: verbStart) || hasRateWord(from: clauseStart(verbStart), to: verbStart) {
            m.kind = .setAside(.rate)
            m.rateSign = verb.1
            m.isTotal = false
            m.netStart = nil
        }
        return m
    }

    /// 扣0.2分×2次+0.3分×1次, 扣1分+0.5分: a "+" right after an amount (or its ×count) adds
    /// to that amount, in its direction.
    func continuedSign(plusAt plus: Int) -> Decimal? {
        guard let previous = mentions.last, case .signed(let sign) = previous.kind else { return nil }
        let end = skipSpacesLeft(plus)
        if end == previous.range.upperBound { return sign }
        var i = skipSpacesRight(previous.range.upperBound)
        guard i < end, Self.multiplierSigns.contains(chars[i]) else { return nil }
        i = skipSpacesRight(i + 1)
        guard let c = count(startingAt: i), c.range.upperBound == end else { return nil }
        return sign
    }

    /// Where a net marker (实际, 最终, 净, 实 at a clause start) ending at `end` starts.
    func netMarkerStart(endingAt end: Int) -> Int? {
        guard let (w, s) = firstWord(Self.netMarkers, endingAt: end) else { return nil }
        if w.count == 1, w[0] == "实" || w[0] == "现", s > 0, !Self.clauseEnds.contains(chars[s - 1]), chars[s - 1] != " " { return nil }
        return s
    }

    /// 每条, 每篇, 按每次 before the amount in its clause (每季度 and 每年度 are periods, not rates).
    func hasRateWord(from start: Int, to end: Int) -> Bool {
        var i = start
        while i < end {
            if chars[i] == "每" {
                let next = chars[(i + 1)..<min(end, i + 3)].text
                if next != "季度" && next != "年度" { return true }
            }
            i += 1
        }
        return false
    }

    /// 分别扣0.5分、0.3分: a number right after the previous amount and a separator takes its kind.
    func continuation(before left: Int, magnitude: Decimal, range: Range<Int>) -> Mention? {
        guard left > 0, let previous = mentions.last else { return nil }
        let separator = chars[left - 1]
        let isSeparator = Self.separators.contains(separator)
            || ([",", "，"].contains(separator) && previous.spreadsOverCommas)
        guard isSeparator, skipSpacesLeft(left - 1) == previous.range.upperBound else { return nil }
        switch previous.kind {
        case .signed, .setAside:
            var m = Mention(kind: previous.kind, magnitude: magnitude, range: range)
            m.spreadsOverCommas = previous.spreadsOverCommas
            return m
        case .unsigned, .doubt:
            return nil
        }
    }
}
