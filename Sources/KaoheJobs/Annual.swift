import Foundation
import KaoheScoring

/// A year, or a quarter, made of the periods a job has already summarised (`annual:`, or
/// `quarterly:` for the months of a quarter): each unit's score in every quarter or month of
/// it, as the ledger recorded the period's summary, combined by mean, sum or weights, with a
/// stated rule for a period a unit has no score in, then weighted with a closing table (年终考核,
/// or a quarter's own 季度考核) of this or another job, ranked per group and graded.
/// 年度综合得分 = 四个季度平均分 × 40% + 年终考核 × 60%.
public struct AnnualSpec: Sendable {
    /// What the periods make up: a calendar year (`annual:`), or a quarter of months (`quarterly:`).
    public enum Span: Sendable, Equatable {
        case year, quarter
    }

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

    public var span: Span = .year
    public var title: String
    /// The periods it is made of: 季度 (four a year) or 月 (twelve a year, three a quarter),
    /// the job's own `periods:`.
    public var form: PeriodForm
    /// The score taken from each period's summary: a table id, or `TotalJob.rankKey` (总表).
    public var score: String
    public var combine: Combine
    public var missing: Missing
    /// Other jobs of the same root whose summaries give the periods this job has none of
    /// (a published result workbook of a quarter done by hand, read with a `from:` job).
    public var earlier: [String]
    /// The closing table (年终考核; a quarter's 季度考核): its job (nil: this job) and table id
    /// (or 总表); its period is the whole (2026年度, 2026年第一季度).
    public var closing: (job: String?, table: String)?
    /// The periods' roll-up and the closing score's weights, and how the job wrote them.
    public var weights: (periods: Decimal, closing: Decimal)
    public var weightLabels: (periods: String, closing: String)
    public var decimals: Int
    public var method: RankMethod
    public var grades: Grades?

    /// The whole a period belongs to, as its closing table's period is written: 2026年第二季度 →
    /// 2026年度; for a quarter, 2026年5月 → 2026年第二季度 (and a quarter is its own). Nil when
    /// the period is not one of the whole's.
    public func whole(of period: String) -> String? {
        guard let (year, _) = PeriodForm.year(period) else { return nil }
        switch span {
        case .year: return "\(year)年度"
        case .quarter:
            if PeriodForm.quarter.read(period) != nil { return period }
            guard let order = PeriodForm.month.order(period) else { return nil }
            return "\(year)年第\(Self.quarterNames[(order % 100 - 1) / 3])季度"
        }
    }

    /// The periods of a whole (as `whole(of:)` writes it), as `PeriodForm.read` writes them.
    public func periods(of whole: String) -> [String] {
        guard let (year, _) = PeriodForm.year(whole) else { return [] }
        switch (span, form) {
        case (.year, .month): return (1...12).map { "\(year)年\($0)月" }
        case (.year, _): return Self.quarterNames.map { "\(year)年第\($0)季度" }
        case (.quarter, _):
            guard let q = PeriodForm.quarter.order(whole).map({ $0 % 100 }) else { return [] }
            return (1...3).map { "\(year)年\((q - 1) * 3 + $0)月" }
        }
    }

    /// The whole before this one, for 名次变化: last year, or the quarter before.
    public func previous(_ whole: String) -> String? {
        guard let (year, _) = PeriodForm.year(whole) else { return nil }
        guard span == .quarter, let q = PeriodForm.quarter.order(whole).map({ $0 % 100 }) else { return "\(year - 1)年度" }
        return q == 1 ? "\(year - 1)年第四季度" : "\(year)年第\(Self.quarterNames[q - 2])季度"
    }

    static let quarterNames = ["一", "二", "三", "四"]

    /// The period the ledger records the roll-up of a whole under (its folder's name too):
    /// 年度-2026, 季度-2026年第一季度.
    public func ledgerPeriod(_ whole: String) -> String {
        switch span {
        case .year: return "年度-" + String(whole.prefix { $0.isNumber })
        case .quarter: return "季度-" + whole
        }
    }

    /// The whole's word: 年度, 季度.
    public var wholeWord: String { span == .year ? "年度" : "季度" }
    /// The closing table's name in the sheet: 年终考核, 季度考核.
    public var closingLabel: String { span == .year ? "年终考核" : "季度考核" }
    /// The total's header: 年度综合得分, 季度综合得分.
    public var totalHeader: String { wholeWord + "综合得分" }

    /// The summary's title: 雁江区政务信息考核2026年度综合考核, …2026年第一季度综合考核.
    public func title(assessment: String, whole: String) -> String {
        assessment + whole + title.replacingOccurrences(of: wholeWord, with: "")
    }

