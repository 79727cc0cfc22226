import Foundation

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
    func archiveDir(_ run: Int64) -> String { archive + "/run-\(run)" }
}

enum Files {
    static var fm: FileManager { .default }

    static func exists(_ path: String) -> Bool { fm.fileExists(atPath: path) }

    /// A name in `dir` that is not taken: NAME, then NAME (2).xlsx, NAME (3).xlsx …
    static func freeName(_ name: String, in dir: String, taken: Set<String> = []) -> String {
        let stem = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        var candidate = name
        var n = 2
        while exists(dir + "/" + candidate) || exists(dir + "/" + candidate + RejectionNote.suffix) || taken.contains(candidate) {
            candidate = "\(stem) (\(n))" + (ext.isEmpty ? "" : "." + ext)
            n += 1
        }
        return candidate
    }

    /// rename(2): atomic within one file system. Never replaces an existing file.
    static func move(_ from: String, _ to: String) throws {
        if exists(to) { throw RunnerError.io("will not replace \(to)") }
        try fm.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard rename(from, to) == 0 else {
            throw RunnerError.io("cannot move \(from) to \(to): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes a file under a temporary name and renames it into place.
    static func writeAtomically(_ text: String, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let temp = dir + "/." + (path as NSString).lastPathComponent + ".partial-\(getpid())"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temp))
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw RunnerError.io("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func list(_ dir: String) -> [String] {
        ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }
}

public enum RunnerError: Error, CustomStringConvertible, Sendable {
    case lockHeld(RunLock.Holder?)
    case io(String)
    case ledger(String)

    public var description: String {
        switch self {
        case .lockHeld(let h): return "another run holds the lock" + (h.map { " (\($0))" } ?? "")
        case .io(let m): return m
        case .ledger(let m): return "ledger: " + m
        }
    }
}
