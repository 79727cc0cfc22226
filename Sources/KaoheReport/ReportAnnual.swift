import Foundation
import KaoheAssessment
import KaoheJobs
import KaoheScoring
import KaoheWriter

/// A year (or a quarter) made of its periods, as the annual summary shows it.
public struct AnnualResult: Sendable {
    public var spec: AnnualSpec
    /// The whole the periods make: 2026年度, 2026年第一季度.
    public var whole: String
    public var assessment: String
    public var registry: UnitRegistry
    public var periods: [AnnualPeriod]
    /// Where the closing table's scores come from (the summary file and run); nil: none yet.
    public var closingSource: String?
    public var rows: [AnnualRow]
    public var findings: [String]
    /// The notice of a rewritten annual summary (what moved), at the top of its cover.
    public var revision: [String] = []
    /// Last year's (quarter's) ranks (unit → rank), for 名次变化; nil: none in the ledger.
    public var previousRanks: [String: Int]?

    public init(spec: AnnualSpec, whole: String, assessment: String, registry: UnitRegistry, periods: [AnnualPeriod],
                closingSource: String?, rows: [AnnualRow], findings: [String]) {
        self.spec = spec
        self.whole = whole
        self.assessment = assessment
        self.registry = registry
        self.periods = periods
        self.closingSource = closingSource
        self.rows = rows
        self.findings = findings
    }

    /// The summary's title: 雁江区政务信息考核2026年度综合考核.
    public var title: String { spec.title(assessment: assessment, whole: whole) }

    /// Whether no unit has its total yet (a period or the closing table still to come): the
    /// summary shows the whole so far, and says so.
    public var inProgress: Bool { !rows.contains { $0.withheld == nil && $0.total != nil } }
}

extension ReportBuilder {
    /// The annual summary: its cover (each period's source, the rule, the notice of a rewrite)
    /// and the annual sheet with a chart of each group's totals. `fixedTime` (SOURCE_DATE_EPOCH):
    /// the time the cover says it was made; nil for now.
    public static func annualWorkbook(_ a: AnnualResult, fixedTime: Date? = nil) -> ReportWorkbook {
        var book = ReportWorkbook(title: a.title, sheets: [annualCover(a, fixedTime: fixedTime), annualSheet(a)])
        book.properties = [("kaohe.annual", a.whole)]
        return book
    }

    static func annualCover(_ a: AnnualResult, fixedTime: Date?) -> ReportSheet {
        var sheet = ReportSheet(name: "封面", title: a.title + "汇总", columns: [ReportColumn(.integer, width: 6), ReportColumn(.text, width: 16),
                                ReportColumn(.text, width: 60), ReportColumn(.text, width: 30)],
                                header: [["序号", "期间", "数据来源", "状态"].map { HeaderCell($0) }], body: [])
        sheet.autofilter = false
        for (i, p) in a.periods.enumerated() {
            let withheld = a.spec.wholeWord + "得分暂不给出"
            let state: ReportCell = p.source == nil ? .marked(.text("尚无汇总"), comment: "需人工核对：该期还没有汇总，" + withheld)
                : p.waitingFor.isEmpty ? .text("完整") : .marked(.text("缺表：" + p.waitingFor.joined(separator: "、")), comment: "需人工核对：该期汇总还缺表，" + withheld)
            sheet.body.append(.cells([.number(Decimal(i + 1)), .text(p.period), .text(p.source?.text ?? ""), state]))
        }
        let s = a.spec
        if s.closing != nil {
            let state: ReportCell = a.closingSource == nil
                ? .marked(.text("尚未收到"), comment: "需人工核对：\(s.closingLabel)还没有汇总，\(s.wholeWord)得分暂不给出") : .text("完整")
            sheet.body.append(.cells([.number(Decimal(a.periods.count + 1)), .text("\(a.whole) \(s.closingLabel)"), .text(a.closingSource ?? ""), state]))
        }
        let made = LocalTime.text(madeAt(fixedTime))
        let progress = a.inProgress ? ["本表为\(a.whole)进行中的汇总：各期" + (s.closing == nil ? "" : "（及\(s.closingLabel)）") + "尚未齐全，\(s.wholeWord)得分和排名暂不给出；"
                                       + "此后每有一期汇总生成即重新生成本表（尚未给出得分的版本不另保存）。"] : []
        sheet.notes = a.revision + progress + ["生成时间：\(made)。本表由考核汇总程序根据台账（ledger）记录的各期汇总表得分生成，各期得分即各期汇总表所示（含更正）；"
                                    + "\(s.wholeWord)表中每期得分的单元格批注写明来源（汇总表文件和运行次数）。"] + a.findings.map { "校验发现：" + $0 }
        return sheet
    }

