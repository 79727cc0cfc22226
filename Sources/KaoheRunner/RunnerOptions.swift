import Foundation
import KaoheJobs

public struct RunnerOptions: Sendable {
    /// Seconds an inbox file must have been left alone before a run claims it.
    public static let defaultMinimumAge: TimeInterval = 30
    public var root: String
    public var jobs: [Job]
    /// Inbox files changed (contents or inode: a copy that keeps the source's old modification
    /// time still changes the inode) less than this many seconds ago are left for the next run (a copy
    /// may still be in progress).
    public var minimumAge: TimeInterval
    /// Write a PDF beside every summary (LibreOffice), whatever the jobs say.
    public var pdf = false
    /// A one-shot run (`OneShot`): the summaries go straight into this folder, named as the job
    /// says (with the period added when a job whose output name has no {period} finds several),
    /// with no 名次变化 column (there is no earlier run); 收到时间 is each file's modification time.
    public var oneShotOut: String? = nil
    /// What a run is told to do differently (by its supervisor, or by a test).
    public var tuning = Tuning()
    /// LibreOffice's program instead of the `soffice` found on PATH: a test's stand-in, in its
    /// own process (which cannot change PATH). nil in production.
    public var soffice: String? = nil
    public init(root: String, jobs: [Job], minimumAge: TimeInterval = RunnerOptions.defaultMinimumAge) {
        self.root = root
        self.jobs = jobs
        self.minimumAge = minimumAge
    }
}

extension RunnerOptions {
    /// What a run is told to do differently: by its supervisor after a fault, by a test, or by a
    /// machine without LibreOffice. A spawned `kaohe run` reads them from `ChildEnvironment`.
    public struct Tuning: Sendable, Equatable {
        /// Summaries written, recorded and archived in one transaction at most (a night of tens
        /// of thousands of workbooks keeps one batch of results in memory).
        public var batchSize = 250
        /// One workbook at a time: a supervisor that saw a run die with several workbooks in
        /// hand runs the next attempt this way, so the next death names one.
        public var serial = false
        /// Convert legacy workbooks and write PDFs with LibreOffice, where it is installed.
        public var useOffice = true
        /// Places where a test makes the run die or stall; none in production.
        public var hooks = TestHooks()
        /// The time summaries say they were made, and the latest they show (SOURCE_DATE_EPOCH,
        /// the reproducible-builds convention): the same inputs give the same bytes. Nil: now.
        public var fixedTime: Date? = nil
        public init() {}
    }

    /// Test hooks, each nil in production: `crashAt` a crash point (`CrashPoints`,
    /// "claim-file#2"); `trapOn` / `hangOn` a text whose workbooks trap or never finish when
    /// taken up (`Handling`), as a reader bug would.
    public struct TestHooks: Sendable, Equatable {
        public var crashAt: String?
        public var trapOn: String?
        public var hangOn: String?
        public init(crashAt: String? = nil, trapOn: String? = nil, hangOn: String? = nil) {
            self.crashAt = crashAt
            self.trapOn = trapOn
            self.hangOn = hangOn
        }
    }
}

/// The exit codes `kaohe run` reports (README).
public enum RunExit {
    public static let ok: Int32 = 0
    public static let findings: Int32 = 1
    public static let missingInputs: Int32 = 2
    public static let rejectedInputs: Int32 = 3
    public static let lockHeld: Int32 = 4
    /// Storage fault: a summary, the ledger or a report could not be written (disk full, ledger
    /// locked or damaged, a folder that is a file). Nothing is lost; the next run goes on.
    public static let storageFault: Int32 = 6
    /// The run stopped before it finished (killed from outside, or a fault with no workbook in
    /// hand). Nothing is lost or rejected: the next run finishes its work.
    public static let crashed: Int32 = 7
}
