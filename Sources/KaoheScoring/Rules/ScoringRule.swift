import Foundation
import KaoheFormat

/// One way of computing a score column. A rule parses its own settings from the job (every
/// mistake with its line and column), evaluates in decimal, and says its Excel formula in
/// terms of the columns it uses. Adding a rule is a file in Rules/, its test file in
/// Tests/KaoheScoringTests/Rules/, and a line in `Rule.registry`.
public protocol ScoringRule: Sendable, CustomStringConvertible {
    /// The job key that names the rule (`adjustments:`, `quota:` …).
    static var key: String { get }
    /// Reads the rule's settings (the value under its key); `known` holds the inputs and the
    /// earlier scores the rule may use. Mistakes go to `r`; nil when the rule cannot be built.
    static func parse(_ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> Self?
    /// The inputs and earlier scores it reads.
    var inputs: [String] { get }
    /// The value for one unit (unrounded: the column rounds), with what a reviewer must see.
    func evaluate(_ c: RuleContext) -> RuleOutcome
    /// The computation as an Excel formula naming the columns it uses; nil when it cannot be
    /// said as one.
    func formula(_ c: FormulaContext) -> Formula?
    /// Decimals its column rounds to when the job does not say (2; a rate shown as a
    /// percentage keeps the two decimals its format shows: 4).
    static var defaultDecimals: Int { get }
    /// The most its column can score, where the rule says it (an adjustments base, the
    /// categories' maxima, a quota's cap): 总表's rescaling uses it. nil: the job must say.
    var fullMarks: Decimal? { get }
    /// What a unit the table does not list scores under `absent: base` (the adjustments base);
    /// nil: the rule has no such value, and the job is told so.
    var baseScore: Decimal? { get }
    /// Inputs read as text, not numbers (a reason text): a template leaves them free text.
    var textInputs: [String] { get }
    /// Where every published value of a group of mismatches fits another setting of the rule
    /// than the job's (the published table used other points), that setting in words.
    func otherSettingFitting(_ rows: [[String: Value]], published: [Decimal], decimals: Int?) -> String?
}

extension ScoringRule {
    public static var defaultDecimals: Int { 2 }
    public var fullMarks: Decimal? { nil }
    public var baseScore: Decimal? { nil }
    public var textInputs: [String] { [] }
    public func otherSettingFitting(_ rows: [[String: Value]], published: [Decimal], decimals: Int?) -> String? { nil }
}

/// A rule, as a column holds it.
public struct Rule: Sendable, Equatable, CustomStringConvertible {
    public let rule: any ScoringRule

    public init(_ rule: any ScoringRule) { self.rule = rule }

    /// Every rule a job may name, by its key.
    public static let registry: [any ScoringRule.Type] = [
        ExpressionRule.self, AdjustmentsRule.self, CategoriesRule.self, QuotaRule.self, CompletionRule.self,
        PointsRule.self, FromRule.self,
    ]

    public static var keys: [String] { registry.map { $0.key } }

    /// The rule named `key`, read from its settings.
    public static func parse(key: String, _ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> Rule? {
        guard let type = registry.first(where: { $0.key == key }), let rule = type.parse(node, r, known: known) else { return nil }
        return Rule(rule)
    }

    public var inputs: [String] { rule.inputs }
    public var description: String { rule.description }

    /// Each rule's description is its canonical form.
    public static func == (a: Rule, b: Rule) -> Bool { a.description == b.description }

    // The rules by name, as code builds them.
    public static func expression(_ e: Expression) -> Rule { Rule(ExpressionRule(e)) }
    public static func adjustments(base: Decimal, reason: String) -> Rule { Rule(AdjustmentsRule(base: base, reason: reason)) }
    public static func categories(_ c: [Category]) -> Rule { Rule(CategoriesRule(c)) }
    public static func quota(count: String, quota: String, scale: Decimal, cap: Decimal?) -> Rule {
        Rule(QuotaRule(count: count, quota: quota, scale: scale, cap: cap))
    }
    public static func completion(count: String, quota: String) -> Rule { Rule(CompletionRule(count: count, quota: quota)) }
    public static func points(_ p: PointsTable) -> Rule { Rule(PointsRule(p)) }
    public static func from(_ input: String) -> Rule { Rule(FromRule(input)) }
}

/// What a rule sees of one unit.
public struct RuleContext {
    /// Inputs and the scores computed so far, by name.
    public var env: [String: Value]
    /// The column being computed.
    public var column: String
    /// Empty inputs count as 0 (seed 003: an empty 报送条数).
    public var emptyIsZero: Bool
    public var unit: String

    public init(env: [String: Value], column: String, emptyIsZero: Bool = false, unit: String) {
        self.env = env
        self.column = column
        self.emptyIsZero = emptyIsZero
        self.unit = unit
    }

    public func value(_ name: String) -> Value { env[name] ?? .missing }

    /// A number, or 0 for an empty input when empty counts as zero; nil otherwise.
    public func number(_ name: String) -> Decimal? {
        switch value(name) {
        case .number(let d): return d
        case .missing where emptyIsZero: return 0
        default: return nil
        }
    }

