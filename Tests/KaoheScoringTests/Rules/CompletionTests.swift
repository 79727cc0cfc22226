import Foundation
import Testing
@testable import KaoheScoring

/// The completion rule (完成率 = count ÷ quota, DOMAIN.md §2.6).
@Suite struct CompletionTests {
    @Test("settings, value and formula: 19/24 → 0.791666…, [条数]/[任务]")
    func completion() {
        let (rule, errors) = Settings.parse(CompletionRule.self, Settings.map([("count", "条数"), ("quota", "任务")]), known: ["条数", "任务"])
        #expect(errors.isEmpty)
        let r = try! #require(rule)
        let values: [String: Value] = ["条数": .number(19), "任务": .number(24)]
        #expect(evaluate(r, values).value?.roundedHalfUp(4) == d("0.7917"))
        #expect(formula(r, values, shown: ["条数"]) == "[条数]/24")
    }

    @Test("an empty count is 0 only when the score says empty_is_zero; text is a finding")
    func emptyAndText() {
        let rule = CompletionRule(count: "条数", quota: "任务")
        #expect(evaluate(rule, ["任务": .number(12)], emptyIsZero: true).value == 0)
        let missing = evaluate(rule, ["任务": .number(12)], column: "完成率")
        #expect(missing.findings.map(\.message) == ["条数缺少数值，完成率未计算"])
        let text = evaluate(rule, ["条数": .text("十二"), "任务": .number(12)], column: "完成率")
        #expect(text.findings.map(\.message) == ["条数不是数值：“十二”，完成率未计算"])
    }
}
