import CKaoheSystem
#if canImport(Glibc)
import Glibc
#endif

// Every libc call of the project, in this one internal file (as swift-system keeps its
// syscalls in Syscalls.swift): the rest of KaoheSystem wraps them in Swift (`System`), and no
// other target calls libc. In debug builds (KAOHE_MOCKING), the calls that take a path ask
// `SystemMocking` first whether a test has made them fail (Mocking.swift).

/// Fails the call the way the kernel would (errno set, -1) when a test asked for it.
@inline(__always)
private func mocked(_ call: SystemCall, _ path: String) -> Int32? {
#if KAOHE_MOCKING
    if let code = SystemMocking.failure(call, path: path) {
        errno = code
        return -1
    }
#endif
    return nil
}

// MARK: Files

func system_lstat(_ path: String, _ st: inout stat) -> Int32 {
    if let r = mocked(.lstat, path) { return r }
    return lstat(path, &st)
}

func system_rename(_ from: String, _ to: String) -> Int32 {
    if let r = mocked(.rename, to) { return r }
    return rename(from, to)
}

func system_unlink(_ path: String) -> Int32 {
    if let r = mocked(.unlink, path) { return r }
    return unlink(path)
}

func system_rmdir(_ path: String) -> Int32 {
    if let r = mocked(.rmdir, path) { return r }
    return rmdir(path)
}

func system_open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    if let r = mocked(.open, path) { return r }
    return open(path, flags, mode)
}

func system_access(_ path: String, _ mode: Int32) -> Int32 { access(path, mode) }
func system_close(_ fd: Int32) -> Int32 { close(fd) }
func system_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
func system_pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int {
    pread(fd, buffer, count, off_t(offset))
}
func system_pwrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ offset: Int) -> Int {
    pwrite(fd, buffer, count, off_t(offset))
}
func system_lseek(_ fd: Int32, _ offset: Int, _ whence: Int32) -> Int { Int(lseek(fd, off_t(offset), whence)) }
func system_fsync(_ fd: Int32) -> Int32 { fsync(fd) }
func system_ftruncate(_ fd: Int32, _ size: Int) -> Int32 { ftruncate(fd, off_t(size)) }
/// posix_fallocate returns its error rather than setting errno; `path` is the file `fd` is open on,
/// for the test seam.
func system_posix_fallocate(_ fd: Int32, _ size: Int, path: String) -> Int32 {
    if mocked(.fallocate, path) != nil { return errno }
    return posix_fallocate(fd, 0, off_t(size))
}
func system_flock(_ fd: Int32, _ operation: Int32) -> Int32 { flock(fd, operation) }
func system_isatty(_ fd: Int32) -> Int32 { isatty(fd) }

// MARK: Memory

func system_mmap_shared(_ fd: Int32, _ size: Int) -> UnsafeMutableRawPointer? {
    let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
    return p == MAP_FAILED ? nil : p
}
func system_munmap(_ p: UnsafeMutableRawPointer, _ size: Int) { munmap(p, size) }
func system_strdup(_ s: String) -> UnsafeMutablePointer<CChar>? { strdup(s) }
func system_free(_ p: UnsafeMutableRawPointer?) { free(p) }
func system_strerror(_ code: Int32) -> String { String(cString: strerror(code)) }
func system_errno() -> Int32 { errno }

/// glibc's malloc_trim, which the Glibc module does not export (<malloc.h>).
private let mallocTrim: (@convention(c) (Int) -> Int32)? = {
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
}()
func system_malloc_trim() { _ = mallocTrim?(0) }

// MARK: Processes

func system_getpid() -> Int32 { getpid() }
func system_getppid() -> Int32 { getppid() }
func system_kill(_ pid: Int32, _ signal: Int32) -> Int32 { kill(pid, signal) }
func system_exit(_ code: Int32) -> Never { exit(code) }
func system_die_with_parent(_ signal: Int32) -> Int32 { kaohe_die_with_parent(signal) }
func system_time() -> Int64 { Int64(time(nil)) }
func system_usleep(_ microseconds: UInt32) { _ = usleep(microseconds) }
func system_sleep(_ seconds: UInt32) { _ = sleep(seconds) }

func system_setrlimit(_ resource: Int32, _ bytes: UInt64) {
    var r = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
    _ = setrlimit(__rlimit_resource_t(UInt32(resource)), &r)
}

func system_wait4(_ pid: Int32, _ status: inout Int32, _ usage: inout rusage) -> Int32 {
    wait4(pid, &status, WNOHANG, &usage)
}

/// posix_spawn with `argv` and `envp` (NULL-terminated); in a new process group with its
/// standard output on /dev/null when `newGroup`. 0, or the error number.
func system_posix_spawn(_ pid: inout pid_t, _ executable: String, _ argv: [UnsafeMutablePointer<CChar>?],
                        _ envp: [UnsafeMutablePointer<CChar>?], newGroup: Bool) -> Int32 {
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
    return posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
}

// MARK: Signals

func system_sigaction_install(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void,
                              _ previous: UnsafeMutablePointer<sigaction>) {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    sigemptyset(&action.sa_mask)
    action.sa_flags = SA_NODEFER
    sigaction(signal, &action, previous)
}
func system_sigaction_restore(_ signal: Int32, _ previous: UnsafeMutablePointer<sigaction>) {
    sigaction(signal, previous, nil)
}
func system_signal(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) { _ = Glibc.signal(signal, handler) }

// MARK: Threads

func system_pthread_self() -> UInt64 { UInt64(pthread_self()) }
func system_mutex_init(_ m: UnsafeMutablePointer<pthread_mutex_t>) { pthread_mutex_init(m, nil) }
func system_mutex_destroy(_ m: UnsafeMutablePointer<pthread_mutex_t>) { pthread_mutex_destroy(m) }
func system_mutex_lock(_ m: UnsafeMutablePointer<pthread_mutex_t>) { pthread_mutex_lock(m) }
func system_mutex_unlock(_ m: UnsafeMutablePointer<pthread_mutex_t>) { pthread_mutex_unlock(m) }
func system_cond_init(_ c: UnsafeMutablePointer<pthread_cond_t>) { pthread_cond_init(c, nil) }
func system_cond_destroy(_ c: UnsafeMutablePointer<pthread_cond_t>) { pthread_cond_destroy(c) }
func system_cond_wait(_ c: UnsafeMutablePointer<pthread_cond_t>, _ m: UnsafeMutablePointer<pthread_mutex_t>) {
    pthread_cond_wait(c, m)
}
func system_cond_broadcast(_ c: UnsafeMutablePointer<pthread_cond_t>) { pthread_cond_broadcast(c) }

/// pthread_create of a detached thread running `start(argument)`; 0, or the error number.
func system_start_detached(_ start: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?,
                           _ argument: UnsafeMutableRawPointer) -> Int32 {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    var thread = pthread_t()
    return pthread_create(&thread, &attributes, start, argument)
}
