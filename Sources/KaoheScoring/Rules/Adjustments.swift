import Foundation
import KaoheFormat

/// One amount found in reason text, with where it came from.
public struct Adjustment: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        /// Counted in the score.
        case amount
        /// A 共/合计/共计/累计/小计/总计 total equal to the amounts just before it: shown, not
        /// counted again.
        case subtotal
        /// A total that matches no run of amounts before it, so counted as an amount
        /// (玉山镇 "…各通报1次，合计扣1分").
        case totalCountedAsAmount
        /// An item in brackets after the amount it makes up (扣1.5分（其中迟报扣0.5分，漏报扣1分）):
        /// shown, not counted again.
        case breakdown
        /// An amount with no 加/扣 of its own whose direction comes from the subtotal it completes
        /// (渔溪镇 "加2分；报送信息2篇0.2分。共加2.2分"): counted, and noted for reviewers.
        case signedBySubtotal
        /// An amount a net or corrected amount replaces (扣1分 in "扣1分，实际扣0.5分", 扣2分 in
        /// "扣2分，后经申诉核减为扣1分"): shown, not counted.
        case replaced
    }

    /// Signed amount: 加 is positive, 扣 negative.
    public var value: Decimal
    public var role: Role
    /// Character offsets of the matched text in the reason (for highlighting).
    public var range: Range<Int>
    /// The matched text itself, e.g. "共加1.5分".
    public var text: String
    /// 扣0.1分×3次: the amount per item (0.1, no sign) and the count (3); `value` is their
    /// signed product, or the cap when one applies. An amount a cap limited with no count
    /// (加3分（封顶2分）) keeps the amount written as `rate` and no count.
    public var rate: Decimal?
    public var count: Decimal?
    /// 最多扣2分 in the same sentence, when it limited the product.
    public var cap: Decimal?
    /// For a net or corrected amount: the texts of the amounts it replaces.
    public var replaces: [String]
    /// 迟报3次×0.1分: the word of a fault that made a product with no 加/扣 a deduction.
    public var directionWord: String?

    public init(value: Decimal, role: Role, range: Range<Int>, text: String, rate: Decimal? = nil, count: Decimal? = nil,
                cap: Decimal? = nil, replaces: [String] = [], directionWord: String? = nil) {
        self.value = value
        self.role = role
        self.range = range
        self.text = text
        self.rate = rate
        self.count = count
        self.cap = cap
        self.replaces = replaces
        self.directionWord = directionWord
    }

    /// The text, with the product spelt out when the text does not end with it: 扣0.1分×3次（计扣0.3分）.
    public var shownText: String {
        guard count != nil || cap != nil else { return text }
        let amount = (value < 0 ? "扣" : "加") + abs(value).plainText + "分"
        return text.hasSuffix(abs(value).plainText + "分") ? text : text + "（计" + amount + "）"
    }

    /// The amount as an Excel term without its sign: 0.5, 0.1*3, MIN(0.5*5,2).
    public var magnitudeFormula: Formula {
        guard let rate else { return .literal(abs(value)) }
        let product = count.map { Formula.literal(rate) + .text("*") + .literal($0) } ?? .literal(rate)
        guard let cap else { return product }
        return product.wrapped("MIN(", ",") + .literal(cap) + .text(")")
    }

    /// Whether the amount is part of the score (items and their totals are never both counted).
    public var isCounted: Bool { role == .amount || role == .totalCountedAsAmount || role == .signedBySubtotal }
}

/// A number with 分 that is a rule or a statement, not an amount, and why.
public struct SetAside: Sendable, Equatable {
    public enum Reason: String, Sendable, Equatable {
        /// 每条扣0.1分, 按每次0.5分计, 扣0.5分/次.
        case rate = "扣分标准"
        /// 最多扣2分, 最高加3分, 满分5分.
        case cap = "上限"
        /// 年度得分0.96分: the resulting score, not an adjustment.
        case statedScore = "得分"
    }

    public var reason: Reason
    public var range: Range<Int>
    public var text: String

