import Foundation
import KaoheJobs
import Logging

/// The nightly run's supervisor: runs the real run as a child process and watches it, so that
/// one workbook cannot take the night with it.
///
/// - The run writes on a shared board which workbook each of its threads has in hand
///   (`HandlingBoard`); its fault handler writes which thread faulted.
/// - When the run dies of a fault (a trap, a bad access, an allocation failure under the
///   memory limit) with a workbook in hand, or overruns the per-workbook time limit, that
///   workbook alone is blamed: a `.blame` line beside it in the dead run's work folder. The
///   supervisor starts the run again at once; the new run finishes the dead run's work and
///   returns the blamed workbook to rejected/ with its note. Every other workbook is processed
///   the same night.
/// - When several workbooks were in hand and the faulting thread held none, the next attempt
///   runs one workbook at a time, so that a second fault names one.
/// - A run killed from outside (SIGKILL, SIGTERM, the OOM killer) blames nothing: the next
///   run finishes its work.
public struct Supervisor {
    public struct Options: Sendable {
        /// Longest time one workbook may be in hand (opening, converting, binding).
        public var workbookTimeout: TimeInterval = 300
        /// Memory limit of the run (RLIMIT_DATA): past it an allocation fails and the run
        /// faults with the workbook in hand, before the machine's OOM killer would kill it.
        public var memoryLimit: UInt64 = 1 << 30
        /// Attempts of one night at most (each blames one workbook).
        public var maxAttempts = 50
        public init() {}
    }

    let root: String
    let arguments: [String]
    let options: Options
    let logger: Logger

    public init(root: String, arguments: [String], options: Options = Options(), logger: Logger) {
        self.root = root
        self.arguments = arguments
        self.options = options
        self.logger = logger
    }

    /// Set in the child's environment: the run is supervised, and the board's path.
    public static var boardPath: String? { ChildEnvironment.current.board }

    /// In a supervised run: records on the board which workbook each thread has in hand.
    public static func attachIfSupervised() {
        let child = ChildEnvironment.current
        guard let path = child.board else { return }
        // The night ends with its supervisor: a run whose supervisor was killed stops too, so
        // the next run is not refused for the lock and finishes the work.
        if let parent = child.supervisor, !System.dieWithParent(parent) {
            System.exit(RunExit.crashed)
        }
        guard let board = HandlingBoard(opening: path) else { return }
        if let limit = child.memoryLimit {
            System.limitData(to: limit)
        }
        board.installFaultHandler()
        Handling.observe(with: board)
        HandlingBoard.attached = board
    }

    /// How a supervised night ended.
    public enum Outcome: Equatable, Sendable {
        /// The run finished with this exit code (it said why itself).
        case finished(Int32)
        /// The run stopped for a reason no workbook explains: killed from outside, a fault
        /// with no workbook in hand (`RunExit.crashed`).
        case stopped
        /// Nothing ran: the work folder could not be made or hold the handling board (disk
        /// full); the reason, for operators (`RunExit.storageFault`).
        case storageFault(String)

        public var exitCode: Int32 {
            switch self {
            case .finished(let code): return code
            case .stopped: return RunExit.crashed
            case .storageFault: return RunExit.storageFault
            }
        }
    }

    /// Runs the run until it finishes or stops for a reason no workbook explains.
    public func run() -> Outcome {
        let folders = RunnerFolders(root: root)
        do { try folders.create() } catch {
            logger.error("\(RunnerError.from(error))")
            return .storageFault("\(RunnerError.from(error))")
        }
        HandlingBoard.removeStale(in: folders.work)
        let boardPath = folders.work + "/" + HandlingBoard.filePrefix + "\(System.pid)"
        guard let board = HandlingBoard(creating: boardPath) else {
            System.removeFile(boardPath)
            logger.error("storage fault: cannot make the handling board \(boardPath) (disk full?); nothing ran, nothing was lost")
            return .storageFault("cannot make the handling board \(boardPath) (disk full?)")
        }
        defer { System.removeFile(boardPath) }
        var serial = false
        for attempt in 1...options.maxAttempts {
            board.clear()
            let environment = childEnvironment(board: boardPath, serial: serial)
            let ending: System.Ending, late: HandlingBoard.Entry?
            switch watch(environment: environment, board: board) {
            case .failure(let e):
                logger.error("cannot start the run: \(e)")
                return .stopped
            case .success(let (end, overran)): (ending, late) = (end, overran)
            }
            let signal: Int32
            switch ending {
            case .exited(let code): return .finished(code)
            case .signalled(let s): signal = s
            }
            guard late != nil || HandlingBoard.isFault(signal) else {
                logger.error("the run was stopped from outside (signal \(signal)); nothing set aside, the next run goes on")
                return .stopped
            }
            // The workbook the run died with: the one that overran its time, or the faulting
            // thread's (the only one in hand, when the faulting thread held none).
            let busy = board.busy
            let culprit = late ?? (board.culprit >= 0 ? busy.first { $0.slot == board.culprit } : busy.count == 1 ? busy.first : nil)
            if let culprit {
                let seconds = Int(options.workbookTimeout)
                func what(_ aside: String) -> String {
                    late == nil ? "the run faulted (signal \(signal)) reading \(culprit.path)\(aside)"
                        : "\(culprit.path)\(aside.isEmpty ? "" : aside + ",") was in hand for over \(seconds) s"
                }
                guard culprit.path.hasPrefix(folders.work + "/") else {
                    // An archived workbook read again for its table: blaming it would not stop
                    // the next attempt from reading it, so stop here; nothing is lost.
                    logger.error("attempt \(attempt): \(what(", which is not a new workbook")); nothing set aside, the next run goes on")
                    return .stopped
                }
                blame(culprit.path, reason: late == nil ? .fault(signal: signal) : .timedOut(seconds: seconds))
                logger.error("attempt \(attempt): \(what("")); set aside, starting again")
                continue
            }
            if busy.count > 1, !serial {
                serial = true
                logger.error("attempt \(attempt): the run faulted (signal \(signal)) with \(busy.count) workbooks in hand; starting again one at a time")
                continue
            }
            logger.error("attempt \(attempt): the run faulted (signal \(signal)) with no workbook in hand; nothing set aside, the next run goes on")
            return .stopped
        }
        logger.error("the run faulted \(options.maxAttempts) times; stopping, the next run goes on")
        return .stopped
    }