    /// A period's short name in the annual sheet's header: 第一季度, 3月.
    public static func label(_ period: String) -> String {
        guard let (_, rest) = PeriodForm.year(period) else { return period }
        return rest.hasPrefix("年") ? String(rest.dropFirst()) : rest
    }

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
    /// `annual:` (the job's periods 季度 or 月) or `quarterly:` (periods 月) — see `AnnualSpec`.
    static func parseAnnual(_ node: SettingsNode, _ r: SettingsReader, tables: [TableJob], total: TotalJob?, form: PeriodForm?,
                            span: AnnualSpec.Span = .year) -> AnnualSpec? {
        let (key, closingKey) = span == .year ? ("annual", "year_end") : ("quarterly", "quarter_end")
        let m = r.mapping(node, key, keys: ["title", "score", "combine", "missing", "earlier", closingKey, "weights", "decimals", "method", "grades"])
        guard let form, form == .month || form == .quarter && span == .year else {
            r.fail(node, span == .year ? "annual needs the job's periods to be 季度 or 月 (the periods the year is made of)"
                                       : "quarterly needs the job's periods to be 月 (the months a quarter is made of)")
            return nil
        }
        var score = total == nil ? tables.first?.id ?? "" : TotalJob.rankKey
        if let s = r.string(m, "score") {
            if s == "总表" || s == total?.title, total != nil { score = TotalJob.rankKey } else if tables.contains(where: { $0.id == s }) { score = s } else {
                r.fail(m["score"]!, "\(key) score: no table with id '\(s)' (or 总表)")
            }
        }
        let count = span == .quarter ? 3 : form == .month ? 12 : 4
        var spec = AnnualSpec(span: span, title: r.string(m, "title") ?? (span == .year ? "年度综合考核" : "季度综合考核"), form: form, score: score,
                              combine: parseCombine(m["combine"], r, count: count, whole: span == .year ? "year" : "quarter"),
                              missing: parseMissing(m["missing"], r), earlier: r.strings(m, "earlier") ?? [],
                              closing: parseClosing(m[closingKey], r, key: closingKey, tables: tables),
                              weights: (1, 0), weightLabels: ("", ""), decimals: r.int(m, "decimals") ?? 2,
                              method: r.rankMethod(m, "method") ?? .competition,
                              grades: m["grades"].flatMap { Grades.parse($0, r, known: []) })
        spec = spec.withWeights(m["weights"], node: node, key: key, closingKey: closingKey, r)
        return spec
    }

    /// `combine: mean | sum | {weights: [one per period]}`.
    static func parseCombine(_ c: SettingsNode?, _ r: SettingsReader, count: Int, whole: String) -> AnnualSpec.Combine {
        guard let c else { return .mean }
        if let list = c.mapping.flatMap({ _ in r.mapping(c, "combine", keys: ["weights"])["weights"] })?.sequence {
            let ws = list.compactMap { r.decimal($0, "weight") }
            if ws.count != count { r.fail(c, "combine weights: one weight per period of the \(whole) (\(count)), got \(list.count)") }
            let sum = ws.reduce(Decimal(0), +)
            return .weights(sum == 100 && ws.contains { $0 > 1 } ? ws.map { $0 / 100 } : ws)
        }
        if let text = c.string, text == "mean" || text == "sum" { return text == "mean" ? .mean : .sum }
        if c.mapping == nil { r.fail(c, "combine is mean, sum or {weights: [one per period]}, got '\(c.string ?? "")'") }
        return .mean
    }

    /// `missing: mean_present | zero | finding` (default finding).
    static func parseMissing(_ t: SettingsNode?, _ r: SettingsReader) -> AnnualSpec.Missing {
        guard let t else { return .finding }
        if let text = t.string, let rule = AnnualSpec.Missing(rawValue: text) { return rule }
        r.fail(t, "missing is mean_present, zero or finding, got '\(t.string ?? "")'")
        return .finding
    }

    /// `year_end: 年终考核` (a table of this job) or `{job: 000-年终考核, table: 年终考核}`;
    /// `quarter_end:` alike.
    static func parseClosing(_ node: SettingsNode?, _ r: SettingsReader, key: String, tables: [TableJob]) -> (job: String?, table: String)? {
        guard let node else { return nil }
        if let id = node.string {
            if !tables.contains(where: { $0.id == id }) { r.fail(node, "\(key): no table with id '\(id)' in this job (another job's: {job: …, table: …})") }
            return (nil, id)
        }
        let m = r.mapping(node, key, keys: ["job", "table"])
        guard let table = r.string(m, "table", required: true) else { return nil }
        return (r.string(m, "job"), table == "总表" ? TotalJob.rankKey : table)
    }
}

extension Job {
    /// A roll-up's closing table of this job itself (`year_end: 年终考核`) is filed once a year
    /// (a quarter's once a quarter): its file names carry 2026年度, and it is no table of the
    /// job's quarters.
    mutating func giveClosingTablesTheirPeriods() {
        for spec in rollUps {
            guard let closing = spec.closing, closing.job == nil || closing.job == name,
                  let i = tables.firstIndex(where: { $0.id == closing.table }) else { continue }
            tables[i].periodForm = spec.span == .year ? .year : .quarter
        }
    }
}

extension AnnualSpec {
    /// `weights: {periods: 40, year_end: 60}` (whole numbers adding up to 100 are percentages;
    /// `quarter_end:` in `quarterly:`).
    func withWeights(_ node: SettingsNode?, node annual: SettingsNode, key: String, closingKey: String, _ r: SettingsReader) -> AnnualSpec {
        var spec = self
        guard let node else {
            if closing != nil { r.fail(annual, "\(key) with a \(closingKey) needs weights: {periods: …, \(closingKey): …}") }
            spec.weightLabels = ("100%", "")
            return spec
        }
        let m = r.mapping(node, "weights", keys: ["periods", closingKey])
        let p = m["periods"].flatMap { r.decimal($0, "weight") } ?? 1
        let y = m[closingKey].flatMap { r.decimal($0, "weight") } ?? 0
        if m[closingKey] != nil, closing == nil { r.fail(node, "weights: \(closingKey) needs \(key)'s \(closingKey) (the table)") }
        let percent = p + y == 100 && (p > 1 || y > 1)
        spec.weights = percent ? (p / 100, y / 100) : (p, y)
        let label = { (d: Decimal, text: String?) in percent ? (text ?? "\(d)").replacingOccurrences(of: "%", with: "") + "%" : (text ?? "\(d)") }
        spec.weightLabels = (label(p, m["periods"]?.string), label(y, m[closingKey]?.string))
        return spec
    }
}
