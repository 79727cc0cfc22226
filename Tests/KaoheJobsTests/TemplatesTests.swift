import Foundation
import Testing
@testable import KaoheAssessment
@testable import KaoheJobs
@testable import KaoheReport
import KaoheReader
import KaoheWriter

/// Templates for lead units (issue 14 §5): `kaohe template` writes them; filled in by openpyxl
/// (scripts/make_template_fixtures.py) they bind to their tables with no finding.
@Suite struct TemplatesTests {
    static let dir = repoPath("Tests/KaoheJobsTests/Fixtures/templates")

    @Test("filled-in templates of seed 003 bind to all four tables with every unit and no finding")
    func roundTrip() throws {
        let job = try JobParser.load(path: repoPath("Jobs/003-雁江区-政务信息.yaml"))
        let run = Assessor.run(job, inbox: Self.dir + "/filled")
        #expect(run.tables.allSatisfy { $0.bound != nil })
        #expect(run.findings.isEmpty, "\(run.findings.map(\.finding.message))")
        for t in run.tables {
            let expected = job.registry.units.filter { t.table.expectGroups.contains($0.group) }.map(\.name)
            #expect(t.bound!.rows.map(\.row.unit) == expected, "\(t.table.id)")
        }
    }

    @Test("the templates written now are the ones that were filled in: file names, sheets, titles, headers, units")
    func sameAsFixtures() throws {
        let job = try JobParser.load(path: repoPath("Jobs/003-雁江区-政务信息.yaml"))
        let out = try temporaryFolder("kaohe-templates")
        let books = Templates.workbooks(job)
        #expect(books.map(\.fileName) == ["003-雁江区-政务信息报送.xlsx", "003-雁江区-政务信息采用.xlsx"])
        for (name, book) in books {
            try XLSXWriter.write(book, to: out + "/" + name)
            let fresh = try Workbook(path: out + "/" + name)
            let fixture = try Workbook(path: Self.dir + "/blank/" + name)
            #expect(fresh.sheets.map(\.name) == fixture.sheets.map(\.name))
            for s in fresh.sheets {
                #expect(try fresh.grid(named: s.name).rows == fixture.grid(named: s.name).rows, "\(name) \(s.name)")
            }
        }
    }

    @Test("a template sheet: protected, unit names locked, numbers-only columns where the job reads numbers, ten spare rows")
    func sheetSettings() throws {
        let job = try JobParser.load(path: repoPath("Jobs/003-雁江区-政务信息.yaml"))
        let sheet = Templates.workbooks(job)[0].workbook.sheets[0]
        #expect(sheet.name == "区级部门")
        #expect(sheet.protected && sheet.blankRows == 10)
        let headers = job.tables[0].columns.map(\.header)
        #expect(headers == ["序号", "单位", "报送任务（条）", "报送条数", "报送得分", "完成率"])
        #expect(sheet.columns.map(\.numbersOnly) == [false, false, true, true, true, true])
        #expect(sheet.columns.map(\.editable) == [true, false, true, true, true, true])
        let instructions = Templates.workbooks(job)[0].workbook.sheets.last!
        #expect(instructions.name == "填报说明")
        #expect(instructions.notes == ["请在各工作表中填写后，保存为“003-雁江区-政务信息报送.xlsx”（.xlsx 格式），不要改动表头、标题和工作表名称，放入收件箱报送。"])
    }
}
