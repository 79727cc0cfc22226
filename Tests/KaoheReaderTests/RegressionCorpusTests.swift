import Foundation
import Testing
@testable import KaoheReader

/// Every input that ever made the reader trap, hang or blow up (scripts/make_hostile_fixtures.py
/// wrote the hand-made ones; scripts/fuzz-reader adds what it finds), read on every test run:
/// each gives its expected ReaderError (or reads), with a short one-line message.
@Suite struct RegressionCorpusTests {
    struct Expectation: Decodable, Sendable {
        /// A ReaderError.Kind, "ok" (must read), or "any" (found by scripts/fuzz-reader: must
        /// not trap; any ReaderError with a short message, or a clean read).
        var kind: String
        var contains: String?
        var maxInflatedTotal: Int?
    }

    static let expected: [String: Expectation] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: Fixtures.path("regressions/expected.json")))
        return try! JSONDecoder().decode([String: Expectation].self, from: data)
    }()

    static let files: [String] = try! FileManager.default
        .contentsOfDirectory(atPath: Fixtures.path("regressions")).filter { $0.hasSuffix(".xlsx") }.sorted()

    /// Reads a workbook as every consumer does: each sheet's cells, values and CSV fields.
    static func readAll(_ path: String, limits: ReaderLimits) throws {
        let wb = try Workbook(path: path, limits: limits)
        for s in wb.sheets {
            var csv: [UInt8] = []
            try wb.read(s) { row in
                for i in 0..<row.count {
                    _ = row.value(i)
                    row.appendCSV(i, to: &csv)
                    csv.removeAll(keepingCapacity: true)
                }
            }
        }
    }

    @Test("every file in the corpus is listed with what it must give")
    func everyFileListed() {
        #expect(Set(Self.files.map { String($0.dropLast(5)) }) == Set(Self.expected.keys))
    }

    @Test("each regression input gives its ReaderError, never a trap, with a short one-line message", arguments: files)
    func regression(_ file: String) throws {
        let name = String(file.dropLast(5))
        let want = try #require(Self.expected[name])
        var limits = ReaderLimits.default
        if let total = want.maxInflatedTotal { limits.maxInflatedTotal = total }
        let e = Fixtures.readerError { try Self.readAll(Fixtures.path("regressions/" + file), limits: limits) }
        if want.kind == "ok" {
            #expect(e == nil, "\(file): \(String(describing: e))")
            return
        }
        if want.kind == "any", e == nil { return } // found by the fuzzer: no trap, and a clean read is fine
        let error = try #require(e, "\(file) must fail")
        if want.kind != "any" { #expect(error.kind.rawValue == want.kind, "\(file): \(error)") }
        if let part = want.contains { #expect(error.message.contains(part), "\(file): \(error.message)") }
        #expect(!error.description.contains("\n"))
        #expect(error.description.count <= error.file.count + 300, "\(file): \(error.description.count) characters")
        #expect(error.message.count <= 160, "\(file): \(error.message.count) characters")
    }

    @Test("a 100,000-character attribute is quoted in 60 characters")
    func longAttributeQuoted() throws {
        let e = try #require(Fixtures.readerError { try Self.readAll(Fixtures.path("regressions/huge-attribute.xlsx"), limits: .default) })
        #expect(e.message == "cell reference out of range '" + String(repeating: "Q", count: 60) + "…'")
    }

    @Test("an error about one cell names the sheet and the cell")
    func cellErrorsNameTheCell() throws {
        let e = try #require(Fixtures.readerError { try Self.readAll(Fixtures.path("regressions/nul-in-cell.xlsx"), limits: .default) })
        #expect(e.kind == .invalidCharacter)
        #expect(e.sheet == "Sheet1")
        #expect(e.cell == "C2")
        let long = try #require(Fixtures.readerError {
            try Self.readAll(Fixtures.path("regressions/cell-too-long-shared.xlsx"), limits: .default)
        })
        #expect((long.sheet, long.cell) == ("Sheet1", "D3"))
    }

    /// Cost follows the cells present: a stray value at XFD1048576 is two cells, and the grid's
    /// rows hold only what each row has.
    @Test("a stray last cell: two cells, the first row one value wide, the middle rows empty")
    func strayLastCell() throws {
        let wb = try Fixtures.workbook("regressions/stray-last-cell.xlsx")
        let g = try wb.grid(wb.sheets[0])
        #expect(g.cells.map(\.reference) == ["A1", "XFD1048576"])
        let rows = g.rows
        #expect(rows.count == 1_048_576)
        #expect(rows[0].count == 1)
        #expect(rows[1].isEmpty && rows[524_288].isEmpty)
        #expect(rows[1_048_575].count == 16_384)
        #expect(rows[1_048_575].last == .number("2"))
    }

    /// A shared string used by many cells is decoded once: the cells share its storage.
    @Test("cells using one shared string share one decoded copy")
    func sharedStringDecodedOnce() throws {
        var strings = SharedStrings()
        var sc = XMLScanner(source: MemorySource(Array(#"<sst><si><t>一段被许多单元格共同引用的较长文字</t></si></sst>"#.utf8)), file: "t", part: "p",
                            limits: .default)
        strings = try SharedStrings(scanner: &sc, limits: .default)
        let a = strings.string(0), b = strings.string(0)
        #expect(a == "一段被许多单元格共同引用的较长文字")
        a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in #expect(pa.baseAddress == pb.baseAddress) }
        }
    }

    @Test("the expanded-text budget is per workbook, over every read")
    func budgetPerWorkbook() throws {
        var limits = ReaderLimits.default
        limits.maxExpandedText = 10
        let wb = try Workbook(path: Fixtures.path("generated/openpyxl.xlsx"), limits: limits)
        let e = Fixtures.readerError { for s in wb.sheets { _ = try wb.grid(s) } }
        #expect(e?.kind == .tooMuchText)
    }
}
