import Foundation
import KaoheFormat

/// An indicator category with its maximum (发布解读 40, 办事服务 15 …).
public struct Category: Sendable, Equatable {
    public var name: String
    public var maximum: Decimal
    /// A bonus category (附加指标) is added after rescaling and is never rescaled.
    public var isBonus: Bool

    public init(name: String, maximum: Decimal, isBonus: Bool = false) {
        self.name = name
        self.maximum = maximum
        self.isBonus = isBonus
    }
}

/// The outcome of summing categories for one unit.
public struct CategoryTotal: Sendable, Equatable {
    /// Sum of the non-bonus categories that apply.
    public var baseSum: Decimal
    /// `fullMarks / (fullMarks − maxima of the categories that do not apply)`; 1 when all apply.
    public var factor: Decimal
    /// baseSum × factor + bonus, unrounded.
    public var exact: Decimal
    /// Categories over their maximum: (category, value).
    public var overMaximum: [(String, Decimal)]
    /// Categories with no value at all (neither a number nor the not-applicable marker).
    public var missing: [String]

    public static func == (a: CategoryTotal, b: CategoryTotal) -> Bool {
        a.baseSum == b.baseSum && a.factor == b.factor && a.exact == b.exact
            && a.missing == b.missing
            && a.overMaximum.map(\.0) == b.overMaximum.map(\.0) && a.overMaximum.map(\.1) == b.overMaximum.map(\.1)
    }
}

/// Category maxima and the not-applicable rule (DOMAIN.md §2.3, seed 001).
///
/// A category shown as "——" does not apply to the unit. The remaining non-bonus categories
/// are scored out of what remains and scaled back to the full marks; the bonus is added after.
/// Seed 001's note: 办事服务 (15) not applicable → base × 100/85 = base × 20/17.
/// 城市管理综合执法局: 80.55 × 20/17 = 94.7647… + 1.10 = 95.86.
public struct CategoriesRule: ScoringRule {
    public static let key = "categories"
    public var categories: [Category]

    public init(_ categories: [Category]) { self.categories = categories }

    /// The maxima of the categories that are not bonuses.
    public var fullMarks: Decimal? { categories.filter { !$0.isBonus }.reduce(0) { $0 + $1.maximum } }

    public static func parse(_ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> CategoriesRule? {
        guard let seq = node.sequence else { r.fail(node, "categories is a list of {name, max, bonus}"); return nil }
        var cats: [Category] = []
        for c in seq {
            let cm = r.mapping(c, "a category", keys: ["name", "max", "bonus"])
            guard let n = r.string(cm, "name", required: true), let mx = r.decimalValue(cm, "max", required: true) else { continue }
            if !known.contains(n) { r.fail(cm["name"]!, "unknown name '\(n)'") }
            cats.append(Category(name: n, maximum: mx, isBonus: r.bool(cm, "bonus") ?? false))
        }
        return CategoriesRule(cats)
    }

    public var inputs: [String] { categories.map(\.name) }
    public var description: String {
        "categories(" + categories.map { "\($0.name) \($0.maximum)\($0.isBonus ? " bonus" : "")" }.joined(separator: ", ") + ")"
    }

    public func evaluate(_ c: RuleContext) -> RuleOutcome {
        let t = Self.total(c.env, categories: categories)
        var out = RuleOutcome(value: t.missing.isEmpty ? t.exact : nil)
        for (name, v) in t.overMaximum {
            let maximum = categories.first { $0.name == name }!.maximum
            out.findings.append(Finding(kind: .overMaximum, unit: c.unit, item: name, published: v, computed: maximum,
                                        message: "\(name) \(v) 超过该项满分 \(maximum)"))
        }
        out.findings += t.missing.map(c.missing)
        return out
    }

    /// (a+b+…)*full/remaining + bonus: the rescaling written out, so a reviewer sees it.
    public func formula(_ c: FormulaContext) -> Formula? {
        var base: [Formula] = []
        var bonus: [Formula] = []
        var full = Decimal(0), dropped = Decimal(0)
        for cat in categories {
            if !cat.isBonus { full = full.plus(cat.maximum) }
            switch c.value(cat.name) {
            case .number: if let r = c.reference(cat.name) { cat.isBonus ? bonus.append(r) : base.append(r) }
            case .notApplicable: if !cat.isBonus { dropped = dropped.plus(cat.maximum) }
            default: return nil
            }
        }
        let sum = base.isEmpty ? Formula("0") : Formula.join(base, separator: "+")
        var body = dropped == 0 ? sum : sum.wrapped("(", ")") + "*" + .literal(full) + "/" + .literal(full - dropped)
        if !bonus.isEmpty { body += "+" + Formula.join(bonus, separator: "+") }
        return body
    }

    public static func total(_ values: [String: Value], categories: [Category]) -> CategoryTotal {
        var baseSum = Decimal(0)
        var bonus = Decimal(0)
        var fullMarks = Decimal(0)
        var missingMaxima = Decimal(0)
        var over: [(String, Decimal)] = []
        var missing: [String] = []
        for c in categories {
            if !c.isBonus { fullMarks = fullMarks.plus(c.maximum) }
            switch values[c.name] ?? .missing {
            case .number(let v):
                if v > c.maximum { over.append((c.name, v)) }
                if c.isBonus { bonus = bonus.plus(v) } else { baseSum = baseSum.plus(v) }
            case .notApplicable:
                if !c.isBonus { missingMaxima = missingMaxima.plus(c.maximum) }
            case .missing, .text:
                missing.append(c.name)
            }
        }
        let remaining = fullMarks - missingMaxima
        let factor: Decimal = (missingMaxima == 0 || remaining <= 0) ? 1 : fullMarks / remaining
        let scaled = missingMaxima == 0 ? baseSum : baseSum * fullMarks / remaining
        return CategoryTotal(baseSum: baseSum, factor: factor, exact: scaled + bonus,
                             overMaximum: over, missing: missing)
    }
}

/// The name seed tests and older code use.
public typealias CategoryRule = CategoriesRule
