import Foundation
@_spi(Parts) import KaoheDraft
import KaoheJobs
@_spi(Parts) import KaoheReader
import KaoheScoring

/// Coverage-guided fuzz targets (libFuzzer), one per input kind:
///
///     KaoheFuzz TARGET [libFuzzer flags] [corpus folders or files]
///
/// TARGET is sheet, sharedStrings, styles, workbook, relationships, properties (the reader's XML parts,
/// fed as XML: deflate would hide them from mutation), zip (a whole .xlsx through libzip),
/// job (a job file and its registry), reason (the reason-text reader), draft (`kaohe draft` on a
/// sheet part: the layout, the rule search and the job it writes, which must validate) or formula
/// (a cell's formula parsed, moved, written back — which must parse again — and computed).
///
/// Built with `-sanitize=fuzzer,address` (scripts/fuzz), libFuzzer drives the target. Built
/// plainly (swift build), the same program replays the files it is given once each, which is
/// what the regression tests do with every input that ever crashed or hung.
///
/// SwiftPM renames an executable target's `main` to `<Target>_main`; this file defines that
/// symbol itself, so the program has no top-level code.
nonisolated(unsafe) var target: FuzzTarget = .sheet

enum FuzzTarget: String, CaseIterable {
    case sheet, sharedStrings, styles, workbook, relationships, properties, zip, job, reason, draft, formula

    func run(_ bytes: [UInt8]) {
        switch self {
        case .sheet:
            // "SHEET \0 SHARED STRINGS": no XML part holds a NUL, so it separates the two.
            let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
            _ = try? PartReading.read(.sheet, Array(parts[0]), strings: parts.count > 1 ? Array(parts[1]) : nil)
        case .sharedStrings: _ = try? PartReading.read(.sharedStrings, bytes)
        case .styles: _ = try? PartReading.read(.styles, bytes)
        case .workbook: _ = try? PartReading.read(.workbook, bytes)
        case .relationships: _ = try? PartReading.read(.relationships, bytes)
        case .properties: _ = try? PartReading.read(.properties, bytes)
        case .zip: Self.zip(bytes)
        case .job: Self.job(bytes)
        case .reason: _ = AdjustmentParser.parse(String(decoding: bytes, as: UTF8.self))
        case .draft: Self.draft(bytes)
        case .formula: Self.formula(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// A formula as a cell holds it: any outcome but a written-back formula that does not
    /// parse. Every cell it names holds its column number, the cell right of A1 text.
    static func formula(_ text: String) {
        guard let f = try? CellFormula.parse(text) else { return }
        let moved = f.moved(rows: 3, columns: -1)
        for g in [f, moved] {
            guard (try? CellFormula.parse(g.description)) != nil else { fatalError("written back, it does not parse: \(g.description)") }
        }
        _ = try? moved.evaluate { (r: FormulaReference) throws(FormulaFailure) -> FormulaValue in
            r.row == 0 && r.column == 1 ? .text("——") : .number(Decimal(r.column))
        }
    }

    /// Scratch file for the zip target, one per process (libFuzzer forks workers with -jobs).
    static let scratch = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        + "/kaohe-fuzz-\(getpid()).xlsx"

    static func zip(_ bytes: [UInt8]) {
        guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes)) else { return }
        defer { unlink(scratch) }
        // A smaller total-inflation budget than a night's (2 GB): the budget is tested on its
        // own (many-sheets-one-part), and the fuzzer looks for traps, not for time spent inflating.
        guard let book = try? Workbook(path: scratch, limits: zipLimits) else { return }
        for sheet in book.sheets {
            _ = try? book.read(sheet) { row in
                for i in 0..<row.count { _ = row.value(i) }
            }
        }
    }

    static let zipLimits = ReaderLimits(maxInflatedTotal: 16 << 20)

    /// "SHEET \0 SHARED STRINGS", drafted: any outcome but a draft that does not validate.
    static func draft(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        do { _ = try Draft.make(sheetPart: Array(parts[0]), strings: parts.count > 1 ? Array(parts[1]) : nil) } catch {
            if error.isDefect { fatalError(error.english) }
        }
    }

    /// "JOB \0 REGISTRY": the job names any registry file and is given the second part.
    static func job(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        let text = String(decoding: parts[0], as: UTF8.self)
        let registry = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : nil
        _ = try? JobParser.parse(text, path: "fuzz.yaml") { ($0, registry) }
    }
}