    /// The rule under the annual sheet, in words.
    static func annualRule(_ s: AnnualSpec) -> String {
        let combine: String
        switch s.combine {
        case .mean: combine = "\(s.rollUpHeader) = 各期得分之和 ÷ 期数"
        case .sum: combine = "\(s.rollUpHeader) = 各期得分之和"
        case .weights(let w): combine = "\(s.rollUpHeader) = Σ 各期得分 × 权重（" + w.map(\.plainText).joined(separator: "、") + "）"
        }
        let missing: String
        switch s.missing {
        case .meanPresent: missing = "某期没有得分的单位按其已有各期计算"
        case .zero: missing = "某期没有得分的单位该期按 0 分计"
        case .finding: missing = "某期没有得分的单位不作推定，\(s.wholeWord)得分暂不给出"
        }
        let total = s.closing == nil ? "\(s.totalHeader) = \(s.rollUpHeader) × \(s.weightLabels.periods)"
            : "\(s.totalHeader) = \(s.rollUpHeader) × \(s.weightLabels.periods) + \(s.closingLabel) × \(s.weightLabels.closing)"
        return "注：\(combine)（保留 \(s.decimals) 位小数，四舍五入）；\(missing)；\(total)（四舍五入到 \(s.decimals) 位小数）。排名按单位分组分别计算。"
    }
}

extension ReportBuilder {
    /// The annual sheet: per unit each period's score (its comment says where it came from),
    /// the roll-up, the year-end score, the total, rank, grade and 名次变化, by group; marked
    /// cells where a period is missing or still waiting for a table.
    static func annualSheet(_ a: AnnualResult) -> ReportSheet {
        let s = a.spec, n = a.periods.count
        var headers = ["被考核单位"] + a.periods.map { AnnualSpec.label($0.period) } + [s.rollUpHeader]
        var columns = [ReportColumn(.text)] + Array(repeating: ReportColumn(.decimal(s.decimals)), count: n + 1)
        if s.closing != nil { headers.append(s.closingLabel); columns.append(ReportColumn(.decimal(s.decimals))) }
        headers += [s.totalHeader, "排名"]
        columns += [ReportColumn(.decimal(s.decimals)), ReportColumn(.integer)]
        if s.grades != nil { headers.append("等次"); columns.append(ReportColumn(.text)) }
        if a.previousRanks != nil { headers.append("名次变化"); columns.append(ReportColumn(.text, width: 8)) }
        var sheet = ReportSheet(name: s.wholeWord + "汇总", title: a.title, columns: columns, header: [headers.map { HeaderCell($0) }], body: [],
                                notes: [annualRule(s)])
        let groups = a.registry.groups.filter { g in a.rows.contains { $0.group == g } }
        for g in groups {
            if groups.count > 1 { sheet.body.append(.group(g)) }
            for r in a.rows where r.group == g { sheet.body.append(.cells(annualCells(r, a))) }
        }
        let totalColumn = n + 1 + (s.closing != nil ? 2 : 1)
        let charted = groups.compactMap { g -> ChartSpec.Group? in
            let values = a.rows.filter { $0.group == g && $0.withheld == nil }.compactMap(\.total)
            return values.count >= 2 ? ChartSpec.Group(name: groups.count > 1 ? g : nil, axisMinimum: axisMinimum(values)) : nil
        }
        if !charted.isEmpty {
            sheet.chart = ChartSpec(title: a.title + "：" + s.totalHeader, categoryColumn: 0, valueColumn: totalColumn, groups: charted)
        }
        return sheet
    }

