import Foundation
import KaoheSystem

// The runner's system calls are KaoheSystem's (every libc call is in its Syscalls.swift); the
// runner's files name them as before.
typealias System = KaoheSystem.System
typealias SystemError = KaoheSystem.SystemError

extension KaoheSystem.System.Entry {
    /// The last modification (mtime); distantPast for a name that is gone.
    var modified: Date { modifiedSeconds.isFinite ? Date(timeIntervalSince1970: modifiedSeconds) : .distantPast }
    /// The inode's last change (ctime); distantPast for a name that is gone.
    var changed: Date { changedSeconds.isFinite ? Date(timeIntervalSince1970: changedSeconds) : .distantPast }
}
