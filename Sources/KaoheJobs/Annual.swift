import Foundation
import KaoheScoring

/// A year made of the periods a job has already summarised (`annual:`): each unit's score in
/// every quarter (or month) of the year, as the ledger recorded the period's summary, combined
/// by mean, sum or weights, with a stated rule for a period a unit has no score in, then
/// weighted with a year-end table (年终考核) of this or another job, ranked per group and graded.
/// 年度综合得分 = 四个季度平均分 × 40% + 年终考核 × 60%.
public struct AnnualSpec: Sendable {
    /// How the periods' scores become one (`combine:`).
    public enum Combine: Sendable, Equatable {
        case mean, sum
        /// One weight per period of the year, in order.
        case weights([Decimal])
    }

    /// What a period a unit has no score in counts as (`missing:`), in a period whose summary
    /// is otherwise complete.
    public enum Missing: String, Sendable, CaseIterable {
        /// Combined over the periods the unit has (a sum or weights rescaled to all periods).
        case meanPresent = "mean_present"
        /// Counted as 0.
        case zero
        /// Not assumed: the unit's annual total is withheld and the gap is a finding.
        case finding
    }

    public var title: String
    /// The periods of the year: 季度 (four) or 月 (twelve), the job's own `periods:`.
    public var form: PeriodForm
    /// The score taken from each period's summary: a table id, or `TotalJob.rankKey` (总表).
    public var score: String
    public var combine: Combine
    public var missing: Missing
    /// Other jobs of the same root whose summaries give the periods this job has none of
    /// (a published result workbook of a quarter done by hand, read with a `from:` job).
    public var earlier: [String]
    /// The year-end table: its job (nil: this job) and table id (or 总表); its period is
    /// the year (2026年度).
    public var yearEnd: (job: String?, table: String)?
    /// The periods' roll-up and the year-end score's weights, and how the job wrote them.
    public var weights: (periods: Decimal, yearEnd: Decimal)
    public var weightLabels: (periods: String, yearEnd: String)
    public var decimals: Int
    public var method: RankMethod
    public var grades: Grades?

    /// The periods of `year`, as `PeriodForm.read` writes them.
    public func periods(of year: Int) -> [String] {
        switch form {
        case .month: return (1...12).map { "\(year)年\($0)月" }
        default: return ["一", "二", "三", "四"].map { "\(year)年第\($0)季度" }
        }
    }

    /// A period's short name in the annual sheet's header: 第一季度, 3月.
    public static func label(_ period: String) -> String {
        guard let (_, rest) = PeriodForm.year(period) else { return period }
        return rest.hasPrefix("年") ? String(rest.dropFirst()) : rest
    }

    /// The year a period (2026年第二季度, 2026年3月, 2026年度) falls in.
    public static func year(of period: String) -> Int? { PeriodForm.year(period)?.0 }

    /// The period the ledger records a job's annual summary under (its folder's name too).
    public static func ledgerPeriod(_ year: Int) -> String { "年度-\(year)" }

    /// The roll-up column's header: 季度平均分, 月度得分合计 ….
    public var rollUpHeader: String {
        let unit = form == .month ? "月度" : "季度"
        switch combine {
        case .mean: return unit + "平均分"
        case .sum: return unit + "得分合计"
        case .weights: return unit + "加权得分"
        }
    }
}