    /// The finding for an input that is not a number.
    public func missing(_ name: String) -> Finding {
        let what: String
        switch value(name) {
        case .missing: what = "缺少数值"
        case .notApplicable: what = "标为不适用（——），无法计算"
        case .text(let t): what = "不是数值：“\(t)”"
        case .number: what = ""
        }
        return Finding(kind: .missingValue, unit: unit, item: name, message: "\(name)\(what)，\(column)未计算")
    }

    /// `name` as a number, or the failure whose outcome says why not.
    public func require(_ name: String) throws(RuleFailure) -> Decimal {
        if let n = number(name) { return n }
        throw RuleFailure(outcome: RuleOutcome(value: nil, findings: [missing(name)]))
    }
}

/// A rule that cannot compute a unit's value, with the outcome that says why.
public struct RuleFailure: Error, Sendable {
    public var outcome: RuleOutcome
}

/// What a rule read for one unit beyond its value (the amounts in a reason text), kept with
/// the row: the rule's own formula uses it, and a mismatch says it.
public protocol RuleDetail: Sendable {
    /// Said after a published value that differs ("理由中计入的加扣分：扣0.9分、加2分"); nil: nothing.
    var mismatchNote: String? { get }
}

/// A rule's result for one unit.
public struct RuleOutcome: Sendable {
    public var value: Decimal?
    public var findings: [Finding] = []
    /// What the rule read for this unit (the amounts of a reason text), for its formula.
    public var detail: (any RuleDetail)?
    /// Why the value needs a reviewer (Chinese), when it does.
    public var review: String?

    public init(value: Decimal?, findings: [Finding] = [], detail: (any RuleDetail)? = nil, review: String? = nil) {
        self.value = value
        self.findings = findings
        self.detail = detail
        self.review = review
    }
}

/// What a rule needs to say its formula for one row.
public struct FormulaContext {
    /// How the formula refers to an input or earlier score: its column when the table shows
    /// it, its own formula when it is an unshown score, else its value; nil when it has no
    /// number.
    public var reference: (String) -> Formula?
    /// Whether the table shows this name in a column.
    public var isShown: (String) -> Bool
    public var value: (String) -> Value
    /// What the rule read for this row (its `RuleOutcome.detail`).
    public var detail: (any RuleDetail)?

    public init(reference: @escaping (String) -> Formula?, isShown: @escaping (String) -> Bool,
                value: @escaping (String) -> Value, detail: (any RuleDetail)? = nil) {
        self.reference = reference
        self.isShown = isShown
        self.value = value
        self.detail = detail
    }
}

/// An Excel formula (without "=") whose cell references are column names: the report turns
/// names into columns, and the writer alone turns columns into A1 references for its row.
public struct Formula: Sendable, Equatable, ExpressibleByStringLiteral, CustomStringConvertible {
    public enum Part: Sendable, Equatable {
        case text(String)
        case name(String)
    }

    public private(set) var parts: [Part]

    public init(_ parts: [Part]) {
        self.parts = []
        for p in parts { append(p) }
    }

    public init(stringLiteral text: String) { self.init([.text(text)]) }

    public static func text(_ s: String) -> Formula { Formula([.text(s)]) }
    public static func name(_ n: String) -> Formula { Formula([.name(n)]) }
    /// A decimal as Excel reads it: 49.735, -0.5.
    public static func literal(_ d: Decimal) -> Formula { Formula([.text(d.plainText)]) }

    mutating func append(_ p: Part) {
        guard case .text(let t) = p else { return parts.append(p) }
        if t.isEmpty { return }
        if case .text? = parts.last, case .text(var last) = parts.removeLast() {
            // Taken out of the array first, the text is extended in place, not copied.
            last += t
            parts.append(.text(last))
        } else {
            parts.append(p)
        }
    }

    public static func + (a: Formula, b: Formula) -> Formula {
        var out = a
        out += b
        return out
    }

    public static func += (a: inout Formula, b: Formula) {
        a.parts.reserveCapacity(a.parts.count + b.parts.count)
        for p in b.parts { a.append(p) }
    }

    /// `items` joined by `separator`.
    public static func join(_ items: [Formula], separator: String) -> Formula {
        var out = Formula([])
        for (i, f) in items.enumerated() {
            if i > 0 { out.append(.text(separator)) }
            out += f
        }
        return out
    }

    /// `f(x)` around a formula.
    public func wrapped(_ before: String, _ after: String) -> Formula { .text(before) + self + .text(after) }

    /// The text with each name replaced.
    public func text(_ resolve: (String) -> String) -> String {
        parts.map { p in
            switch p {
            case .text(let t): return t
            case .name(let n): return resolve(n)
            }
        }.joined()
    }

    /// Names in brackets: ROUND([过程管控]+[年终考核],2).
    public var description: String { text { "[\($0)]" } }

    /// The names it refers to, in order.
    public var names: [String] {
        parts.compactMap { if case .name(let n) = $0 { return n } else { return nil } }
    }
}
