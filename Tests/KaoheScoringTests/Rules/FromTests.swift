import Foundation
import Testing
@testable import KaoheScoring

/// `from: 公布得分`: a score taken as published, with no pretend computation.
@Suite struct FromTests {
    @Test("settings: one known input")
    func settings() {
        let (rule, errors) = Settings.parse(FromRule.self, Settings.scalar("公布得分", line: 9, column: 15), known: ["公布得分"])
        #expect(errors.isEmpty)
        #expect(rule?.inputs == ["公布得分"])
        let (_, unknown) = Settings.parse(FromRule.self, Settings.scalar("得分", line: 9, column: 15), known: ["公布得分"])
        #expect(unknown == ["job.yaml:9:15: unknown name '得分'"])
    }

    @Test("the value is the input's; the formula is its cell when shown, and none otherwise")
    func valueAndFormula() {
        let rule = FromRule("公布得分")
        let values: [String: Value] = ["公布得分": .number(d("87.56"))]
        #expect(evaluate(rule, values).value == d("87.56"))
        #expect(formula(rule, values, shown: ["公布得分"]) == "[公布得分]")
        #expect(formula(rule, values) == nil)
        let missing = evaluate(rule, ["公布得分": .notApplicable], column: "得分")
        #expect(missing.value == nil)
        #expect(missing.findings.map(\.message) == ["公布得分标为不适用（——），无法计算，得分未计算"])
    }
}
