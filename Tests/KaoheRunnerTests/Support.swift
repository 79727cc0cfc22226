import ArgumentParser
import Crypto
import Foundation
import KaoheSystem
@_exported import KaoheTestSupport
import GRDB
import KaoheJobs
import KaoheReader
import KaoheRunner
import Logging
@testable import kaohe


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

/// Runs a kaohe command: in this process when it can be (what it prints is captured), as a
/// child process when it needs one — a nightly run (its supervisor runs the program again as
/// its child), its own environment (locale, crash points) or working folder.
func runKaohe(_ arguments: [String], environment: [String: String] = [:], in folder: String? = nil) throws -> Outcome {
    if environment.isEmpty, folder == nil, !arguments.contains("--root") {
        // A one-shot run in this process is not supervised: its supervisor would start this
        // test program as its child. The supervised one-shot run is tested as a child process.
        let oneShot = arguments.first == "run" && arguments.contains("--inbox") && !arguments.contains("--unsupervised")
        return kaoheInProcess(arguments + (oneShot ? ["--unsupervised"] : []))
    }
    return try kaoheChild(arguments, environment: environment, in: folder)
}

/// Runs a kaohe command in this process, as the program would: the exit code its error maps to,
/// and ArgumentParser's message for it on standard error.
func kaoheInProcess(_ arguments: [String]) -> Outcome {
    let capture = Console.Capture()
    var status: Int32 = 0
    Console.$capture.withValue(capture) {
        do {
            var command = try Kaohe.parseAsRoot(arguments)
            try command.run()
        } catch {
            status = Kaohe.exitCode(for: error).rawValue
            let message = Kaohe.fullMessage(for: error)
            if !message.isEmpty { capture.append(err: message + "\n") }
        }
    }
    return Outcome(status: status, signaled: false, stdout: capture.out, stderr: capture.err)
}

/// One night over `root` in this process: what `kaohe run JOBS --root ROOT --min-age AGE` does
/// in the run its supervisor starts, with the settings a spawned run reads from `KAOHE_*`
/// (`ChildEnvironment`) given as `tuning`, and LibreOffice's program (found on PATH in a spawned
/// run) as `soffice`. No PDF unless a job asks for one, as `kaohe run` without --pdf. What the
/// run logs for the operator goes to `log` when one is given.
func runNight(_ root: String, jobs: [String] = RunnerTests.jobs, minimumAge: TimeInterval = 0,
              tuning: RunnerOptions.Tuning = .init(), soffice: String? = nil, log: LogLines? = nil) throws -> RunReport {
    var options = RunnerOptions(root: root, jobs: try jobs.map { try JobParser.load(path: $0) }, minimumAge: minimumAge)
    options.pdf = false
    options.tuning = tuning
    options.soffice = soffice
    let logger = log.map { lines in Logger(label: "kaohe.test") { _ in LogLines.Handler(lines: lines) } } ?? Logger(label: "kaohe.test")
    return try Runner(options: options, logger: logger).run()
}

/// A night in this process that ends in a storage fault (`kaohe run` exits 6 on it): the
/// `RunnerError` it throws. A night that finishes, or finds the lock held (exit 4), is not one.
func runNightFailing(_ root: String, jobs: [String] = RunnerTests.jobs, minimumAge: TimeInterval = 0,
                     tuning: RunnerOptions.Tuning = .init()) throws -> RunnerError {
    let report: RunReport
    do {
        report = try runNight(root, jobs: jobs, minimumAge: minimumAge, tuning: tuning)
    } catch let e as RunnerError {
        if case .lockHeld = e { throw NotAStorageFault(description: "the lock was held: \(e)") }
        return e
    }
    throw NotAStorageFault(description: "run \(report.run) finished: \(report.status.rawValue), exit \(report.exitCode.map(String.init) ?? "none")")
}

struct NotAStorageFault: Error, CustomStringConvertible {
    var description: String
}

/// The lines a run in this process logged (the operator's log, English), one per message.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    struct Handler: LogHandler {
        let lines: LogLines
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { lines.append("\(event.level): \(event.message)") }
    }
}

/// Runs kaohe as a child process.
func kaoheChild(_ arguments: [String], environment: [String: String] = [:], in folder: String? = nil) throws -> Outcome {
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
    let root = temporaryPath("kaohe-runner")
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




/// The findings on a summary's audit sheet (校验结果), one line each (group lines left out).
func auditLines(_ path: String) throws -> Int {
    auditFindingRows(try sheetRows(path, "校验结果")).count
}


/// Processes whose command line mentions `text` (LibreOffice left running …).
func processes(mentioning text: String) -> [String] {
    let me = String(System.pid)
    return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { $0.allSatisfy(\.isNumber) && $0 != me }.compactMap { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        return line.contains(text) ? pid + " " + line : nil
    }
}

/// The processes whose parent is `pid` (/proc/PID/stat: the parent is the field after the state).
func children(of pid: Int32) -> [Int32] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry -> Int32? in
        guard let child = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/stat") else { return nil }
        let stat = String(decoding: data, as: UTF8.self)
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 2 && Int32(fields[1]) == pid ? child : nil
    }
}

/// Whether a process is running (a zombie, dead but not yet reaped, is not).
func isRunning(_ pid: Int32) -> Bool {
    guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return false }
    let stat = String(decoding: data, as: UTF8.self)
    guard let close = stat.lastIndex(of: ")") else { return false }
    return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
}

/// `kaohe run JOB --root ROOT` started as a child process with a stand-in for LibreOffice first on
/// its PATH: `soffice` in `bin` runs `script`, which finds the file to write its process ids in
/// in $FAKE_OFFICE_PIDS (`pidFile`). Its output goes nowhere.
func superviseWithFakeOffice(_ job: String, root: String, bin: String, script: String, pidFile: String) throws -> Process {
    try script.write(toFile: bin + "/soffice", atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/soffice")
    let supervisor = Process()
    supervisor.executableURL = URL(fileURLWithPath: kaohe)
    supervisor.arguments = ["run", job, "--root", root, "--min-age", "0"]
    var env = ProcessInfo.processInfo.environment
    env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin")
    env["FAKE_OFFICE_PIDS"] = pidFile
    supervisor.environment = env
    supervisor.standardOutput = FileHandle.nullDevice
    supervisor.standardError = FileHandle.nullDevice
    try supervisor.run()
    return supervisor
}
