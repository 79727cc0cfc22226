import Foundation
import Testing
@testable import KaoheAssessment
@testable import KaoheJobs
@testable import KaoheReport
import KaoheReader
@testable import KaoheScoring
import KaoheWriter

/// What a reviewer sees (issue 13): marks and comments where a shown value differs from the
/// published one, row order and 序号, the cover, 总表's references, charts, grade fills.
@Suite struct SummaryLayoutTests {
    static func cells(_ sheet: ReportSheet, unit: String) -> [ReportCell]? {
        sheet.body.compactMap { b -> [ReportCell]? in if case .cells(let c) = b, c.first == .text(unit) { return c } else { return nil } }.first
    }

    @Test("000: 市文化广播电视和旅游局's 50.00 and 100.00 are marked with the published value and the computation; the notes count them")
    func marksOnPublishedSlips() throws {
        let s = try Summary(job: "000-巴中市-政务目标考核.yaml")
        let sheet = s.sheet("政务公开（市定）")
        let row = try #require(Self.cells(sheet, unit: "市文化广播电视和旅游局"))
        guard case .marked(let yearEnd, let c1) = row[4], case .marked(let final, let c2) = row[6] else {
            Issue.record("not marked: \(row[4]) \(row[6])")
            return
        }
        #expect(c1 == "公布值 49.99；重新计算：(100 − 0.31 + 0.3) × 0.5 = 49.995 → 50.00（四舍五入）")
        #expect(c2 == "公布值 99.99；重新计算：45 + 50 + 5 = 100.00")
        if case .formula(_, let cached) = yearEnd { #expect(cached == 50) } else { Issue.record("\(yearEnd)") }
        if case .formula(_, let cached) = final { #expect(cached == 100) } else { Issue.record("\(final)") }
        #expect(sheet.notes.last == "注：浅黄底色的 2 个单元格与公布值不一致或需要人工核对，原因见单元格批注和“校验结果”表。")
        // Read back from the file: the cells carry the numbers.
        #expect(try s.row("政务公开（市定）", unit: "市文化广播电视和旅游局")?[6] == "100")
    }

    @Test("show: published keeps the lead unit's value, marks it with the recomputation, and ranks follow it")
    func showPublished() throws {
        let path = repoPath("Jobs/000-巴中市-政务目标考核.yaml")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let at = try #require(text.range(of: "    id: 政务公开市定\n"))
        text.insert(contentsOf: "    show: published\n", at: text.index(at.upperBound, offsetBy: 0))
        let job = try JobParser.parse(text, path: path) { rel in
            let p = repoPath("Jobs/" + rel)
            return (p, try? String(contentsOfFile: p, encoding: .utf8))
        }
        let run = Assessor.run(job, inbox: repoPath("Workbooks/inbox"))
        let sheet = ReportBuilder.workbook(run).sheets.first { $0.name == "政务公开（市定）" }!
        let row = try #require(Self.cells(sheet, unit: "市文化广播电视和旅游局"))
        #expect(row[4] == .marked(.number(published("49.99")!), comment: "显示公布值；重新计算为 50.00：(100 − 0.31 + 0.3) × 0.5 = 49.995 → 50.00（四舍五入）"))
        // 最终得分 builds on the shown 49.99: 45 + 49.99 + 5 = 99.99, as published, so unmarked.
        guard case .formula(_, let shown) = row[6] else { Issue.record("\(row[6])"); return }
        #expect(shown == published("99.99"))
        // Ranked on 99.99: after the six units on 100.00 (competition ranking), not tied with them.
        let table = run.tables.first { $0.table.id == "政务公开市定" }!.result!
        #expect(table.rows.first { $0.unit == "市文化广播电视和旅游局" }?.rank == 7)
    }

    @Test("order: rank lists 003's 报送 tables by 序号; order: input keeps 003's adoption tables as published, with 序号")
    func rowOrder() throws {
        let s = try Summary(job: "003-雁江区-政务信息.yaml")
        let published = PublishedSeeds.tables("003")
        let submission = try s.rows("区级部门报送").dropFirst(2).filter { Int($0[0]) != nil }
        #expect(submission.map { $0[0] } == published[0].rows.map { $0[0] })
        #expect(submission.map { $0[1] } == published[0].rows.map { s.run.job.registry.unit(named: $0[1])!.name })
        let adoption = try s.rows("区级部门采用").dropFirst(3).filter { Int($0[0]) != nil }
        #expect(adoption.map { $0[0] } == (1...published[2].rows.count).map(String.init))
        #expect(adoption.map { $0[1] } == published[2].rows.map { s.run.job.registry.unit(named: $0[1])!.name })
    }

    @Test("the cover comes first, 总表 second; 总表's scores refer to the table sheets' cells")
    func coverAndTotalReferences() throws {
        let s = try Summary(job: "000-巴中市-政务目标考核.yaml")
        let book = ReportBuilder.workbook(s.run)
        #expect(book.sheets.prefix(2).map(\.name) == ["封面", "总表"])
        let cover = try s.rows("封面")
        #expect(cover[0].first == "巴中市2021年度政务目标考核汇总")
        let city = try #require(cover.first { $0.count > 1 && $0[1] == "2021年度政务公开和政府网站与政务新媒体考核情况汇总表（市定重点目标）" })
        #expect(city[3] == "000-巴中市-政务公开（市定）.xlsx")
        #expect(city[5...6] == ["2", "2"])
        #expect(cover.contains { $0.first?.hasPrefix("总表权重：疫情防控 1") == true && $0[0].hasSuffix("权重来源：本示例的设定（省定各表 1，政务公开（省定）0.01，市定两表 0.05），不是公布数。") })
        let total = book.sheets[1]
        let bazhou = try #require(Self.cells(total, unit: "巴州区"))
        guard case .formula(let f, let cached) = bazhou[1] else { Issue.record("\(bazhou[1])"); return }
        let target = try #require(f.parts.first.flatMap { if case .cell(let t) = $0 { return t } else { return nil } })
        #expect(book.sheets[target.sheet].name == "疫情防控")
        #expect(cached == 1)
        #expect(try s.row("总表", unit: "巴州区")?[1] == "1")
    }

    @Test("002's chart: the table's 得分 by unit, one chart per group, the towns' axis from a stated 90 (scores 95–105.1)")
    func chartSpec() throws {
        let s = try Summary(job: "002-恩阳区-政务服务亮牌.yaml")
        let book = ReportBuilder.workbook(s.run)
        #expect(!book.sheets.contains { $0.name.hasPrefix("图-") }, "the writer draws charts after their table; no copy of the data")
        let table = try #require(book.sheets.first { $0.name == "政务服务亮牌情况" })
        let chart = try #require(table.chart)
        #expect(chart.categoryColumn == 0 && chart.valueColumn == 2)
        #expect(chart.groups.map(\.name) == ["镇（街道）", "区级部门"])
        #expect(chart.groups.first?.axisMinimum == 90)
        #expect(ReportBuilder.axisMinimum([0, 50, 100]) == nil, "spread over half the highest: from zero")
        // 001: 市直部门 (33 units) gets its chart; 旗区 (9) and 园区 (3) read as well in their tables.
        let ordos = ReportBuilder.workbook(try Summary(job: "001-鄂尔多斯市-政务公开绩效评估.yaml").run)
        #expect(ordos.sheets.filter { $0.chart != nil }.map(\.name) == ["市直部门"])
        #expect(ReportBuilder.axisMinimum([Decimal(string: "98.41")!, 100]) == 97)
        #expect(ReportBuilder.axisMinimum([Decimal(string: "0.84")!, Decimal(string: "0.9")!]) == Decimal(string: "0.82")!)
    }

    @Test("grades show their fill: 红牌 red, 黑牌 black; a job's grade_colors adds its own")
    func gradeFills() throws {
        let job = try JobParser.load(path: repoPath("Tests/KaoheJobsTests/Fixtures/kinds/job.yaml"))
        #expect(job.tables[3].gradeColors["红牌"] == 0xFF5B5B)
        #expect(job.tables[3].gradeColors["黑牌"] == 0x000000)
        var table = job.tables[3]
        table.gradeColors["优秀"] = 0xC6EFCE
        let output = table.output.first { $0.value == .grade }!
        let result = RowResult(unit: "区发改局", group: "区级部门", computed: [:], details: [:], rank: 1, grade: "优秀", excludedReason: nil)
        let bound = BoundRow(row: UnitRow(unit: "区发改局", inputs: [:]), rawUnit: "区发改局", sourceRow: 0, sourceColumns: [:], shown: [:], known: true)
        #expect(ReportBuilder.cell(output, bound: bound, result: result, table: table, index: ReportBuilder.TableNames(table)) == .filled(.text("优秀"), color: 0xC6EFCE))
    }
}
