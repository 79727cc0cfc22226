import Foundation

/// Amounts per item times a count (issue 28), read before totals are resolved: 扣0.1分×3次,
/// 3次×0.1分, 扣2分/次×3, 每次扣0.5分，共3次, 迟报3次，每次扣1分, 两次通报各扣0.5分. A product
/// followed by the amount it comes to (每条扣0.1分，共5条，扣0.5分; 扣0.1分×3次=0.3分) counts that
/// amount once; one that differs is a doubt. A cap in the sentence (最多扣2分; 满分2分 with
/// 扣完为止) limits the product. A count between a verb and its total (扣3次共1.5分) gives the
/// total its direction and is not multiplied again. Counts listed with 、 share a rate (迟报2次、
/// 漏报1次，每次扣0.5分), 各 after a list counts for each (10月、11月各迟报1次), a fault before a
/// count (迟报3次×0.1分) makes a product a deduction, and a cap right after a plain amount
/// (加3分（封顶2分）) limits it.
extension ReasonReading {
    /// Words after a count that say what was counted (not 年, 月, %, 分).
    static let countWords: [Glyph] = ["次", "篇", "条", "件", "个", "项", "期", "份", "人", "家", "批", "处", "例", "起", "位",
                                      "则", "单", "场", "户", "天", "周", "轮", "名", "张", "封", "题"]
    static let chineseIntegerChars: [Glyph] = ["一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十"]
    /// What may stand between a product and the amount it comes to.
    static let connectors: [Glyph] = [",", "，", ":", "、", " ", "(", ")", "=", "共", "计", "合", "累", "总", "实", "际", "即",
                                      "为", "应", "最", "终", "净"]
    static let untilNothingLeft = Glyph.of("扣完为止")

    struct Count {
        var value: Decimal
        var range: Range<Int>
        /// The measure word: 次 in 3次; nil for a bare number (×3).
        var unit: Glyph?
    }

    // MARK: Counts

    /// A whole number starting at `i` (3, 三, 十二) and the measure word after it.
    func count(startingAt i: Int) -> Count? {
        var j = i
        while j < chars.count, isDigit(chars[j]) { j += 1 }
        var value: Decimal?
        if j > i {
            if j < chars.count, chars[j] == ".", j + 1 < chars.count, isDigit(chars[j + 1]) { return nil }
            value = Decimal(string: chars[i..<j].text)
        } else {
            while j < chars.count, Self.chineseIntegerChars.contains(chars[j]) { j += 1 }
            guard j > i, let n = Self.chineseInteger(Array(chars[i..<j])) else { return nil }
            value = Decimal(n)
        }
        guard let value, value > 0 else { return nil }
        let k = skipSpacesRight(j)
        if k < chars.count, Self.countWords.contains(chars[k]) {
            // 3人次, 2件次: counted per 次.
            if k + 1 < chars.count, chars[k + 1] == "次" { return Count(value: value, range: i..<(k + 2), unit: "次") }
            return Count(value: value, range: i..<(k + 1), unit: chars[k])
        }
        if j < chars.count, ["分", "%", "."].contains(chars[j]) { return nil }
        return Count(value: value, range: i..<j, unit: nil)
    }

    /// A count ending right before `end` (3次, 三篇, 3).
    func count(endingAt end: Int) -> Count? {
        var e = end
        if e > 0, Self.countWords.contains(chars[e - 1]) { e = skipSpacesLeft(e - 1) }
        var s = e
        while s > 0, isDigit(chars[s - 1]) { s -= 1 }
        if s == e { while s > 0, Self.chineseIntegerChars.contains(chars[s - 1]) { s -= 1 } }
        guard s < e, s == 0 || (chars[s - 1] != "." && chars[s - 1] != "第") else { return nil }
        guard let c = count(startingAt: s), c.range.upperBound == end else { return nil }
        return c
    }

    /// Counts with a measure word in `r` that no mention covers and no 第 precedes.
    func counts(in r: Range<Int>) -> [Count] {
        var found: [Count] = []
        var i = r.lowerBound
        while i < r.upperBound {
            let startsNumber = isDigit(chars[i]) || Self.chineseIntegerChars.contains(chars[i])
            let continues = i > 0 && (isDigit(chars[i - 1]) || chars[i - 1] == "." || Self.chineseIntegerChars.contains(chars[i - 1]))
            guard startsNumber, !continues, i == 0 || !Self.beforeNonCount.contains(chars[i - 1]),
                  let c = count(startingAt: i), c.unit != nil, c.range.upperBound <= r.upperBound, !isThreshold(c), !isQuota(c),
                  !mentions.contains(where: { $0.range.overlaps(c.range) }) else { i += 1; continue }
            found.append(c)
            i = c.range.upperBound
        }
        return found
    }

