import Foundation
import KaoheJobs
import KaoheScoring
import KaoheWriter

/// The workbooks lead units fill in (`kaohe template`): one per file a job expects, a sheet per
/// table it holds with the table's title, its exact headers and the registry's units in order,
/// numbers-only columns where the job reads numbers, header rows and unit names locked, and a
/// 填报说明 sheet saying what goes where. A filled-in template binds to its tables with no
/// finding, so an office can send these out each period instead of hoping the layout is kept.
public enum Templates {
    /// The templates for `period` (the job's own period when nil; a job whose file names hold
    /// {period} needs one: `periodNeeded`), each carrying its identity (`TemplateIdentity`).
    public static func workbooks(_ job: Job, period: String? = nil) -> [(fileName: String, workbook: ReportWorkbook)] {
        var job = job
        if let period, job.tables.contains(where: { $0.file.contains("{period}") }) {
            job.period = job.readPeriod(period) ?? period
            job = job.forPeriod(job.period)
        }
        var files: [String] = []
        for t in job.tables where !files.contains(t.file) { files.append(t.file) }
        return files.map { pattern in
            let tables = job.tables.filter { $0.file == pattern }
            let name = TableJob.fileName(pattern, period: job.period)
            var sheets = tables.map { sheet($0, job: job) }
            sheets.append(instructions(tables, job: job, fileName: name))
            var workbook = ReportWorkbook(title: "\(job.assessment)报送模板", sheets: sheets)
            workbook.properties = TemplateIdentity(job: job.name, assessment: job.assessment, tables: tables.map(\.id), period: job.period).properties
            return (name, workbook)
        }
    }

    /// Why `period` cannot be a period of the job's templates, if it cannot: a job whose file
    /// names hold {period} needs one, in the job's form.
    public static func periodProblem(_ job: Job, period: String?) -> String? {
        guard job.tables.contains(where: { $0.file.contains("{period}") }) else { return nil }
        let example = job.periodForm?.example ?? "2026年10月"
        guard let period else { return "its file names hold {period}: give the period the templates are for (--period \(example))" }
        if job.readPeriod(period) == nil {
            return "'\(period)' is not a period of this job (write it like \(example))"
        }
        return nil
    }

    /// Inputs the job reads as numbers (everything but reason text, marks and the unit names).
    static func numeric(_ table: TableJob) -> Set<String> {
        var text: Set<String> = [table.unitColumn]
        if let s = table.subunitColumn { text.insert(s) }
        if let e = table.excluded { text.insert(e.column) }
        if let p = table.rank?.published { text.insert(p) }
        if let g = table.grades?.published { text.insert(g) }
        var numbers: Set<String> = []
        for score in table.scores {
            let texts = score.rule.rule.textInputs
            if !texts.isEmpty { text.formUnion(texts); continue }
            numbers.formUnion(score.rule.inputs)
            if let p = score.published { numbers.insert(p) }
        }
        return numbers.intersection(table.columns.map(\.input)).subtracting(text)
    }

    static func sheet(_ table: TableJob, job: Job) -> ReportSheet {
        let numbers = numeric(table)
        let output = table.columns.map { c in OutputColumn(header: c.header, value: OutputValue(c.input), format: .text, width: nil) }
        // General format: what is typed stays a number or text as typed.
        var columns = output.map { o -> ReportColumn in
            var c = ReportColumn(.text, width: o.value.name == table.unitColumn ? 24 : nil)
            c.editable = o.value.name != table.unitColumn
            c.numbersOnly = numbers.contains(o.value.name)
            return c
        }
        if columns.isEmpty { columns = [ReportColumn(.text)] }
        var sheet = ReportSheet(name: table.sheet ?? table.sheetName ?? table.title, title: table.title, subtitle: table.subtitle,
                                columns: columns, header: ReportBuilder.header(output), body: [])
        sheet.autofilter = false
        sheet.protected = true
        sheet.blankRows = 10
        let groups = table.expectGroups.isEmpty ? job.registry.groups : table.expectGroups
        let unitIndex = table.columns.firstIndex { $0.input == table.unitColumn } ?? 0
        for g in groups {
            let units = job.registry.units.filter { $0.group == g }
            guard !units.isEmpty else { continue }
            if table.groupHeadings && groups.count > 1 { sheet.body.append(.group(g)) }
            for u in units {
                var cells = [ReportCell](repeating: .empty, count: columns.count)
                cells[unitIndex] = .text(u.name)
                sheet.body.append(.cells(cells))
            }
        }
        return sheet
    }

    static func instructions(_ tables: [TableJob], job: Job, fileName: String) -> ReportSheet {
        var sheet = ReportSheet(name: "填报说明", title: "\(job.assessment)报送说明", subtitle: "（\(job.period)）",
                                columns: [ReportColumn(.text, width: 24), ReportColumn(.text, width: 24), ReportColumn(.text, width: 60, alignLeft: true)],
                                header: [["工作表", "列", "填写什么"].map { HeaderCell($0) }], body: [])
        sheet.autofilter = false
        for t in tables {
            let numbers = numeric(t)
            for c in t.columns {
                let what: String
                if c.input == t.unitColumn {
                    what = "单位名称（已填好，请不要改动；名单中没有的单位请填在表格下方的空行里）"
                } else if numbers.contains(c.input) {
                    what = "数字（可以带小数；不适用的填 ——）"
                } else if c.input == t.rank?.published {
                    what = "名次（数字，或写作“第X名”）"
                } else if c.input == t.grades?.published {
                    what = "等次（文字）"
                } else if t.scores.contains(where: { $0.rule.rule.textInputs.contains(c.input) }) {
                    what = "加扣分理由：每项写明“加/扣 X 分”，不加不扣的写“无加扣分”"
                } else {
                    what = "文字"
                }
                sheet.body.append(.cells([.text(t.sheet ?? t.sheetName ?? t.title), .text(c.header.replacingOccurrences(of: "/", with: " › ")), .text(what)]))
            }
        }
        sheet.notes = ["请在各工作表中填写后，保存为“\(fileName)”（.xlsx 格式），不要改动表头、标题和工作表名称，放入收件箱报送。"]
        return sheet
    }
}
