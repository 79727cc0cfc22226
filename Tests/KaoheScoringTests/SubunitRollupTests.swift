import Foundation
import Testing
@testable import KaoheScoring

/// Villages under towns (村 under 乡镇): each town gets the mean of its villages' score, and
/// its published score and rank are checked like any other (issue 22 §3).
@Suite struct SubunitRollupTests {
    static func village(_ town: String, _ score: Decimal, published: Decimal, rank: Decimal) -> UnitRow {
        UnitRow(unit: town, group: "镇", inputs: ["得分": .number(score), "公布乡镇得分": .number(published), "公布名次": .number(rank)])
    }

    @Test("a wrong published town score is a finding; the published rank is checked against the towns' ranking")
    func publishedScoreAndRank() {
        let spec = TableSpec(name: "村级考核", columns: [ComputedColumn(name: "村得分", rule: .from("得分"))],
                             rank: RankSpec(column: "乡镇得分", published: "公布名次"),
                             rollup: SubunitRollup(of: "村得分", method: .mean, name: "乡镇得分", published: "公布乡镇得分"))
        let rows = [
            Self.village("渔溪镇", 90, published: 81, rank: 1), Self.village("渔溪镇", 80, published: 81, rank: 1),
            Self.village("渔溪镇", 70, published: 81, rank: 1),
            Self.village("花丛镇", 60, published: 60, rank: 3),
        ]
        let result = TableScorer.score(spec, rows: rows)
        #expect(result.rows.map(\.unit) == ["渔溪镇", "花丛镇"])
        #expect(result.rows.map { $0.computed["乡镇得分"] } == [.number(80), .number(60)])
        #expect(result.rows[0].differs == ["乡镇得分": 81])
        #expect(result.rows[1].differs.isEmpty)
        #expect(result.findings.map(\.message) == ["公布值 81.00 与重新计算值 80.00 不一致", "公布名次 3 与重新计算名次 2 不一致"])
    }

    @Test("settings: published must name an input")
    func settings() {
        let r = SettingsReader(file: "job.yaml")
        let rollup = SubunitRollup.parse(Settings.map([("of", "村得分"), ("method", "mean"), ("published", "公布分")]), r, known: ["村得分"])
        #expect(rollup?.published == "公布分")
        #expect(r.errors.map(\.description) == ["job.yaml:3:12: unknown column '公布分'"])
    }
}
