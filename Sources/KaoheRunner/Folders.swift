import Foundation
import GRDB

/// The runner's folder tree under one root (documented in the README):
///
///     inbox/                 staff drop workbooks here
///     work/run-N/            workbooks claimed by run N while it runs
///     archive/run-N/         workbooks run N processed (or found already processed)
///     rejected/              workbooks that could not be used, each with NAME.错误说明.txt beside it
///     outbox/JOB/PERIOD/     the summary workbooks, by job and period
///     reports/run-N.md|json  what each run did, for people and for machines
///     ledger.sqlite          every run, input, output, finding and rank
///     kaohe.lock             held by the running run
public struct RunnerFolders: Sendable {
    public var root: String
    public var inbox: String { root + "/inbox" }
    public var work: String { root + "/work" }
    public var archive: String { root + "/archive" }
    public var rejected: String { root + "/rejected" }
    public var outbox: String { root + "/outbox" }
    public var reports: String { root + "/reports" }
    public var ledger: String { root + "/ledger.sqlite" }
    public var lock: String { root + "/kaohe.lock" }

    public init(root: String) {
        self.root = (root as NSString).standardizingPath
    }

    public func create() throws {
        for dir in [root, inbox, work, archive, rejected, outbox, reports] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
    }

    func workDir(_ run: Int64) -> String { work + "/run-\(run)" }
    /// A path as the ledger and the report keep it: relative to the root when inside it (a
    /// one-shot run writes its summaries outside).
    func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
    /// A path the ledger or the report keeps, made absolute again.
    func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : root + "/" + path }
    func archiveDir(_ run: Int64) -> String { archive + "/run-\(run)" }
    /// LibreOffice's profile for this root's conversions.
    var officeProfile: String { root + "/.libreoffice-profile" }
    /// Where an input goes, as the ledger records it (relative to the root): archive/run-N/NAME,
    /// or rejected/NAME.
    static func archived(_ name: String, run: Int64) -> String { "archive/run-\(run)/" + name }
    static func rejected(_ name: String) -> String { "rejected/" + name }
}

enum Files {
    static var fm: FileManager { .default }

    static func exists(_ path: String) -> Bool { fm.fileExists(atPath: path) }

    /// A name in `dir` that is not taken: NAME, then NAME (2).xlsx, NAME (3).xlsx …, short
    /// enough that its note (NAME.错误说明.txt) still fits in a file name: a long stem is cut.
    static func freeName(_ name: String, in dir: String, taken: Set<String> = []) -> String {
        let ext = (name as NSString).pathExtension
        let dotExt = ext.isEmpty ? "" : "." + ext
        let room = System.maxNameBytes - RejectionNote.suffix.utf8.count - dotExt.utf8.count - " (99)".utf8.count
        var stem = (name as NSString).deletingPathExtension
        if stem.utf8.count > room { stem = cut(stem, toBytes: room - "…".utf8.count) + "…" }
        var candidate = stem + dotExt
        var n = 2
        while exists(dir + "/" + candidate) || exists(dir + "/" + candidate + RejectionNote.suffix) || taken.contains(candidate) {
            candidate = "\(stem) (\(n))" + dotExt
            n += 1
        }
        return candidate
    }

    /// The longest prefix of `text` of at most `bytes` UTF-8 bytes, cut between characters.
    static func cut(_ text: String, toBytes bytes: Int) -> String {
        var out = ""
        var used = 0
        for ch in text {
            let n = String(ch).utf8.count
            if used + n > bytes { break }
            out.append(ch)
            used += n
        }
        return out
    }

    /// rename(2): atomic within one file system. Never replaces an existing file.
    static func move(_ from: String, _ to: String) throws {
        if exists(to) { throw RunnerError.io("will not replace \(to)") }
        try fm.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if let reason = System.rename(from, to) { throw RunnerError.io("cannot move \(from) to \(to): \(reason)") }
    }

    /// Writes a file under a short temporary name (".partial-PID-N", whatever the final name's
    /// length) and renames it into place.
    static func writeAtomically(_ text: String, to path: String) throws {
        try writeAtomically(to: path) { write in write(text) }
    }

    /// Writes a file piece by piece (`body` is given a function that appends text), under a
    /// temporary name renamed into place: a long file is never held whole in memory.
    static func writeAtomically(to path: String, _ body: ((String) -> Void) -> Void) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let temp = System.temporaryName(for: path, short: true)
        do {
            guard FileManager.default.createFile(atPath: temp, contents: nil), let h = FileHandle(forWritingAtPath: temp) else {
                throw RunnerError.io("cannot create \(temp)")
            }
            var failure: (any Error)?
            body { text in
                guard failure == nil else { return }
                do { try h.write(contentsOf: Data(text.utf8)) } catch { failure = error }
            }
            try h.close()
            if let failure { throw failure }
        } catch {
            System.removeFile(temp)
            throw RunnerError.io("cannot write \(path): \((error as NSError).localizedDescription)")
        }
        if let reason = System.rename(temp, path) {
            System.removeFile(temp)
            throw RunnerError.io("cannot write \(path): \(reason)")
        }
    }

    /// Text for office staff (notes, reports) as Windows Notepad shows it properly: UTF-8 with a
    /// byte-order mark, lines ending in CR LF.
    static func writeForStaff(_ text: String, to path: String) throws {
        try writeAtomically("\u{FEFF}" + text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"), to: path)
    }

    static func list(_ dir: String) -> [String] {
        ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }
}

public enum RunnerError: Error, CustomStringConvertible, Sendable {
    case lockHeld(RunLock.Holder?)
    case io(String)
    case ledger(String)

    /// Every failure the runner meets, as one of its own: the one point where errors from
    /// Foundation and GRDB are converted (each maps to a documented exit code).
    public static func from(_ error: Error) -> RunnerError {
        if let e = error as? RunnerError { return e }
        if let e = error as? DatabaseError {
            let what = e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED
                ? "the ledger is locked by another program"
                : e.resultCode == .SQLITE_FULL ? "the disk is full" : "the ledger cannot be used"
            return .ledger("\(what) (\(e.message ?? "\(e.resultCode)"))")
        }
        let ns = error as NSError
        return .io(ns.localizedDescription + (ns.userInfo[NSFilePathErrorKey].map { " (\($0))" } ?? ""))
    }

    public var description: String {
        switch self {
        case .lockHeld(let h): return "another run holds the lock" + (h.map { " (\($0))" } ?? "")
        case .io(let m): return m
        case .ledger(let m): return "ledger: " + m
        }
    }
}
