import Foundation
import Testing
@testable import KaoheScoring

/// DOMAIN.md §2.3 (seed 001): category maxima; "——" categories do not apply and the rest are
/// rescaled to the full 100 before the bonus is added.
@Suite struct CategoryTests {
    static let names = ["发布解读", "办事服务", "互动交流", "依申请公开", "平台建设", "监督保障", "附加指标"]

    static func categories(supervisionMax: String) -> [Category] {
        [Category(name: "发布解读", maximum: 40), Category(name: "办事服务", maximum: 15),
         Category(name: "互动交流", maximum: 10), Category(name: "依申请公开", maximum: 10),
         Category(name: "平台建设", maximum: 15), Category(name: "监督保障", maximum: d(supervisionMax)),
         Category(name: "附加指标", maximum: 10, isBonus: true)]
    }

    static func spec(_ table: String) -> TableSpec {
        TableSpec(name: "政务公开绩效评估", columns: [
            ComputedColumn(name: "总分", rule: .categories(categories(supervisionMax: table.contains("旗区") ? "15" : "10")),
                           decimals: 2, published: "公布总分"),
        ], rank: RankSpec(column: "总分", published: "公布排名"))
    }

    static func units(_ rows: [[String]], group: String) -> [UnitRow] {
        rows.map { r in
            var inputs: [String: Value] = ["公布排名": .cell(r[0]), "公布总分": .cell(r[9])]
            for (i, n) in names.enumerated() { inputs[n] = .cell(r[2 + i]) }
            return UnitRow(unit: r[1], group: group, inputs: inputs)
        }
    }

    func score(_ unit: String) throws -> Value? {
        for t in Seeds.tables("001") {
            let result = TableScorer.score(Self.spec(t.title), rows: Self.units(t.rows, group: t.title))
            if let r = result.rows.first(where: { $0.unit == unit }) { return r.computed["总分"] }
        }
        return nil
    }

    @Test("城市管理综合执法局: 80.55 × 20/17 + 1.10 = 95.86")
    func urbanManagement() throws {
        let t = CategoryRule.total(["发布解读": .number(d("37.00")), "办事服务": .notApplicable, "互动交流": .number(10),
                                    "依申请公开": .number(10), "平台建设": .number(d("14.80")), "监督保障": .number(d("8.75")),
                                    "附加指标": .number(d("1.10"))],
                                   categories: Self.categories(supervisionMax: "10"))
        #expect(t.baseSum == d("80.55"))
        #expect(t.factor == d("100") / d("85"))
        #expect(t.exact.roundedHalfUp(2) == d("95.86"))
        #expect(try score("城市管理综合执法局") == .number(d("95.86")))
    }

    @Test("国有资产监督管理委员会 92.99; 统计局 68.15; 鄂尔多斯空港物流园区 89.11; 达拉特旗 94.20")
    func publishedExamples() throws {
        #expect(try score("国有资产监督管理委员会") == .number(d("92.99")))
        #expect(try score("统计局") == .number(d("68.15")))
        #expect(try score("鄂尔多斯空港物流园区") == .number(d("89.11")))
        #expect(try score("达拉特旗") == .number(d("94.20")))
    }

    @Test("seed 001: every total and every per-group rank of the three groups is reproduced")
    func everyRow() {
        var rows = 0
        for t in Seeds.tables("001") {
            let result = TableScorer.score(Self.spec(t.title), rows: Self.units(t.rows, group: t.title))
            #expect(result.findings.isEmpty, "\(t.title): \(result.findings)")
            rows += result.rows.count
        }
        #expect(rows == 9 + 33 + 3)
    }

    @Test("with nothing not-applicable the rule is a plain sum")
    func plainSum() {
        let t = CategoryRule.total(["a": .number(d("30.5")), "b": .number(d("9.25")), "bonus": .number(d("-1.1"))],
                                   categories: [Category(name: "a", maximum: 40), Category(name: "b", maximum: 10),
                                                Category(name: "bonus", maximum: 10, isBonus: true)])
        #expect(t.factor == 1)
        #expect(t.exact == d("38.65"))
    }

    @Test("a value over its maximum is a finding with both numbers")
    func overMaximum() {
        var rows = Seeds.table("001", titleContains: "园区")
        rows[1][3] = "16.00" // 办事服务 of 鄂尔多斯高新技术产业开发区, maximum 15
        let result = TableScorer.score(Self.spec("园区"), rows: Self.units(rows, group: "园区"))
        let over = result.findings.filter { $0.kind == .overMaximum }
        #expect(over.map(\.message) == ["办事服务 16 超过该项满分 15"])
        #expect(over.map(\.unit) == ["鄂尔多斯高新技术产业开发区"])
    }

    @Test("a category left empty (not ——) is a missing value, not a not-applicable one")
    func emptyIsMissing() {
        var rows = Seeds.table("001", titleContains: "园区")
        rows[0][3] = ""
        let result = TableScorer.score(Self.spec("园区"), rows: Self.units(rows, group: "园区"))
        // The unit left unscored moves the others up, and their published ranks no longer match.
        #expect(result.findings.map(\.message) == ["办事服务缺少数值，总分未计算",
                                                   "公布名次 2 与重新计算名次 1 不一致", "公布名次 3 与重新计算名次 2 不一致"])
        #expect(result.rows[0].computed["总分"] == .missing)
    }
}

/// The categories rule: its settings and formula.
@Suite struct CategoriesRuleTests {
    @Test("settings: a list of {name, max, bonus}; an unknown category is reported")
    func settings() {
        let node = Settings.seq([
            Settings.map([("name", "发布解读"), ("max", "40")], line: 2, column: 9),
            Settings.map([("name", "附加指标"), ("max", "10"), ("bonus", "true")], line: 4, column: 9),
        ], line: 2, column: 7)
        let (rule, errors) = Settings.parse(CategoriesRule.self, node, known: ["发布解读"])
        #expect(errors == ["job.yaml:4:15: unknown name '附加指标'"])
        #expect(rule?.categories == [Category(name: "发布解读", maximum: 40), Category(name: "附加指标", maximum: 10, isBonus: true)])
        let (_, notList) = Settings.parse(CategoriesRule.self, Settings.scalar("发布解读", line: 2, column: 7), known: [])
        #expect(notList == ["job.yaml:2:7: categories is a list of {name, max, bonus}"])
    }

    @Test("formula: the not-applicable rescaling written out, the bonus added after")
    func formulaRescales() {
        let rule = CategoriesRule([Category(name: "甲", maximum: 85), Category(name: "乙", maximum: 15),
                                   Category(name: "附加", maximum: 10, isBonus: true)])
        let values: [String: Value] = ["甲": .number(d("80.55")), "乙": .notApplicable, "附加": .number(d("1.1"))]
        #expect(formula(rule, values, shown: ["甲", "附加"]) == "([甲])*100/85+[附加]")
        #expect(evaluate(rule, values).value.map { $0.roundedHalfUp(2) } == d("95.86"))
    }
}
