import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Named points of a run where the crash-safety test kills the process.
///
/// `KAOHE_CRASH_AT=claim-file#2` makes the process send itself SIGKILL the second time it
/// reaches `claim-file` — a real kill -9 at an exact place, which a test cannot get by timing a
/// signal from outside. Unset (always, in production) it costs one dictionary lookup per point.
public enum CrashPoints {
    static let target: (name: String, hit: Int)? = {
        guard let spec = ProcessInfo.processInfo.environment["KAOHE_CRASH_AT"], !spec.isEmpty else { return nil }
        let parts = spec.split(separator: "#")
        return (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()

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
        if n == target.hit { System.signal(System.pid, SIGKILL) }
    }
}
