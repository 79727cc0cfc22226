import Foundation
import Testing
import KaoheAssessment
import KaoheJobs
@testable import KaoheReport
import KaoheScoring
import KaoheWriter

/// A city's quarter at the table's edges (issue 28), written by scripts/make_edge_fixtures.py:
/// 小计/合计 rows and a 填表人 footer, a unit missing from one table, rows not registered and
/// rows excluded on purpose.
///
/// By hand (30/40/30; 统计工作 = min(100, 完成数 ÷ 任务数 × 100), 营商环境 = 100 ± reason):
/// - 东山县 100 × 30% + 100 × 40% + 95 × 30% = 98.5; 南山县 30 + 39.6 + 27 = 96.6;
///   北山县 22.5 + 40.2 + 26.4 = 89.1; 中山区 30 + 40 + 29.1 = 99.1; 新城区 15 + 39.2 + 25.5 = 79.7;
///   so 县区 ranks 中山区 1, 东山县 2, 南山县 3, 北山县 4, 新城区 5.
/// - 西山县 has no row in 营商环境 and the job gives no absent: rule: 90 × 30% + 92 × 30% = 54.6
///   over two tables of three — withheld, not ranked (ranked, it would be 6th as if it scored 0).
/// - 市民政局 is not assessed in 党建工作: (80 × 30% + 101 × 40%) × 100 ÷ 70 = 92.
@Suite struct TableEdgesTests {
    static let dir = repoPath("Tests/KaoheJobsTests/Fixtures/edges")

    func summary(inbox: String = TableEdgesTests.dir) throws -> Summary { try Summary(job: Self.dir + "/job.yaml", inbox: inbox) }

    func cells(_ sheet: ReportSheet, unit: String) -> [ReportCell]? {
        for b in sheet.body { if case .cells(let c) = b, c.first?.unmarked == .text(unit) { return c } }
        return nil
    }

    @Test("小计, 合计 and a 填表人 footer are not units and not findings; the mis-added 小计 is one finding on its own cell")
    func totalRows() throws {
        let s = try summary()
        let units = try s.rows("统计工作考核表").dropFirst(2).map { $0[0] }.filter { !$0.isEmpty && !$0.hasPrefix("注") }
        #expect(units == ["东山县", "西山县", "南山县", "北山县", "中山区", "新城区", "市发改委", "市财政局", "市教育局", "市民政局", "市司法局", "市商务局"])
        let statistics = s.run.findings.filter { $0.table == "统计工作" }
        #expect(statistics.map(\.finding.message) == ["小计行（第 17 行）的“完成数”为 29，其上 6 个单位之和为 28"])
        #expect(statistics.map(\.location) == ["统计工作-2025年第四季度.xlsx!C17"])
        #expect(statistics.first?.finding.kind == .publishedMismatch)
        #expect(try s.row("统计工作考核表", unit: "中山区").map { nums($0, 1...4) } == [10, 11, 100, 1])
    }

    @Test("a unit missing from one table: its 总表 total and rank withheld and marked, the others ranked without it")
    func missingUnit() throws {
        let s = try summary()
        let total = s.sheet("总表")
        let xishan = try #require(cells(total, unit: "西山县"))
        guard case .marked(.empty, let why) = xishan[4], case .marked(.empty, let rankWhy) = xishan[5] else {
            Issue.record("西山县: \(xishan)")
            return
        }
        #expect(why == "需人工核对：缺少营商环境考核表的得分（未列出该单位），加权总分暂不给出（其余各表加权合计 54.6）")
        #expect(rankWhy == "需人工核对：缺少营商环境考核表的得分（未列出该单位），暂不参加排名")
        let ranked = ["中山区": 1, "东山县": 2, "南山县": 3, "北山县": 4, "新城区": 5]
        for (unit, rank) in ranked {
            let c = try #require(cells(total, unit: unit))
            #expect(c[5] == .number(Decimal(rank)), "\(unit)")
        }
        #expect(s.run.totals.first { $0.unit == "东山县" }?.total == Decimal(string: "98.5"))
        #expect(s.run.totals.first { $0.unit == "市民政局" }?.total == 92)
        // The cover names the unit the table lacks.
        let cover = s.sheet("封面")
        let business = try #require(cover.body.compactMap { b -> [ReportCell]? in
            if case .cells(let c) = b, c[1] == .text("营商环境考核表") { return c } else { return nil }
        }.first)
        #expect(business[7].unmarked == .text("西山县"))
    }

    @Test("no placeholder reaches staff: a table not received names the file expected for the period")
    func expectedFileName() throws {
        let inbox = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        for f in ["统计工作-2025年第四季度.xlsx", "党建工作-2025年第四季度.xlsx"] {
            try FileManager.default.copyItem(atPath: Self.dir + "/" + f, toPath: inbox + "/" + f)
        }
        var job = try JobParser.load(path: Self.dir + "/job.yaml")
        job.period = "2025年第四季度"
        let run = Assessor.run(job, inbox: inbox)
        let problem = run.tables.first { $0.table.id == "营商环境" }?.problem
        #expect(problem == "未收到报送文件（应为 营商环境-2025年第四季度.xlsx）")
        #expect(!run.submissions.missing.joined().contains("{period}"))
    }

    @Test("every mark counted once: shaded cells, the table's note, the cover's 表中已标出 and 校验发现 agree; an excluded row is no doubt")
    func marksAgree() throws {
        let s = try summary()
        let party = s.sheet("党建工作考核表")
        #expect(cells(party, unit: "市机关事务局")?[0] == .text("市机关事务局"))
        #expect(!s.run.findings.contains { $0.finding.unit == "市机关事务局" })
        try Self.checkMarks(s)
    }

    @Test("every seed summary: shaded cells, notes, cover counts and audit lines agree", arguments: SeedJobs.all)
    func seedMarksAgree(job: String) throws {
        try Self.checkMarks(try Summary(job: job))
    }

    /// Per table sheet: the shaded cells are what its note counts and what the cover's 表中已标出
    /// says; the cover's 校验发现 is the table's lines on the audit sheet.
    static func checkMarks(_ s: Summary) throws {
        let workbook = ReportBuilder.workbook(s.run)
        let cover = workbook.sheets[0]
        for (i, t) in s.run.tables.enumerated() {
            guard case .cells(let row)? = cover.body.dropFirst(i).first else { continue }
            let sheet = try #require(workbook.sheets.first { $0.name == (t.table.sheetName ?? t.table.title) })
            let shaded = ReportBuilder.markedCells(sheet)
            #expect(row[6] == .number(Decimal(shaded)), "\(t.table.id)")
            let note = sheet.notes.first { $0.hasPrefix("注：浅黄底色的") }
            #expect(note == (shaded == 0 ? nil : "注：浅黄底色的 \(shaded) 个单元格与公布值不一致或需要人工核对，原因见单元格批注和“校验结果”表。"), "\(t.table.id)")
            #expect(row[5] == .number(Decimal(s.run.findingsForReview.filter { $0.table == t.table.id }.count)), "\(t.table.id)")
        }
    }
}
