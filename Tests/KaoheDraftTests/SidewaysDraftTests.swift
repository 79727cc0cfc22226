import Foundation
import Testing
@testable import KaoheDraft
import KaoheJobs
import KaoheReader
import KaoheScoring
import KaoheTestSupport

/// `kaohe draft` on a table printed sideways (issue 28, item 7): one column per town, the items
/// down the first column (Tests/KaoheJobsTests/Fixtures/sideways, scripts/make_sideways_fixtures.py).
@Suite struct SidewaysDraftTests {
    static let workbook = repoPath("Tests/KaoheJobsTests/Fixtures/sideways/综合考核.xlsx")

    @Test("the sheet is read turned: the towns are the units, the items the columns, its title and note kept")
    func layout() throws {
        let grid = try Workbook(path: Self.workbook).grid(named: "综合考核")
        let layout = try #require(LayoutReader(grid).read(file: "综合考核.xlsx", oneOfSeveral: false))
        #expect(layout.units.map(\.name) == ["城关镇", "龙泉镇", "白马镇", "青山镇", "石门乡", "双河镇", "桃源乡", "金沙镇"])
        #expect(layout.columns.map(\.header) == ["考核项目", "经济发展（30分）", "项目建设（20分）", "乡村振兴（20分）", "社会治理（15分）",
                                                 "党的建设（15分）", "综合得分", "排名"])
        #expect(layout.unitColumn.header == "考核项目")
        #expect(layout.title == "2025年度乡镇综合考核得分及排名")
        #expect(layout.notes == ["注：综合得分为五项得分之和，排名按综合得分由高到低排列。"])
        #expect(layout.grid == grid) // bound as the file has it
    }

    @Test("the draft sums the items to 综合得分 (7 of 8; the third town's mistyped one is a finding at D8 when run)")
    func draft() throws {
        let draft = try Draft.make(paths: [Self.workbook], name: "综合", date: Drafted.date)
        let lines = Drafted.table(draft, "综合考核")
        #expect(lines.contains("# 综合得分 = 各项指标之和（满分见表头；标为“——”的指标不适用时，其余指标按剩余满分折算）：重新算出 8 个公布值中的 7 个；白马镇的公布值与之不符，运行时列为校验发现。"))
        #expect(lines.contains("unit: 考核项目"))
        let job = try Drafted.job(draft)
        let bound = try Binder.bind(job.tables[0], path: Self.workbook, registry: job.registry, notApplicable: job.notApplicable)
        #expect(bound.transposed && bound.rows.count == 8)
        let scored = TableScorer.score(TableSpec(name: job.tables[0].title, columns: job.tables[0].scores, rank: nil, grades: nil,
                                                 rollup: nil), rows: bound.rows.map(\.row))
        let mismatch = scored.findings.filter { $0.kind == .publishedMismatch }
        #expect(mismatch.map(\.unit) == ["白马镇"])
        let row = try #require(bound.rows.first { $0.row.unit == "白马镇" })
        #expect(bound.location(row, mismatch[0].item) == "综合考核.xlsx!D8")
    }
}