    /// 第3次 is an ordinal; 超3次, 超过3次, 满3次 a threshold.
    static let beforeNonCount: [Glyph] = ["第", "超", "过", "出", "满", "逾"]
    static let afterThreshold = words("以上", "以内", "以下", "及以上", "内")

    /// 每月报送2篇: a count after 每 in its clause is what is asked for, not what happened.
    func isQuota(_ c: Count) -> Bool {
        (clauseStart(c.range.lowerBound)..<c.range.lowerBound).contains { chars[$0] == "每" }
    }

    /// 3次以上, 3次以内: a threshold in a rule, not a count of what happened.
    func isThreshold(_ c: Count) -> Bool {
        Self.afterThreshold.contains { matches($0, at: skipSpacesRight(c.range.upperBound)) }
    }

    // MARK: Products

    mutating func resolveCounts() {
        var absorbed: Set<Int> = []
        var usedCounts: [Range<Int>] = []
        for i in mentions.indices where !absorbed.contains(i) {
            switch mentions[i].kind {
            case .signed, .unsigned, .setAside(.rate): break
            default: continue
            }
            if let (c, span) = multiplierAfter(mentions[i]) ?? multiplierBefore(mentions[i]) {
                var sign = mentions[i].sign ?? mentions[i].rateSign ?? verbSign(before: span.lowerBound)
                if sign == nil, let w = faultWord(before: c) {
                    sign = -1
                    mentions[i].directionWord = w
                }
                multiply(i, by: c.value, span: span, sign: sign)
                if let j = writtenProduct(of: i) { absorbed.insert(j) }
            } else if mentions[i].kind == .setAside(.rate), let c = rateCount(i, used: usedCounts) {
                usedCounts.append(c.range)
                applyRate(i, count: c)
            } else if mentions[i].kind == .unsigned, mentions[i].isTotal {
                signByCount(i)
            }
        }
        mentions = mentions.indices.filter { !absorbed.contains($0) }.map { mentions[$0] }
        applyCaps()
        applyBracketCaps()
        for m in mentions { flagCountAfter(m) }
    }

    /// 扣0.5分，共3次; 扣0.5分（3次）: a count right after an amount, ending its clause, may say the
    /// amount is per item or that it is the total for them all: a doubt.
    mutating func flagCountAfter(_ m: Mention) {
        guard case .signed = m.kind, m.count == nil, !m.isTotal else { return }
        var i = m.range.upperBound
        while i < chars.count, Self.connectors.contains(chars[i]), chars[i] != "=" { i += 1 }
        guard i > m.range.upperBound, let c = count(startingAt: i), c.unit != nil, c.value != 1,
              !mentions.contains(where: { $0.range.overlaps(c.range) }) else { return }
        let end = skipSpacesRight(c.range.upperBound)
        guard end == chars.count || Self.clauseEnds.contains(chars[end]) else { return }
        let r = m.range.lowerBound..<c.range.upperBound
        doubts.append(Doubt(kind: .perItemUnclear, range: r, text: text(r)))
    }

    /// 迟报3次×0.1分: the fault word right before a product's count, which makes it a deduction.
    func faultWord(before c: Count) -> String? {
        let end = skipSpacesLeft(c.range.lowerBound)
        return firstWord(Self.faultWords, endingAt: end).map { $0.0.text }
    }

    /// 扣0.1分×3次, 加0.5分*2, 扣2分/次×3, 扣0.5分乘以2: the count and the span to its end.
    func multiplierAfter(_ m: Mention) -> (Count, Range<Int>)? {
        var i = skipSpacesRight(m.range.upperBound)
        guard i < chars.count, Self.multiplierSigns.contains(chars[i]) else { return nil }
        if chars[i] == "乘", i + 1 < chars.count, chars[i + 1] == "以" { i += 1 }
        guard let c = count(startingAt: skipSpacesRight(i + 1)) else { return nil }
        return (c, m.range.lowerBound..<c.range.upperBound)
    }

