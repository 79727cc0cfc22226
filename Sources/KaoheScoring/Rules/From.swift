import Foundation

/// `from: 公布得分`: the score is the input's value as the lead unit published it, with no
/// computation pretending otherwise (no `=ROUND(87.56,2)`): its formula is the input's cell.
public struct FromRule: ScoringRule {
    public static let key = "from"
    public var input: String

    public init(_ input: String) { self.input = input }

    public static func parse(_ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> FromRule? {
        guard let input = r.scalarString(node, "from") else { return nil }
        if !known.contains(input) { r.fail(node, "unknown name '\(input)'") }
        return FromRule(input)
    }

    public var inputs: [String] { [input] }
    public var description: String { "from(\(input))" }

    public func evaluate(_ c: RuleContext) -> RuleOutcome {
        do { return RuleOutcome(value: try c.require(input)) } catch { return error.outcome }
    }

    /// The input's own cell when the table shows it; otherwise the plain value (no formula).
    public func formula(_ c: FormulaContext) -> Formula? {
        c.isShown(input) ? c.reference(input) : nil
    }
}
