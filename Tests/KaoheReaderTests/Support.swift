import Foundation
@testable import KaoheReader

enum Fixtures {
    static let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func json(_ relative: String) -> Any {
        try! JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(relative)))
    }

    /// Opens a fixture; `chunk` sets the scanner's buffer size.
    static func workbook(_ relative: String, chunk: Int? = nil, limits: ReaderLimits = .default) throws -> Workbook {
        let wb = try Workbook(path: path(relative), limits: limits)
        if let chunk { wb.chunkSize = chunk }
        return wb
    }

    /// The error a closure throws, as a ReaderError.
    static func readerError(_ body: () throws -> Void) -> ReaderError? {
        do { try body(); return nil } catch let e as ReaderError { return e } catch { return nil }
    }
}

extension SheetGrid {
    /// ref → value, for comparisons.
    var byReference: [String: CellValue] {
        Dictionary(uniqueKeysWithValues: cells.map { ($0.reference, $0.value) })
    }
}