    /// 3次×0.1分, 3×扣0.1分, 两次乘以0.5分.
    func multiplierBefore(_ m: Mention) -> (Count, Range<Int>)? {
        var left = skipSpacesLeft(m.range.lowerBound)
        guard left > 0, Self.multiplierSigns.contains(chars[left - 1]) || word(Self.timesWord, endsAt: left) else { return nil }
        left -= word(Self.timesWord, endsAt: left) ? 2 : 1
        guard let c = count(endingAt: skipSpacesLeft(left)) else { return nil }
        return (c, c.range.lowerBound..<m.range.upperBound)
    }

    static let timesWord = Glyph.of("乘以")

    /// The direction a product with no verb of its own takes: a verb right before its count
    /// (扣3次×0.1分), or the one direction of the verbs earlier in its clause, or 扣分： before it
    /// or at the start of its sentence (加分：…，市级采用2篇×0.2分).
    func verbSign(before start: Int) -> Decimal? {
        let end = skipSpacesLeft(start)
        if let verb = Self.verbs.first(where: { word($0.0, endsAt: end) }) { return verb.1 }
        if let sign = headingSign(of: sentence(around: start)) { return sign }
        var from = clauseStart(start)
        if from > 0, chars[from - 1] == ":" { from = clauseStart(from - 1) }
        var signs: Set<Decimal> = []
        for k in from..<end {
            if let verb = Self.verbs.first(where: { word($0.0, endsAt: k + 1) }) { signs.insert(verb.1) }
        }
        return signs.count == 1 ? signs.first : nil
    }

    /// 扣分：, 加分：, 信息报送加分： opening a sentence: a heading with no number, ending with
    /// 扣分, 减分 or 加分 and a colon.
    func headingSign(of s: Range<Int>) -> Decimal? {
        guard let colon = s.first(where: { chars[$0] == ":" }),
              !chars[s.lowerBound..<colon].contains(where: { $0.isDigit || Self.clauseEnds.contains($0) }) else { return nil }
        let end = skipSpacesLeft(colon)
        for (w, sign) in [(Glyph.of("扣分"), Decimal(-1)), (Glyph.of("减分"), -1), (Glyph.of("加分"), 1)] where word(w, endsAt: end) {
            return sign
        }
        return nil
    }

    mutating func multiply(_ i: Int, by count: Decimal, span: Range<Int>, sign: Decimal?) {
        let rate = mentions[i].magnitude
        mentions[i].rate = rate
        mentions[i].count = count
        mentions[i].magnitude = rate * count
        mentions[i].range = span
        mentions[i].kind = sign.map { .signed($0) } ?? .unsigned
        mentions[i].isTotal = false
        mentions[i].netStart = nil
    }

    /// 扣0.1分×3次=0.3分: the amount a product comes to, written after "=". When it agrees, the
    /// written amount is absorbed into the product (its index is returned); when it differs, the
    /// written amount is counted and the product is a doubt. (A total after it, 共扣0.3分, is a
    /// subtotal like any other.)
    mutating func writtenProduct(of i: Int) -> Int? {
        let end = mentions[i].range.upperBound
        guard let j = writtenAmount(after: end, sign: mentions[i].sign),
              chars[end..<mentions[j].range.lowerBound].contains("=") else { return nil }
        let product = mentions[i]
        guard mentions[j].magnitude != product.magnitude else {
            mentions[i].range = product.range.lowerBound..<mentions[j].range.upperBound
            return j
        }
        if mentions[j].sign == nil, let s = product.sign { mentions[j].kind = .signed(s) }
        mentions[i].kind = .setAside(.rate)
        addCountMismatch(product: product, written: mentions[j])
        return nil
    }

    /// The next mention in the sentence, separated from `end` by connectors only (，共 = 合计 …), in
    /// the same direction as `sign` where both have one.
    func writtenAmount(after end: Int, sign: Decimal?) -> Int? {
        let s = sentence(around: max(0, end - 1))
        guard let j = mentions.indices.first(where: { mentions[$0].range.lowerBound >= end }),
              mentions[j].range.lowerBound < s.upperBound else { return nil }
        switch mentions[j].kind {
        case .signed, .unsigned: break
        default: return nil
        }
        guard chars[end..<mentions[j].range.lowerBound].allSatisfy(Self.connectors.contains) else { return nil }
        if let a = sign, let b = mentions[j].sign, a != b { return nil }
        return j
    }

