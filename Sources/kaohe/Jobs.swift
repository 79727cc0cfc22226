import ArgumentParser
import Foundation
import KaoheAssessment
import KaoheJobs
import KaoheReport
import KaoheWriter
import KaoheRunner
import Logging

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Language.say("Check job files (and the registries they name); print each mistake with its line and column.", "检查考核任务文件（及其单位名册），逐条列出错误所在的行和列。")
    )

    @Argument(help: .init(Language.say("Job files (Jobs/*.yaml).", "考核任务文件（Jobs/*.yaml）。")))
    var jobs: [String]

    @Flag(help: .init(Language.say("Rewrite each job in today's spelling where it uses an older one (comments and layout kept; the old file is kept as FILE.bak).", "把旧写法改写为现行写法（保留注释和格式；原文件另存为 文件名.bak）。")))
    var upgrade = false

    @Option(help: .init(Language.say("Also bind each table to the workbooks in this folder its file pattern fits, naming any header missing and the cell closest to it.", "同时用该文件夹中的工作簿核对每张表：缺少的表头及最接近的单元格。")))
    var inbox: String?

    func run() throws {
        var unbound = false
        for job in try loadJobs(jobs) {
            if upgrade { try upgradeFile(job) }
            Console.line("\(job.path): ok (\(job.tables.count) tables, \(job.registry.units.count) units in \(job.registryPath))")
            if let inbox { unbound = !checkHeaders(job, inbox: inbox) || unbound }
        }
        if unbound { throw ExitCode(ExitCodes.configuration) }
    }

    /// Binds each table to the workbooks of `inbox` its pattern fits: a line for each, saying
    /// how many units it read or what it could not find. Whether every one bound.
    func checkHeaders(_ job: Job, inbox: String) -> Bool {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: inbox)) ?? []).filter(Assessor.isSubmission).sorted()
        var ok = true
        for table in job.tables {
            let fitting = files.filter { Glob.matches(table.file, $0) }
            if fitting.isEmpty {
                Console.line(Language.say("  table \(table.id): no workbook in \(inbox) fits \(table.file)",
                                          "  表“\(table.id)”：\(inbox) 中没有符合 \(table.file) 的工作簿"))
            }
            for file in fitting {
                do {
                    let bound = try Binder.bind(table, path: (inbox as NSString).appendingPathComponent(file), registry: job.registry,
                                                notApplicable: job.notApplicable)
                    Console.line(Language.say("  table \(table.id): \(file): headers found, \(bound.rows.count) units",
                                              "  表“\(table.id)”：\(file)：表头齐全，\(bound.rows.count) 个单位"))
                } catch {
                    ok = false
                    printError("\(job.path): table \(table.id): \(error)")
                }
            }
        }
        return ok
    }

    /// Rewrites one job in today's spelling; the result must load with no older spelling left.
    func upgradeFile(_ job: Job) throws {
        guard !job.warnings.isEmpty, let text = try? String(contentsOfFile: job.path, encoding: .utf8) else { return }
        let (upgraded, applied) = JobUpgrade.upgraded(text, warnings: job.warnings)
        guard applied > 0 else { return }
        let check: Job
        do {
            check = try JobParser.parse(upgraded, path: job.path)
        } catch {
            printError(Language.say("\(job.path): not upgraded: the rewrite does not validate", "\(job.path)：未改写：改写后无法通过检查"))
            for x in error.errors { printError(x.description) }
            throw ExitCode(ExitCodes.configuration)
        }
        guard check.warnings.isEmpty else {
            printError(Language.say("\(job.path): not upgraded: the rewrite still has older spellings", "\(job.path)：未改写：改写后仍有旧写法"))
            throw ExitCode(ExitCodes.configuration)
        }
        do {
            try? FileManager.default.removeItem(atPath: job.path + ".bak")
            try FileManager.default.copyItem(atPath: job.path, toPath: job.path + ".bak")
            try upgraded.write(toFile: job.path, atomically: true, encoding: .utf8)
        } catch {
            printError(Language.say("\(job.path): cannot write the upgraded job: \(error.localizedDescription)",
                                    "\(job.path)：无法写出改写后的文件：\(error.localizedDescription)"))
            throw ExitCode(ExitCodes.outputFailed)
        }
        Console.line(Language.say("\(job.path): upgraded \(applied) older \(applied == 1 ? "spelling" : "spellings") (the old file is \(job.path).bak)",
                                  "\(job.path)：已改写 \(applied) 处旧写法（原文件保存为 \(job.path).bak）"))
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
        abstract: Language.say("Run jobs over submitted workbooks and write their summary workbooks.", "读取报送的工作簿，生成汇总表（及通报文档）。"),
        discussion: Language.say("""
        With --root DIR (the nightly mode) the run claims DIR/inbox's workbooks, archives or \
        rejects each of them, records everything in DIR/ledger.sqlite and writes DIR/outbox and \
        DIR/reports (see the README). With --inbox and --out it only reads the inbox.
        """, """
        用 --root 文件夹（每晚运行）时，程序取走 文件夹/inbox 中的工作簿，逐个归档或退回，记入 \
        文件夹/ledger.sqlite 台账，汇总表和通报文档写入 文件夹/outbox，运行报告写入 文件夹/reports（见 \
        docs/使用说明.md）。用 --inbox 和 --out 时只读取报送文件夹，不改动其中的文件。
        """)
    )

    @Argument(help: .init(Language.say("Job files (Jobs/*.yaml).", "考核任务文件（Jobs/*.yaml）。")))
    var jobs: [String]

    @Option(help: .init(Language.say("The runner's folder tree (inbox, work, archive, rejected, outbox, reports, ledger).", "每晚运行的文件夹（inbox、work、archive、rejected、outbox、reports、台账）。")))
    var root: String?

    @Option(help: .init(Language.say("Folder holding the submitted workbooks (one-shot mode: read only).", "存放报送工作簿的文件夹（单次运行：只读取，不改动）。")))
    var inbox: String?

    @Option(help: .init(Language.say("Folder the summary workbooks are written to (one-shot mode).", "汇总表和通报文档写入的文件夹（单次运行）。")))
    var out: String?

    @Flag(help: .init(Language.say("Write a PDF beside every summary (needs LibreOffice).", "在每个汇总表旁另存 PDF（需要 LibreOffice）。")))
    var pdf = false

    @Option(help: .init(Language.say("Leave inbox files changed (contents or inode) less than this many seconds ago for the next run: they may still be being copied.", "最近这么多秒内改动过的报送文件留到下次运行（可能仍在复制中）。")))
    var minAge: Double = RunnerOptions.defaultMinimumAge

    @Option(help: .init(Language.say("Set a workbook aside when opening, converting or reading it takes longer than this many seconds (nightly mode).", "打开、转换或读取一个工作簿超过这么多秒时，先将其搁置（每晚运行）。")))
    var workbookTimeout: Double = Supervisor.Options().workbookTimeout

    @Flag(help: .init(Language.say("Run without the supervising process (for measuring what it costs, and for tests in one process).", "不用守护进程运行（用于测量其开销，或在同一进程中测试）。")))
    var unsupervised = false

    /// The supervised child of a one-shot run: the night over the scratch root `--root`, its
    /// summaries into this folder.
    @Option(help: .hidden)
    var oneShotOut: String?

    func validate() throws {
        if root == nil && (inbox == nil || out == nil) {
            throw ValidationError(Language.say("give --root DIR, or both --inbox DIR and --out DIR",
                                               "请给出 --root 目录（每晚运行），或同时给出 --inbox 目录和 --out 目录（单次运行）"))
        }
        if root != nil && (inbox != nil || out != nil || oneShotOut != nil && !isSupervisedChild) {
            throw ValidationError(Language.say("--root cannot be combined with --inbox or --out",
                                               "--root 不能与 --inbox 或 --out 同时使用"))
        }
        // A test's crash point must name one: a misspelt one would never fire.
        if let spec = ChildEnvironment.current.tuning.hooks.crashAt {
            do { _ = try CrashPoints.Target(spec) } catch { throw ValidationError("KAOHE_CRASH_AT: \(error)") }
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

    /// Whether this process is a run its supervisor started.
    var isSupervisedChild: Bool { Supervisor.boardPath != nil }

    func nightly(_ jobs: [Job], root: String) throws {
        LogSetup.bootstrap()
        var logger = Logger(label: "kaohe.run")
        if !unsupervised, !isSupervisedChild {
            return try supervise(root: root, logger: logger)
        }
        if oneShotOut != nil {
            // A one-shot run's child: its parent says what it did, from the run's report.
            logger.logLevel = .error
            Supervisor.attachIfSupervised()
            var options = RunnerOptions(root: root, jobs: jobs, minimumAge: 0)
            options.pdf = pdf
            options.oneShotOut = oneShotOut
            options.tuning = ChildEnvironment.current.tuning
            do { _ = try Runner(options: options, logger: logger).run() } catch { throw ExitCode(ExitCodes.outputFailed) }
            return
        }
        Supervisor.attachIfSupervised()
        let bar = ProgressBar()
        var progress: (@Sendable (String, Int, Int) -> Void)? = nil
        if bar.isTerminal { progress = { phase, done, total in bar.show(phase, done, total) } }
        var options = RunnerOptions(root: root, jobs: jobs, minimumAge: minAge)
        options.pdf = pdf
        options.tuning = ChildEnvironment.current.tuning
        let runner = Runner(options: options, logger: logger, progress: progress)
        do {
            let report = try runner.run()
            bar.clear()
            let reportPath = "\(RunnerFolders(root: root).reports)/run-\(report.run).md"
            Console.line(Language.say(
                "run \(report.run): \(report.status.rawValue) — \(report.outputs.count) summaries, \(report.rejected.count) rejected, " +
                "\(report.duplicates.count) already processed; report: \(reportPath)",
                "第 \(report.run) 次运行：\(Language.status(report.status))——生成汇总表 \(report.outputs.count) 个，退回 \(report.rejected.count) 个，" +
                "已处理过 \(report.duplicates.count) 个；运行报告：\(reportPath)"))
            if !report.waiting.isEmpty {
                Console.line(Language.say("\(report.waiting.count) files in the inbox are still changing (being copied?) and wait for the next run",
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
        let outcome = Supervisor(root: root, arguments: CommandLine.arguments, options: options, logger: logger).run()
        switch outcome {
        case .finished: break
        case .storageFault(let why):
            printError(Language.say(
                "storage fault: \(why); nothing ran and nothing was lost, and the next run goes on",
                "存储故障，本次运行未能开始（work 文件夹无法建立或写入，磁盘可能已满）；没有丢失任何工作簿，故障排除后下次运行会继续"))
        case .stopped:
            printError(Language.say(
                "the run stopped before it finished (see the log); nothing was lost or rejected, and the next run finishes its work",
                "本次运行中途停止（详见运行日志）；没有丢失或退回任何工作簿，下次运行会接着完成"))
        }
        let code = outcome.exitCode
        if code != ExitCodes.ok { throw ExitCode(code) }
    }

    /// The one-shot run: the nightly pipeline over a scratch copy of the inbox (`OneShot`), its
    /// summaries written to `out`; a line per summary, per returned workbook and per job without one.
    func oneShot(_ loaded: [Job], inbox: String, out: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inbox, isDirectory: &isDir), isDir.boolValue else {
            printError(Language.say("the inbox \(inbox) is not a folder", "收件箱 \(inbox) 不是文件夹"))
            throw ExitCode(ExitCodes.usage)
        }
        var run = OneShot(jobs: loaded, inbox: inbox, out: out)
        run.pdf = pdf
        run.tuning = ChildEnvironment.current.tuning
        var logger = Logger(label: "kaohe.run")
        logger.logLevel = .error
        let outcome: OneShot.Outcome
        // Supervised as at night: one workbook that traps the reader costs only itself.
        let supervise: ((String, String) -> Supervisor.Outcome)? = unsupervised ? nil : { scratch, outDir in
            let arguments = [CommandLine.arguments[0], "run"] + jobs + ["--root", scratch, "--one-shot-out", outDir] + (pdf ? ["--pdf"] : [])
            var options = Supervisor.Options()
            options.workbookTimeout = workbookTimeout
            return Supervisor(root: scratch, arguments: arguments, options: options, logger: logger).run()
        }
        do { outcome = try run.run(logger: logger, supervise: supervise) } catch let e as RunnerError {
            printError(Language.say(e.description, "无法运行：\(e.description)"))
            throw ExitCode(ExitCodes.outputFailed)
        }
        let report = outcome.report
        for o in report.outputs {
            guard let job = loaded.first(where: { $0.name == o.job }) else { continue }
            let which = o.period != job.period ? " (\(o.period))" : ""
            let path = (out as NSString).appendingPathComponent((o.path as NSString).lastPathComponent)
            let tables = job.tables.count
            Console.line(Language.say(
                "\(job.path)\(which): \(tables) \(tables == 1 ? "table" : "tables") from \(o.inputs.count) \(o.inputs.count == 1 ? "workbook" : "workbooks"), \(o.findings) findings, wrote \(path)",
                "\(job.path)\(which)：\(tables) 张表，来自 \(o.inputs.count) 个工作簿，待核对 \(o.findings) 项，已写出 \(path)"))
            for m in o.missing { Console.line(Language.say("  no data: \(m)", "  没有数据：\(m)")) }
        }
        for r in report.routed { Console.line(Language.say("not by its name: \(r)", "未按文件名识别：\(r)")) }
        for r in report.rejected { Console.line(Language.say("\(r.file): not used: \(r.reason.text)", "\(r.file)：未采用：\(r.reason.text)")) }
        for f in report.failures + report.deferred { printError(f) }
        for job in outcome.withoutSummary {
            Console.line(Language.say("\(job.path): no summary written: no usable workbook for it in \(inbox)",
                                      "\(job.path)：未生成汇总表：\(inbox) 中没有可用于它的工作簿"))
        }
        if outcome.exitCode != ExitCodes.ok { throw ExitCode(outcome.exitCode) }
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: Language.say("List the runs recorded in a runner's ledger.", "列出台账中记录的各次运行。"))

    @Option(help: .init(Language.say("The runner's folder tree.", "每晚运行的文件夹。")))
    var root: String

    @Option(help: .init(Language.say("How many runs, newest first.", "列出几次运行（最新的在前）。")))
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
        Console.line(zip(columns, widths).map { pad($0, $1) }.joined(separator: "  "))
        for (r, cells) in zip(runs, rows) {
            Console.line(zip(cells, widths).map { pad($0, $1) }.joined(separator: "  "))
            if let note = r.note { Console.line("     \(note)") }
        }
    }
}

struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Language.say("Write, for every file a job expects, the workbook its lead unit fills in (headers, units, 填报说明).", "为考核任务要求的每个报送文件生成牵头单位填写的模板（表头、单位、填报说明）。")
    )

    @Argument(help: .init(Language.say("Job files (Jobs/*.yaml).", "考核任务文件（Jobs/*.yaml）。")))
    var jobs: [String]

    @Option(help: .init(Language.say("Folder the templates are written to.", "模板写入的文件夹。")))
    var out: String

    @Option(help: .init(Language.say("The period the templates are for (2026年10月), for jobs whose file names hold {period}: it names the files and is kept inside them.", "模板所属的考核期间（如 2026年10月），用于文件名中含 {period} 的任务：用于文件命名并记录在模板中。")))
    var period: String?

    func run() throws {
        let loaded = try loadJobs(jobs)
        for job in loaded {
            if let problem = Templates.periodProblem(job, period: period) {
                printError(Language.say("\(job.path): \(problem)", "\(job.path)：" + (period == nil
                    ? "报送文件名中含 {period}，请用 --period 给出模板所属的考核期间（如 \(job.periodForm?.example ?? "2026年10月")）"
                    : "“\(period!)”不是本考核任务的期间写法（应写作“\(job.periodForm?.example ?? "2026年10月")”这样的形式）")))
                throw ExitCode(ExitCodes.usage)
            }
        }
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var options = WriterOptions()
        options.created = ChildEnvironment.current.tuning.fixedTime // SOURCE_DATE_EPOCH: the same bytes each time
        for job in loaded {
            for (name, workbook) in Templates.workbooks(job, period: period) {
                let path = (out as NSString).appendingPathComponent(name)
                do { try XLSXWriter.write(workbook, to: path, options: options) } catch {
                    printError(Language.say("cannot write \(path): \(error)", "无法写出 \(path)：\(error)"))
                    throw ExitCode(ExitCodes.outputFailed)
                }
                Console.line(Language.say("\(job.path): template \(path)", "\(job.path)：报送模板 \(path)"))
            }
        }
    }
}
