import Foundation
import KaoheFormat
import KaoheAssessment
import KaoheJobs
import KaoheScoring
import KaoheWriter

extension ReportBuilder {
    public static let auditSheetName = "校验结果"

    static let auditHeaders = ["序号", "考核表", "被考核单位", "项目", "报送位置", "汇总表位置", "公布值", "重新计算值", "差额", "说明"]

    /// The audit sheet (校验结果): every finding on one line a reviewer can check by hand, with
    /// the published and recomputed values as numbers in their table's format and their
    /// difference, where the input stands (the name it was submitted under, the sheet and cell)
    /// and a link to the summary cell it concerns. Findings of one cause in one table form a
    /// group with their count; where another setting of the rule fits every published value of
    /// the group, the group says so. Notes on how a text was read come last.
    static func auditSheet(_ run: AssessmentRun, positions: Positions) -> ReportSheet {
        let columns: [ReportColumn] = [ReportColumn(.text, width: 6), ReportColumn(.text, width: 16), ReportColumn(.text, width: 16),
                                       ReportColumn(.text, width: 14), ReportColumn(.text, width: 28), ReportColumn(.text, width: 16),
                                       ReportColumn(.decimal(2)), ReportColumn(.decimal(2)), ReportColumn(.decimal(2)),
                                       ReportColumn(.text, width: 50, alignLeft: true)]
        var sheet = ReportSheet(name: auditSheetName, title: "\(run.job.assessment)校验结果", columns: columns,
                                header: [auditHeaders.map { HeaderCell($0) }], body: [],
                                notes: ["注：本表列出重新计算与公布值不一致、数据缺失或无法识别、单位名称未登记等需要核对的情况；"
                                        + "差额 = 公布值 − 重新计算值。“汇总表位置”写出单元格及其所在的表，点击可转到该单元格。"])
        if run.findingsForReview.isEmpty {
            sheet.body = [.cells([.empty, .text("未发现问题")] + Array(repeating: .empty, count: columns.count - 2))]
        }
        var number = 0
        for group in groups(run.findingsForReview) + run.findings.filter({ !$0.finding.needsReview }).map({ [$0] }) {
            number += 1
            if group.count >= 3 {
                sheet.body.append(.cells(groupRow(group, number: number, run: run)))
                for (k, a) in group.enumerated() { sheet.body.append(.cells(row(a, number: "\(number).\(k + 1)", run: run, positions: positions))) }
            } else {
                for (k, a) in group.enumerated() {
                    sheet.body.append(.cells(row(a, number: group.count == 1 ? "\(number)" : "\(number).\(k + 1)", run: run, positions: positions)))
                }
            }
        }
        return sheet
    }

    /// Consecutive findings of the same table, kind and item.
    static func groups(_ findings: [AuditFinding]) -> [[AuditFinding]] {
        var out: [[AuditFinding]] = []
        for a in findings {
            if let last = out.last?.last, last.table == a.table, last.finding.kind == a.finding.kind, last.finding.item == a.finding.item,
               !a.finding.isAboutTheTable {
                out[out.count - 1].append(a)
            } else {
                out.append([a])
            }
        }
        return out
    }

    /// A table as the audit names it: its sheet's name (区级部门采用), short enough for one line;
    /// the full title is on the sheet itself.
    static func tableName(_ run: AssessmentRun, _ id: String) -> String {
        run.tables.first { $0.table.id == id }.map { $0.table.sheetName ?? $0.table.title } ?? id
    }

    static func itemName(_ t: TableJob?, _ item: String) -> String {
        t.flatMap { tj in tj.columns.first { $0.input == item }?.header } ?? item
    }

    /// The group's line: its count, and the setting every published value of it fits.
    static func groupRow(_ group: [AuditFinding], number: Int, run: AssessmentRun) -> [ReportCell] {
        let first = group[0]
        let t = run.tables.first { $0.table.id == first.table }
        var text = "共 \(group.count) 个单位：" + groupCause(first.finding.kind)
        if first.finding.kind == .publishedMismatch, let t, let refit = refit(group, table: t) { text += "；" + refit }
        return [.text("\(number)"), .text(tableName(run, first.table)), .text("共 \(group.count) 个单位"),
                .text(itemName(t?.table, first.finding.item)), .empty, .empty, .empty, .empty, .empty, .text(text)]
    }

