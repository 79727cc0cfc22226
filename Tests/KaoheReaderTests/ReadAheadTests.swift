import Foundation
import Testing
@testable import KaoheReader

/// Parts of 8 MB and more inflate on a second thread (ReadAhead.swift). Every fixture read
/// with the read-ahead thread for every part gives exactly what the plain read gives: the same
/// cells, or the same error.
@Suite struct ReadAheadTests {
    static let files: [String] = ["generated", "calamine", "regressions"].flatMap { dir in
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.path(dir))) ?? [])
            .filter { $0.hasSuffix(".xlsx") }.sorted().map { "\(dir)/\($0)" }
    }

    /// Each sheet's cells by reference, or the error that stopped the read.
    static func read(_ relative: String, readAhead: Bool, chunk: Int? = nil) -> [String] {
        do {
            let wb = try Workbook(path: Fixtures.path(relative))
            if readAhead { wb.readAheadThreshold = 0 }
            if let chunk { wb.readAheadChunk = chunk }
            // Five sheets are enough: one regression has thousands naming one part.
            return try wb.sheets.prefix(5).map { s in
                let cells = try wb.grid(s).cells
                return s.name + ": " + cells.map { "\($0.reference)=\($0.value)" }.joined(separator: " ")
            }
        } catch {
            return ["error: \(error)"]
        }
    }

    @Test("the fixtures are there")
    func fixturesFound() { #expect(Self.files.count > 60) }

    /// The scanner reads the read-ahead buffers in place, carrying an unfinished token into the
    /// headroom of the next one, or into its own buffer when the token is longer than that
    /// (huge-attribute, cell-too-long-*): 1 MB buffers, and 97-byte ones that split every token.
    @Test("read-ahead gives the plain read's cells or error", arguments: files)
    func sameAsPlain(_ relative: String) {
        let plain = Self.read(relative, readAhead: false)
        #expect(Self.read(relative, readAhead: true) == plain)
        #expect(Self.read(relative, readAhead: true, chunk: 97) == plain)
    }
}
