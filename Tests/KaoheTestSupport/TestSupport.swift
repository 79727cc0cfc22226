import Foundation
import KaoheReader

/// What every test target shares: where the repository is, the published seed tables, sheets
/// read back as text, folders listed, staff text checked.

/// The repository root, found from this file's path (Tests/KaoheTestSupport/TestSupport.swift).
public let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

public func repoPath(_ relative: String) -> String { repoRoot + "/" + relative }

/// The published seed tables (Tests/KaoheScoringTests/Seeds, made by scripts/seeds_to_json.py).
public enum PublishedSeeds {
    public static func json(_ name: String) -> [String: Any] {
        let data = try! Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/KaoheScoringTests/Seeds/\(name).json")))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// Title, subtitle and rows of cells of each table of a seed.
    public static func tables(_ seed: String) -> [(title: String, subtitle: String?, rows: [[String]])] {
        (json("seed" + seed)["tables"] as! [[String: Any]]).map {
            ($0["title"] as! String, $0["subtitle"] as? String, $0["rows"] as! [[String]])
        }
    }
}

extension Array where Element == [String] {
    /// Rows as wide as the widest (the reader's rows end at their last value).
    public func padded() -> [[String]] {
        let width = map(\.count).max() ?? 0
        return map { row in row + [String](repeating: "", count: width - row.count) }
    }
}

/// Rows of a sheet as text, read with the project's reader.
public func sheetRows(_ path: String, _ sheet: String) throws -> [[String]] {
    try Workbook(path: path).grid(named: sheet).rows.map { $0.map { $0?.text ?? "" } }.padded()
}

/// The names of a workbook's sheets, in order, read with the project's reader.
public func sheetNames(_ path: String) throws -> [String] {
    try Workbook(path: path).sheets.map(\.name)
}

/// The finding rows of an audit sheet (校验结果): numbered rows, group lines (共 N 项) left out.
public func auditFindingRows(_ rows: [[String]]) -> [[String]] {
    rows.filter { r in
        guard let n = r.first, !n.isEmpty, n.allSatisfy({ $0.isNumber || $0 == "." }) else { return false }
        return !r[2].hasPrefix("共 ")
    }
}

/// Files under a folder (relative paths), recursively, sorted.
public func files(_ dir: String) -> [String] {
    guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
    return (e.allObjects as? [String] ?? []).filter { rel in
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir)
        return !isDir.boolValue
    }.sorted()
}

/// A text file written for office staff (UTF-8 with BOM, CR LF), as plain text with LF; fails
/// when the file is not written that way.
public func staffText(_ path: String) throws -> String {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard data.starts(with: [0xEF, 0xBB, 0xBF]) else { throw StaffTextError.noBOM(path) }
    let text = String(decoding: data.dropFirst(3), as: UTF8.self)
    guard !text.replacingOccurrences(of: "\r\n", with: "").contains("\n") else { throw StaffTextError.bareLF(path) }
    return text.replacingOccurrences(of: "\r\n", with: "\n")
}

public enum StaffTextError: Error { case noBOM(String), bareLF(String) }

/// A new empty folder under the temporary directory (the caller removes it).
public func temporaryFolder(_ prefix: String = "kaohe-test") throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The seed jobs (Jobs/*.yaml), by file name.
public enum SeedJobs {
    public static let all: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: repoPath("Jobs"))) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()
}

/// A new path under the temporary directory, not made (for a copy or a command to make).
public func temporaryPath(_ prefix: String = "kaohe-test") -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
}
