import Foundation
import Testing
@testable import KaoheScoring

/// DOMAIN.md §2.6 (seed 003): submissions against quotas (QuotaRule) and 完成率 (CompletionRule).
@Suite struct QuotaTests {
    static let submissionSpec = TableSpec(name: "报送统计", columns: [
        ComputedColumn(name: "报送得分", rule: .quota(count: "报送条数", quota: "报送任务", scale: 5, cap: 5),
                       decimals: 2, published: "公布得分", emptyIsZero: true),
        ComputedColumn(name: "完成率", rule: .completion(count: "报送条数", quota: "报送任务"),
                       decimals: 4, published: "公布完成率", emptyIsZero: true),
    ], rank: RankSpec(column: "完成率", ranker: Ranker(method: .ordinal, decimals: 4), published: "序号"))

    static func submissions(_ rows: [[String]]) -> [UnitRow] {
        rows.map { r in
            UnitRow(unit: r[1], inputs: ["序号": .cell(r[0]), "报送任务": .cell(r[2]), "报送条数": .cell(r[3]),
                                         "公布得分": .cell(r[4]), "公布完成率": .cell(r[5])])
        }
    }

    func row(_ result: TableResult, _ unit: String) -> RowResult { result.rows.first { $0.unit == unit }! }

    @Test("区发改局 19/24 → 3.96, 79.17%; 区气象局 8/12 → 3.33, 66.67%; 区统计局 63/18 → 5 (capped), 350.00%; 区国土分局 empty → 0")
    func departments() {
        let result = TableScorer.score(Self.submissionSpec, rows: Self.submissions(Seeds.table("003", titleContains: "区级部门政务信息报送")))
        #expect(result.rows.count == 39)
        #expect(result.findings.isEmpty, "\(result.findings)")
        #expect(row(result, "区发改局").computed["报送得分"] == .number(d("3.96")))
        #expect(row(result, "区发改局").computed["完成率"] == .number(d("0.7917")))
        #expect(row(result, "区气象局").computed["报送得分"] == .number(d("3.33")))
        #expect(row(result, "区气象局").computed["完成率"] == .number(d("0.6667")))
        #expect(row(result, "区统计局").computed["报送得分"] == .number(5))
        #expect(row(result, "区统计局").computed["完成率"] == .number(d("3.5")))
        #expect(row(result, "区国土分局").computed["报送得分"] == .number(0))
        // 序号 follows 完成率 descending; equal rates keep their order.
        #expect(result.rows.map(\.rank) == Array(1...39))
    }

    @Test("丹山镇 25/27 → 4.63; 丰裕镇 2/27 → 0.37; 莲花街道办事处's empty 报送得分 is reported (33 of 24 earns 5)")
    func towns() {
        let result = TableScorer.score(Self.submissionSpec, rows: Self.submissions(Seeds.table("003", titleContains: "镇、街道政务信息报送")))
        #expect(row(result, "丹山镇").computed["报送得分"] == .number(d("4.63")))
        #expect(row(result, "丰裕镇").computed["报送得分"] == .number(d("0.37")))
        #expect(result.findings == [Finding(kind: .publishedMissing, unit: "莲花街道办事处", item: "公布得分",
                                            computed: 5, message: "公布值为空，重新计算值为 5.00")])
    }
}

/// The quota rule: its settings, formula and a zero quota.
@Suite struct QuotaRuleTests {
    @Test("settings: count and quota are required names; scale and cap are numbers")
    func settings() {
        let (rule, errors) = Settings.parse(QuotaRule.self, Settings.map([("count", "报送条数"), ("quota", "报送任务"), ("scale", "5"), ("cap", "5")]),
                                            known: ["报送条数", "报送任务"])
        #expect(errors.isEmpty)
        #expect(rule?.description == "quota(报送条数 / 报送任务 × 5, cap 5)")
        let (_, missing) = Settings.parse(QuotaRule.self, Settings.map([("count", "报送条数")], line: 6, column: 9), known: ["报送条数"])
        #expect(missing == ["job.yaml:6:9: missing 'quota'"])
    }

    @Test("formula MIN(cap, count/quota*scale); a zero quota is a finding, not a number")
    func formulaAndZero() {
        let rule = QuotaRule(count: "条数", quota: "任务", scale: 5, cap: 5)
        #expect(formula(rule, ["条数": .number(19), "任务": .number(24)], shown: ["条数", "任务"]) == "MIN(5,[条数]/[任务]*5)")
        let zero = evaluate(rule, ["条数": .number(3), "任务": .number(0)], column: "报送得分")
        #expect(zero.value == nil)
        #expect(zero.findings.map(\.message) == ["任务为 0，报送得分无法计算"])
    }
}
