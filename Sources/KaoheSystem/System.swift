#if canImport(Glibc)
import Glibc
#endif

/// The system calls the project makes, in Swift: what a directory entry is (without following
/// links or opening it: opening a named pipe blocks until a writer comes), files, processes,
/// signals, shared memory and threads. Every call goes through Syscalls.swift, where a test can
/// make one fail (`SystemMocking`). Free of Foundation, so the reader can use it.
public enum System {
    /// What kind of directory entry a name is, as lstat(2) says.
    public enum EntryKind: String, Sendable {
        case regular, directory, fifo, socket, symlink, device, other, missing

        /// How the report names it for office staff.
        public var chinese: String {
            switch self {
            case .regular: return "文件"
            case .directory: return "文件夹"
            case .fifo: return "命名管道"
            case .socket: return "套接字"
            case .symlink: return "快捷方式（符号链接）"
            case .device: return "设备文件"
            case .other: return "特殊文件"
            case .missing: return "已不存在"
            }
        }
    }

    public struct Entry: Sendable {
        public var kind: EntryKind
        public var size: Int64
        /// The last modification (mtime), in seconds since 1970 (`modified` as a Date, in KaoheRunner).
        public var modifiedSeconds: Double
        /// The inode's last change (ctime): a copy that keeps the source's old mtime still
        /// changes it while it writes.
        public var changedSeconds: Double
    }

    public static func entry(_ path: String) -> Entry {
        var st = stat()
        guard system_lstat(path, &st) == 0 else { return Entry(kind: .missing, size: 0, modifiedSeconds: -.infinity, changedSeconds: -.infinity) }
        let kind: EntryKind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        case S_IFLNK: kind = .symlink
        case S_IFCHR, S_IFBLK: kind = .device
        default: kind = .other
        }
        func seconds(_ t: timespec) -> Double { Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
        return Entry(kind: kind, size: Int64(st.st_size), modifiedSeconds: seconds(st.st_mtim), changedSeconds: seconds(st.st_ctim))
    }

    /// rename(2); nil on success, else the reason.
    public static func rename(_ from: String, _ to: String) -> String? {
        system_rename(from, to) == 0 ? nil : system_strerror(system_errno())
    }

    /// The signals the project sends, forwards or handles, by name; the raw value is the signal's
    /// number (Linux's, the same on x86-64 and arm64), so callers need no libc constant.
    public enum Signal: Int32, CaseIterable, Sendable {
        /// SIGHUP: the terminal or session went away.
        case hangup = 1
        /// SIGINT: ^C.
        case interrupt = 2
        /// SIGILL: an illegal instruction (a Swift trap on some machines).
        case illegalInstruction = 4
        /// SIGTRAP: a Swift trap (precondition, force unwrap of nil, overflow).
        case trap = 5
        /// SIGABRT: abort().
        case abort = 6
        /// SIGBUS: a bad memory access (a mapped file's page that cannot be had).
        case bus = 7
        /// SIGFPE: an arithmetic fault.
        case floatingPointException = 8
        /// SIGKILL: cannot be caught or ignored.
        case kill = 9
        /// SIGSEGV: a bad memory access.
        case segmentationFault = 11
        /// SIGTERM: asked to stop (systemd, kill).
        case terminate = 15
    }

    /// Ends a child process that overran its time limit (SIGKILL: LibreOffice can ignore TERM).
    public static func kill(_ pid: Int32) {
        _ = system_kill(pid, SIGKILL)
    }

    /// Sends `signal` to a process, or to every process of a group (`pid` negative).
    public static func signal(_ pid: Int32, _ signal: Signal) {
        _ = system_kill(pid, signal.rawValue)
    }

    /// Sends the signal numbered `number` (one a handler was given) to a process, or to every
    /// process of a group (`pid` negative). Async-signal-safe.
    public static func signal(_ pid: Int32, number: Int32) {
        _ = system_kill(pid, number)
    }

    // MARK: Processes

    /// Starts `executable` with `arguments` (the first is the program's name) and the
    /// environment `environment`; in a process group of its own when `newGroup` (a helper, such
    /// as LibreOffice, whose standard output — "convert … using filter …" — goes to /dev/null,
    /// not into the operators' log). The child's PID, or the reason it could not start.
    public static func spawn(_ executable: String, arguments: [String], environment: [String: String],
                             newGroup: Bool = false) -> Result<Int32, SystemError> {
        func cStrings(_ list: [String]) -> [UnsafeMutablePointer<CChar>?] { list.map { system_strdup($0) } + [nil] }
        let argv = cStrings(arguments)
        let envp = cStrings(environment.map { "\($0.key)=\($0.value)" })
        defer { for p in argv + envp { system_free(p) } }
        var pid: pid_t = 0
        let rc = system_posix_spawn(&pid, executable, argv, envp, newGroup: newGroup)
        return rc == 0 ? .success(pid) : .failure(SystemError(rc))
    }

