import Foundation
import Testing
@testable import KaoheReader

/// Common cells are read in one step (`XMLScanner.simpleCell`, `simpleValue`); anything
/// unusual falls back to the token-by-token read. Every fixture read both ways, and with a
/// scanner buffer so small that cells straddle its end, gives the same cells or the same error.
@Suite struct SimpleCellTests {
    /// Each sheet's cells by reference, or the error that stopped the read.
    static func read(_ relative: String, simpleCells: Bool, chunk: Int? = nil) -> [String] {
        do {
            let wb = try Workbook(path: Fixtures.path(relative))
            wb.simpleCells = simpleCells
            if let chunk { wb.chunkSize = chunk }
            return try wb.sheets.prefix(5).map { s in
                let cells = try wb.grid(s).cells
                return s.name + ": " + cells.map { "\($0.reference)=\($0.value) \($0.numberFormat ?? "")" }.joined(separator: " ")
            }
        } catch {
            return ["error: \(error)"]
        }
    }

    @Test("one-step cells read as token by token", arguments: ReadAheadTests.files)
    func sameAsTokens(_ relative: String) {
        let tokens = Self.read(relative, simpleCells: false)
        #expect(Self.read(relative, simpleCells: true) == tokens)
        #expect(Self.read(relative, simpleCells: true, chunk: 61) == tokens)
    }

    /// regressions/cell-shapes.xlsx (scripts/make_hostile_fixtures.py): cells the one-step
    /// read takes (row 1) and cells it must leave to the tokens (row 2), read both ways.
    @Test("cells of each shape", arguments: [true, false])
    func shapes(_ simpleCells: Bool) throws {
        let wb = try Workbook(path: Fixtures.path("regressions/cell-shapes.xlsx"))
        wb.simpleCells = simpleCells
        let cells = try wb.grid(wb.sheets[0]).cells
        #expect(cells.map(\.reference) == ["A1", "B1", "C1", "E1", "A2", "B2", "C2", "D2", "E2", "F2", "G2", "H2", "I2", "J2", "M2",
                                            "N2", "O2", "P2", "Q2"])
        #expect(cells.map(\.value) == [
            .number("1.5"), .string("x"), .number("2"), .number("4"),
            .string("a&b"), .number("2"), .number("5"), .number("6"), .number("7"), .number("8"),
            .string("a\rb"), .string("a\nb"), .bool(true), .error("#N/A"), .string("in"),
            .number("9"), .number("10"), .number("11"), .number("12"),
        ])
    }
}
