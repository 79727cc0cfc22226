import Foundation
import Testing
@testable import KaoheScoring

@Suite struct ExpressionTests {
    func eval(_ text: String, _ env: [String: Value] = [:]) throws -> Decimal {
        try Expression.parse(text).evaluate { env[$0] }
    }

    @Test("round(process + yearend * 50% + leader, 2) in decimal")
    func compositeFormula() throws {
        let env: [String: Value] = ["process": .number(45), "yearend": .number(d("99.47")), "leader": .number(d("4.86"))]
        // 45 + 49.735 + 4.86 = 99.595 → 99.60 (half up)
        #expect(try eval("round(process + yearend * 50% + leader, 2)", env) == d("99.60"))
    }

    @Test("precedence, unary minus, parentheses, functions, Chinese names")
    func arithmetic() throws {
        #expect(try eval("1 + 2 * 3") == 7)
        #expect(try eval("(1 + 2) * 3") == 9)
        #expect(try eval("-2 - -3") == 1)
        #expect(try eval("10 / 4") == d("2.5"))
        #expect(try eval("min(5, 63 / 18 * 5)") == 5)
        #expect(try eval("max(1, 2, 3)") == 3)
        #expect(try eval("abs(-1.5)") == d("1.5"))
        #expect(try eval("floor(2.759, 2)") == d("2.75"))
        #expect(try eval("ceil(2.751, 2)") == d("2.76"))
        #expect(try eval("floor(-2.5)") == -3)
        #expect(try eval("round(0.485, 2)") == d("0.49"))
        #expect(try eval("1.5e2") == 150)
        #expect(try eval("年终得分 × 50%", ["年终得分": .number(d("99.47"))]) == d("49.735"))
    }

    @Test("syntax errors say what and where (1-based column)")
    func syntaxErrors() {
        func message(_ text: String, known: Set<String>? = nil) -> String {
            do { _ = try Expression.parse(text, knownNames: known); return "parsed" } catch { return error.description }
        }
        #expect(message("1 +") == "expression ends too early at column 4")
        #expect(message("(1 + 2") == "expected ')' at column 7")
        #expect(message("1 2") == "unexpected '2' at column 3")
        #expect(message("rnd(1, 2)") == "unknown function 'rnd' at column 1")
        #expect(message("round(1)") == "round takes 2 argument(s), got 1 at column 1")
        #expect(message("a + bb", known: ["a"]) == "unknown name 'bb' at column 5")
        #expect(message("") == "empty expression at column 1")
        #expect(message("1.2.3") == "bad number '1.2.3' at column 1")
        #expect(message("2 $ 3") == "unexpected '$' at column 3")
    }

    @Test("evaluation errors name the input")
    func evaluationErrors() {
        func message(_ text: String, _ env: [String: Value]) -> String {
            do { _ = try Expression.parse(text).evaluate { env[$0] }; return "ok" } catch { return "\(error)" }
        }
        #expect(message("a + b", ["a": .number(1)]) == "unknown name 'b'")
        #expect(message("a + 1", ["a": .missing]) == "'a' is missing")
        #expect(message("a + 1", ["a": .notApplicable]) == "'a' is not applicable")
        #expect(message("a + 1", ["a": .text("未纳入")]) == "'a' is not a number: 未纳入")
        #expect(message("1 / a", ["a": .number(0)]) == "division by zero")
    }

    @Test("the same rule as an Excel formula, with names replaced by cells")
    func excelFormula() throws {
        let cells = ["process": "C5", "yearend": "E5", "leader": "F5"]
        let e = try Expression.parse("round(process + yearend * 50% + leader, 2)")
        #expect(e.excelFormula { cells[$0]! } == "ROUND(C5+E5*0.5+F5,2)")
        #expect(try Expression.parse("(a + b) * c - (d - e)").excelFormula { $0 } == "(a+b)*c-(d-e)")
        #expect(try Expression.parse("a / (b * c)").excelFormula { $0 } == "a/(b*c)")
        #expect(try Expression.parse("min(5, a / b * 5)").excelFormula { $0 } == "MIN(5,a/b*5)")
        #expect(try Expression.parse("a - (b + c)").excelFormula { $0 } == "a-(b+c)")
        #expect(try Expression.parse("-(a + b)").excelFormula { $0 } == "-(a+b)")
    }

    @Test("names lists what an expression reads")
    func names() throws {
        #expect(try Expression.parse("round(a + b * a, 2) / c").names == ["a", "b", "c"])
    }
}

/// The expression rule: its settings, value and formula.
@Suite struct ExpressionRuleTests {
    @Test("settings: a bad expression is reported at its character, past an opening quote")
    func settings() {
        let (rule, errors) = Settings.parse(ExpressionRule.self, Settings.scalar("过程管控 + 年终考核", line: 4, column: 17),
                                            known: ["过程管控", "年终考核"])
        #expect(errors.isEmpty)
        #expect(rule?.inputs == ["过程管控", "年终考核"])
        let (_, bad) = Settings.parse(ExpressionRule.self, Settings.scalar("过程管控 * * 2", line: 4, column: 17, quoted: true),
                                      known: ["过程管控"])
        #expect(bad == ["job.yaml:4:25: bad expression: unexpected '*'"])
    }

    @Test("formula: shown names are columns, others their values; a missing number gives no formula")
    func formulaNamesColumns() throws {
        let rule = ExpressionRule(try Expression.parse("round(年终原始分 * 50%, 2) + 过程管控"))
        let values: [String: Value] = ["年终原始分": .number(d("99.47")), "过程管控": .number(45)]
        #expect(formula(rule, values, shown: ["过程管控"]) == "ROUND(99.47*0.5,2)+[过程管控]")
        #expect(formula(rule, ["过程管控": .number(45)], shown: ["过程管控"]) == nil)
        #expect(evaluate(rule, values).value == d("94.74"))
    }
}
