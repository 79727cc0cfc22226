import Foundation
import Testing
@testable import KaoheReader

/// The calamine project's 65 edge-case workbooks (MIT, Fixtures/calamine/LICENSE-MIT.md).
@Suite struct CalamineCorpusTests {
    static let files: [String] = try! FileManager.default
        .contentsOfDirectory(atPath: Fixtures.path("calamine")).filter { $0.hasSuffix(".xlsx") }.sorted()

    /// calamine's own tests only ask these to fail cleanly.
    static let expectedErrors: [String: ReaderError.Kind] = ["pass_protected.xlsx": .encrypted, "issue252.xlsx": .truncated]

    @Test("every corpus workbook reads without a crash or a hang, or fails with its known error", arguments: files)
    func readsEverySheet(_ file: String) throws {
        let e = Fixtures.readerError {
            let wb = try Fixtures.workbook("calamine/" + file)
            for s in wb.sheets { _ = try wb.grid(s) }
        }
        #expect(e?.kind == Self.expectedErrors[file], "\(file): \(String(describing: e))")
    }

    func grid(_ file: String, _ sheet: Int = 0) throws -> [String: CellValue] {
        let wb = try Fixtures.workbook("calamine/" + file)
        return try wb.grid(wb.sheets[sheet]).byReference
    }

    @Test("date.xlsx and date_1904.xlsx give the same dates; a duration stays a number")
    func dates() throws {
        for f in ["date.xlsx", "date_1904.xlsx"] {
            let g = try grid(f)
            #expect(g["A1"] == .date("2021-01-01"), "\(f)")
            #expect(g["A2"] == .date("2021-01-02"), "\(f)")
            #expect(g["B1"] == .number("15"), "\(f)")
            #expect(g["A3"] == .number("10.6320601851852"), "\(f)")
        }
        #expect(try Fixtures.workbook("calamine/date_1904.xlsx").date1904)
    }

    @Test("ISO dates (t=\"d\")")
    func isoDates() throws {
        let g = try grid("date_iso.xlsx")
        #expect(g["A1"] == .date("2021-01-01"))
        #expect(g["A2"] == .date("2021-01-01T10:10:10"))
        #expect(g["A3"] == .date("10:10:10"))
    }

    @Test("error values")
    func errors() throws {
        let g = try grid("errors.xlsx")
        #expect((1...7).map { g["A\($0)"] } == ["#DIV/0!", "#NAME?", "#VALUE!", "#NULL!", "#REF!", "#NUM!", "#N/A"].map { .error($0) })
    }

    @Test("_x000D_ in shared and inline strings; entities; CDATA; phonetic runs left out")
    func text() throws {
        #expect(try grid("has_x000D_.xlsx")["A1"] == .string("ABC\r\nDEF"))
        #expect(try grid("has_x000D_inline.xlsx")["A1"] == .string("ABC\r\nDEF"))
        #expect(try grid("encoded_entities.xlsx") == ["A1": .string("&")])
        #expect(try grid("inlineStr_cdata.xlsx")["A1"] == .string("Hello CDATA"))
        #expect(try grid("rph.xlsx")["A1"] == .string("課きく　毛こ"))
        let rich = try grid("richtext-namespaced.xlsx")
        #expect(rich["A1"] == .string("inline string\nLine 2\nLine 3"))
        #expect(rich["H1"] == .string("shared string\nLine 2\nLine 3"))
    }

    @Test("whitespace: <t> without xml:space=\"preserve\" is trimmed, as Excel does")
    func whitespaceTrim() throws {
        let wb = try Fixtures.workbook("calamine/whitespace_trim.xlsx")
        let inline = try wb.grid(named: "inlineStr").byReference
        #expect(inline["A1"] == .string("trimmed value"))
        #expect(inline["A2"] == .string("line1\nline2"))
    }

    @Test("cells without r= (issue 261) read as Excel's own re-save of the same file")
    func missingReferences() throws {
        let a = try grid("issue_261.xlsx")
        let b = try grid("issue_261_fixed_by_excel.xlsx")
        // calamine's test counts 462 cells in its range, empty ones included; 250 have a value.
        #expect(a.count == 250)
        #expect(a == b)
    }

    @Test("merged ranges")
    func merges() throws {
        let wb = try Fixtures.workbook("calamine/merged_range.xlsx")
        let m = try wb.grid(named: "Sheet1").metadata.mergedRanges.map(\.description)
        #expect(m == ["H1:H2", "A1:A2", "B1:B2", "C1:D2", "C3:D3", "C4:D4", "E1:E2", "F1:F2", "G1:G2"])
    }

    @Test("hidden, very hidden and chart sheets are listed with their state")
    func sheetStates() throws {
        let wb = try Fixtures.workbook("calamine/any_sheets.xlsx")
        #expect(wb.sheets.map(\.name) == ["Visible", "Hidden", "VeryHidden", "Chart"])
        #expect(wb.sheets.map(\.state) == [.visible, .hidden, .veryHidden, .visible])
        #expect(wb.sheets.map(\.kind) == [.worksheet, .worksheet, .worksheet, .chartsheet])
    }

    @Test("namespace prefixes, absolute targets, strict paths, empty s= attributes")
    func packaging() throws {
        #expect(try grid("nonstandard-xml-ns-prefix.xlsx") == ["A1": .string("a"), "B1": .string("b"), "A2": .number("1"),
                                                               "B2": .number("3"), "A3": .number("2"), "B3": .number("4")])
        #expect(try grid("table_with_absolute_paths.xlsx")["B5"] == .string("East"))
        #expect(try grid("strict_iso_paths.xlsx")["A1"] == .string("Item"))
        #expect(try grid("empty_s_attribute.xlsx")["B5"] == .number("4"))
    }
}