    static func annualCells(_ r: AnnualRow, _ a: AnnualResult) -> [ReportCell] {
        let s = a.spec, n = a.periods.count
        var cells: [ReportCell] = [.text(r.unit)]
        for (i, p) in a.periods.enumerated() {
            if let v = r.values[i] {
                cells.append(.noted(.number(v), comment: "来源：" + (p.source?.text ?? "")))
            } else {
                cells.append(.marked(.empty, comment: "需人工核对：" + (r.gaps[i] ?? "没有得分") + (p.source.map { "（来源：\($0.text)）" } ?? "")))
            }
        }
        cells.append(rollUpCell(r, s, periods: n))
        if s.closing != nil {
            cells.append(r.closing.map { .noted(.number($0), comment: "来源：" + (a.closingSource ?? "")) }
                         ?? .marked(.empty, comment: "需人工核对：" + (a.closingSource == nil ? "尚未收到\(s.closingLabel)" : "\(s.closingLabel)中没有该单位的得分")))
        }
        if let why = r.withheld {
            cells += [.marked(.empty, comment: "需人工核对：" + why), .marked(.empty, comment: "需人工核对：\(s.wholeWord)得分暂不给出，暂不参加排名")]
        } else if let total = r.total {
            let rollUp = ReportFormula.Part.column(n + 1)
            let parts: [ReportFormula.Part] = s.closing == nil
                ? [.text("ROUND("), rollUp, .text("*\(literal(s.weights.periods)),\(s.decimals))")]
                : [.text("ROUND("), rollUp, .text("*\(literal(s.weights.periods))+"), .column(n + 2), .text("*\(literal(s.weights.closing)),\(s.decimals))")]
            cells += [.formula(ReportFormula(parts), cached: total), r.rank.map { .number(Decimal($0)) } ?? .empty]
        } else {
            cells += [.empty, .empty]
        }
        if s.grades != nil { cells.append(.text(r.grade ?? "")) }
        if let previous = a.previousRanks { cells.append(.text(r.withheld == nil ? rankChange(now: r.rank, before: previous[r.unit]) : "")) }
        return cells
    }

    /// The roll-up as a formula over the period cells where the rule has one (a mean over the
    /// periods present is AVERAGE, a missing period as 0 is SUM ÷ periods), else its value.
    static func rollUpCell(_ r: AnnualRow, _ s: AnnualSpec, periods n: Int) -> ReportCell {
        guard let v = r.rollUp else { return r.withheld.map { .marked(.empty, comment: "需人工核对：" + $0) } ?? .empty }
        let cells: [ReportFormula.Part] = [.column(1), .text(":"), .column(n)]
        let gap = r.values.contains { $0 == nil }
        let formula: [ReportFormula.Part]?
        switch (s.combine, s.missing, gap) {
        case (.mean, .meanPresent, _), (.mean, _, false): formula = [.text("ROUND(AVERAGE(")] + cells + [.text("),\(s.decimals))")]
        case (.mean, .zero, true): formula = [.text("ROUND(SUM(")] + cells + [.text(")/\(n),\(s.decimals))")]
        case (.sum, .meanPresent, true): formula = [.text("ROUND(SUM(")] + cells + [.text(")*\(n)/COUNT(")] + cells + [.text("),\(s.decimals))")]
        case (.sum, _, _): formula = [.text("ROUND(SUM(")] + cells + [.text("),\(s.decimals))")]
        default: formula = nil
        }
        let cell: ReportCell = formula.map { .formula(ReportFormula($0), cached: v) } ?? .number(v)
        return gap ? .marked(cell, comment: "需人工核对：有的期间没有该单位的得分，" + AnnualRollUp.rule(s.missing, s)) : cell
    }
}
