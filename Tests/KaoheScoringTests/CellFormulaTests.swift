import Foundation
import Testing
import KaoheTestSupport
@testable import KaoheScoring

/// Workbook formulas computed in decimal (issue 28): the values Excel gives, half away from zero
/// where ROUND says so, and a shared formula moved to each of its cells.
@Suite struct CellFormulaTests {
    /// A small sheet: B3 8, C3 3, C4 "——", C5 "12" (a number typed as text), D3 TRUE, E3 #N/A;
    /// '加分表'!B2 0.5; every other cell empty.
    static func cell(_ r: FormulaReference) throws(FormulaFailure) -> FormulaValue {
        switch (r.sheet, CellFormulaTests.name(r)) {
        case (nil, "B3"): return .number(8)
        case (nil, "C3"): return .number(3)
        case (nil, "B4"): return .number(Decimal(string: "2.675")!)
        case (nil, "C4"): return .text("——")
        case (nil, "C5"): return .text("12")
        case (nil, "D3"): return .bool(true)
        case (nil, "E3"): return .error(.notAvailable)
        case ("加分表", "B2"): return .number(Decimal(string: "0.5")!)
        case ("Sheet 2", "A1"): return .number(-1)
        default: return .empty
        }
    }

    static func name(_ r: FormulaReference) -> String { FormulaReference(row: r.row, column: r.column).name }

    func value(_ text: String) throws -> FormulaValue { try CellFormula.parse(text).evaluate(Self.cell).value }
    func result(_ text: String) throws -> FormulaResult { try CellFormula.parse(text).evaluate(Self.cell) }
    func number(_ text: String) throws -> Decimal? { if case .number(let d) = try value(text) { return d } else { return nil } }

    @Test("arithmetic, precedence, unary minus and percent as Excel computes them")
    func arithmetic() throws {
        #expect(try number("=B3+C3") == 11)
        #expect(try number("=B3-C3*2") == 2)
        #expect(try number("=(B3-C3)*2") == 10)
        #expect(try number("=B3/C3*3").map(CellFormula.excelPrecision) == 8)   // 7.99…9 in 38 digits, 8 at Excel's 15
        #expect(try number("=-2^2") == 4)           // negation before ^, as in Excel
        #expect(try number("=2^-1") == Decimal(string: "0.5"))
        #expect(try number("=2^3^2") == 64)         // ^ from the left
        #expect(try number("=50%*B3") == 4)
        #expect(try number("=B3*85%+C3*15%") == Decimal(string: "7.25"))
        #expect(try number("=--C5") == 12)          // text that reads as a number counts
        #expect(try number("=Z99+1") == 1)          // an empty cell is 0
        #expect(try number("=D3+1") == 2)           // TRUE is 1
        #expect(try number("= B3 + '加分表'!B2") == Decimal(string: "8.5"))
        #expect(try number("='Sheet 2'!A1*B3") == -8)
        #expect(try number("=1.5E2+0") == 150)
    }

    @Test("errors are values: #VALUE! for text in arithmetic, #DIV/0!, an error cell")
    func errorValues() throws {
        #expect(try value("=C4+1") == .error(.value))
        #expect(try value("=B3/Z1") == .error(.divisionByZero))
        #expect(try value("=E3*2") == .error(.notAvailable))
        #expect(try value("=AVERAGE(Z1:Z3)") == .error(.divisionByZero))
        #expect(try value("=SUM(B3,\"abc\")") == .error(.value))   // text given directly
        #expect(try number("=SUM(B3,\"12\",C4)") == 20)                 // a number as text given directly counts; a text cell does not
        #expect(try value("=#REF!+1") == .error(.reference))
    }

    @Test("SUM, AVERAGE, MIN, MAX and COUNT skip text, TRUE and empty cells in ranges")
    func aggregates() throws {
        #expect(try number("=SUM(B3:D5)") == Decimal(string: "13.675"))   // 8 + 3 + 2.675; TRUE, "——" and "12" skipped
    }

    @Test("a range with an error cell gives the error; COUNT counts numbers only")
    func aggregateErrors() throws {
        #expect(try value("=SUM(B3:E3)") == .error(.notAvailable))
        #expect(try number("=COUNT(B3:E5)") == 3)
        #expect(try number("=SUM(B3:C4)") == Decimal(string: "13.675"))
        #expect(try number("=MAX(B3:C5)") == 8)
        #expect(try number("=MIN(B3:C5,-1)") == -1)
        #expect(try number("=MIN(Z1:Z9)") == 0)
        #expect(try number("=AVERAGE(B3,C3,B4,1)") == Decimal(string: "3.66875"))
        #expect(try number("=sum(B3:B4)") == Decimal(string: "10.675"))
    }

