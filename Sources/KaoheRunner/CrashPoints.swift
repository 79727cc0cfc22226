import Foundation

/// Named points of a run where the crash-safety test kills the process.
///
/// `claim-file#2` (`RunnerOptions.TestHooks.crashAt`; `KAOHE_CRASH_AT` for a spawned kaohe)
/// makes the process send itself SIGKILL the second time it reaches `claim-file` — a real
/// kill -9 at an exact place, which a test cannot get by timing a signal from outside. Unarmed
/// (always, in production) it costs one comparison per point.
public enum CrashPoints {
    nonisolated(unsafe) static var target: (name: String, hit: Int)?

    /// Arms the crash point `spec` ("name" or "name#n") for this process, before the run starts.
    static func arm(_ spec: String) {
        let parts = spec.split(separator: "#")
        guard let name = parts.first else { return }
        target = (String(name), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }

    nonisolated(unsafe) static var counts: [String: Int] = [:]
    static let lock = NSLock()

    // The points a run passes, in order: locked, run-recorded, recover-file (each), claim-file
    // (each), claimed, hashed, bound, scored, output-temp, output-written (each job and period),
    // batch-committed and archive-file (each batch of summaries but the last),
    // ledger-committed, note-written, rejected-file (each), archive-file (each), archived,
    // report-written, finished.

    public static func hit(_ name: String) {
        guard let target, target.name == name else { return }
        lock.lock()
        counts[name, default: 0] += 1
        let n = counts[name]!
        lock.unlock()
        if n == target.hit { System.signal(System.pid, .kill) }
    }
}
