import Foundation
import KaoheTestSupport
import KaoheScoring

/// A decimal from its text; tests never go through binary floating point.
func d(_ text: String) -> Decimal {
    guard let v = Decimal(strict: text) else { fatalError("not a decimal: \(text)") }
    return v
}

/// The published seed tables, extracted once by scripts/seeds_to_json.py.
enum Seeds {
    static func json(_ name: String) -> [String: Any] { PublishedSeeds.json(name) }

    /// Tables of seeds 000, 001 and 003: title and rows of cells.
    static func tables(_ seed: String) -> [(title: String, subtitle: String?, rows: [[String]])] { PublishedSeeds.tables(seed) }

    static func table(_ seed: String, titleContains: String, subtitle: String? = nil) -> [[String]] {
        tables(seed).first { $0.title.contains(titleContains) && (subtitle == nil || $0.subtitle == subtitle) }!.rows
    }

    /// Seed 002: (group, cells) with cells 序号, 被考核单位, 加扣分原因及分值, 得分, 排名.
    static var seed002: [(group: String, cells: [String])] {
        (json("seed002")["rows"] as! [[String: Any]]).map { ($0["group"] as! String, $0["cells"] as! [String]) }
    }
}

extension Value {
    /// A cell's text as the jobs module will read it.
    static func cell(_ text: String) -> Value { Value.parse(text) }
}

/// Settings as a job file holds them, built by hand (the scoring tests have no YAML parser).
enum Settings {
    static func scalar(_ s: String, line: Int = 1, column: Int = 1, quoted: Bool = false) -> SettingsNode {
        SettingsNode(.scalar(s), line: line, column: column, isQuoted: quoted)
    }

    /// A block mapping: one key per line from `line`, keys at `column`, values after "key: ".
    static func map(_ pairs: [(String, SettingsNode)], line: Int = 1, column: Int = 1) -> SettingsNode {
        SettingsNode(.mapping(pairs.enumerated().map { i, p in
            var value = p.1
            if case .scalar = value.kind { value.line = line + i; value.column = column + p.0.count + 2 }
            return SettingsNode.Pair(key: scalar(p.0, line: line + i, column: column), value: value)
        }), line: line, column: column)
    }

    static func map(_ pairs: [(String, String)], line: Int = 1, column: Int = 1) -> SettingsNode {
        map(pairs.map { ($0.0, scalar($0.1)) }, line: line, column: column)
    }

    static func seq(_ items: [SettingsNode], line: Int = 1, column: Int = 1) -> SettingsNode {
        SettingsNode(.sequence(items), line: line, column: column)
    }

    /// A rule read from its settings, and the mistakes found, as `kaohe validate` prints them.
    static func parse<R: ScoringRule>(_ type: R.Type, _ node: SettingsNode, known: Set<String>) -> (R?, [String]) {
        let r = SettingsReader(file: "job.yaml")
        let rule = type.parse(node, r, known: known)
        return (rule, r.errors.map(\.description))
    }
}

/// A rule's formula for one row, names in brackets: `shown` names are columns, other numbers
/// are their values.
func formula(_ rule: any ScoringRule, _ values: [String: Value], shown: Set<String> = [],
             detail: (any RuleDetail)? = nil) -> String? {
    let context = FormulaContext(
        reference: { n in
            guard case .number(let d)? = values[n] else { return nil }
            return shown.contains(n) ? .name(n) : .literal(d)
        },
        isShown: { shown.contains($0) }, value: { values[$0] ?? .missing }, detail: detail)
    return rule.formula(context)?.description
}

/// A rule evaluated for one unit.
func evaluate(_ rule: any ScoringRule, _ values: [String: Value], column: String = "得分", emptyIsZero: Bool = false) -> RuleOutcome {
    rule.evaluate(RuleContext(env: values, column: column, emptyIsZero: emptyIsZero, unit: "甲单位"))
}
