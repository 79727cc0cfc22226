import Foundation
import Testing
@testable import KaoheAssessment
@testable import KaoheJobs
import KaoheReader

/// A workbook holding several tables is opened once and each of its sheets read once (issue 15,
/// part 2): seed 000's nine 省定 tables share one workbook of nine sheets found by title.
@Suite struct OpenedWorkbookTests {
    func job000() throws -> Job {
        let path = repoPath("Jobs/000-巴中市-政务目标考核.yaml")
        return try JobParser.parse(String(contentsOfFile: path, encoding: .utf8), path: path) { rel in
            let p = repoPath("Jobs/" + rel)
            return (p, try? String(contentsOfFile: p, encoding: .utf8))
        }
    }

    @Test("000's nine tables from one workbook: nine sheets read whole, each head at most once, every table bound")
    func nineTablesOneOpening() throws {
        let job = try job000()
        let path = repoPath("Workbooks/inbox/000-巴中市-省定政务目标考核.xlsx")
        let tables = job.tables.filter { $0.file == "000-巴中市-省定政务目标考核.xlsx" }
        #expect(tables.count == 9)
        let opened = OpenedWorkbook(try Workbook(path: path))
        let inputs = Assessor.bind(tables, from: opened, job: job)
        #expect(inputs.map(\.0) == tables.map(\.id))
        for (id, input) in inputs { if case .failure(let e) = input.bound { Issue.record("\(id): \(e)") } }
        #expect(opened.sheetReads == 9)
        // Each sheet's head is read once, when the title search first reaches it; the sheets
        // before it were read whole by earlier tables and serve their heads from that.
        #expect(opened.headReads == 9)
        let sheets = inputs.compactMap { try? $0.1.bound.get().sheet }
        #expect(sheets == ["疫情防控", "值班工作", "民生实事", "两书一函", "廉政建设", "网上政务服务", "会务工作", "文电办理", "政务信息"])
    }

    @Test("the heads a title search reads are the first rows only, and a sheet read whole serves its head after")
    func headThenGrid() throws {
        let opened = OpenedWorkbook(try Workbook(path: repoPath("Workbooks/inbox/000-巴中市-省定政务目标考核.xlsx")))
        let sheet = opened.workbook.sheets[1]
        let head = try opened.head(sheet)
        #expect(Set(head.map(\.row)).max()! < OpenedWorkbook.titleRows)
        let grid = try opened.grid(sheet)
        #expect(head == grid.cells.filter { $0.row < OpenedWorkbook.titleRows })
        _ = try opened.head(sheet)
        _ = try opened.grid(sheet)
        #expect((opened.headReads, opened.sheetReads) == (1, 1))
    }
}
