import Foundation
import KaoheAssessment
import KaoheJobs
import KaoheReader
import Logging

/// A one-shot run (`kaohe run --inbox DIR --out DIR`): the nightly pipeline over a scratch copy
/// of the inbox, so both modes claim, read, bind, score, report, write and record the same way.
/// The inbox is only read: the workbooks whose names fit a job, and filled templates of the jobs,
/// are copied (with their times)
/// into a scratch folder tree, which is the run's root and is removed afterwards. Files that fit
/// no job are left out, not returned: a one-shot run is often given a folder of other things.
public struct OneShot {
    public var jobs: [Job]
    public var inbox: String
    public var out: String
    public var pdf = false
    /// What the run is told to do differently (`RunnerOptions.Tuning`).
    public var tuning = RunnerOptions.Tuning()

    public init(jobs: [Job], inbox: String, out: String) {
        self.jobs = jobs
        self.inbox = inbox
        self.out = out
    }

    /// What the run did, and the jobs for which it wrote no summary (no workbook fitted them, or
    /// every one that did was returned).
    public struct Outcome {
        public var report: RunReport
        public var withoutSummary: [Job]
        /// The exit code (README): the run's, or missing inputs when a job wrote no summary.
        public var exitCode: Int32 {
            let code = report.exitCode ?? RunExit.ok
            return RunExit.decide(storageFault: code == RunExit.storageFault, rejected: code == RunExit.rejectedInputs,
                                  missingInputs: code == RunExit.missingInputs || !withoutSummary.isEmpty,
                                  findings: code == RunExit.findings)
        }
    }

    /// Runs the night over a scratch copy of the inbox. `supervise`, when given, runs it as a
    /// supervised child process over that scratch root, writing to the given folder (the CLI
    /// passes `Supervisor`; one trapping workbook then costs only itself, as at night); without
    /// it the run is made in this process.
    public func run(logger: Logger, supervise: ((_ scratch: String, _ out: String) -> Supervisor.Outcome)? = nil) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-one-shot-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outDir = URL(fileURLWithPath: out).standardizedFileURL.path
        do { try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true) } catch {
            throw RunnerError.from(error)
        }
        var options = RunnerOptions(root: scratch, jobs: jobs, minimumAge: 0)
        options.pdf = pdf
        options.tuning = tuning
        options.oneShotOut = outDir
        let runner = Runner(options: options, logger: logger)
        try copyInbox(for: runner)
        let report: RunReport
        if let supervise {
            switch supervise(scratch, outDir) {
            case .finished: report = try Self.lastReport(in: runner.folders.reports)
            case .stopped: throw RunnerError.io("the run stopped before it finished")
            case .storageFault(let why): throw RunnerError.io(why)
            }
        } else {
            report = try runner.run()
        }
        let written = Set(report.outputs.map(\.job))
        return Outcome(report: report, withoutSummary: jobs.filter { !written.contains($0.name) })
    }

    /// The report of the last run in `reports` (run-N.json, N highest): a supervised one-shot run
    /// that was started again after a workbook trapped has the whole result in its last run's.
    static func lastReport(in reports: String) throws -> RunReport {
        let numbers = Files.list(reports).compactMap { name -> Int? in
            guard name.hasPrefix("run-"), name.hasSuffix(".json") else { return nil }
            return Int(name.dropFirst(4).dropLast(5))
        }
        guard let last = numbers.max() else { throw RunnerError.io("the run wrote no report in \(reports)") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: reports + "/run-\(last).json")))
        } catch {
            throw RunnerError.io("cannot read the run's report \(reports)/run-\(last).json: \(error)")
        }
    }

    /// Whether the workbook is a filled template of one of the jobs (it carries their identity).
    func isTemplate(_ path: String) -> Bool {
        guard (path as NSString).pathExtension.lowercased() == "xlsx",
              let properties = try? Workbook(path: path).customProperties() else { return false }
        return TemplateIdentity(properties: properties)?.resolve(in: jobs) != nil
    }

    /// Copies the inbox's workbooks whose names fit a job (or would, but for their period), and
    /// filled templates of the jobs whatever their names, into
    /// the runner's inbox, keeping their modification times (the newest of two for one table wins).
    func copyInbox(for runner: Runner) throws {
        let fm = FileManager.default
        do {
            try runner.folders.create()
            for name in Files.list(inbox).sorted() where Assessor.isSubmission(name) {
                let from = (inbox as NSString).appendingPathComponent(name)
                guard System.entry(from).kind == .regular else { continue }
                let matchName = Office.convertible.contains((name as NSString).pathExtension.lowercased())
                    ? Runner.Claimed.asConverted(name) : name
                guard !runner.match(matchName).isEmpty || runner.unreadablePeriod(matchName) != nil || isTemplate(from) else { continue }
                let to = runner.folders.inbox + "/" + name
                try fm.copyItem(atPath: from, toPath: to)
                if let modified = try fm.attributesOfItem(atPath: from)[.modificationDate] {
                    try fm.setAttributes([.modificationDate: modified], ofItemAtPath: to)
                }
            }
        } catch {
            throw RunnerError.from(error)
        }
    }
}