    mutating func addCountMismatch(product: Mention, written: Mention) {
        let r = min(product.range.lowerBound, written.range.lowerBound)..<max(product.range.upperBound, written.range.upperBound)
        doubts.append(Doubt(kind: .countMismatch(product: product.magnitude, written: written.magnitude), range: r, text: text(r)))
    }

    // MARK: Rates with a count elsewhere in the sentence

    /// The measure word a rate is per (每篇 → 篇, 扣0.5分/次 → 次), or nil for 各 and 按…计.
    func rateUnit(_ m: Mention) -> Glyph? {
        if let slash = (m.range.lowerBound..<m.range.upperBound).last(where: { chars[$0] == "/" }), slash + 1 < chars.count {
            return chars[slash + 1]
        }
        let start = clauseStart(m.range.lowerBound)
        guard let each = (start..<m.range.lowerBound).last(where: { chars[$0] == "每" }) else { return nil }
        return ((each + 1)..<m.range.lowerBound).map { chars[$0] }.first(where: Self.countWords.contains)
    }

    /// The one count in the rate's sentence it applies to: with the rate's measure word (共3次 for
    /// 每次扣0.5分), or for 各 the count before it (两次通报各扣0.5分; 报送2次，各扣0.25分) or
    /// else after it. With several, the one right next to the rate (迟报2次，每次扣0.2分，漏报1次，
    /// 每次扣0.5分); otherwise none (a doubt). A count used by one rate is not used by another.
    func rateCount(_ i: Int, used: [Range<Int>]) -> Count? {
        let m = mentions[i]
        let s = sentence(around: m.range.lowerBound)
        let clause = clauseStart(m.range.lowerBound)
        let phraseStart = ratePhraseStart(m)
        var candidates = counts(in: s).map(eachOfList).filter {
            ($0.range.upperBound <= phraseStart || $0.range.lowerBound >= m.range.upperBound)
                && !used.contains(where: $0.range.overlaps) && !word(Self.perEach, endsAt: $0.range.lowerBound)
        }
        if let unit = rateUnit(m) {
            candidates = candidates.filter { $0.unit == unit }
        } else if word(Self.perEach, endsAt: verbStart(m)) {
            let inClause = candidates.filter { $0.range.lowerBound >= clause && $0.range.upperBound <= m.range.lowerBound }
            let before = candidates.filter { $0.range.upperBound <= m.range.lowerBound }
            let after = candidates.filter { ["共", "计"].contains(chars[max(0, skipSpacesLeft($0.range.lowerBound) - 1)]) }
            candidates = !inClause.isEmpty ? inClause : !before.isEmpty ? before : after
        } else {
            return nil
        }
        let all = candidates
        if candidates.count > 1 {
            candidates = candidates.filter { adjacent($0, to: phraseStart..<m.range.upperBound) }
        }
        guard candidates.count == 1, var c = candidates.first else { return nil }
        c = joined(c, among: all)
        let between = c.range.upperBound <= m.range.lowerBound ? c.range.upperBound..<m.range.lowerBound
            : m.range.upperBound..<c.range.lowerBound
        let counted = mentions.contains { n in
            guard n.range.overlaps(between) else { return false }
            switch n.kind {
            case .signed, .unsigned, .setAside(.rate): return true
            default: return false
            }
        }
        return counted ? nil : c
    }

    /// 10月、11月各迟报1次; 迟报、漏报各1次: a count after 各 with a list of two or more before it
    /// counts once for each (2 × 1次), and its range takes in the list.
    func eachOfList(_ c: Count) -> Count {
        let stops: [Glyph] = [",", "，", ";", "。", "\n", ":", "(", ")", "!", "?"]
        var i = c.range.lowerBound
        while i > 0, !stops.contains(chars[i - 1]), chars[i - 1] != "各" { i -= 1 }
        guard i > 1, chars[i - 1] == "各" else { return c }
        var start = i - 1
        while start > 0, !stops.contains(chars[start - 1]) { start -= 1 }
        let list = chars[start..<(i - 1)].split { Self.separators.contains($0) }
        guard list.count >= 2, !list.contains(where: \.isEmpty),
              !mentions.contains(where: { $0.range.overlaps(start..<c.range.lowerBound) }) else { return c }
        return Count(value: c.value * Decimal(list.count), range: start..<c.range.upperBound, unit: c.unit)
    }

