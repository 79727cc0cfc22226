#if canImport(Glibc)
import Glibc
#endif

/// The system calls a test can make fail (`SystemMocking`).
public enum SystemCall: String, Sendable {
    case lstat, rename, unlink, rmdir, open
    /// Reserving a file's blocks (posix_fallocate), keyed by the file's path.
    case fallocate
}

#if KAOHE_MOCKING
/// The test seam of the system layer, as swift-system's Mocking.swift: in debug builds a test can
/// make a call fail with an errno of its choosing, for paths under a folder of its own (tests run
/// side by side in one process, and a run's work is done on many threads, so the failure is
/// keyed by path, not by thread). Syscalls.swift asks `failure` before every call that takes a
/// path; release builds compile the question out.
public enum SystemMocking {
    struct Rule {
        var id: Int
        var call: SystemCall
        var prefix: String
        var code: Int32
        var failed = 0
    }

    nonisolated(unsafe) static var rules: [Rule] = []
    nonisolated(unsafe) static var nextID = 0
    nonisolated(unsafe) static let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        system_mutex_init(m)
        return m
    }()

    static func locked<R>(_ body: () -> R) -> R {
        system_mutex_lock(mutex)
        defer { system_mutex_unlock(mutex) }
        return body()
    }

    /// Runs `body` while `call` fails with `code` (ENOSPC …) for every path under `prefix`; body's
    /// result, and how many calls were made to fail.
    public static func failing<R>(_ call: SystemCall, errno code: Int32, under prefix: String,
                                  _ body: () throws -> R) rethrows -> (result: R, failed: Int) {
        let id = locked { () -> Int in
            nextID += 1
            rules.append(Rule(id: nextID, call: call, prefix: prefix, code: code))
            return nextID
        }
        defer { locked { rules.removeAll { $0.id == id } } }
        let result = try body()
        return (result, locked { rules.first { $0.id == id }?.failed ?? 0 })
    }

    /// The errno `call` on `path` must fail with, if a test asked for it.
    static func failure(_ call: SystemCall, path: String) -> Int32? {
        locked {
            guard let i = rules.firstIndex(where: { $0.call == call && path.hasPrefix($0.prefix) }) else { return nil }
            rules[i].failed += 1
            return rules[i].code
        }
    }
}
#endif
