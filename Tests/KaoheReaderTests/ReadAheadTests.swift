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
    static func read(_ relative: String, readAhead: Bool) -> [String] {
        do {
            let wb = try Workbook(path: Fixtures.path(relative))
            if readAhead { wb.readAheadThreshold = 0 }
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

    @Test("read-ahead gives the plain read's cells or error", arguments: files)
    func sameAsPlain(_ relative: String) {
        #expect(Self.read(relative, readAhead: true) == Self.read(relative, readAhead: false))
    }
}
