import Foundation
import Testing
import KaoheTestSupport
@_spi(Parts) @testable import KaoheReader

/// Formulas kept beside the values (issue 28): openpyxl saves `=B3+C3` without a result, Excel
/// writes shared formulas once for a range. The workbook is made by
/// scripts/make_formula_fixtures.py (openpyxl, with the shared formula and two saved results
/// edited into the XML as Excel writes them).
@Suite struct FormulaTests {
    static let workbook = repoPath("Tests/KaoheJobsTests/Fixtures/formulas/信息报送.xlsx")
    static var expected: [[String: Any]] {
        let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: repoPath(
            "Tests/KaoheJobsTests/Fixtures/formulas/expected.json")))) as! [String: Any]
        return json["formulas"] as! [[String: Any]]
    }

    func described(_ formulas: [SheetFormula]) -> [String] {
        formulas.map { f in
            "\(CellReference.name(row: f.row, column: f.column)) \(f.text) @\(CellReference.name(row: f.anchorRow, column: f.anchorColumn)) \(f.cached)"
        }
    }

    @Test("every formula of the sheet, with its shared formula's text and first cell, and whether a result was saved", arguments: [nil, 13])
    func keptFromOpenpyxl(chunk: Int?) throws {
        let wb = try Workbook(path: Self.workbook)
        if let chunk { wb.chunkSize = chunk }
        let grid = try wb.grid(named: "报送情况")
        let want = Self.expected.map { "\($0["ref"] as! String) \($0["text"] as! String) @\($0["anchor"] as! String) \($0["cached"] as! Bool)" }
        #expect(described(grid.formulas) == want)
        #expect(grid.formulas.count == 24)
        // A formula without a saved result has no value; one with a saved result has it.
        #expect(grid.value(row: 2, column: 3) == nil)
        #expect(grid.value(row: 3, column: 5) == .number("3.5"))
        #expect(grid.formulas.first { $0.row == 7 && $0.column == 3 }?.isShared == true)
        #expect(grid.formulas.first { $0.row == 6 && $0.column == 3 }?.isShared == false)
    }

    @Test("a streaming read keeps no formulas unless asked")
    func streamingSkipsFormulas() throws {
        let wb = try Workbook(path: Self.workbook)
        let sheet = try #require(wb.sheet(named: "报送情况"))
        #expect(try wb.read(sheet) { _ in }.formulas.isEmpty)
        #expect(try wb.read(sheet, keepingFormulas: true) { _ in }.formulas.count == 24)
    }

    static func part(_ cells: String) -> [UInt8] {
        Array(("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" + cells
               + "</sheetData></worksheet>").utf8)
    }

    @Test("a cell of a shared formula before the formula's first cell waits for it; one whose formula never comes is left out")
    func sharedOutOfOrder() throws {
        let xml = Self.part("""
            <row r="1"><c r="B1"><f t="shared" si="3"/><v>2</v></c><c r="C1"><f t="shared" si="9"/></c></row>\
            <row r="2"><c r="B2"><f t="shared" ref="B1:B3" si="3">A2*2</f><v>4</v></c><c r="C2"><f/></c>\
            <c r="D2"><f>SUM(A1:A3)&amp;"分"</f><v>x</v></c></row>
            """)
        let grid = try PartReading.grid(xml)
        #expect(described(grid.formulas) == ["B1 A2*2 @B2 true", "B2 A2*2 @B2 true", "D2 SUM(A1:A3)&\"分\" @D2 true"])
    }

    @Test("formula text counts against the workbook's text budget")
    func formulaTextBudget() throws {
        let xml = Self.part("<row r=\"1\"><c r=\"A1\"><f>" + String(repeating: "1+", count: 600) + "1</f></c></row>")
        let error = Fixtures.readerError { _ = try PartReading.grid(xml, limits: ReaderLimits(maxExpandedText: 1000)) }
        #expect(error?.kind == .tooMuchText)
    }
}
