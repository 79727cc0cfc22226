#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex and its condition variable: what the reader's read-ahead thread and its
/// scanner hand buffers over with. (Plain pthreads keep the reader free of Foundation.)
public final class Condition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        system_mutex_init(mutex)
        system_cond_init(cond)
    }

    deinit {
        system_cond_destroy(cond)
        system_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    public func lock() { system_mutex_lock(mutex) }
    public func unlock() { system_mutex_unlock(mutex) }
    /// Unlocks, waits for a broadcast, and locks again.
    public func wait() { system_cond_wait(cond, mutex) }
    public func broadcast() { system_cond_broadcast(cond) }
}

extension System {
    /// Runs `body` on a new detached thread; false when no thread could be started.
    public static func startThread(_ body: @escaping @Sendable () -> Void) -> Bool {
        final class Box {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let argument = Unmanaged.passRetained(Box(body)).toOpaque()
        let started = system_start_detached({ argument in
            Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue().body()
            return nil
        }, argument)
        if started != 0 { Unmanaged<Box>.fromOpaque(argument).release() }
        return started == 0
    }
}