extension JobParser {
    /// `annual:` — see `AnnualSpec`; the job's `periods:` must be 季度 or 月.
    static func parseAnnual(_ node: SettingsNode, _ r: SettingsReader, tables: [TableJob], total: TotalJob?, form: PeriodForm?) -> AnnualSpec? {
        let m = r.mapping(node, "annual", keys: ["title", "score", "combine", "missing", "earlier", "year_end", "weights",
                                                 "decimals", "method", "grades"])
        guard let form, form == .quarter || form == .month else {
            r.fail(node, "annual needs the job's periods to be 季度 or 月 (the periods the year is made of)")
            return nil
        }
        var score = total == nil ? tables.first?.id ?? "" : TotalJob.rankKey
        if let s = r.string(m, "score") {
            if s == "总表" || s == total?.title, total != nil { score = TotalJob.rankKey } else if tables.contains(where: { $0.id == s }) { score = s } else {
                r.fail(m["score"]!, "annual score: no table with id '\(s)' (or 总表)")
            }
        }
        let count = form == .month ? 12 : 4
        var combine = AnnualSpec.Combine.mean
        if let c = m["combine"] {
            if let list = c.mapping.flatMap({ _ in r.mapping(c, "combine", keys: ["weights"])["weights"] })?.sequence {
                let ws = list.compactMap { r.decimal($0, "weight") }
                if ws.count != count { r.fail(c, "combine weights: one weight per period of the year (\(count)), got \(list.count)") }
                let sum = ws.reduce(Decimal(0), +)
                combine = .weights(sum == 100 && ws.contains { $0 > 1 } ? ws.map { $0 / 100 } : ws)
            } else if let text = c.string, ["mean", "sum"].contains(text) {
                combine = text == "mean" ? .mean : .sum
            } else if c.mapping == nil {
                r.fail(c, "combine is mean, sum or {weights: [one per period]}, got '\(c.string ?? "")'")
            }
        }
        var missing = AnnualSpec.Missing.finding
        if let t = m["missing"] {
            if let text = t.string, let rule = AnnualSpec.Missing(rawValue: text) { missing = rule } else {
                r.fail(t, "missing is mean_present, zero or finding, got '\(t.string ?? "")'")
            }
        }
        return AnnualSpec(title: r.string(m, "title") ?? "年度综合考核", form: form, score: score, combine: combine, missing: missing,
                          earlier: r.strings(m, "earlier") ?? [], yearEnd: parseYearEnd(m["year_end"], r, tables: tables),
                          weights: (1, 0), weightLabels: ("", ""), decimals: r.int(m, "decimals") ?? 2,
                          method: r.rankMethod(m, "method") ?? .competition,
                          grades: m["grades"].flatMap { Grades.parse($0, r, known: []) }).withWeights(m["weights"], annual: node, r)
    }

    /// `year_end: 年终考核` (a table of this job) or `{job: 000-年终考核, table: 年终考核}`.
    static func parseYearEnd(_ node: SettingsNode?, _ r: SettingsReader, tables: [TableJob]) -> (job: String?, table: String)? {
        guard let node else { return nil }
        if let id = node.string {
            if !tables.contains(where: { $0.id == id }) { r.fail(node, "year_end: no table with id '\(id)' in this job (another job's: {job: …, table: …})") }
            return (nil, id)
        }
        let m = r.mapping(node, "year_end", keys: ["job", "table"])
        guard let table = r.string(m, "table", required: true) else { return nil }
        return (r.string(m, "job"), table == "总表" ? TotalJob.rankKey : table)
    }
}

extension AnnualSpec {
    /// `weights: {periods: 40, year_end: 60}` (whole numbers adding up to 100 are percentages).
    func withWeights(_ node: SettingsNode?, annual: SettingsNode, _ r: SettingsReader) -> AnnualSpec {
        var spec = self
        guard let node else {
            if yearEnd != nil { r.fail(annual, "annual with a year_end needs weights: {periods: …, year_end: …}") }
            spec.weightLabels = ("100%", "")
            return spec
        }
        let m = r.mapping(node, "weights", keys: ["periods", "year_end"])
        let p = m["periods"].flatMap { r.decimal($0, "weight") } ?? 1
        let y = m["year_end"].flatMap { r.decimal($0, "weight") } ?? 0
        if m["year_end"] != nil, yearEnd == nil { r.fail(node, "weights: year_end needs annual's year_end (the table)") }
        let percent = p + y == 100 && (p > 1 || y > 1)
        spec.weights = percent ? (p / 100, y / 100) : (p, y)
        let label = { (d: Decimal, text: String?) in percent ? (text ?? "\(d)").replacingOccurrences(of: "%", with: "") + "%" : (text ?? "\(d)") }
        spec.weightLabels = (label(p, m["periods"]?.string), label(y, m["year_end"]?.string))
        return spec
    }
}
