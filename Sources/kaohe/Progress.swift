import Foundation
import KaoheRunner
import KaoheSystem
import Logging

/// A one-line progress bar on a terminal; nothing otherwise (the log lines say what happens).
final class ProgressBar: @unchecked Sendable {
    let isTerminal = System.isStandardErrorTerminal
    private let lock = NSLock()

    func show(_ phase: String, _ done: Int, _ total: Int) {
        guard isTerminal, total > 0 else { return }
        let width = 30
        let filled = width * done / total
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(done)/\(total) \(phase)  "
        lock.lock()
        FileHandle.standardError.write(Data(line.utf8))
        lock.unlock()
    }

    func clear() {
        guard isTerminal else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 60) + "\r").utf8))
    }
}

enum LogSetup {
    /// Log lines for operators go to standard error (journald or cron mail collects them).
    /// KAOHE_LOG_LEVEL=debug|info|warning sets the level (info by default).
    static func bootstrap() {
        let level = ChildEnvironment.current.logLevel ?? .info
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
    }
}