    public init(reason: Reason, range: Range<Int>, text: String) {
        self.reason = reason
        self.range = range
        self.text = text
    }
}

/// Something in the text that the reading could not account for: the row needs a reviewer.
public struct Doubt: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A number with 分 with no 加/扣 and no subtotal it completes ("报送信息2篇0.2分").
        case noDirection
        /// 扣分 or 加分 with no number in its sentence ("因工作失误被通报批评，扣分").
        case noAmount
        /// A range of points ("扣0.5-1分").
        case range
        /// Points taken back or not given ("经复核，不扣分", "撤销").
        case reversal
        /// A total whose bracketed items (其中…) do not add up to it.
        case breakdownMismatch(items: Decimal)
        /// A rate (每条扣0.1分) with no amount written in its sentence.
        case rateWithoutAmount
        /// An amount with a multiplier (加1分*2, 扣0.5分×3, 2倍): the product is not counted.
        case multiplied
        /// An amount later changed (改为, 调整为, 核减为 …): which one stands is for a reviewer.
        case superseded
        /// A number that is no amount, count, date or rate the reading knows.
        case strayNumber
        /// A rate times its count (每次扣0.5分，共3次) differs from the amount written after it
        /// (扣1分): the written amount is counted.
        case countMismatch(product: Decimal, written: Decimal)
        /// A total that the amounts before it in its sentence (or computed per item) do not add up to.
        case totalMismatch
        /// 扣0.5分，共3次: a count after an amount, which may be per item or for them all.
        case perItemUnclear
        /// 该项不得分 or 扣完为止 with no amount, where the base is not known or other amounts
        /// stand beside it.
        case noScore
    }

    public var kind: Kind
    public var range: Range<Int>
    public var text: String

    public init(kind: Kind, range: Range<Int>, text: String) {
        self.kind = kind
        self.range = range
        self.text = text
    }

    /// One Chinese clause saying what was not counted and why.
    public var explanation: String {
        switch kind {
        case .noDirection: return "“\(text)”前没有加、扣等字样，无法判断加分还是扣分，未计入"
        case .noAmount: return "“\(text)”没有写出分值，未计入"
        case .range: return "“\(text)”是分值范围，未计入"
        case .reversal: return "“\(text)”表示不予加扣或撤销，请核对已计入的分值"
        case .breakdownMismatch(let items):
            return "“\(text)”后括号内各项之和为\(items.plainText)分，与其不符，按“\(text)”计入"
        case .rateWithoutAmount: return "“\(text)”是扣分标准，本句没有写出实际分值，未计入"
        case .multiplied: return "“\(text)”带有倍数，只按一倍计入，请核对"
        case .superseded: return "“\(text)”表示分值经过调整，调整前后的分值都已按原文计入，请核对"
        case .strayNumber: return "“\(text)”中的数字不是分值，也不是次数、篇数或日期，未计入，请核对"
        case .totalMismatch: return "“\(text)”与前面各项之和不符，已按单独加扣分计入，请核对"
        case .noScore: return "“\(text)”表示该项不得分，扣除多少分需人工确定，未计入"
        case .perItemUnclear: return "“\(text)”未写明分值是每次的还是合计的，按合计计入，请核对"
        case .countMismatch(let product, let written):
            return "“\(text)”中每项分值乘以次数为\(product.plainText)分，与写出的\(written.plainText)分不符，按\(written.plainText)分计入，请核对"
        }
    }
}

/// The result of reading a reason text.
public struct AdjustmentParse: Sendable, Equatable, RuleDetail {
    public var items: [Adjustment]
    public var setAside: [SetAside]
    public var doubts: [Doubt]
    /// The text says 扣完为止: the score does not go below zero.
    public var floorsAtZero = false

    public init(items: [Adjustment], setAside: [SetAside] = [], doubts: [Doubt] = []) {
        self.items = items
        self.setAside = setAside
        self.doubts = doubts
    }