    /// How a child process ended.
    public enum Ending: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// The child's ending and its peak resident memory in bytes, if it has ended (without
    /// waiting), else nil.
    public static func ended(_ pid: Int32) -> (ending: Ending, peakMemory: Int)? {
        var status: Int32 = 0
        var usage = rusage()
        let rc = system_wait4(pid, &status, &usage)
        guard rc == pid else { return rc < 0 && system_errno() == ECHILD ? (.exited(-1), 0) : nil }
        let signal = status & 0x7F
        return (signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal), Int(usage.ru_maxrss) * 1024)
    }

    /// Sets the soft and hard limit of this process's data segment (RLIMIT_DATA: the heap and
    /// every private mapping), for it and the ones it starts: past it an allocation fails.
    public static func limitData(to bytes: UInt64) { system_setrlimit(Int32(RLIMIT_DATA.rawValue), bytes) }

    /// Ends this process with `code` (exit(3): buffered output is written first).
    public static func exit(_ code: Int32) -> Never { system_exit(code) }

    // MARK: Temporary names

    nonisolated(unsafe) private static var temporaryCount = 0
    private static let temporaryLock = Condition()

    /// The hidden name a file is written under before it is renamed into place, beside it:
    /// ".NAME.partial-PID-N", unique in this process (two writes of one file at once never share
    /// it) and recognised by the next run, which removes those a dead run left.
    /// `short`: ".partial-PID-N" alone, for a final name too long to take a suffix (a returned
    /// file's note).
    public static func temporaryName(for path: String, short: Bool = false) -> String {
        temporaryLock.lock()
        temporaryCount += 1
        let n = temporaryCount
        temporaryLock.unlock()
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return dir + "/." + (short ? "" : name + ".") + "partial-\(pid)-\(n)"
    }

    // MARK: Shared memory and signals

    /// A file of `size` zero bytes mapped shared into memory (a supervisor and the run it
    /// watches both map it); nil if it cannot be made.
    public static func mapShared(_ path: String, size: Int, create: Bool) -> UnsafeMutableRawPointer? {
        let fd = system_open(path, create ? O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC : O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        defer { _ = system_close(fd) }
        if create, system_ftruncate(fd, size) != 0 { return nil }
        return system_mmap_shared(fd, size)
    }

    public static func unmap(_ p: UnsafeMutableRawPointer, size: Int) { system_munmap(p, size) }

    /// A shared file's blocks reserved on disk (posix_fallocate), so that writing to its mapping
    /// can never fault for want of space (a sparse file on a full disk gives SIGBUS); nil on
    /// success, else the reason.
    public static func reserve(_ path: String, size: Int) -> String? {
        let fd = system_open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return system_strerror(system_errno()) }
        defer { _ = system_close(fd) }
        let rc = system_posix_fallocate(fd, size, path: path)
        return rc == 0 ? nil : system_strerror(rc)
    }

    /// The run ends with its supervisor: the kernel kills this process when its parent dies, and
    /// a parent already gone (the supervisor killed before this line) is told now. False when
    /// `parent` is no longer this process's parent.
    public static func dieWithParent(_ parent: Int32) -> Bool {
        _ = system_die_with_parent(SIGKILL)
        return system_getppid() == parent
    }

    /// Whether a process of that PID exists (kill(pid, 0); a process of another user counts).
    public static func exists(_ pid: Int32) -> Bool { system_kill(pid, 0) == 0 || system_errno() == EPERM }

    /// This thread's identity, as the fault handler can read it.
    public static func thread() -> UInt64 { system_pthread_self() }

    /// Installs `handler` for `signals`, keeping each one's previous action here, so that the
    /// handler can give the signal back to it (`passOn`). Once per process, before any fault.
    public static func installFaultHandler(for signals: [Signal], _ handler: @convention(c) (Int32) -> Void) {
        let saved = previousActions ?? {
            let p = UnsafeMutablePointer<sigaction>.allocate(capacity: actionSlots)
            p.initialize(repeating: sigaction(), count: actionSlots)
            previousActions = p
            return p
        }()
        for s in signals { system_sigaction_install(s.rawValue, handler, saved + Int(s.rawValue)) }
    }

    /// Puts back the action signal `number` had before `installFaultHandler` (inside the
    /// handler: async-signal-safe), so that returning from the handler meets it.
    public static func passOn(_ number: Int32) {
        guard let saved = previousActions, number > 0, Int(number) < actionSlots else { return }
        system_sigaction_restore(number, saved + Int(number))
    }

    /// Forwards `signals` to a child process (a supervisor stopped by systemd or ^C stops the
    /// run it watches, and waits for it).
    public static func forward(_ signals: [Signal], with handler: @convention(c) (Int32) -> Void) {
        for s in signals { system_signal(s.rawValue, handler) }
    }

    /// A memory file system for short-lived scratch files (/dev/shm), when the machine has a
    /// writable one; nil otherwise.
    public static let memoryScratch: String? = {
        let path = "/dev/shm"
        guard entry(path).kind == .directory, system_access(path, W_OK | X_OK) == 0 else { return nil }
        return path
    }()

    // MARK: Files and the process

    /// This process's ID.
    public static var pid: Int32 { system_getpid() }

    /// rmdir(2): removes an empty folder (a folder still holding files stays).
    public static func removeEmptyFolder(_ path: String) { _ = system_rmdir(path) }

    /// unlink(2).
    public static func removeFile(_ path: String) { _ = system_unlink(path) }

    /// Sleeps for `duration` (to the microsecond; a negative one not at all).
    public static func pause(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        if microseconds > 0 { system_usleep(UInt32(clamping: microseconds)) }
    }

    /// Never returns (a test's stand-in for a reader stuck in a loop).
    public static func hang() -> Never { while true { system_sleep(60) } }

    /// Whether the descriptor is a terminal (isatty).
    public static func isTerminal(_ fd: Int32) -> Bool { system_isatty(fd) == 1 }

    /// Whether this process's standard error is a terminal (a person watching, not a log).
    public static var isStandardErrorTerminal: Bool { isTerminal(STDERR_FILENO) }

    /// Opens (creating it) a file to hold a lock; the descriptor, or the reason.
    public static func openLockFile(_ path: String) -> Result<Int32, SystemError> {
        let fd = system_open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        return fd >= 0 ? .success(fd) : .failure(SystemError(system_errno()))
    }

    /// flock(2) without waiting: whether the exclusive lock was taken.
    public static func tryLock(_ fd: Int32) -> Bool { system_flock(fd, LOCK_EX | LOCK_NB) == 0 }

    /// Releases the lock and closes the descriptor.
    public static func unlockAndClose(_ fd: Int32) {
        _ = system_flock(fd, LOCK_UN)
        _ = system_close(fd)
    }

    public static func closeFile(_ fd: Int32) { _ = system_close(fd) }

    /// Replaces the file's content with `text`, durably (ftruncate, pwrite, fsync).
    public static func overwrite(_ fd: Int32, with text: String) {
        _ = system_ftruncate(fd, 0)
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { system_pwrite(fd, $0.baseAddress!, $0.count, 0) }
        _ = system_fsync(fd)
    }

    /// Up to `limit` bytes from the start of the file.
    public static func readStart(_ fd: Int32, limit: Int = 256) -> String {
        var buffer = [UInt8](repeating: 0, count: limit)
        let n = buffer.withUnsafeMutableBytes { system_pread(fd, $0.baseAddress!, $0.count, 0) }
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }

    /// Up to `limit` bytes from the start of the file at `path` (fewer when it is shorter), or
    /// why it cannot be opened.
    public static func readStart(of path: String, limit: Int) -> Result<[UInt8], SystemError> {
        let fd = system_open(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { return .failure(SystemError(system_errno())) }
        defer { _ = system_close(fd) }
        var buffer = [UInt8](repeating: 0, count: limit)
        var got = 0
        while got < limit {
            let n = buffer.withUnsafeMutableBytes { system_read(fd, $0.baseAddress! + got, limit - got) }
            if n < 0, system_errno() == EINTR { continue }
            guard n > 0 else { break }
            got += n
        }
        return .success(Array(buffer[0..<got]))
    }

    /// A C copy of `text` (strdup) for a C library that keeps the pointer; give it back with `free`.
    public static func cString(_ text: String) -> UnsafeMutablePointer<CChar>? { system_strdup(text) }

    /// free(3), for what `cString` made.
    public static func free(_ p: UnsafeMutableRawPointer?) { system_free(p) }

    /// Gives the memory freed so far back to the system (malloc_trim): each thread's arena
    /// otherwise keeps the high-water mark of every batch it ever held.
    public static func releaseFreeMemory() { system_malloc_trim() }

    /// Wall time, in whole seconds (readable inside a signal handler and across processes).
    public static func seconds() -> Int64 { system_time() }

    /// The longest file name most file systems take, in bytes (NAME_MAX).
    public static let maxNameBytes = 255

    /// Each signal's action before `installFaultHandler`, indexed by signal number (1…64).
    nonisolated(unsafe) private static var previousActions: UnsafeMutablePointer<sigaction>?
    private static var actionSlots: Int { 65 }
}

/// A failed system call's errno, with its text.
public struct SystemError: Error, CustomStringConvertible, Sendable, Equatable {
    public var code: Int32
    public init(_ code: Int32) { self.code = code }
    public var description: String { system_strerror(code) }

    /// No space left on the device (ENOSPC).
    public static let noSpace = ENOSPC
}