    @Test("ROUND half away from zero (2.675 → 2.68, where binary floating point gives 2.67), ROUNDUP, ROUNDDOWN")
    func rounding() throws {
        #expect(try number("=ROUND(B4,2)") == Decimal(string: "2.68"))
        #expect(try number("=ROUND(-2.5,0)") == -3)
        #expect(try number("=ROUND((100-0.83+0.3)*50%,2)") == Decimal(string: "49.74"))
        #expect(try number("=ROUND(1234.5,-2)") == 1200)
        #expect(try number("=ROUNDUP(-1.21,1)") == Decimal(string: "-1.3"))
        #expect(try number("=ROUNDUP(1.21,1)") == Decimal(string: "1.3"))
        #expect(try number("=ROUNDDOWN(1.29,1)") == Decimal(string: "1.2"))
        #expect(try number("=ROUNDDOWN(-1.29,1)") == Decimal(string: "-1.2"))
        #expect(try number("=ROUND(2.5,0.9)") == 3)  // digits truncated to 0
    }

    @Test("IF with comparisons; text compared ignoring case; & joins text")
    func conditions() throws {
        #expect(try number("=IF(B3>C3,B3,C3)") == 8)
        #expect(try number("=IF('加分表'!B2>1,1,'加分表'!B2)") == Decimal(string: "0.5"))
        #expect(try value("=IF(B3<=C3,1)") == .bool(false))
        #expect(try number("=IF(B3<>8,1,)") == 0)
        #expect(try value("=IF(\"a\"=\"A\",\"是\",\"否\")") == .text("是"))
        #expect(try value("=IF(C4,1,2)") == .error(.value))
        #expect(try value("=B3&\"分\"") == .text("8分"))
        #expect(try value("=Z1=0") == .bool(true))
        #expect(try value("=1<\"a\"") == .bool(true))      // numbers sort before text
        #expect(try number("=ABS(-B3)") == 8)
    }

    @Test("what is not computed says why")
    func failures() throws {
        #expect(throws: FormulaFailure("公式用了函数 VLOOKUP，无法计算")) { try value("=VLOOKUP(A1,B1:C9,2,FALSE)") }
        #expect(throws: FormulaFailure("公式用了名称“税率”，无法计算")) { try value("=B3*税率") }
        #expect(throws: FormulaFailure("区域引用只能用在 SUM、AVERAGE 等函数中")) { try value("=B3:C3") }
        #expect(throws: FormulaFailure("只计算整数次方")) { try value("=2^0.5") }
        #expect(throws: FormulaFailure("区域 A1:XFD1048576 超过 100000 个单元格，未计算")) { try value("=SUM(A1:XFD1048576)") }
        #expect(throws: FormulaSyntaxError(message: "expected ',' or ')'", position: 11)) { try CellFormula.parse("=SUM(B3:C3") }
        #expect(throws: FormulaSyntaxError(message: "unterminated text", position: 7)) { try CellFormula.parse("=1&\"ab") }
        #expect(throws: FormulaSyntaxError(message: "unexpected ':'", position: 3)) { try CellFormula.parse("=A:A") }
    }

    @Test("every operator and every error literal parses into its case and is written back exactly; an unknown function too")
    func vocabularyRoundTrip() throws {
        #expect(CellFormula.Operator.allCases.map(\.rawValue) == ["+", "-", "*", "/", "^", "&", "=", "<>", "<", ">", "<=", ">="])
        let a1 = CellFormula.reference(FormulaReference(row: 0, column: 0)), b1 = CellFormula.reference(FormulaReference(row: 0, column: 1))
        let operators: [(String, CellFormula.Operator)] = [
            ("A1+B1", .add), ("A1-B1", .subtract), ("A1*B1", .multiply), ("A1/B1", .divide), ("A1^B1", .power),
            ("A1&B1", .concatenate), ("A1=B1", .equal), ("A1<>B1", .notEqual), ("A1<B1", .less), ("A1>B1", .greater),
            ("A1<=B1", .lessOrEqual), ("A1>=B1", .greaterOrEqual),
        ]
        #expect(operators.count == CellFormula.Operator.allCases.count)
        for (text, op) in operators {
            let f = try CellFormula.parse("=" + text)
            #expect(f == .binary(op, a1, b1), "\(text)")
            #expect(f.description == text)
        }
        let errors: [(String, ExcelErrorValue)] = [
            ("#NULL!", .null), ("#DIV/0!", .divisionByZero), ("#VALUE!", .value), ("#REF!", .reference),
            ("#NAME?", .name), ("#NUM!", .number), ("#N/A", .notAvailable),
        ]
        #expect(errors.map(\.1) == ExcelErrorValue.literals)
        for (text, e) in errors {
            let f = try CellFormula.parse("=" + text)
            #expect(f == .error(e), "\(text)")
            #expect(f.description == text)
        }
        let all = "IF(#NULL!=#DIV/0!,#VALUE!&#REF!,SUM(#NAME?,#NUM!,#N/A))"
        #expect(try CellFormula.parse("=" + all).description == all)
        let unknown = try CellFormula.parse("=FOO(A1,,2)")
        #expect(unknown == .call(.other("FOO"), [a1, nil, .number(2, written: "2")]))
        #expect(unknown.description == "FOO(A1,,2)")
        #expect(try CellFormula.parse("=foo(a1,,2)").description == "FOO(A1,,2)")   // upper case, as before
        #expect(try CellFormula.parse("=roundup(B3,1)") == .call(.roundUp, [.reference(FormulaReference(row: 2, column: 1)), .number(1, written: "1")]))
        #expect(try CellFormula.parse("=If(1,2)").description == "IF(1,2)")
    }

