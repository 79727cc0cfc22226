import Foundation
import KaoheFormat
import KaoheAssessment
import KaoheJobs
import KaoheScoring
import KaoheWriter

extension ReportBuilder {
    /// The roll-up (总表): each table's score is a reference to its cell on the table's sheet
    /// (a corrected table updates the roll-up), 不参评 where the unit is not assessed, a marked
    /// empty cell where a score is missing, the weighted total and its rank, and 名次变化 when
    /// there are ranks to compare with (`previousRanks`: unit → rank in the previous period).
    static func totalSheet(_ total: TotalJob, _ run: AssessmentRun, positions: Positions, previousRanks: [String: Int]? = nil) -> ReportSheet {
        let weighted = total.weights.compactMap { w in run.tables.first { $0.table.id == w.table }.map { (w, $0) } }
        var output: [OutputColumn] = [OutputColumn(header: "被考核单位", value: .unit, format: .text, width: nil)]
        for (w, t) in weighted {
            let decimals = t.table.scores.first { $0.name == t.mainScore }?.decimals ?? 2
            output.append(OutputColumn(header: "\(t.table.sheetName ?? t.table.title)\n（权重 \(total.weightLabels[w.table] ?? "\(w.weight)")）",
                                       value: .named(w.table), format: .decimal(decimals), width: nil))
        }
        output.append(OutputColumn(header: "加权总分", value: .named("total"), format: .decimal(total.decimals), width: nil))
        output.append(OutputColumn(header: "排名", value: .rank, format: .integer, width: nil))
        if previousRanks != nil { output.append(OutputColumn(header: "名次变化", value: .rankChange, format: .text, width: 8)) }
        var notes = ["注：加权总分 = Σ 各表得分 × 权重。单位不参评的表不计入，按得分率折算："
                     + "加权总分 = Σ（得分 × 权重）× 各表（权重 × 满分）之和 ÷ 参评各表（权重 × 满分）之和。排名按单位分组分别计算。"]
        if let note = total.note { notes.append("注：权重：\(note)") }
        var sheet = ReportSheet(name: total.title, title: Self.totalTitle(total, assessment: run.job.assessment),
                                columns: output.map { ReportColumn($0.format, width: $0.width) },
                                header: [output.map { HeaderCell($0.header) }], body: [], notes: notes)
        let groups = run.job.registry.groups.filter { g in run.totals.contains { $0.group == g } }
        for g in groups {
            if groups.count > 1 { sheet.body.append(.group(g)) }
            for t in run.totals where t.group == g {
                var cells = totalCells(t, weighted: weighted, total: total, positions: positions)
                if let previousRanks { cells.append(.text(rankChange(now: t.rank, before: previousRanks[t.unit]))) }
                sheet.body.append(.cells(cells))
            }
        }
        return sheet
    }

    /// 总表's printed title: the assessment's name before a short sheet title (总表), or the
    /// job's own full title as written (青山县乡镇月度综合考核总表), never both.
    static func totalTitle(_ total: TotalJob, assessment: String) -> String {
        total.title.count <= 4 && !assessment.contains(total.title) ? assessment + total.title : total.title
    }

    static func totalCells(_ t: TotalRow, weighted: [((table: String, weight: Decimal), TableRun)], total: TotalJob,
                           positions: Positions) -> [ReportCell] {
        var cells: [ReportCell] = [.text(t.unit)]
        var terms: [[ReportFormula.Part]] = []
        for (i, (w, run)) in weighted.enumerated() {
            if let v = t.scores[w.table] {
                if let main = run.mainScore, let at = positions[w.table]?[t.unit]?[OutputValue(main)] {
                    cells.append(.formula(ReportFormula([.cell(at)]), cached: v))
                } else {
                    cells.append(.number(v)) // not listed in the table (absent: base / zero)
                }
                terms.append([.column(i + 1), .text("*\(literal(w.weight))")])
            } else if t.notAssessed.contains(w.table) {
                cells.append(.text("不参评"))
            } else {
                cells.append(.marked(.empty, comment: "需人工核对：本表没有该单位的得分（\(t.missing[w.table] ?? "未列出")），加权总分暂不给出"))
            }
        }
        var sum: [ReportFormula.Part] = terms.isEmpty ? [.text("0")] : terms.enumerated().flatMap { i, t in (i == 0 ? [] : [.text("+")]) + t }
        if let r = t.rescale { sum = [.text("(")] + sum + [.text(")*\(literal(r.all))/\(literal(r.assessed))")] }
        let totalCell = ReportCell.formula(ReportFormula([.text("ROUND(")] + sum + [.text(",\(total.decimals))")]), cached: t.total)
        let missing = weighted.filter { t.missing[$0.0.table] != nil }.map { $0.1.table.sheetName ?? $0.1.table.title }
        if t.unscored {
            cells.append(.marked(.empty, comment: "需人工核对：各表都还没有该单位的得分（\(missing.joined(separator: "、"))），未计算加权总分，不参加排名"))
            cells.append(.empty)
        } else if !missing.isEmpty {
            // Withheld, never ranked as if the missing table had scored 0.
            let why = "缺少\(missing.joined(separator: "、"))的得分（\(weighted.compactMap { t.missing[$0.0.table] }.joined(separator: "；"))）"
            cells.append(.marked(.empty, comment: "需人工核对：\(why)，加权总分暂不给出（其余各表加权合计 \(t.total.plainText)）"))
            cells.append(.marked(.empty, comment: "需人工核对：\(why)，暂不参加排名"))
        } else {
            cells.append(totalCell)
            cells.append(t.rank.map { .number(Decimal($0)) } ?? .empty)
        }
        return cells
    }
}