    /// 迟报2次、漏报1次，每次扣0.5分: counts listed with 、 (和, 及, 与) before the one next to the
    /// rate share it: their sum (3次).
    func joined(_ c: Count, among all: [Count]) -> Count {
        var c = c
        while let p = all.last(where: { $0.range.upperBound <= c.range.lowerBound }) {
            let gap = chars[p.range.upperBound..<c.range.lowerBound]
            guard let first = gap.first, Self.separators.contains(first),
                  !gap.dropFirst().contains(where: { Self.clauseEnds.contains($0) || $0.isDigit }) else { break }
            c = Count(value: p.value + c.value, range: p.range.lowerBound..<c.range.upperBound, unit: c.unit)
        }
        return c
    }

    /// Whether only connectors stand between a count and a rate's wording (迟报2次，每次扣0.2分).
    func adjacent(_ c: Count, to phrase: Range<Int>) -> Bool {
        let between = c.range.upperBound <= phrase.lowerBound ? c.range.upperBound..<phrase.lowerBound
            : phrase.upperBound..<c.range.lowerBound
        return chars[between].allSatisfy(Self.connectors.contains)
    }

    /// Where a rate's wording starts: its 每 in the clause (每次扣0.5分), else its own start.
    func ratePhraseStart(_ m: Mention) -> Int {
        (clauseStart(m.range.lowerBound)..<m.range.lowerBound).last(where: { chars[$0] == "每" }) ?? m.range.lowerBound
    }

    /// Where the verb of a rate's mention starts (its range starts with the verb).
    func verbStart(_ m: Mention) -> Int { m.range.lowerBound }

    /// A rate and its count: the amount they come to when the text writes it right after (the
    /// rate stays a rate), else the product is the amount.
    mutating func applyRate(_ i: Int, count c: Count) {
        let m = mentions[i]
        let span = min(ratePhraseStart(m), c.range.lowerBound)..<max(m.range.upperBound, c.range.upperBound)
        let product = m.magnitude * c.value
        if let j = writtenAmount(after: span.upperBound, sign: m.rateSign) ?? writtenAmount(before: span.lowerBound, sign: m.rateSign) {
            guard mentions[j].magnitude != product else { return }
            var p = m
            p.magnitude = product
            p.range = span
            addCountMismatch(product: p, written: mentions[j])
            return
        }
        multiply(i, by: c.value, span: span, sign: m.rateSign ?? clauseSign(around: m.range))
    }

    /// 按0.5分/次扣分: the one direction of the verbs in a clause (加 in 参加, 增加 is no verb).
    func clauseSign(around r: Range<Int>) -> Decimal? {
        let start = clauseStart(r.lowerBound)
        var end = r.upperBound
        while end < chars.count, !Self.clauseEnds.contains(chars[end]) { end += 1 }
        var signs: Set<Decimal> = []
        for k in start..<end where !r.contains(k) {
            guard let verb = Self.verbs.first(where: { word($0.0, endsAt: k + 1) }) else { continue }
            let s = k + 1 - verb.0.count
            if verb.0 == ["加"], s > 0, Self.notAddingBefore.contains(chars[s - 1]) { continue }
            signs.insert(verb.1)
        }
        return signs.count == 1 ? signs.first : nil
    }

    static let notAddingBefore: [Glyph] = ["参", "增", "追", "附", "叠", "施", "添", "更", "强"]

    /// 共扣1.5分：每次扣0.5分，共3次: an amount right before the product, in its sentence, equal to it.
    func writtenAmount(before start: Int, sign: Decimal?) -> Int? {
        let s = sentence(around: start)
        guard let j = mentions.indices.last(where: { mentions[$0].range.upperBound <= start }),
              mentions[j].range.upperBound > s.lowerBound else { return nil }
        switch mentions[j].kind {
        case .signed, .unsigned: break
        default: return nil
        }
        let gap = chars[mentions[j].range.upperBound..<start]
        let explains = gap.first { $0 != " " }.map { [":", "("].contains($0) } ?? false
        guard explains || gap.allSatisfy(Self.connectors.contains) else { return nil }
        if let a = sign, let b = mentions[j].sign, a != b { return nil }
        return j
    }

