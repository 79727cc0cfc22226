import Foundation

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
        let fd: Int32
        switch System.openLockFile(path) {
        case .success(let d): fd = d
        case .failure(let e): throw .cannotOpen(path: path, reason: e.description)
        }
        let previous = Holder.parse(System.readStart(fd))
        guard System.tryLock(fd) else {
            System.closeFile(fd)
            throw .held(by: previous)
        }
        let stamp = ISO8601DateFormatter().string(from: now)
        System.overwrite(fd, with: "\(System.pid) \(stamp)\n")
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
        System.overwrite(fd, with: "")
        System.unlockAndClose(fd)
    }

}
