import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The run lock: `kaohe.lock` in the runner's root, held with flock(2) for the whole run and
/// holding the owner's PID and start time.
///
/// flock is released by the kernel when its process dies, however it dies (kill -9 included),
/// so a lock file left behind by a dead run never blocks the next one: the next run takes it
/// over and logs whose it was. While a live run holds it, a second run learns the holder's PID
/// and start time from the file and exits at once.
public final class RunLock {
    public struct Holder: Sendable, Equatable, CustomStringConvertible {
        public var pid: Int32
        public var started: String
        public var description: String { "pid \(pid), started \(started)" }

        static func parse(_ text: String) -> Holder? {
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, let pid = Int32(parts[0]) else { return nil }
            return Holder(pid: pid, started: parts[1].trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    public enum Failure: Error, Sendable, Equatable {
        /// Another live run holds the lock.
        case held(by: Holder?)
        case cannotOpen(path: String, reason: String)
    }

    private let fd: Int32
    public let path: String
    /// The dead run whose lock file this run took over, if any.
    public let takenOverFrom: Holder?

    public static func acquire(_ path: String, now: Date = Date()) throws(Failure) -> RunLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        let previous = Holder.parse(readAll(fd))
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .held(by: previous)
        }
        let stamp = ISO8601DateFormatter().string(from: now)
        let content = "\(getpid()) \(stamp)\n"
        _ = ftruncate(fd, 0)
        _ = content.withCString { pwrite(fd, $0, strlen($0), 0) }
        _ = fsync(fd)
        // A holder recorded in the file whose flock we could take is a dead run's.
        return RunLock(fd: fd, path: path, takenOverFrom: previous)
    }

    private init(fd: Int32, path: String, takenOverFrom: Holder?) {
        self.fd = fd
        self.path = path
        self.takenOverFrom = takenOverFrom
    }

    /// Clears the holder and releases the lock. (If the process dies first, the kernel releases it.)
    public func release() {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }

    private static func readAll(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pread(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }
}