    /// 扣3次共1.5分, 加分2篇共0.4分: the verb before the count gives the total its direction;
    /// the total is already the product.
    mutating func signByCount(_ i: Int) {
        guard let (_, markerStart) = markerBefore(mentions[i]) else { return }
        var end = skipSpacesLeft(markerStart)
        if end > 0, [",", "，"].contains(chars[end - 1]) { end = skipSpacesLeft(end - 1) }
        guard let c = count(endingAt: end) else { return }
        let verbEnd = skipSpacesLeft(c.range.lowerBound)
        guard let verb = Self.verbs.first(where: { word($0.0, endsAt: verbEnd) }) else { return }
        mentions[i].kind = .signed(verb.1)
        mentions[i].isTotal = false
        mentions[i].range = (verbEnd - verb.0.count)..<mentions[i].range.upperBound
    }

    /// The total marker a total mention's range starts with, and where.
    func markerBefore(_ m: Mention) -> (Word, Int)? {
        for w in Self.totalMarkers where matches(w, at: m.range.lowerBound) { return (w, m.range.lowerBound) }
        return nil
    }

    // MARK: Caps

    /// A product above a cap stated in its sentence (最多扣2分, 扣分不超过1.5分; 满分2分 or 分值2分
    /// with 扣完为止) is the cap.
    mutating func applyCaps() {
        for i in mentions.indices where mentions[i].count != nil {
            guard let sign = mentions[i].sign else { continue }
            let s = sentence(around: mentions[i].range.lowerBound)
            let caps = mentions.filter {
                $0.kind == .setAside(.cap) && $0.range.overlaps(s) && applies($0, sign: sign, in: s) && near($0, mentions[i])
            }
            guard caps.count == 1, let cap = caps.first, cap.magnitude < mentions[i].magnitude else { continue }
            mentions[i].cap = cap.magnitude
            mentions[i].magnitude = cap.magnitude
        }
    }

    /// 加3分（封顶2分）, 扣5分，最多扣2分: a cap right after an amount of its direction limits it.
    mutating func applyBracketCaps() {
        for i in mentions.indices.dropLast() where mentions[i].count == nil && !mentions[i].isTotal {
            guard case .signed(let sign) = mentions[i].kind, mentions[i].netStart == nil else { continue }
            let cap = mentions[i + 1]
            // Mentions read from garbled text may overlap: no gap, no cap.
            guard cap.range.lowerBound >= mentions[i].range.upperBound else { continue }
            let gap = chars[mentions[i].range.upperBound..<cap.range.lowerBound]
            guard cap.kind == .setAside(.cap), Self.capMarkers.contains(where: { matches($0, at: cap.range.lowerBound) }),
                  gap.allSatisfy({ ["(", ",", "，", " "].contains($0) }),
                  applies(cap, sign: sign, in: sentence(around: cap.range.lowerBound)),
                  cap.magnitude < mentions[i].magnitude else { continue }
            mentions[i].rate = mentions[i].magnitude
            mentions[i].cap = cap.magnitude
            mentions[i].magnitude = cap.magnitude
        }
    }

    /// Whether a cap stands inside a product or next to it, with nothing but connectors and
    /// 该项、累计扣分 between (最高扣2分，每次扣0.5分; …，共4次，累计扣分不超过1.5分).
    func near(_ cap: Mention, _ product: Mention) -> Bool {
        if cap.range.overlaps(product.range) { return true }
        // A cap ending inside the product's rate phrase (garbled text) leaves no gap: it is near.
        let gap = cap.range.upperBound <= product.range.lowerBound
            ? cap.range.upperBound..<max(cap.range.upperBound, ratePhraseStart(product))
            : product.range.upperBound..<max(product.range.upperBound, cap.range.lowerBound)
        return gap.isEmpty || chars[gap].allSatisfy { Self.connectors.contains($0) || Self.capLead.contains($0) }
    }

    static let capLead: [Glyph] = ["该", "本", "此", "项", "累", "计", "扣", "分", "减", "加"]

    /// Whether a cap limits amounts of this direction: 最多扣 limits deductions, 最高加 additions;
    /// 满分 and 分值 only with 扣完为止 in the sentence.
    func applies(_ cap: Mention, sign: Decimal, in s: Range<Int>) -> Bool {
        let text = chars[cap.range].text
        if Self.valueMarkers.contains(where: { matches($0, at: cap.range.lowerBound) }) {
            return sign < 0 && find(Self.untilNothingLeft, in: s) != nil
        }
        if text.contains("加") { return sign > 0 }
        if text.contains("扣") || text.contains("减") { return sign < 0 }
        return true
    }
}
