import Foundation
import Testing
@testable import KaoheScoring

/// DOMAIN.md §2.7 (seeds 003, 004): counts × points per item type (PointsRule).
@Suite struct PointsTests {
    func row(_ result: TableResult, _ unit: String) -> RowResult { result.rows.first { $0.unit == unit }! }

    static func adoptionSpec(districtInfo: Decimal, districtBrief: Decimal) -> TableSpec {
        TableSpec(name: "采用统计", columns: [
            ComputedColumn(name: "总分", rule: .points(PointsTable([
                ("采编条数", 5), ("区采用信息", districtInfo), ("区简讯", districtBrief),
                ("市采用信息", 10), ("市简讯", 8), ("省采用", 20),
            ])), decimals: 2, published: "公布总分"),
            ComputedColumn(name: "占比", rule: .expression(try! Expression.parse("总分 / 年度任务")),
                           decimals: 2, published: "公布占比"),
        ])
    }

    static func adoptions(_ rows: [[String]]) -> [UnitRow] {
        rows.map { r in
            UnitRow(unit: r[1], inputs: ["年度任务": .cell(r[2]), "采编条数": .cell(r[3]), "区采用信息": .cell(r[4]),
                                         "区简讯": .cell(r[5]), "市采用信息": .cell(r[6]), "市简讯": .cell(r[7]),
                                         "省采用": .cell(r[8]), "公布总分": .cell(r[9]), "公布占比": .cell(r[10])])
        }
    }

    @Test("town table follows the stated points: 东峰镇 1×5 + 4×8 = 37, 116%; every row matches")
    func townAdoptions() {
        let result = TableScorer.score(Self.adoptionSpec(districtInfo: 8, districtBrief: 5),
                                       rows: Self.adoptions(Seeds.table("003", titleContains: "镇、街道政务信息采用")))
        #expect(result.rows.count == 18)
        #expect(result.findings.isEmpty, "\(result.findings)")
        #expect(row(result, "东峰镇").computed["总分"] == .number(37))
        #expect(row(result, "东峰镇").computed["占比"] == .number(d("1.16")))
    }

    @Test("department table with the stated points: the 27 rows with district adoptions do not match")
    func departmentAdoptionsStatedPoints() {
        let rows = Seeds.table("003", titleContains: "区级部门政务信息采用")
        let result = TableScorer.score(Self.adoptionSpec(districtInfo: 8, districtBrief: 5), rows: Self.adoptions(rows))
        let withDistrict = rows.filter { !$0[4].isEmpty || !$0[5].isEmpty }.map { $0[1] }
        #expect(withDistrict.count == 27)
        let totalFindings = result.findings.filter { $0.item == "公布总分" }
        #expect(totalFindings.map(\.unit) == withDistrict)
        let finance = totalFindings.first { $0.unit == "区财政局" }
        #expect(finance?.published == 66)
        #expect(finance?.computed == 74)
        // Rows without district adoptions match on both 总分 and 占比.
        #expect(result.findings.allSatisfy { withDistrict.contains($0.unit) })
    }

    @Test("department table matches 区采用信息 6, 区简讯 3: 区财政局 5×5 + 3×6 + 1×3 + 1×20 = 66, 275%; 区投促局 63%")
    func departmentAdoptionsActualPoints() {
        let result = TableScorer.score(Self.adoptionSpec(districtInfo: 6, districtBrief: 3),
                                       rows: Self.adoptions(Seeds.table("003", titleContains: "区级部门政务信息采用")))
        #expect(result.findings.isEmpty, "\(result.findings)")
        #expect(row(result, "区财政局").computed["总分"] == .number(66))
        #expect(row(result, "区财政局").computed["占比"] == .number(d("2.75")))
        #expect(row(result, "区投促局").computed["占比"] == .number(d("0.63")))
    }

    /// Seed 004 publishes targets (区县 180, 市级部门 10–30) and a points table only; the counts
    /// here are made up, and each expected score is worked out by hand in the comment.
    @Test("seed 004 points table with bonuses and the −3 penalty, against each unit's own target")
    func seed004() throws {
        let points = PointsTable([
            ("主条", 2), ("问题与建议", 3), ("简讯", 1), ("图片新闻", 1), ("市领导批示", 2),
            ("省办动态", 2), ("省办专题", 4), ("省办采用", 4), ("省领导批示", 4), ("约稿不报或迟报", -3),
        ])
        let spec = TableSpec(name: "政务信息采用", columns: [
            ComputedColumn(name: "得分", rule: .points(points), decimals: 2),
            ComputedColumn(name: "完成率", rule: .expression(try Expression.parse("得分 / 目标分值")), decimals: 4),
        ], rank: RankSpec(column: "完成率", ranker: Ranker(method: .competition, decimals: 4)))
        let result = TableScorer.score(spec, rows: [
            // 10×2 + 3×3 + 12×1 + 2×1 + 1×2 + 5×2 + 2×4 + 3×4 + 1×4 − 1×3 = 76; 76/180 = 0.4222
            UnitRow(unit: "通川区", group: "区县", inputs: [
                "目标分值": .number(180), "主条": .number(10), "问题与建议": .number(3), "简讯": .number(12),
                "图片新闻": .number(2), "市领导批示": .number(1), "省办动态": .number(5), "省办专题": .number(2),
                "省办采用": .number(3), "省领导批示": .number(1), "约稿不报或迟报": .number(1)]),
            // 4×2 + 1×3 + 2×1 = 13; 13/20 = 0.65
            UnitRow(unit: "市科技局", group: "市级部门", inputs: [
                "目标分值": .number(20), "主条": .number(4), "问题与建议": .number(1), "简讯": .number(2)]),
            // 2×2 − 2×3 = −2; −2/10 = −0.2
            UnitRow(unit: "市邮政局", group: "市级部门", inputs: [
                "目标分值": .number(10), "主条": .number(2), "约稿不报或迟报": .number(2)]),
        ])
        #expect(result.findings.isEmpty)
        #expect(result.rows.map { $0.computed["得分"] } == [.number(76), .number(13), .number(-2)])
        #expect(result.rows.map { $0.computed["完成率"] } == [.number(d("0.4222")), .number(d("0.65")), .number(d("-0.2"))])
        #expect(result.rows.map(\.rank) == [1, 1, 2])
    }
}

/// The points rule: its settings and formula.
@Suite struct PointsRuleTests {
    @Test("settings: input: points; an unknown input and a non-number are reported")
    func settings() {
        let (rule, errors) = Settings.parse(PointsRule.self, Settings.map([("主条", "2"), ("约稿不报", "-3"), ("简讯", "一")], line: 5, column: 9),
                                            known: ["主条", "简讯"])
        #expect(errors == ["job.yaml:6:9: unknown name '约稿不报'", "job.yaml:7:13: points should be a number, got '一'"])
        #expect(rule?.inputs == ["主条", "约稿不报"])
    }

    @Test("formula: each shown or non-zero count times its points; penalties subtract")
    func formulaTerms() {
        let rule = PointsRule(PointsTable([("主条", 2), ("简讯", 1), ("约稿不报", -3)]))
        let values: [String: Value] = ["主条": .number(10), "简讯": .number(0), "约稿不报": .number(1)]
        #expect(formula(rule, values, shown: ["主条"]) == "[主条]*2-1*3")
        #expect(evaluate(rule, values).value == 17)
    }
}
