import CKaoheSystem
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The system calls the runner makes on inbox files, in one place (as swift-system keeps its
/// syscalls in one internal file): what a directory entry is, without following links or
/// opening it (opening a named pipe blocks until a writer comes).
enum System {
    /// What kind of directory entry a name is, as lstat(2) says.
    enum EntryKind: String, Sendable {
        case regular, directory, fifo, socket, symlink, device, other, missing

        /// How the report names it for office staff.
        var chinese: String {
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

    struct Entry {
        var kind: EntryKind
        var size: Int64
        var modified: Date
        /// The inode's last change (ctime): a copy that keeps the source's old mtime still
        /// changes it while it writes.
        var changed: Date
    }

    static func entry(_ path: String) -> Entry {
        var st = stat()
        guard lstat(path, &st) == 0 else { return Entry(kind: .missing, size: 0, modified: .distantPast, changed: .distantPast) }
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
        func date(_ t: timespec) -> Date { Date(timeIntervalSince1970: Double(t.tv_sec) + Double(t.tv_nsec) / 1e9) }
        return Entry(kind: kind, size: Int64(st.st_size), modified: date(st.st_mtim), changed: date(st.st_ctim))
    }

    /// rename(2); nil on success, else the reason.
    static func rename(_ from: String, _ to: String) -> String? {
        Glibc.rename(from, to) == 0 ? nil : String(cString: strerror(errno))
    }

    /// Ends a child process that overran its time limit (SIGKILL: LibreOffice can ignore TERM).
    static func kill(_ pid: Int32) {
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// Sends `signal` to a process, or to every process of a group (`pid` negative).
    static func signal(_ pid: Int32, _ signal: Int32) {
        _ = Glibc.kill(pid, signal)
    }

    // MARK: Processes

    /// Starts `executable` with `arguments` (the first is the program's name) and the
    /// environment `environment`; in a process group of its own when `newGroup` (a helper, such
    /// as LibreOffice, whose standard output — "convert … using filter …" — goes to /dev/null,
    /// not into the operators' log). The child's PID, or the reason it could not start.
    static func spawn(_ executable: String, arguments: [String], environment: [String: String],
                      newGroup: Bool = false) -> Result<Int32, SystemError> {
        func cStrings(_ list: [String]) -> [UnsafeMutablePointer<CChar>?] { list.map { strdup($0) } + [nil] }
        let argv = cStrings(arguments)
        let envp = cStrings(environment.map { "\($0.key)=\($0.value)" })
        defer { for p in argv + envp { free(p) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if newGroup {
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if newGroup { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        return rc == 0 ? .success(pid) : .failure(SystemError(rc))
    }

    /// How a child process ended.
    enum Ending: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// The child's ending and its peak resident memory in bytes, if it has ended (without
    /// waiting), else nil.
    static func ended(_ pid: Int32) -> (ending: Ending, peakMemory: Int)? {
        var status: Int32 = 0
        var usage = rusage()
        let rc = wait4(pid, &status, WNOHANG, &usage)
        guard rc == pid else { return rc < 0 && errno == ECHILD ? (.exited(-1), 0) : nil }
        let signal = status & 0x7F
        return (signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal), Int(usage.ru_maxrss) * 1024)
    }

    /// Sets the soft and hard limit of a resource (`RLIMIT_DATA` …) for this process and
    /// the ones it starts.
    static func limit(_ resource: Int32, to bytes: UInt64) {
        var r = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
        _ = setrlimit(__rlimit_resource_t(UInt32(resource)), &r)
    }

    // MARK: Shared memory and signals

    /// A file of `size` zero bytes mapped shared into memory (a supervisor and the run it
    /// watches both map it); nil if it cannot be made.
    static func mapShared(_ path: String, size: Int, create: Bool) -> UnsafeMutableRawPointer? {
        let fd = open(path, create ? O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC : O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if create, ftruncate(fd, off_t(size)) != 0 { return nil }
        let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        return p == MAP_FAILED ? nil : p
    }

    static func unmap(_ p: UnsafeMutableRawPointer, size: Int) { munmap(p, size) }

    /// A shared file's blocks reserved on disk (posix_fallocate), so that writing to its mapping
    /// can never fault for want of space (a sparse file on a full disk gives SIGBUS); nil on
    /// success, else the reason.
    static func reserve(_ path: String, size: Int) -> String? {
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        let rc = posix_fallocate(fd, 0, off_t(size))
        return rc == 0 ? nil : String(cString: strerror(rc))
    }

    /// The run ends with its supervisor: the kernel kills this process when its parent dies, and
    /// a parent already gone (the supervisor killed before this line) is told now. False when
    /// `parent` is no longer this process's parent.
    static func dieWithParent(_ parent: Int32) -> Bool {
        _ = kaohe_die_with_parent(SIGKILL)
        return getppid() == parent
    }

    /// Whether a process of that PID exists (kill(pid, 0); a process of another user counts).
    static func exists(_ pid: Int32) -> Bool { Glibc.kill(pid, 0) == 0 || errno == EPERM }

    /// This thread's identity, as the fault handler can read it.
    static func thread() -> UInt64 { UInt64(pthread_self()) }

    /// Installs `handler` for `signals`, keeping each previous action in `previous` (indexed
    /// by signal number), so that the handler can give the signal back to it.
    static func handle(_ signals: [Int32], with handler: @convention(c) (Int32) -> Void,
                       previous: UnsafeMutablePointer<sigaction>) {
        for s in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = handler
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_NODEFER
            sigaction(s, &action, previous + Int(s))
        }
    }

    /// Puts back the action `signal` had before `handle` (inside a signal handler).
    static func restore(_ signal: Int32, from previous: UnsafeMutablePointer<sigaction>) {
        sigaction(signal, previous + Int(signal), nil)
    }

    /// Forwards `signals` to a child process (a supervisor stopped by systemd or ^C stops the
    /// run it watches, and waits for it).
    static func forward(_ signals: [Int32], with handler: @convention(c) (Int32) -> Void) {
        for s in signals { Glibc.signal(s, handler) }
    }

    /// A memory file system for short-lived scratch files (/dev/shm), when the machine has a
    /// writable one; nil otherwise.
    static let memoryScratch: String? = {
        let path = "/dev/shm"
        guard entry(path).kind == .directory, access(path, W_OK | X_OK) == 0 else { return nil }
        return path
    }()

    // MARK: Files and the process

    /// This process's ID.
    static var pid: Int32 { getpid() }

    /// rmdir(2): removes an empty folder (a folder still holding files stays).
    static func removeEmptyFolder(_ path: String) { _ = rmdir(path) }

    /// unlink(2).
    static func removeFile(_ path: String) { _ = unlink(path) }

    /// Sleeps for `microseconds`.
    static func pause(microseconds: UInt32) { _ = usleep(microseconds) }

    /// Opens (creating it) a file to hold a lock; the descriptor, or the reason.
    static func openLockFile(_ path: String) -> Result<Int32, SystemError> {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        return fd >= 0 ? .success(fd) : .failure(SystemError(errno))
    }

    /// flock(2) without waiting: whether the exclusive lock was taken.
    static func tryLock(_ fd: Int32) -> Bool { flock(fd, LOCK_EX | LOCK_NB) == 0 }

    /// Releases the lock and closes the descriptor.
    static func unlockAndClose(_ fd: Int32) {
        flock(fd, LOCK_UN)
        close(fd)
    }

    static func closeFile(_ fd: Int32) { close(fd) }

    /// Replaces the file's content with `text`, durably (ftruncate, pwrite, fsync).
    static func overwrite(_ fd: Int32, with text: String) {
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        _ = fsync(fd)
    }

    /// Up to `limit` bytes from the start of the file.
    static func readStart(_ fd: Int32, limit: Int = 256) -> String {
        var buffer = [UInt8](repeating: 0, count: limit)
        let n = pread(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }

    /// Gives the memory freed so far back to the system (malloc_trim): each thread's arena
    /// otherwise keeps the high-water mark of every batch it ever held.
    static func releaseFreeMemory() { _ = mallocTrim?(0) }

    /// glibc's malloc_trim, which the Glibc module does not export (<malloc.h>).
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()

    /// Wall time, in whole seconds (readable inside a signal handler and across processes).
    static func seconds() -> Int64 { Int64(time(nil)) }

    /// The longest file name most file systems take, in bytes (NAME_MAX).
    static let maxNameBytes = 255
}

/// A failed system call's errno, with its text.
struct SystemError: Error, CustomStringConvertible, Sendable {
    var code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { String(cString: strerror(code)) }
}
