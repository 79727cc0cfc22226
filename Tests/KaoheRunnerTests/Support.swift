import Crypto
import Foundation
import GRDB
import KaoheReader

let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The kaohe executable SwiftPM built beside the tests.
let kaohe: String = {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for dir in [beside, beside.deletingLastPathComponent(), URL(fileURLWithPath: repoRoot + "/.build/debug")] {
        let p = dir.appendingPathComponent("kaohe").path
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return repoRoot + "/.build/debug/kaohe"
}()

struct Outcome {
    var status: Int32
    /// Killed by a signal (status is then the signal).
    var signaled: Bool
    var stdout: String
    var stderr: String

    /// The run was killed (SIGKILL) and its supervisor said so, exiting 7 without blaming any
    /// workbook.
    var stoppedFromOutside: Bool {
        !signaled && status == 7 && stderr.contains("the run was stopped from outside (signal 9)")
    }
}

/// Runs kaohe as a child process.
func runKaohe(_ arguments: [String], environment: [String: String] = [:], in folder: String? = nil) throws -> Outcome {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: kaohe)
    p.arguments = arguments
    if let folder { p.currentDirectoryURL = URL(fileURLWithPath: folder) }
    var env = ProcessInfo.processInfo.environment
    env["KAOHE_CRASH_AT"] = nil
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Outcome(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
                   stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// A fresh runner root whose inbox holds copies of the given files.
func makeRoot(_ files: [String], name: String = #function) throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-runner-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
    for f in files {
        try FileManager.default.copyItem(atPath: f, toPath: root + "/inbox/" + (f as NSString).lastPathComponent)
    }
    return root
}

func sha256(_ path: String) -> String {
    SHA256.hash(data: FileManager.default.contents(atPath: path) ?? Data()).map { String(format: "%02x", $0) }.joined()
}

/// Every workbook file under the folders where inputs live, by content hash → paths.
func inputsByHash(_ root: String) -> [String: [String]] {
    var out: [String: [String]] = [:]
    for dir in ["inbox", "work", "archive", "rejected"] {
        guard let e = FileManager.default.enumerator(atPath: root + "/" + dir) else { continue }
        for case let rel as String in e {
            let path = root + "/" + dir + "/" + rel
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            let name = (rel as NSString).lastPathComponent
            if isDir.boolValue || name.hasSuffix(".错误说明.txt") || name.hasPrefix(".") { continue }
            out[sha256(path), default: []].append(dir + "/" + rel)
        }
    }
    return out
}

/// Files under a folder (relative paths), recursively.
func files(_ dir: String) -> [String] {
    guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
    return (e.allObjects as? [String] ?? []).filter { rel in
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir)
        return !isDir.boolValue
    }.sorted()
}

/// Rows of a sheet as text, read with the project's reader.
func sheetRows(_ path: String, _ sheet: String) throws -> [[String]] {
    try Workbook(path: path).grid(named: sheet).rows.map { $0.map { $0?.text ?? "" } }.padded()
}

extension Array where Element == [String] {
    /// Rows as wide as the widest (the reader's rows end at their last value).
    func padded() -> [[String]] {
        let width = map(\.count).max() ?? 0
        return map { row in row + [String](repeating: "", count: width - row.count) }
    }
}

/// The findings on a summary's audit sheet (校验结果), one line each (group lines left out).
func auditLines(_ path: String) throws -> Int {
    try sheetRows(path, "校验结果").filter { r in
        guard let n = r.first, !n.isEmpty, n.allSatisfy({ $0.isNumber || $0 == "." }) else { return false }
        return !r[2].hasPrefix("共 ")
    }.count
}

/// A text file written for office staff (UTF-8 with BOM, CR LF), as plain text with LF; fails
/// when the file is not written that way.
func staffText(_ path: String) throws -> String {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard data.starts(with: [0xEF, 0xBB, 0xBF]) else { throw StaffTextError.noBOM(path) }
    let text = String(decoding: data.dropFirst(3), as: UTF8.self)
    guard !text.replacingOccurrences(of: "\r\n", with: "").contains("\n") else { throw StaffTextError.bareLF(path) }
    return text.replacingOccurrences(of: "\r\n", with: "\n")
}

enum StaffTextError: Error { case noBOM(String), bareLF(String) }

/// Processes whose command line mentions `text` (LibreOffice left running …).
func processes(mentioning text: String) -> [String] {
    let me = String(getpid())
    return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { $0.allSatisfy(\.isNumber) && $0 != me }.compactMap { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        return line.contains(text) ? pid + " " + line : nil
    }
}