    /// The sum of everything counted.
    public var total: Decimal {
        items.filter(\.isCounted).reduce(Decimal(0)) { $0.plus($1.value) }
    }

    /// The counted amounts as the text writes them, for reviewers: 扣0.9分、加2分.
    public var countedTexts: [String] { items.filter(\.isCounted).map(\.text) }

    /// The counted amounts for reviewers, products spelt out: 扣0.1分×3次（计扣0.3分）.
    public var countedShownTexts: [String] { items.filter(\.isCounted).map(\.shownText) }

    /// Beside a published score that differs: the amounts counted, and any total that did not
    /// match its items and was counted as an amount.
    public var mismatchNote: String? {
        let counted = countedShownTexts
        var note = "理由中计入的加扣分：" + (counted.isEmpty ? "无" : counted.joined(separator: "、"))
        let totals = items.filter { $0.role == .totalCountedAsAmount }.map(\.text)
        if !totals.isEmpty { note += "；" + totals.joined(separator: "、") + "与前面各项之和不符，已按单独加扣分计入" }
        return note
    }

    /// Readings a reviewer should know about that are not problems: an amount whose
    /// direction came from its subtotal.
    public var notes: [String] {
        var notes = items.filter { $0.role == .signedBySubtotal }.map { item in
            let subtotal = items.first { $0.role == .subtotal && $0.range.lowerBound >= item.range.upperBound }
            let direction = item.value < 0 ? "扣" : "加"
            return "“\(item.text)”没有写加或扣，按其后的“\(subtotal?.text ?? "小计")”计为\(direction)\(abs(item.value).plainText)分"
        }
        for item in items where !item.replaces.isEmpty {
            let replaced = item.replaces.map { "“\($0)”" }.joined(separator: "、")
            notes.append("“\(item.text)”更正了前面的\(replaced)，按\(item.value < 0 ? "扣" : "加")\(abs(item.value).plainText)分计入，\(replaced)不再计入")
        }
        for item in items where item.cap != nil && item.isCounted {
            guard let rate = item.rate, let cap = item.cap else { continue }
            guard let count = item.count else {
                notes.append("“\(item.text)”超过本句所写上限，按\(cap.plainText)分计入")
                continue
            }
            notes.append("“\(item.text)”按次计为\((rate * count).plainText)分，超过本句所写上限，按\(cap.plainText)分计入")
        }
        for item in items where item.directionWord != nil && item.isCounted {
            notes.append("“\(item.text)”没有写加或扣，按“\(item.directionWord!)”计为扣\(abs(item.value).plainText)分")
        }
        return notes
    }
}

/// Reads the amounts out of free reason text as an experienced assessment clerk does
/// (DOMAIN.md §2.4, issue 11):
///
/// - an amount follows a verb (加, 扣, 减, 扣除, 扣减, 倒扣, 减少, 奖励, 奖励加, 加上, 扣分, 加分)
///   or a sign (+2分, -1分, also in brackets) and ends with 分; Chinese numerals count
///   (扣一分, 加两分, 扣半分, 零点五分); several amounts may follow one verb (分别扣0.5分、0.3分);
/// - totals (共, 合计, 共计, 累计, 小计, 总计) after their items, or before them with the items in
///   brackets (扣1.5分（其中…）): items and their total are never both counted;
/// - an amount per item times its count is their product (issue 28, `ReasonCounts.swift`):
///   扣0.1分×3次, 3次×扣0.1分, 每次扣0.5分，共3次, 迟报3次，每次扣1分; a product the text also
///   writes out is counted once, and a cap next to it limits it;
/// - net amounts (实际扣0.5分) and corrections (调整为扣0.5分, 减半扣0.25分, 按1分计) replace what
///   they correct; 返还, 退还, 恢复 give back the amount before them;
/// - rates with no count, caps (最多扣2分, 满分5分) and stated scores (得分0.96分) are set aside
///   with their reason;
/// - an amount without 加/扣 takes its direction from the subtotal it completes, and says so;
/// - whatever cannot be accounted for (no direction, no number, a range, a reversal, a count
///   that may be per item or for all) is a doubt.
public enum AdjustmentParser {
    /// `base`: the rule's base, when known (该项不得分 then deducts it all).
    public static func parse(_ text: String, base: Decimal? = nil) -> AdjustmentParse {
        var reading = ReasonReading(text: text, base: base)
        reading.collectMentions()
        reading.resolveCounts()
        reading.resolveBracketedBreakdowns()
        reading.resolveChanges()
        reading.resolveTotals()
        reading.checkSentences()
        reading.checkNumbers()
        return reading.result()
    }
}

