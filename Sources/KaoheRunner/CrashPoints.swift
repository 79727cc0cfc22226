import Foundation

/// The points of a run where the crash-safety test kills the process, in the order a run
/// passes them (the raw value is the name a spec gives): locked, run-recorded, recover-file
/// (each), claim-file (each), claimed, hashed, bound, scored, output-temp, output-written (each
/// job and period), batch-committed and archive-file (each batch of summaries but the last),
/// ledger-committed, note-written, rejected-file (each), archive-file (each), archived,
/// report-written, finished.
public enum CrashPoint: String, CaseIterable, Sendable {
    case locked
    case runRecorded = "run-recorded"
    case recoverFile = "recover-file"
    case claimFile = "claim-file"
    case claimed
    case hashed
    case bound
    case scored
    case outputTemp = "output-temp"
    case outputWritten = "output-written"
    case batchCommitted = "batch-committed"
    case archiveFile = "archive-file"
    case ledgerCommitted = "ledger-committed"
    case noteWritten = "note-written"
    case rejectedFile = "rejected-file"
    case archived
    case reportWritten = "report-written"
    case finished
}

/// A crash point spec that names no point, or a pass that is not a whole number from 1.
public struct CrashPointError: Error, CustomStringConvertible, Equatable, Sendable {
    public var spec: String
    public var description: String {
        "crash point \"\(spec)\" is not one of " + CrashPoint.allCases.map(\.rawValue).joined(separator: ", ")
            + " (optionally followed by #n, n from 1)"
    }
}

/// Kills the run at a crash point.
///
/// `claim-file#2` (`RunnerOptions.TestHooks.crashAt`; `KAOHE_CRASH_AT` for a spawned kaohe)
/// makes the process send itself SIGKILL the second time it reaches `.claimFile` — a real
/// kill -9 at an exact place, which a test cannot get by timing a signal from outside. Unarmed
/// (always, in production) it costs one comparison per point.
public enum CrashPoints {
    /// Which point, and on which pass of it, the process dies.
    public struct Target: Equatable, Sendable {
        public var point: CrashPoint
        public var hit: Int

        public init(point: CrashPoint, hit: Int) {
            self.point = point
            self.hit = hit
        }

        /// Read from a spec, "name" or "name#n" (n from 1; 1 when left out).
        public init(_ spec: String) throws(CrashPointError) {
            let parts = spec.split(separator: "#", omittingEmptySubsequences: false)
            guard parts.count <= 2, let point = CrashPoint(rawValue: String(parts[0])) else { throw CrashPointError(spec: spec) }
            let hit = parts.count == 2 ? Int(parts[1]) : 1
            guard let hit, hit >= 1 else { throw CrashPointError(spec: spec) }
            (self.point, self.hit) = (point, hit)
        }
    }

    nonisolated(unsafe) static var target: Target?

    /// Arms the crash point `spec` ("name" or "name#n") for this process, before the run
    /// starts. `kaohe run` checks the spec first and refuses a wrong one (`Target`); a test that
    /// hands a misspelt one to a `Runner` in its own process stops here, loudly.
    static func arm(_ spec: String) {
        do { target = try Target(spec) } catch { fatalError("test hook crashAt: \(error)") }
    }

    nonisolated(unsafe) static var counts: [CrashPoint: Int] = [:]
    static let lock = NSLock()

    public static func hit(_ point: CrashPoint) {
        guard let target, target.point == point else { return }
        lock.lock()
        counts[point, default: 0] += 1
        let n = counts[point]!
        lock.unlock()
        if n == target.hit { System.signal(System.pid, .kill) }
    }
}
