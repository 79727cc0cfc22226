import Foundation
@_exported import KaoheTestSupport
import KaoheAssessment
import KaoheJobs
@testable import KaoheReport
import KaoheReader
import KaoheScoring
import KaoheWriter



/// A decimal from published text ("99.60", "79.17%", "" → nil).
func published(_ text: String) -> Decimal? {
    let t = text.trimmingCharacters(in: .whitespaces)
    if t.hasSuffix("%") { return Decimal(strict: String(t.dropLast())).map { $0 / 100 } }
    return Decimal(strict: t)
}

/// A summary workbook written by `kaohe run` and read back with the project's reader.
struct Summary {
    let run: AssessmentRun
    let path: String
    let workbook: Workbook

    /// Runs the job file (in Jobs/, or a path) on the bundled inbox (Workbooks/inbox) into a fresh folder.
    init(job: String, inbox: String = repoPath("Workbooks/inbox")) throws {
        let parsed = try JobParser.load(path: job.hasPrefix("/") ? job : repoPath("Jobs/" + job))
        let out = try temporaryFolder("kaohe-e2e")
        run = Assessor.run(parsed, inbox: inbox)
        path = out + "/" + parsed.output
        try XLSXWriter.write(ReportBuilder.workbook(run), to: path)
        workbook = try Workbook(path: path)
    }

    /// Rows of a sheet as text, as the reader sees them.
    func rows(_ sheet: String) throws -> [[String]] {
        try workbook.grid(named: sheet).rows.map { $0.map { $0?.text ?? "" } }.padded()
    }

    /// The row of `unit` in a table sheet (first column holding that name).
    func row(_ sheet: String, unit: String) throws -> [String]? {
        try rows(sheet).first { $0.contains(unit) }
    }

    /// Audit rows (校验结果), one per finding (group lines left out): 被考核单位, 项目, 报送位置,
    /// 公布值, 重新计算值.
    func audit() throws -> [[String]] {
        let all = try rows(ReportBuilder.auditSheetName)
        return auditFindingRows(Array(all.dropFirst(2))).map { [$0[2], $0[3], $0[4], plainNumber($0[6]), plainNumber($0[7])] }
    }

    /// A sheet of the report model, by name.
    func sheet(_ name: String) -> ReportSheet {
        ReportBuilder.workbook(run).sheets.first { $0.name == name }!
    }
}

/// A number cell's text compared as a decimal, at Excel's 15 significant digits.
func number(_ text: String) -> Decimal? { Binder.decimal(excelNumber: text) }

/// Number cells of a row, as decimals (nil where a cell is empty or not a number).
func nums(_ row: [String]?, _ columns: ClosedRange<Int>) -> [Decimal?] {
    columns.map { c in row.flatMap { c < $0.count ? number($0[c]) : nil } }
}


/// A number cell's text at Excel's 15 significant digits ("99.98999999999999" → "99.99").
func plainNumber(_ text: String) -> String { number(text).map { "\($0)" } ?? text }
