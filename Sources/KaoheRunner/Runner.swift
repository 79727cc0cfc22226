import Foundation
import KaoheJobs
import KaoheSystem
import Logging

/// One nightly run over a folder tree (RunnerFolders): claim the inbox, run every job whose
/// inputs changed, write the summaries, record everything in the ledger, archive or reject each
/// input, report. Every step can be interrupted by kill -9; the next run finishes the work
/// without losing an input or processing one twice (see `recover`).
public final class Runner {
    let folders: RunnerFolders
    let options: RunnerOptions
    let logger: Logger
    let progress: (@Sendable (String, Int, Int) -> Void)?

    /// Each job's tables' file patterns, normalised once.
    let patterns: [[Glob.Pattern]]

    public init(options: RunnerOptions, logger: Logger, progress: (@Sendable (String, Int, Int) -> Void)? = nil) {
        self.folders = RunnerFolders(root: options.root)
        self.options = options
        self.patterns = options.jobs.map { $0.tables.map { Glob.Pattern($0.file) } }
        self.logger = logger
        self.progress = progress
        // Test hooks are the process's (a spawned kaohe's): armed only when a test set one.
        let hooks = options.tuning.hooks
        if let crashAt = hooks.crashAt { CrashPoints.arm(crashAt) }
        if hooks.trapOn != nil || hooks.hangOn != nil { Handling.arm(trapOn: hooks.trapOn, hangOn: hooks.hangOn) }
    }

    public func run() throws -> RunReport {
        let started = Date()
        do { try folders.create() } catch { throw RunnerError.from(error) }
        let lock: RunLock
        do { lock = try RunLock.acquire(folders.lock, now: started) } catch {
            switch error {
            case .held(let holder): throw RunnerError.lockHeld(holder)
            case .cannotOpen(let path, let reason): throw RunnerError.io("cannot open the lock \(path): \(reason)")
            }
        }
        defer { lock.release() }
        CrashPoints.hit(.locked)
        if let dead = lock.takenOverFrom { logger.warning("took over the lock left by a run that died (\(dead))") }

        let ledger: Ledger
        let runId: Int64
        do {
            ledger = try Ledger(path: folders.ledger)
            runId = try ledger.beginRun(pid: System.pid, started: started)
            try ledger.markAbandonedRuns(by: runId)
        } catch {
            throw RunnerError.from(error)
        }
        CrashPoints.hit(.runRecorded)
        logger.info("run \(runId) started in \(folders.root)")
        var night = Night(run: runId, started: started, lockTakenOverFrom: lock.takenOverFrom?.description)
        do {
            let clock = try work(&night, ledger: ledger)
            return try finish(night, ledger: ledger, clock: clock)
        } catch {
            // Recorded as failed, with its report; whatever it claimed stays in work/ for the next run.
            let e = RunnerError.from(error)
            let finished = Date()
            var report = night.report(failure: e.description)
            report.finish(at: finished, status: .failed, exitCode: RunExit.storageFault)
            try? ledger.finishRun(runId, status: .failed, exitCode: RunExit.storageFault, finished: finished,
                                  duration: finished.timeIntervalSince(started), note: e.description)
            try? Files.writeForStaff(report.markdown(), to: folders.reports + "/run-\(runId).md")
            try? Files.writeAtomically(report.json(), to: folders.reports + "/run-\(runId).json")
            throw e
        }
    }

    /// The run's phases, each returning its value into `night`: intake → sorted → summaries →
    /// commit → disposal; the time each took. What the run keeps of every input is as little as
    /// it can (a first night over years of back files claims tens of thousands): the claims and
    /// plans are let go.
    func work(_ night: inout Night, ledger: Ledger) throws -> PhaseClock {
        var clock = PhaseClock()
        let runId = night.run
        let workDir = folders.workDir(runId)
        let plans: [GroupPlan]
        let converted: [Claimed]
        var sorted: Sorted
        do {
            var intake = try self.intake(runId, ledger: ledger, into: workDir)
            converted = intake.claimed.filter { $0.originalFile != nil }
            let claimed = intake.claimed
            intake.claimed = []
            night.intake = intake
            System.releaseFreeMemory()
            clock.end("claim")
            sorted = try sort(claimed, runId: runId, ledger: ledger)
            plans = try plan(sorted, runId: runId, ledger: ledger)
            sorted.newByGroup = [:] // the plans have them
            night.sorted = sorted
        }
        clock.end("plan")
        var summaries = try summarise(consume plans, runId: runId, ledger: ledger, workDir: workDir)
        clock.end("summaries")
        writePDFs(summaries.outputs)

        let disposal = dispose(sorted, summaries, converted: converted, runId: runId)
        summaries.last = Ledger.Commit() // in the disposal's commit now
        (night.summaries, night.disposal) = (summaries, disposal)
        clock.end("record")
        try ledger.commit(runId, disposal.commit)
        clock.end("commit")
        CrashPoints.hit(.ledgerCommitted)
        try move(disposal, archiving: night.recorded, from: workDir)
        clock.end("archive")
        CrashPoints.hit(.archived)
        System.removeEmptyFolder(workDir)
        night.disposal?.commit = disposal.commit.inputsOnly // the rest is in the ledger; the report lists the inputs
        System.releaseFreeMemory()
        // the periods after those whose ranks moved; the years (quarters) tonight's periods belong to
        if var summaries = night.summaries {
            summaries.absorb(try rewriteRecompared(runId, ledger: ledger, after: summaries))
            summaries.absorb(try writeAnnuals(runId, ledger: ledger, after: summaries))
            night.summaries = summaries
        }
        clock.end("annual")
        return clock
    }

    /// The run's report, built once, and its end in the ledger.
    func finish(_ night: Night, ledger: Ledger, clock: PhaseClock) throws -> RunReport {
        var report = night.report()
        if report.outputs.isEmpty { report.stillOpen = (try? ledger.openFindings()) ?? [] }
        let rejected = report.rejected.count
        let (code, status) = Self.outcome(report, rejected: rejected)
        let finished = Date()
        report.finish(at: finished, status: status, exitCode: code)
        try Files.writeForStaff(report.markdown(), to: folders.reports + "/run-\(night.run).md")
        try Files.writeAtomically(to: folders.reports + "/run-\(night.run).json") { write in report.writeJSON(write) }
        CrashPoints.hit(.reportWritten)
        try ledger.finishRun(night.run, status: status, exitCode: code, finished: finished, duration: finished.timeIntervalSince(night.started))
        CrashPoints.hit(.finished)
        logger.info("run \(night.run) \(status.rawValue): \(report.outputs.count) summaries, \(rejected) rejected, \(report.duplicates.count) already processed")
        var clock = clock
        clock.end("report")
        logger.info("run \(night.run) took \(clock.description)")
        return report
    }

    /// LibreOffice, when installed: its profile lives under the root.
    lazy var office: Office? = options.tuning.useOffice ? Office(profile: folders.officeProfile, program: options.soffice) : nil
}
