import ArgumentParser
import Foundation
import KaoheJobs
import KaoheWriter
import KaoheRunner
import Logging

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check job files (and the registries they name); print each mistake with its line and column."
    )

    @Argument(help: "Job files (Jobs/*.yaml).")
    var jobs: [String]

    func run() throws {
        for job in try loadJobs(jobs) {
            print("\(job.path): ok (\(job.tables.count) tables, \(job.registry.units.count) units in \(job.registryPath))")
        }
    }
}

/// Loads every job file, printing each mistake of each file; exit 5 if any has one.
func loadJobs(_ paths: [String]) throws -> [Job] {
    var loaded: [Job] = []
    var failed = false
    for path in paths {
        do {
            let job = try JobParser.load(path: path)
            // Older spellings still run; say what to write now.
            for w in job.warnings { printError("\(w.file):\(w.line):\(w.column): warning: \(w.message)") }
            loaded.append(job)
        } catch {
            failed = true
            for e in error.errors { printError(e.description) }
        }
    }
    if failed { throw ExitCode(ExitCodes.configuration) }
    return loaded
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run jobs over submitted workbooks and write their summary workbooks.",
        discussion: """
        With --root DIR (the nightly mode) the run claims DIR/inbox's workbooks, archives or \
        rejects each of them, records everything in DIR/ledger.sqlite and writes DIR/outbox and \
        DIR/reports (see the README). With --inbox and --out it only reads the inbox.
        """
    )

    @Argument(help: "Job files (Jobs/*.yaml).")
    var jobs: [String]

    @Option(help: "The runner's folder tree (inbox, work, archive, rejected, outbox, reports, ledger).")
    var root: String?

    @Option(help: "Folder holding the submitted workbooks (one-shot mode: read only).")
    var inbox: String?

    @Option(help: "Folder the summary workbooks are written to (one-shot mode).")
    var out: String?

    @Flag(help: "Write a PDF beside every summary (needs LibreOffice).")
    var pdf = false

    @Option(help: "Leave inbox files changed (contents or inode) less than this many seconds ago for the next run: they may still be being copied.")
    var minAge: Double = RunnerOptions.defaultMinimumAge

    @Option(help: "Set a workbook aside when opening, converting or reading it takes longer than this many seconds (nightly mode).")
    var workbookTimeout: Double = Supervisor.Options().workbookTimeout

    @Flag(help: "Run without the supervising process (nightly mode; for measuring what it costs).")
    var unsupervised = false

    func validate() throws {
        if root == nil && (inbox == nil || out == nil) {
            throw ValidationError(Language.say("give --root DIR, or both --inbox DIR and --out DIR",
                                               "请给出 --root 目录（每晚运行），或同时给出 --inbox 目录和 --out 目录（单次运行）"))
        }
        if root != nil && (inbox != nil || out != nil) {
            throw ValidationError(Language.say("--root cannot be combined with --inbox or --out",
                                               "--root 不能与 --inbox 或 --out 同时使用"))
        }
    }

    func run() throws {
        let loaded = try loadJobs(jobs)
        if let root {
            try nightly(loaded, root: root)
        } else {
            try oneShot(loaded, inbox: inbox!, out: out!)
        }
    }

    func nightly(_ jobs: [Job], root: String) throws {
        LogSetup.bootstrap()
        let logger = Logger(label: "kaohe.run")
        if !unsupervised, Supervisor.boardPath == nil {
            return try supervise(root: root, logger: logger)
        }
        Supervisor.attachIfSupervised()
        let bar = ProgressBar()
        var progress: (@Sendable (String, Int, Int) -> Void)? = nil
        if bar.isTerminal { progress = { phase, done, total in bar.show(phase, done, total) } }
        var options = RunnerOptions(root: root, jobs: jobs, minimumAge: minAge)
        options.pdf = pdf
        let runner = Runner(options: options, logger: logger, progress: progress)
        do {
            let report = try runner.run()
            bar.clear()
            let reportPath = "\(RunnerFolders(root: root).reports)/run-\(report.run).md"
            print(Language.say(
                "run \(report.run): \(report.status.rawValue) — \(report.outputs.count) summaries, \(report.rejected.count) rejected, " +
                "\(report.duplicates.count) already processed; report: \(reportPath)",
                "第 \(report.run) 次运行：\(Language.status(report.status))——生成汇总表 \(report.outputs.count) 个，退回 \(report.rejected.count) 个，" +
                "已处理过 \(report.duplicates.count) 个；运行报告：\(reportPath)"))
            if !report.waiting.isEmpty {
                print(Language.say("\(report.waiting.count) files in the inbox are still changing (being copied?) and wait for the next run",
                                   "收件箱中有 \(report.waiting.count) 个文件仍在变化（可能正在复制），留待下次运行"))
            }
            if let code = report.exitCode, code != 0 { throw ExitCode(code) }
        } catch let e as RunnerError {
            bar.clear()
            if case .lockHeld(let holder) = e {
                printError(Language.say(e.description, "另一次运行正在进行" + (holder.map { "（进程 \($0.pid)，开始于 \($0.started)）" } ?? "") + "，本次未运行"))
                throw ExitCode(ExitCodes.lockHeld)
            }
            printError(Language.say(e.description, "存储故障，本次运行未完成（没有丢失任何工作簿，故障排除后下次运行会继续）：\(e.description)"))
            throw ExitCode(ExitCodes.outputFailed)
        }
    }

    /// Runs this same command as a supervised child process, which one workbook cannot stop.
    func supervise(root: String, logger: Logger) throws {
        var options = Supervisor.Options()
        options.workbookTimeout = workbookTimeout
        let code = Supervisor(root: root, arguments: CommandLine.arguments, options: options, logger: logger).run()
        if code == ExitCodes.crashed {
            printError(Language.say(
                "the run stopped before it finished (see the log); nothing was lost or rejected, and the next run finishes its work",
                "本次运行中途停止（详见运行日志）；没有丢失或退回任何工作簿，下次运行会接着完成"))
        }
        if code != ExitCodes.ok { throw ExitCode(code) }
    }

    func oneShot(_ loaded: [Job], inbox: String, out: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inbox, isDirectory: &isDir), isDir.boolValue else {
            printError(Language.say("the inbox \(inbox) is not a folder", "收件箱 \(inbox) 不是文件夹"))
            throw ExitCode(ExitCodes.usage)
        }
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var failed = false, missing = false, findings = false
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: inbox)) ?? []).filter(Assessor.isSubmission).sorted()
        // Legacy and WPS workbooks are read through .xlsx copies made by LibreOffice in a scratch
        // folder (the inbox is only read).
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-convert-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let office = Office(profile: scratch + "/profile")
        let files = names.map { name -> String in
            let path = (inbox as NSString).appendingPathComponent(name)
            guard Office.convertible.contains((name as NSString).pathExtension.lowercased()), let office else { return path }
            try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            switch office.convert(path, to: "xlsx", in: scratch) {
            case .success(let converted): return converted
            case .failure(let e):
                printError(Language.say("cannot convert \(name) to .xlsx: \(e.message)", "无法把 \(name) 转换为 .xlsx：\(e.message)"))
                return path
            }
        }
        for job in loaded {
            // A job whose file patterns hold {period} gives one summary per period found.
            let periods = Assessor.periods(job, files: files)
            if periods.isEmpty {
                print(Language.say("\(job.path): no workbook for any period in \(inbox)", "\(job.path)：\(inbox) 中没有任何期间的工作簿"))
                missing = true
            }
            for (period, periodFiles) in periods {
                var periodJob = job
                periodJob.period = period
                var name = Assessor.output(job, period: period)
                if periods.count > 1, !job.output.contains("{period}") {
                    name = (name as NSString).deletingPathExtension + "（\(period)）." + (name as NSString).pathExtension
                }
                let started = Date()
                let run = Assessor.run(periodJob, files: periodFiles)
                let path = (out as NSString).appendingPathComponent(name)
                do {
                    try XLSXWriter.write(ReportBuilder.workbook(run), to: path)
                } catch {
                    // This job only: the others are still written.
                    printError("\(job.path): cannot write \(path): \(error)")
                    failed = true
                    continue
                }
                if pdf || job.pdf {
                    if let office { _ = office.convert(path, to: "pdf", in: out) } else {
                        printError(Language.say("no PDF for \(path): LibreOffice is not installed", "未生成 PDF：没有安装 LibreOffice"))
                    }
                }
                let absent = run.tables.filter { $0.bound == nil }
                let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
                let which = periods.count > 1 || period != job.period ? " (\(period))" : ""
                print(Language.say(
                    "\(job.path)\(which): \(run.tables.count) \(run.tables.count == 1 ? "table" : "tables") from \(run.inputs.count) \(run.inputs.count == 1 ? "workbook" : "workbooks"), \(run.findingsForReview.count) findings, wrote \(path) in \(seconds) s",
                    "\(job.path)\(which)：\(run.tables.count) 张表，来自 \(run.inputs.count) 个工作簿，待核对 \(run.findingsForReview.count) 项，已写出 \(path)（用时 \(seconds) 秒）"))
                for t in absent { print(Language.say("  table \(t.table.id): no data (\(t.problem ?? "?"))", "  表“\(t.table.id)”：没有数据（\(t.problem ?? "?")）")) }
                missing = missing || !absent.isEmpty
                findings = findings || !run.findingsForReview.isEmpty
            }
        }
        let code = RunExit.decide(storageFault: failed, rejected: false, missingInputs: missing, findings: findings)
        if code != ExitCodes.ok { throw ExitCode(code) }
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the runs recorded in a runner's ledger.")

    @Option(help: "The runner's folder tree.")
    var root: String

    @Option(help: "How many runs, newest first.")
    var limit: Int = 30

    func run() throws {
        let path = RunnerFolders(root: root).ledger
        guard FileManager.default.fileExists(atPath: path) else {
            printError(Language.say("no ledger at \(path): nothing has run there yet", "\(path) 没有运行记录：这个文件夹还没有运行过"))
            throw ExitCode(ExitCodes.usage)
        }
        let runs: [Ledger.RunSummary]
        do { runs = try Ledger(path: path).history(limit: limit) } catch {
            printError(Language.say("cannot read the ledger \(path): \(RunnerError.from(error))",
                                    "无法读取运行记录 \(path)：\(RunnerError.from(error))"))
            throw ExitCode(ExitCodes.outputFailed)
        }
        // Columns as wide as their widest cell, counting a Chinese character as two.
        func width(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) } }
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - width(s))) }
        let columns = Language.chinese
            ? ["次", "开始（本地时间）", "秒", "结果", "收到", "退回", "已处理过", "汇总表", "待核对"]
            : ["run", "started (local)", "seconds", "status", "inputs", "rejected", "duplicates", "outputs", "findings"]
        let rows = runs.map { r in
            [String(r.id), Language.local(iso: r.started), r.durationMs.map { String(format: "%.2f", Double($0) / 1000) } ?? "—",
             Language.status(r.status), String(r.inputs), String(r.rejected), String(r.duplicates), String(r.outputs), String(r.findings)]
        }
        let widths = columns.indices.map { i in ([columns[i]] + rows.map { $0[i] }).map(width).max()! }
        print(zip(columns, widths).map { pad($0, $1) }.joined(separator: "  "))
        for (r, cells) in zip(runs, rows) {
            print(zip(cells, widths).map { pad($0, $1) }.joined(separator: "  "))
            if let note = r.note { print("     \(note)") }
        }
    }
}

struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write, for every file a job expects, the workbook its lead unit fills in (headers, units, 填报说明)."
    )

    @Argument(help: "Job files (Jobs/*.yaml).")
    var jobs: [String]

    @Option(help: "Folder the templates are written to.")
    var out: String

    func run() throws {
        let loaded = try loadJobs(jobs)
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for job in loaded {
            for (name, workbook) in Templates.workbooks(job) {
                let path = (out as NSString).appendingPathComponent(name)
                do { try XLSXWriter.write(workbook, to: path) } catch {
                    printError(Language.say("cannot write \(path): \(error)", "无法写出 \(path)：\(error)"))
                    throw ExitCode(ExitCodes.outputFailed)
                }
                print(Language.say("\(job.path): template \(path)", "\(job.path)：报送模板 \(path)"))
            }
        }
    }
}
