import Foundation
import Testing
@testable import KaoheReader

/// Workbooks written by openpyxl, Python XlsxWriter and LibreOffice Calc
/// (scripts/make_reader_fixtures.py): every cell is compared with what the generator wrote.
@Suite struct GeneratedWorkbookTests {
    static let writers = ["openpyxl", "openpyxl_1904", "xlsxwriter", "xlsxwriter_1904", "xlsxwriter_constant_memory", "libreoffice"]

    /// Compares one workbook with its .expected.json; `chunk` exercises the scanner's refills.
    func check(_ name: String, chunk: Int? = nil) throws {
        let expected = Fixtures.json("generated/\(name).expected.json") as! [String: Any]
        let sheets = expected["sheets"] as! [[String: Any]]
        let wb = try Fixtures.workbook("generated/\(name).xlsx", chunk: chunk)
        #expect(wb.sheets.map(\.name) == sheets.map { $0["name"] as! String }, "\(name)")
        #expect(wb.sheets.map(\.state.rawValue) == sheets.map { $0["state"] as! String }, "\(name)")
        #expect(wb.date1904 == name.hasSuffix("1904"))
        for s in sheets {
            let sheetName = s["name"] as! String
            let grid = try wb.grid(named: sheetName)
            #expect(grid.metadata.mergedRanges.map(\.description) == s["merged"] as! [String], "\(name) \(sheetName)")
            var want: [String: [String: Any]] = [:]
            for c in s["cells"] as! [[String: Any]] { want[c["ref"] as! String] = c }
            if let fill = s["fill"] as? [String: Any] {
                let range = CellRange(fill["range"] as! String)!
                for r in range.firstRow...range.lastRow {
                    for c in range.firstColumn...range.lastColumn {
                        want[CellReference.name(row: r, column: c)] = fill
                    }
                }
            }
            let got = grid.byReference
            #expect(Set(got.keys) == Set(want.keys), "\(name) \(sheetName): cells differ")
            for (ref, w) in want {
                let value = got[ref]
                let text = w["value"]
                switch w["type"] as! String {
                case "number":
                    guard case .number(let t)? = value else { Issue.record("\(name) \(sheetName)!\(ref): \(String(describing: value)) is not a number"); continue }
                    #expect(Double(t) == (text as! NSNumber).doubleValue, "\(name) \(sheetName)!\(ref)")
                case "string": #expect(value == .string(text as! String), "\(name) \(sheetName)!\(ref)")
                case "bool": #expect(value == .bool((text as! NSNumber).boolValue), "\(name) \(sheetName)!\(ref)")
                case "date": #expect(value == .date(text as! String), "\(name) \(sheetName)!\(ref)")
                case "error": #expect(value == .error(text as! String), "\(name) \(sheetName)!\(ref)")
                default: Issue.record("unknown expected type")
                }
            }
        }
    }

    @Test("every cell as the generator wrote it", arguments: writers)
    func everyCell(_ name: String) throws { try check(name) }

    @Test("the same with a 13-byte scanner buffer (tokens split at every boundary)", arguments: writers)
    func tinyBuffer(_ name: String) throws { try check(name, chunk: 13) }

    @Test("one long string used by 3000 cells is stored once")
    func longStringStoredOnce() throws {
        let wb = try Fixtures.workbook("generated/xlsxwriter.xlsx")
        let strings = try wb.sharedStrings()
        let long = "长" * 3000
        let matches = (0..<strings.count).filter { strings.string($0).hasPrefix(long) }
        #expect(matches.count == 1)
        #expect(strings.bytes.count < 12_000) // 3000 × 3 bytes once, not 3000 times
    }

    @Test("numbers stored as text and full-width digits stay text")
    func textNumbersStayText() throws {
        for name in ["openpyxl", "xlsxwriter", "libreoffice"] {
            let g = try Fixtures.workbook("generated/\(name).xlsx").grid(named: "政务公开").byReference
            #expect(g["A4"] == .string("１２３"), "\(name)")
            #expect(g["A5"] == .string("0123"), "\(name)")
            #expect(g["B4"] == .string("79.17%"), "\(name)")
        }
    }

    @Test("a formula's cached string (t=\"str\") and number")
    func formulaResults() throws {
        let g = try Fixtures.workbook("generated/xlsxwriter.xlsx").grid(named: "政务公开").byReference
        #expect(g["A11"] == .string("考核"))
        #expect(g["B11"] == .number("3"))
        #expect(g["A12"] == .string("富文本内容"))
    }
}

private func * (s: String, n: Int) -> String { String(repeating: s, count: n) }