/// `adjustments: {base: 100, reason: 理由}`: the base plus the amounts the reason text gives,
/// read as an experienced clerk reads them (`AdjustmentParser`). What the reading cannot
/// account for is a finding that quotes the text, and the score is marked for a reviewer; an
/// amount whose direction came from its subtotal is a note.
public struct AdjustmentsRule: ScoringRule {
    public static let key = "adjustments"
    public var base: Decimal
    /// The input holding the reason text.
    public var reason: String

    public init(base: Decimal, reason: String) {
        self.base = base
        self.reason = reason
    }

    /// The base is full marks, and what a unit the table does not list scores (`absent: base`).
    public var fullMarks: Decimal? { base }
    public var baseScore: Decimal? { base }
    public var textInputs: [String] { [reason] }

    public static func parse(_ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> AdjustmentsRule? {
        let m = r.mapping(node, "adjustments", keys: ["base", "reason"])
        guard let base = r.decimalValue(m, "base", required: true), let reason = r.string(m, "reason", required: true) else { return nil }
        if !known.contains(reason) { r.fail(m["reason"]!, "unknown name '\(reason)'") }
        return AdjustmentsRule(base: base, reason: reason)
    }

    public var inputs: [String] { [reason] }
    public var description: String { "adjustments(base: \(base), reason: \(reason))" }

    public func evaluate(_ c: RuleContext) -> RuleOutcome {
        let text = c.env[reason]?.text ?? ""
        let parse = AdjustmentParser.parse(text, base: base)
        let sum = base.plus(parse.total)
        var out = RuleOutcome(value: parse.floorsAtZero && sum < 0 ? 0 : sum, detail: parse)
        if !parse.doubts.isEmpty {
            let counted = parse.countedShownTexts
            let message = "理由“\(Self.quote(text))”未能完全识别："
                + parse.doubts.map(\.explanation).joined(separator: "；")
                + "。已计入：" + (counted.isEmpty ? "无" : counted.joined(separator: "、"))
                + "，\(c.column)按 \(base.plainText)\(Self.signed(parse.total)) = \((base + parse.total).plainText) 计算，请人工核对"
            out.findings.append(Finding(kind: .reasonUnclear, unit: c.unit, item: reason, message: message))
            out.review = parse.doubts.map(\.explanation).joined(separator: "；")
        }
        for note in parse.notes {
            out.findings.append(Finding(kind: .note, unit: c.unit, item: reason, message: note))
        }
        return out
    }

    /// base, then each counted amount, products as the text writes them: 100-0.83+0.3,
    /// 100-0.1*3, 100-MIN(0.5*5,2).
    public func formula(_ c: FormulaContext) -> Formula? {
        let parse = c.detail as? AdjustmentParse
        let items = parse?.items.filter(\.isCounted) ?? []
        let sum = items.reduce(Formula.literal(base)) { f, item in
            f + .text(item.value < 0 ? "-" : "+") + item.magnitudeFormula
        }
        // 扣完为止: never below zero.
        guard let parse, parse.floorsAtZero, base + parse.total < 0 else { return sum }
        return sum.wrapped("MAX(0,", ")")
    }

    /// At most about 60 characters of a text, on one line.
    static func quote(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return oneLine.count <= 60 ? oneLine : String(oneLine.prefix(58)) + "…"
    }

    static func signed(_ d: Decimal) -> String {
        d < 0 ? " − \((-d).plainText)" : " + \(d.plainText)"
    }
}
