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

    /// A memory file system for short-lived scratch files (/dev/shm), when the machine has a
    /// writable one; nil otherwise.
    static let memoryScratch: String? = {
        let path = "/dev/shm"
        guard entry(path).kind == .directory, access(path, W_OK | X_OK) == 0 else { return nil }
        return path
    }()

    /// The longest file name most file systems take, in bytes (NAME_MAX).
    static let maxNameBytes = 255
}