    /// What the run started as a child is told: this board, this supervisor, the memory limit,
    /// one workbook at a time or not, and the tuning this process was given.
    func childEnvironment(board: String, serial: Bool) -> [String: String] {
        var child = ChildEnvironment.current
        child.board = board
        child.memoryLimit = options.memoryLimit
        child.supervisor = System.pid
        if serial { child.tuning.serial = true }
        return child.written(over: ProcessInfo.processInfo.environment)
    }

    /// Starts one attempt and waits for it, enforcing the per-workbook time limit. The
    /// ending, and the workbook that overran its time, if that is why it was killed.
    func watch(environment: [String: String], board: HandlingBoard) -> Result<(System.Ending, HandlingBoard.Entry?), SystemError> {
        let pid: Int32
        switch System.spawn("/proc/self/exe", arguments: arguments, environment: environment) {
        case .failure(let e): return .failure(e)
        case .success(let p): pid = p
        }
        supervisedChild = pid
        System.forward([.terminate, .interrupt, .hangup], with: forwardToChild)
        defer {
            supervisedChild = 0
            // A LibreOffice the run had started dies with it.
            if board.helperGroup > 0 { System.signal(-board.helperGroup, .kill) }
        }
        let limit = Int64(options.workbookTimeout)
        var poll = Duration.milliseconds(2)
        while true {
            if let (end, peak) = System.ended(pid) {
                logger.info("the run ended (\(end)); its peak memory was \(peak >> 20) MB")
                return .success((end, nil))
            }
            let now = System.seconds()
            if let late = board.busy.first(where: { now - $0.started > limit }) {
                System.kill(pid)
                while System.ended(pid) == nil { System.pause(.milliseconds(10)) }
                return .success((.signalled(System.Signal.kill.rawValue), late))
            }
            System.pause(poll)
            poll = min(poll * 2, .milliseconds(50))
        }
    }

    /// A `.blame` line beside the workbook in its work folder: the next run returns it.
    func blame(_ path: String, reason: ReturnReason) {
        let dir = (path as NSString).deletingLastPathComponent
        let file = dir + "/" + BlameList.fileName
        let line = BlameList.line(BlameList.Entry(file: (path as NSString).lastPathComponent, reason: reason))
        if let h = FileHandle(forWritingAtPath: file) {
            h.seekToEndOfFile()
            h.write(Data(line.utf8))
            try? h.synchronize()
            try? h.close()
        } else {
            try? Files.writeAtomically(line, to: file)
        }
    }
}

nonisolated(unsafe) private var supervisedChild: Int32 = 0

private let forwardToChild: @convention(c) (Int32) -> Void = { signal in
    if supervisedChild > 0 { System.signal(supervisedChild, number: signal) }
}

/// The workbooks a supervisor set aside in a dead run's work folder (`.blame`), read by the
/// next run as it finishes that run's work. One JSON object a line (`Entry`); the
/// tab-separated lines of earlier versions (NAME, fault|timeout, signal|seconds) are still read,
/// so a night killed under an earlier version is understood by this one.
enum BlameList {
    static let fileName = ".blame"

    /// One workbook set aside, and why (`.fault` or `.timedOut`).
    struct Entry: Codable, Equatable {
        var file: String
        var reason: ReturnReason
    }

    /// The entry as one line of the file.
    static func line(_ entry: Entry) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? e.encode(entry)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// File name → why it was set aside.
    static func read(_ dir: String) -> [String: ReturnReason] {
        guard let text = try? String(contentsOfFile: dir + "/" + fileName, encoding: .utf8) else { return [:] }
        var out: [String: ReturnReason] = [:]
        for line in text.split(separator: "\n") {
            if let entry = parse(String(line)) { out[entry.file] = entry.reason }
        }
        return out
    }

    /// A line of either form; nil for a line that is neither (cut short by a kill).
    static func parse(_ line: String) -> Entry? {
        if line.hasPrefix("{") { return try? JSONDecoder().decode(Entry.self, from: Data(line.utf8)) }
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count >= 3 else { return nil }
        return Entry(file: f[0], reason: f[1] == "timeout" ? .timedOut(seconds: Int(f[2]) ?? 0) : .fault(signal: Int32(f[2]) ?? 0))
    }
}