    @Test("functions: the ones computed as cases, any other name kept as written in upper case")
    func functionNames() {
        #expect(CellFormula.Function.computed.map(\.rawValue) == ["SUM", "AVERAGE", "MIN", "MAX", "COUNT", "ROUND", "ROUNDUP", "ROUNDDOWN", "IF", "ABS"])
        #expect(CellFormula.Function("average") == .average)
        #expect(CellFormula.Function("vlookup") == .other("VLOOKUP"))
        #expect(CellFormula.Function.other("SUM") == .sum)   // made by hand, the same function
        #expect(CellFormula.Function(rawValue: "ROUNDDOWN").rawValue == "ROUNDDOWN")
    }

    @Test("messages that name a function name it as Excel writes it, whatever case the formula used")
    func functionMessages() throws {
        #expect(throws: FormulaFailure("公式用了函数 FOO，无法计算")) { try value("=FOO(A1,,2)") }
        #expect(throws: FormulaFailure("公式用了函数 FOO，无法计算")) { try value("=foo(A1,,2)") }
        #expect(throws: FormulaFailure("ROUNDUP 的参数个数不对")) { try value("=roundup(B3)") }
        #expect(throws: FormulaFailure("ROUND 的位数超出范围")) { try value("=ROUND(B3,31)") }
        #expect(throws: FormulaFailure("IF 的参数个数不对")) { try value("=IF()") }
        #expect(throws: FormulaFailure("ABS 的参数个数不对")) { try value("=abs(1,2)") }
    }

    @Test("a shared formula moved to another cell: references without $ move, with $ stay; off the sheet is #REF!")
    func moved() throws {
        let f = try CellFormula.parse("B7+C7")
        #expect(f.moved(rows: 1, columns: 0).description == "B8+C8")
        #expect(try CellFormula.parse("=ROUND($B$7*50%+C7,2)").moved(rows: 2, columns: 1).description == "ROUND($B$7*50%+D9,2)")
        #expect(try CellFormula.parse("SUM(B$3:B6)/'加分 表'!$C4").moved(rows: 3, columns: 0).description == "SUM(B$3:B9)/'加分 表'!$C7")
        #expect(try CellFormula.parse("加分表!B2").moved(rows: 1, columns: 0).description == "加分表!B3")
        #expect(try CellFormula.parse("A1-1").moved(rows: -1, columns: 0).description == "#REF!-1")
        #expect(try CellFormula.parse("IF(A1>=1,\"是\",\"\"\"否\"\"\")").description == "IF(A1>=1,\"是\",\"\"\"否\"\"\")")
    }

    @Test("exactness: a division that does not come out even is compared within floating point's error, anything else at 15 digits")
    func agreement() throws {
        let third = try result("=B3/C3")
        #expect(!third.exact)
        guard case .number(let d) = third.value else { Issue.record("not a number"); return }
        #expect(CellFormula.agrees(saved: Decimal(string: "2.6666666666666665")!, computed: d, exact: false))
        #expect(!CellFormula.agrees(saved: Decimal(string: "2.67")!, computed: d, exact: false))
        #expect(try result("=B3/8").exact)
        #expect(try result("=AVERAGE(B3,C3)").exact)   // 5.5 comes out even
        #expect(!(try result("=AVERAGE(B3,C3,C3)").exact))
        // 0.1 + 0.2 saved as binary floating point gives it: the same at 15 digits.
        #expect(CellFormula.agrees(saved: Decimal(string: "0.30000000000000004")!, computed: Decimal(string: "0.3")!, exact: true))
        #expect(!CellFormula.agrees(saved: Decimal(string: "0.3000000000001")!, computed: Decimal(string: "0.3")!, exact: true))
        #expect(CellFormula.excelPrecision(Decimal(string: "49.735000000000001")!) == Decimal(string: "49.735"))
        #expect(CellFormula.excelPrecision(Decimal(string: "123456789012345678")!) == Decimal(string: "123456789012346000"))
    }

    @Test("a value beyond what Decimal holds is not computed, never a trap (Fuzz/regressions/formula, replayed as the fuzz target runs them)")
    func beyondRange() throws {
        #expect(throws: FormulaFailure("数值超出可计算的范围")) { try value("=1E100*1E100") }
        #expect(throws: FormulaFailure("数值超出可计算的范围")) { try value("=1E-60*1E-60") }
        #expect(throws: FormulaFailure("数值超出可计算的范围")) { try value("=0.5^64^2") }
        let folder = repoPath("Fuzz/regressions/formula")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(!inputs.isEmpty)
        for name in inputs {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)), as: UTF8.self)
            guard let f = try? CellFormula.parse(text) else { continue }
            #expect((try? CellFormula.parse(f.description)) != nil, "\(name)")
            _ = try? f.moved(rows: 3, columns: -1).evaluate { r throws(FormulaFailure) in .number(Decimal(r.column)) }
        }
    }
}
