import Foundation
import Testing
import KaoheJobs
import KaoheReader
import KaoheScoring

/// A table printed sideways (issue 28, item 7): one column per town, the items down the first
/// column. The job says `orientation: columns` as docs/JOBS.md shows; every figure is
/// reproduced, and the mistyped 综合得分 is a finding naming the cell as it is in the file.
/// Fixture: scripts/make_sideways_fixtures.py (realistic, not a real published table).
@Suite struct SidewaysTableTests {
    static let dir = repoPath("Tests/KaoheJobsTests/Fixtures/sideways")
    static var expected: [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/expected.json"))) as! [String: Any]
    }
    static let sheet = "2025年度乡镇综合考核得分及排名"

    /// Every town's items, 综合得分 and rank in the summary; the one finding.
    func reproduces(_ s: Summary) throws {
        let e = Self.expected
        let items = e["items"] as! [String: [String]], totals = e["totals"] as! [String: String], ranks = e["ranks"] as! [String: Int]
        #expect(s.run.tables[0].bound?.rows.map(\.row.unit) == ["城关镇", "龙泉镇", "白马镇", "青山镇", "石门乡", "双河镇", "桃源乡", "金沙镇"])
        for (town, values) in items {
            let row = try #require(try s.row(Self.sheet, unit: town))
            #expect(nums(row, 1...5) == values.map { Decimal(string: $0) }, "\(town)")
            #expect(number(row[6]) == Decimal(string: totals[town]!), "\(town)")
            #expect(row[7] == String(ranks[town]!), "\(town)")
        }
        let typo = e["typo"] as! [String: String]
        #expect(try s.audit().filter { $0[1] == "综合得分" } == [[typo["unit"]!, "综合得分", "综合考核.xlsx!" + typo["cell"]!, typo["published"]!, typo["computed"]!]
                                      .map { Decimal(string: $0).map { "\($0)" } ?? $0 }])
        #expect(s.run.findingsForReview.count == 1)
    }

    @Test("orientation: columns: every figure, and the mistyped 综合得分 of the third town named D8 (not H4)")
    func jobSaysColumns() throws {
        let s = try Summary(job: Self.dir + "/job.yaml", inbox: Self.dir)
        try reproduces(s)
        #expect(!s.run.findings.contains { $0.finding.kind == .note })
    }

    @Test("without orientation, and the unit column named 乡镇 though the corner says 考核项目: recognised from the layout, with a note")
    func recognised() throws {
        let scratch = try temporaryFolder("kaohe-sideways")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let text = try String(contentsOfFile: Self.dir + "/job.yaml", encoding: .utf8)
            .replacingOccurrences(of: "    orientation: columns        # 每个乡镇一列，考核项目在首列\n", with: "")
            .replacingOccurrences(of: "unit: 考核项目", with: "unit: 乡镇")
        #expect(!text.contains("orientation"))
        try text.write(toFile: scratch + "/job.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Self.dir + "/registry.yaml", toPath: scratch + "/registry.yaml")
        let s = try Summary(job: scratch + "/job.yaml", inbox: Self.dir)
        try reproduces(s)
        let notes = s.run.findings.filter { $0.finding.kind == .note }.map(\.finding.message)
        #expect(notes == ["工作表“综合考核”每个单位一列、考核项目在首列，已按列读取（作业中可写 orientation: columns）"])
    }

    @Test("a row-wise table under orientation: columns (a template filled in row by row) is still read; a sheet that fits neither way names the file's cells")
    func eitherWay() throws {
        let parsed = try JobParser.load(path: Self.dir + "/job.yaml")
        var table = parsed.tables[0]
        let grid = try Workbook(path: Self.dir + "/综合考核.xlsx").grid(named: "综合考核")
        // The same table the usual way round: its cells transposed.
        var turned = grid
        turned.cells = grid.cells.map { Cell(row: $0.column, column: $0.row, value: $0.value) }
        turned.metadata.mergedRanges = []
        turned.metadata.usedRange = grid.metadata.usedRange.map { CellRange(firstRow: $0.firstColumn, firstColumn: $0.firstRow, lastRow: $0.lastColumn, lastColumn: $0.lastRow) }
        let bound = try Binder.bind(table, grid: turned, file: "行.xlsx", namesSheet: false, registry: parsed.registry, notApplicable: [])
        #expect(bound.rows.count == 8 && !bound.transposed)
        #expect(bound.location(bound.rows[2], "公布得分") == "行.xlsx!H4")
        table.columns[1].header = "经济发展"
        #expect(throws: BindingError(table: "综合考核", file: "综合考核.xlsx", message:
            "工作表“综合考核”中找不到表头 “经济发展”（第 A 列，最接近的是 A2“考核项目”）；应有：考核项目、经济发展、项目建设（20分）、乡村振兴（20分）、社会治理（15分）、党的建设（15分）、综合得分、排名")) {
            try Binder.bind(table, grid: grid, file: "综合考核.xlsx", namesSheet: false, registry: parsed.registry, notApplicable: [])
        }
    }
}
