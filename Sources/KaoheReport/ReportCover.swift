import Foundation
import KaoheAssessment
import KaoheJobs
import KaoheScoring
import KaoheWriter

extension ReportBuilder {
    /// The cover (封面/目录): the assessment, its period, when the summary was made, each
    /// table with the workbook it was read from (the name it was submitted under, when it came)
    /// and its count of findings and of those marked on their cell in the table (the rest — a
    /// unit missing from the table, a table without data — are on the audit sheet only), and
    /// 总表's weights with where they come from.
    static func coverSheet(_ run: AssessmentRun, marked: [String: Int], sheetNames: [String], fixedTime: Date?) -> ReportSheet {
        let columns = [ReportColumn(.integer, width: 6), ReportColumn(.text, width: 40), ReportColumn(.text, width: 20),
                       ReportColumn(.text, width: 36), ReportColumn(.text, width: 18), ReportColumn(.integer, width: 10),
                       ReportColumn(.integer, width: 10), ReportColumn(.text, width: 30)]
        let header = ["序号", "考核表", "牵头单位", "报送文件", "收到时间", "校验发现", "表中已标出", "本表缺少的单位"].map { HeaderCell($0) }
        var sheet = ReportSheet(name: "封面", title: run.job.assessment + "汇总", subtitle: "（\(run.job.period)）",
                                columns: columns, header: [header], body: [])
        sheet.autofilter = false
        for (i, t) in run.tables.enumerated() {
            let input = run.tables[i].bound.map { $0.file } ?? ""
            let findings = run.findingsForReview.filter { $0.table == t.table.id }.count
            sheet.body.append(.cells([
                .number(Decimal(i + 1)), .text(t.table.title + (t.table.subtitle ?? "")), .text(t.table.lead ?? ""),
                input.isEmpty ? .marked(.text("未收到"), comment: t.problem ?? "未收到报送文件") : .text(run.submitted(input)),
                .text(run.received[input].map { LocalTime.text(clamped($0, to: fixedTime)) } ?? ""),
                .number(Decimal(findings)), .number(Decimal(marked[t.table.id] ?? 0)), missingUnits(run.unitsMissing(from: t)),
            ]))
        }
        let made = LocalTime.text(madeAt(fixedTime))
        let intro = "生成时间：" + made + "。本汇总表由考核汇总程序根据各牵头单位报送的工作簿生成；"
        sheet.notes = run.revision + [intro + "浅黄底色的单元格与公布值不一致或需要人工核对，详见“" + auditSheetName + "”表；"
                       + "“表中已标出”是考核表中浅黄底色的单元格数（与该表注中所说的相同；一项发现可能标出几个单元格，如无法识别的数值和因此未能计算的得分、名次），"
                       + "没有单元格可标的发现（如表中缺少的单位）只列在“" + auditSheetName + "”表。"]
        if let total = run.job.total {
            let weights = total.weights.map { w in
                "\(run.tables.first { $0.table.id == w.table }.map { $0.table.sheetName ?? $0.table.title } ?? w.table) \(total.weightLabels[w.table] ?? "\(w.weight)")"
            }
            let source = total.note.map { "权重来源：" + $0 + "。" } ?? "权重来源：考核任务文件（job）设定。"
            sheet.notes.append("总表权重：" + weights.joined(separator: "，") + "。" + source)
        }
        return sheet
    }

    /// The units a table lacks, named (the first five, then 等 and the count), marked.
    static func missingUnits(_ names: [String]) -> ReportCell {
        guard !names.isEmpty else { return .empty }
        let shown = names.count <= 5 ? names.joined(separator: "、") : names.prefix(5).joined(separator: "、") + "等 \(names.count) 个单位"
        return .marked(.text(shown), comment: "需人工核对：这些名册单位在本表没有得分，见“\(auditSheetName)”表")
    }

    /// When the summary is made: `fixedTime` when given (SOURCE_DATE_EPOCH, which the caller
    /// reads: reproducible outputs), else now.
    static func madeAt(_ fixedTime: Date?) -> Date { fixedTime ?? Date() }

    /// A time no later than `fixedTime` when it is given (the reproducible-builds rule for file
    /// times), so the same inputs give the same bytes whenever they were copied.
    static func clamped(_ d: Date, to fixedTime: Date?) -> Date {
        guard let fixedTime else { return d }
        return min(d, fixedTime)
    }
}
