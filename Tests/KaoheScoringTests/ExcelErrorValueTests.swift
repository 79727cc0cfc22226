import Foundation
import Testing
@testable import KaoheScoring

/// Excel's error values: the seven a formula can write, and one a cell holds that is none of them.
@Suite struct ExcelErrorValueTests {
    @Test("the seven literals, each read back from how Excel writes it")
    func literals() {
        #expect(ExcelErrorValue.literals.map(\.rawValue) == ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"])
        for e in ExcelErrorValue.literals { #expect(ExcelErrorValue(rawValue: e.rawValue) == e) }
        #expect(ExcelErrorValue(rawValue: "#N/A") == .notAvailable)
        #expect(ExcelErrorValue.other("#DIV/0!") == .divisionByZero)   // made by hand, the same value
        #expect("\(ExcelErrorValue.reference)" == "#REF!")
    }

    @Test("an error a cell holds that a formula cannot write (#SPILL!) is carried through as written")
    func otherFromACell() throws {
        let spill = ExcelErrorValue(rawValue: "#SPILL!")
        #expect(spill == .other("#SPILL!"))
        #expect(spill.rawValue == "#SPILL!")
        let cell = { (_: FormulaReference) throws(FormulaFailure) -> FormulaValue in .error(spill) }
        #expect(try CellFormula.parse("=A1+1").evaluate(cell).value == .error(.other("#SPILL!")))
        #expect(try CellFormula.parse("=SUM(A1:B2)").evaluate(cell).value == .error(.other("#SPILL!")))
        #expect(try CellFormula.parse("=COUNT(A1:B2)").evaluate(cell).value == .number(0))
        #expect(throws: FormulaSyntaxError(message: "unknown error value", position: 2)) { try CellFormula.parse("=#SPILL!") }
    }
}