    static func groupCause(_ kind: Finding.Kind) -> String {
        switch kind {
        case .publishedMismatch: return "公布值与重新计算值不一致"
        case .publishedMissing: return "公布值为空"
        case .rankMismatch: return "公布名次与重新计算名次不一致"
        case .gradeMismatch: return "公布等次与重新计算等次不一致"
        case .reasonUnclear: return "理由未能完全识别，需人工核对"
        case .missingValue: return "数据缺失或无法识别"
        case .unreadable: return "公布值无法识别"
        case .overMaximum: return "超过该项满分"
        case .duplicateUnit: return "单位重复出现"
        case .formulaMismatch: return "公式结果与文件中保存的值不一致"
        case .note: return "说明"
        }
    }

    /// "这 27 个单位的公布值都符合 区采用信息 6 分/条、区简讯 3 分/条（表中规定为 8、5）".
    static func refit(_ group: [AuditFinding], table t: TableRun) -> String? {
        guard let bound = t.bound, let score = t.table.scores.first(where: { $0.published == group[0].finding.item }) else { return nil }
        var rows: [[String: Value]] = []
        var published: [Decimal] = []
        for b in bound.rows {
            guard case .number(let p)? = b.row.inputs[group[0].finding.item] else { continue }
            rows.append(b.row.inputs)
            published.append(p)
        }
        return score.rule.rule.otherSettingFitting(rows, published: published, decimals: score.decimals)
    }

    /// One finding's line.
    static func row(_ a: AuditFinding, number: String, run: AssessmentRun, positions: Positions) -> [ReportCell] {
        let t = run.tables.first { $0.table.id == a.table }
        let f = a.finding
        let score = t?.table.scores.first { $0.published == f.item }
        let format: ColumnFormat = [.rankMismatch].contains(f.kind) ? .integer
            : t.flatMap { tj in tj.table.output.first { $0.value.name == score?.name }?.format } ?? .decimal(score?.decimals ?? 2)
        func value(_ d: Decimal?) -> ReportCell { d.map { .value($0, format: format) } ?? .empty }
        let difference = f.published.flatMap { p in f.computed.map { p - $0 } }
        var explanation = f.needsReview ? f.message : "说明（无需处理）：" + f.message
        if f.kind == .publishedMismatch, let t, let score, let how = computation(score, unit: f.unit, in: t) {
            // The two values stand in their own columns: the line says how the recomputed one is made.
            explanation = withoutValues(f) + "计算：" + how
        }
        return [.text(number), .text(tableName(run, a.table)), .text(f.unit), .text(itemName(t?.table, f.item)),
                a.location.map { .text(submittedLocation($0, run: run)) } ?? .empty,
                summaryLink(a, table: t?.table, score: score, positions: positions),
                value(f.published), value(f.computed), value(difference), .text(explanation)]
    }

    /// A mismatch's message without its opening "公布值 66.00 与重新计算值 74.00 不一致", which the
    /// 公布值 and 重新计算值 columns already show; what follows it (理由中计入的加扣分 …) is kept.
    static func withoutValues(_ f: Finding) -> String {
        guard f.kind == .publishedMismatch, f.published != nil, f.computed != nil else {
            return f.message + "；"
        }
        guard let cut = f.message.firstIndex(of: "；") else { return "" }
        return String(f.message[f.message.index(after: cut)...]) + "；"
    }

    static func computation(_ score: ComputedColumn, unit: String, in t: TableRun) -> String? {
        guard let result = t.result, let bound = t.bound, let i = result.rows.firstIndex(where: { $0.unit == unit }),
              i < bound.rows.count, t.table.rollup == nil else { return nil }
        return Computation.text(score, bound: bound.rows[i], result: result.rows[i], table: t.table)
    }

    /// 报送位置 with the name the workbook was submitted under.
    static func submittedLocation(_ location: String, run: AssessmentRun) -> String {
        guard let bang = location.firstIndex(of: "!") else { return run.submitted(location) }
        return run.submitted(String(location[..<bang])) + location[bang...]
    }

    /// A link to the summary cell a finding concerns: the score it checks, the rank, the grade,
    /// the input itself if shown, else the unit's name.
    static func summaryLink(_ a: AuditFinding, table: TableJob?, score: ComputedColumn?, positions: Positions) -> ReportCell {
        guard let table, let cells = positions[a.table]?[a.finding.unit] else { return .empty }
        guard let target = cells[findingValue(a.finding, table: table)] ?? cells[.unit] else { return .empty }
        // The cell first: a hyperlink prints on one line, and where the column is too narrow
        // for the sheet's name, the cell is what a reviewer must still read on paper.
        let name = table.sheetName ?? table.title
        return .link("\(A1.cell(row: target.row, column: target.column))（\(name)）", to: target)
    }
}
