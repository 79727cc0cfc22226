import Foundation
import Logging

/// The only `KAOHE_*` environment keys the program has, read and written here alone: what a
/// supervisor tells the run it starts as a child process (the board, itself, the memory limit,
/// one workbook at a time), the settings a test gives a `kaohe` it spawns (a crash point, a
/// workbook that traps or hangs, batches of one, no LibreOffice), the operators' log level, and
/// SOURCE_DATE_EPOCH (a fixed time for reproducible outputs). In process, the run's settings
/// are `RunnerOptions.Tuning` fields; `kaohe run` copies them from here once, at start. A key
/// set to an empty value counts as unset. The test hooks (`KAOHE_CRASH_AT`, `KAOHE_TRAP_ON`,
/// `KAOHE_HANG_ON`) are read and written in debug builds only (`KAOHE_MOCKING`): a release
/// build ignores them.
public struct ChildEnvironment: Sendable, Equatable {
    /// The supervisor's handling board (`HandlingBoard`): set only in a supervised run.
    public var board: String?
    /// The supervisor's PID: the run dies with it.
    public var supervisor: Int32?
    /// The run's memory limit in bytes (RLIMIT_DATA).
    public var memoryLimit: UInt64?
    /// The operators' log level (`KAOHE_LOG_LEVEL`: trace … critical); nil for the default.
    public var logLevel: Logger.Level?
    /// What the run is told to do differently.
    public var tuning = RunnerOptions.Tuning()

    enum Key: String, CaseIterable {
        case board = "KAOHE_HANDLING_BOARD"
        case supervisor = "KAOHE_SUPERVISOR"
        case memoryLimit = "KAOHE_MEMORY_LIMIT"
        case serial = "KAOHE_SERIAL"
        case batchSize = "KAOHE_BATCH_SIZE"
        case noOffice = "KAOHE_NO_OFFICE"
        case crashAt = "KAOHE_CRASH_AT"
        case trapOn = "KAOHE_TRAP_ON"
        case hangOn = "KAOHE_HANG_ON"
        case logLevel = "KAOHE_LOG_LEVEL"
        case sourceDateEpoch = "SOURCE_DATE_EPOCH"
    }

    public init() {}

    /// Read from an environment (this process's by default).
    public init(_ environment: [String: String]) {
        func value(_ key: Key) -> String? { environment[key.rawValue].flatMap { $0.isEmpty ? nil : $0 } }
        board = value(.board)
        supervisor = value(.supervisor).flatMap(Int32.init)
        memoryLimit = value(.memoryLimit).flatMap(UInt64.init)
        tuning.serial = value(.serial) == "1"
        if let n = value(.batchSize).flatMap(Int.init) { tuning.batchSize = max(1, n) }
        logLevel = value(.logLevel).flatMap(Logger.Level.init(rawValue:))
        tuning.fixedTime = value(.sourceDateEpoch).flatMap(TimeInterval.init).map { Date(timeIntervalSince1970: $0) }
        tuning.useOffice = value(.noOffice) == nil
#if KAOHE_MOCKING
        tuning.hooks = RunnerOptions.TestHooks(crashAt: value(.crashAt), trapOn: value(.trapOn), hangOn: value(.hangOn))
#endif
    }

    /// This process's.
    public static var current: ChildEnvironment { ChildEnvironment(ProcessInfo.processInfo.environment) }

    /// `environment` with these settings written over it (a supervisor's child's environment).
    public func written(over environment: [String: String]) -> [String: String] {
        var out = environment
        for key in Key.allCases { out[key.rawValue] = nil }
        func put(_ key: Key, _ value: String?) { if let value { out[key.rawValue] = value } }
        put(.board, board)
        put(.supervisor, supervisor.map(String.init))
        put(.memoryLimit, memoryLimit.map(String.init))
        put(.serial, tuning.serial ? "1" : nil)
        put(.batchSize, tuning.batchSize == RunnerOptions.Tuning().batchSize ? nil : String(tuning.batchSize))
        put(.noOffice, tuning.useOffice ? nil : "1")
        put(.logLevel, logLevel?.rawValue)
        put(.sourceDateEpoch, tuning.fixedTime.map { Self.seconds($0.timeIntervalSince1970) })
#if KAOHE_MOCKING
        put(.crashAt, tuning.hooks.crashAt)
        put(.trapOn, tuning.hooks.trapOn)
        put(.hangOn, tuning.hooks.hangOn)
#endif
        return out
    }

    /// Seconds since 1970 as SOURCE_DATE_EPOCH writes them: a whole number without ".0".
    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() && abs(t) < 1e15 ? String(Int64(t)) : String(t)
    }
}
