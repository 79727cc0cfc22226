import Foundation
import Testing
import KaoheReader
import KaoheRunner

/// The CLI as operators use it: messages in English, documented exit codes. Commands without
/// --root run in this process (`kaoheInProcess`); the nightly run is a `Runner` in this process
/// (`runNight`) but for one `kaohe run --root` child (what it prints, its exit code), a locale's
/// and a crash point's.
@Suite struct CLITests {
    @Test("under a Chinese locale kaohe --help and each command's help are Chinese, headings included; otherwise English")
    func chineseHelp() throws {
        let zh = ["LANG": "zh_CN.UTF-8", "LC_ALL": ""]
        let top = try runKaohe(["--help"], environment: zh)
        #expect(top.status == 0)
        #expect(top.stdout.hasPrefix("概述： 考核汇总：把各牵头单位报送的考核工作簿汇总成汇总表和通报。\n\n用法： kaohe <subcommand>\n"), "\(top.stdout)")
        #expect(top.stdout.contains("子命令：\n  inspect                 显示程序从工作簿中读到的内容：各工作表，或某一工作表的每个单元格。\n"))
        #expect(top.stdout.contains("  -h, --help              显示帮助信息。\n"))
        for (command, line) in [("inspect", "  <file>                  要查看的 .xlsx 工作簿。"), ("validate", "  <jobs>                  考核任务文件（Jobs/*.yaml）。"),
                                ("run", "  --out <out>             汇总表和通报文档写入的文件夹（单次运行）。"), ("history", "  --root <root>           每晚运行的文件夹。"),
                                ("template", "  --out <out>             模板写入的文件夹。"), ("draft", "  --name <name>           考核任务的名称（默认取第一个工作簿的文件名）。")] {
            let o = try runKaohe([command, "--help"], environment: zh)
            #expect(o.status == 0 && o.stdout.contains("选项：") && o.stdout.contains(line), "\(command): \(o.stdout)")
            #expect(!o.stdout.contains("USAGE:") && !o.stdout.contains("OPTIONS:"), "\(command): \(o.stdout)")
        }
        let english = try runKaohe(["run", "--help"], environment: ["LANG": "C.UTF-8", "LC_ALL": ""])
        #expect(english.stdout.contains("USAGE: kaohe run <jobs> ...") && english.stdout.contains("Folder the summary workbooks are written to"))
    }

    @Test("under a Chinese locale a command line kaohe cannot take is told in Chinese, with exit 64; otherwise in English")
    func chineseUsageErrors() throws {
        let zh = ["LANG": "zh_CN.UTF-8", "LC_ALL": ""]
        let missing = try runKaohe(["history"], environment: zh)
        #expect(missing.status == 64)
        #expect(missing.stderr == "错误：缺少参数 --root <root>\n说明： --root <root>  每晚运行的文件夹。\n"
                + "用法：kaohe history --root <root> [--limit <limit>]\n  详细说明：kaohe history --help\n", "\(missing.stderr)")
        let bad = try runKaohe(["history", "--root", "/nonexistent", "--limit", "abc"], environment: zh)
        #expect(bad.status == 64 && bad.stderr.hasPrefix("错误：“abc”不是 --limit <limit> 可以取的值\n"), "\(bad.stderr)")
        let unknown = try runKaohe(["history", "--root", "/nonexistent", "--bogus"], environment: zh)
        #expect(unknown.status == 64 && unknown.stderr.hasPrefix("错误：没有选项 --bogus\n"), "\(unknown.stderr)")
        let extra = try runKaohe(["frobnicate"], environment: zh)
        #expect(extra.status == 64 && extra.stderr.hasPrefix("错误：多余的参数“frobnicate”\n"), "\(extra.stderr)")
        let english = try runKaohe(["history"], environment: ["LANG": "C.UTF-8", "LC_ALL": ""])
        #expect(english.status == 64 && english.stderr.hasPrefix("Error: Missing expected argument '--root <root>'\n"), "\(english.stderr)")
    }

    @Test("kaohe validate: every seed job is valid; a job with mistakes gets one line per mistake and exit 5")
    func validate() throws {
        let jobs = try FileManager.default.contentsOfDirectory(atPath: repoRoot + "/Jobs").filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(jobs.count == 5)
        let ok = try runKaohe(["validate"] + jobs.map { repoRoot + "/Jobs/" + $0 })
        #expect(ok.status == 0)
        #expect(ok.stdout.split(separator: "\n").count == 5)

        let dir = try temporaryFolder("kaohe-cli")
        try """
        groups: [镇（街道）]
        units:
          - {name: 登科街道, group: 镇（街道）}
        """.write(toFile: dir + "/units.yaml", atomically: true, encoding: .utf8)
        try """
        assessment: 考核
        output: 汇总.xlsx
        registry: units.yaml
        tables:
          - id: a
            title: 表一
            columns: {unit: 单位, 理由: 理由, 公布: 得分}
            scores:
              - {name: 得分, weighted: {base: 100}}
              - {name: 总分, expression: "得分 +", published: 公布}
            rank: {score: 总分, published: 名次}
            output:
              - {header: 单位, value: unit}
        """.write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try runKaohe(["validate", dir + "/bad.yaml"])
        #expect(bad.status == 5)
        #expect(bad.stderr.split(separator: "\n").map(String.init) == [
            "kaohe: \(dir)/bad.yaml:5:5: table 'a' has no source (source: {file: …, sheet: …})",
            "kaohe: \(dir)/bad.yaml:9:20: unknown key 'weighted' in a score (expected: name, decimals, published, tolerance, empty_is_zero, expression, adjustments, categories, quota, completion, points, from)",
            "kaohe: \(dir)/bad.yaml:10:37: bad expression: expression ends too early",
            "kaohe: \(dir)/bad.yaml:11:34: unknown column '名次'",
        ])
    }

    /// Issue 22 §2: the seed job of 2026-11-23, upgraded in place; the old file kept beside it.
    @Test("kaohe validate --upgrade rewrites a job in today's spelling, keeps FILE.bak, and it then validates without warnings")
    func upgrade() throws {
        let dir = temporaryPath("kaohe-upgrade")
        try FileManager.default.copyItem(atPath: repoRoot + "/Tests/KaoheJobsTests/Fixtures/historical-jobs/2026-11-23-769c263", toPath: dir)
        let job = dir + "/000-巴中市-政务目标考核.yaml"
        let before = try String(contentsOfFile: job, encoding: .utf8)
        let o = try runKaohe(["validate", "--upgrade", job])
        #expect(o.status == 0, "\(o.stderr)")
        #expect(o.stdout.hasPrefix("\(job): upgraded 2 older spellings (the old file is \(job).bak)\n"), "\(o.stdout)")
        #expect(try String(contentsOfFile: job + ".bak", encoding: .utf8) == before)
        let again = try runKaohe(["validate", job])
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
    }

    /// Issue 22 §3: a mistyped header is found before the night, with the cell closest to it.
    @Test("kaohe validate --inbox binds each table: headers found and units counted, or the missing header and its closest cell (exit 5)")
    func validateAgainstInbox() throws {
        let dir = try temporaryFolder("kaohe-headers")
        var job = try String(contentsOfFile: repoRoot + "/Jobs/002-恩阳区-政务服务亮牌.yaml", encoding: .utf8)
        job = job.replacingOccurrences(of: "registry: registries/", with: "registry: \(repoRoot)/Jobs/registries/")
        try job.write(toFile: dir + "/good.yaml", atomically: true, encoding: .utf8)
        try job.replacingOccurrences(of: "公布得分: 得分\n", with: "公布得分: 得分分\n").write(toFile: dir + "/typo.yaml", atomically: true, encoding: .utf8)
        let inbox = repoRoot + "/Workbooks/inbox"
        let good = try runKaohe(["validate", dir + "/good.yaml", "--inbox", inbox])
        #expect(good.status == 0)
        #expect(good.stdout.contains("  table 政务服务: 002-恩阳区-政务服务亮牌情况.xlsx: headers found, 60 units\n"), "\(good.stdout)")
        let typo = try runKaohe(["validate", dir + "/typo.yaml", "--inbox", inbox])
        #expect(typo.status == 5)
        #expect(typo.stderr == "kaohe: \(dir)/typo.yaml: table 政务服务: 002-恩阳区-政务服务亮牌情况.xlsx：工作表“亮牌情况汇总”中找不到表头 "
                + "“得分分”（第 3 行，最接近的是 D3“得分”）；应有：序号、被考核单位、加扣分原因及分值、得分分、排名位次\n", "\(typo.stderr)")
    }

    /// Issue 22 §5: the first job drafted from a workbook, run unedited; files never overwritten.
    @Test("kaohe draft writes a job and registry that validate and run unedited (exit 0); again onto them is exit 64")
    func draft() throws {
        let dir = temporaryPath("kaohe-draft")
        let workbook = repoRoot + "/Workbooks/inbox/002-恩阳区-政务服务亮牌情况.xlsx"
        let drafted = try runKaohe(["draft", workbook, "--out", dir, "--name", "亮牌"])
        #expect(drafted.status == 0)
        #expect(drafted.stdout == "table 亮牌情况汇总: recomputes 得分 (60/60), 排名位次 (60/60); inputs: 原序号\n"
                + "\(dir)/亮牌.yaml: drafted; run on these workbooks it reproduces 120 published values\n"
                + "registry: \(dir)/registries/亮牌-单位名册.yaml\n", "\(drafted.stdout)")
        let job = try String(contentsOfFile: dir + "/亮牌.yaml", encoding: .utf8)
        #expect(job.contains("registry: \"registries/亮牌-单位名册.yaml\"\n"))
        #expect(try runKaohe(["validate", dir + "/亮牌.yaml"]).status == 0)
        let run = try runKaohe(["run", dir + "/亮牌.yaml", "--inbox", repoRoot + "/Workbooks/inbox", "--out", dir + "/汇总"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/汇总/巴中市恩阳区下半年目标绩效考核亮牌汇总.xlsx"))
        let again = try runKaohe(["draft", workbook, "--out", dir, "--name", "亮牌"])
        #expect(again.status == 64)
        #expect(again.stderr == "kaohe: \(dir)/亮牌.yaml exists; not overwritten (give another --name or --out)\n")
        #expect(try String(contentsOfFile: dir + "/亮牌.yaml", encoding: .utf8) == job)
        let notAWorkbook = try runKaohe(["draft", repoRoot + "/README.md", "--out", dir])
        #expect(notAWorkbook.status == 3)
        #expect(notAWorkbook.stderr == "kaohe: \(repoRoot)/README.md: not a zip archive, so not an .xlsx workbook\n", "\(notAWorkbook.stderr)")
    }

    @Test("kaohe run without a root or an inbox and outbox is a usage error")
    func usage() throws {
        let o = try runKaohe(["run", repoRoot + "/Jobs/002-恩阳区-政务服务亮牌.yaml"])
        #expect(o.status == 64)
        #expect(o.stderr.contains("give --root DIR, or both --inbox DIR and --out DIR"))
    }

    /// Seed 002's job with its file named by period (政务服务-{period}.xlsx), written to
    /// `dir`/job.yaml (with `output`, when given), and seed 002's workbook put in `inbox` as the
    /// 1月 and 2月 submissions.
    func periodJob(in dir: String, output: String? = nil, inbox: String) throws {
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        var job = try String(contentsOfFile: repoRoot + "/Jobs/002-恩阳区-政务服务亮牌.yaml", encoding: .utf8)
        job = job.replacingOccurrences(of: "registry: registries/", with: "registry: \(repoRoot)/Jobs/registries/")
        let pattern = try #require(job.range(of: #"file: "?002-恩阳区-政务服务[^,}]*"#, options: .regularExpression))
        job.replaceSubrange(pattern, with: "file: \"政务服务-{period}.xlsx\"")
        if let output {
            let line = try #require(job.range(of: #"output: [^\n]*"#, options: .regularExpression))
            job.replaceSubrange(line, with: "output: \"\(output)\"")
        }
        try job.write(toFile: dir + "/job.yaml", atomically: true, encoding: .utf8)
        for month in ["1月", "2月"] {
            try FileManager.default.copyItem(atPath: repoRoot + "/Workbooks/inbox/002-恩阳区-政务服务亮牌情况.xlsx",
                                             toPath: inbox + "/政务服务-\(month).xlsx")
        }
    }

    /// Issue 10 §7: a one-shot run splits {period} files by period as the nightly run does.
    @Test("kaohe run --inbox: one summary per period of a {period} job, {period} filled in the output name")
    func periodsInOneShot() throws {
        let dir = temporaryPath("kaohe-periods")
        try periodJob(in: dir, output: "政务服务汇总-{period}.xlsx", inbox: dir + "/inbox")
        let o = try runKaohe(["run", dir + "/job.yaml", "--inbox", dir + "/inbox", "--out", dir + "/out"])
        #expect(o.status == 0, "\(o.stdout)\(o.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted() == RunnerTests.withDocuments(["政务服务汇总-1月.xlsx", "政务服务汇总-2月.xlsx"]))
        #expect(o.stdout.contains("job.yaml (1月): 1 table from 1 workbook"))
        #expect(o.stdout.contains("job.yaml (2月): 1 table from 1 workbook"))
    }

    /// The nightly run of a {period} job: each period's summary names its period on the cover
    /// (it said "（—）", the job's default period, before).
    @Test("kaohe run --root: each period's summary names its period on the cover")
    func periodsNightly() throws {
        let dir = temporaryPath("kaohe-periods-root")
        try periodJob(in: dir, inbox: dir + "/root/inbox")
        let report = try runNight(dir + "/root", jobs: [dir + "/job.yaml"])
        #expect(report.exitCode == RunExit.ok, "\(report.status)")
        #expect(report.outputs.map(\.period) == ["1月", "2月"])
        for month in ["1月", "2月"] {
            let folder = dir + "/root/outbox/job/" + month
            let summary = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".xlsx") })
            let wb = try Workbook(path: folder + "/" + summary)
            let cover = try #require(wb.sheets.first { $0.name == "封面" })
            let texts = try wb.grid(cover).cells.map(\.value.text)
            #expect(texts.contains("（\(month)）"), "\(texts.prefix(3))")
        }
    }

    /// Issue 21 §1: a correction replaces its period's workbook; a name with no period is returned.
    @Test("kaohe run --root with periods: 月 — 2026.1 and a later （更正） are one period; 政务服务-—.xlsx is returned naming the file to send")
    func correctionsAndPeriodForms() throws {
        let dir = temporaryPath("kaohe-corrections")
        let inbox = dir + "/root/inbox"
        try periodJob(in: dir, inbox: inbox)
        for f in try FileManager.default.contentsOfDirectory(atPath: inbox) { try FileManager.default.removeItem(atPath: inbox + "/" + f) }
        var job = try String(contentsOfFile: dir + "/job.yaml", encoding: .utf8)
        job = "periods: 月\n" + job
        try job.write(toFile: dir + "/job.yaml", atomically: true, encoding: .utf8)
        let seed = repoRoot + "/Workbooks/inbox/002-恩阳区-政务服务亮牌情况.xlsx"
        try FileManager.default.copyItem(atPath: seed, toPath: inbox + "/政务服务-2026.1.xlsx")
        try FileManager.default.copyItem(atPath: seed, toPath: inbox + "/政务服务-—.xlsx")
        let first = try runNight(dir + "/root", jobs: [dir + "/job.yaml"])
        #expect(first.exitCode == RunExit.rejectedInputs, "\(first.status)")
        #expect(first.outputs.map(\.path) == ["outbox/job/2026年1月/恩阳区下半年目标绩效考核（政务服务）汇总.xlsx"])
        #expect(first.rejected.map { [$0.file, $0.reason.code.rawValue] } == [["政务服务-—.xlsx", "bad-period"]])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/root/outbox/job") == ["2026年1月"])
        let note = try staffText(dir + "/root/rejected/政务服务-—.xlsx.错误说明.txt")
        #expect(note.contains("问题：文件名“政务服务-—.xlsx”中的期间“—”无法识别（job 的期间应写作“2026年10月”这样的形式）；请按“政务服务-2026年10月.xlsx”的格式命名后重新报送\n"), "\(note)")
        // The correction: a changed workbook (one more byte in a comment part) under a marked name.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: seed))
        bytes.append(0)
        try bytes.write(to: URL(fileURLWithPath: inbox + "/政务服务-2026年1月（更正）.xlsx"))
        let second = try runNight(dir + "/root", jobs: [dir + "/job.yaml"])
        #expect(second.exitCode == RunExit.ok || second.exitCode == RunExit.rejectedInputs, "\(second.status)")
        #expect(second.replaced.map { [$0.period, $0.previous, String($0.previousRun), $0.by] }
                == [["2026年1月", "政务服务-2026.1.xlsx", "1", "政务服务-2026年1月（更正）.xlsx"]])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/root/outbox/job") == ["2026年1月"])
        let md = try staffText(dir + "/root/reports/run-2.md")
        #expect(md.contains("政务服务-2026年1月（更正）.xlsx：已处理（job 2026年1月）"), "\(md)")
        #expect(md.contains("政务服务-2026.1.xlsx"), "the report says which workbook the correction replaced: \(md)")
    }

    /// Issue 20 §4: 名次变化 on every table and on 总表 compares with the previous period's final
    /// summary, never with an earlier night of the same period.
    @Test("名次变化: October against September's final summary, on the table and on 总表; October's correction still against September")
    func rankChangeAcrossPeriods() throws {
        let dir = temporaryPath("kaohe-rank-change")
        let inbox = dir + "/root/inbox"
        try periodJob(in: dir, output: "政务服务汇总-{period}.xlsx", inbox: inbox)
        for f in try FileManager.default.contentsOfDirectory(atPath: inbox) { try FileManager.default.removeItem(atPath: inbox + "/" + f) }
        var job = try String(contentsOfFile: dir + "/job.yaml", encoding: .utf8)
        job = "periods: 月\n" + job + "total:\n  title: 总表\n  weights: {政务服务: 1}\n"
        try job.write(toFile: dir + "/job.yaml", atomically: true, encoding: .utf8)
        let seed = repoRoot + "/Workbooks/inbox/002-恩阳区-政务服务亮牌情况.xlsx"
        let corrected = repoRoot + "/Tests/KaoheRunnerTests/Fixtures/002-恩阳区-政务服务亮牌情况（更正）.xlsx"
        func night(_ file: String, as name: String, period: String) throws -> (table: [[String]], total: [[String]]) {
            try FileManager.default.copyItem(atPath: file, toPath: inbox + "/" + name)
            let report = try runNight(dir + "/root", jobs: [dir + "/job.yaml"])
            #expect(report.exitCode == RunExit.ok, "\(name): \(report.status)")
            #expect(report.outputs.map(\.path) == ["outbox/job/\(period)/政务服务汇总-\(period).xlsx"])
            let out = dir + "/root/outbox/job/\(period)/政务服务汇总-\(period).xlsx"
            return (try sheetRows(out, "政务服务亮牌情况"), try sheetRows(out, "总表"))
        }
        func change(_ rows: [[String]], _ unit: String, at column: Int) -> String? { rows.first { $0.first == unit }?[column] }
        let september = try night(seed, as: "政务服务-2026年9月.xlsx", period: "2026年9月")
        #expect(change(september.table, "登科街道", at: 4) == "新")
        let header = try #require(september.total.firstIndex { $0.contains("加权总分") })
        #expect(september.total[header].suffix(3) == ["加权总分", "排名", "名次变化"], "\(september.total[header])")
        // October's lead unit corrected 登科街道 (101.1, up one place); the three on 101 move down one.
        let october = try night(corrected, as: "政务服务-2026.10.xlsx", period: "2026年10月")
        #expect(change(october.table, "登科街道", at: 4) == "↑1")
        #expect(change(october.table, "司城街道", at: 4) == "↓1")
        #expect(change(october.table, "渔溪镇", at: 4) == "—")
        let totalRank = try #require(october.total[header].firstIndex(of: "名次变化"))
        // 总表 ranks by competition (1, 1, 3 …): the change is September's rank there less October's.
        func rank(_ rows: [[String]], _ unit: String) -> Int? { change(rows, unit, at: totalRank - 1).flatMap { Int($0) } }
        let (before, now) = (try #require(rank(september.total, "登科街道")), try #require(rank(october.total, "登科街道")))
        #expect(now < before)
        #expect(change(october.total, "登科街道", at: totalRank) == "↑\(before - now)")
        let (sBefore, sNow) = (try #require(rank(september.total, "司城街道")), try #require(rank(october.total, "司城街道")))
        #expect(sNow > sBefore)
        #expect(change(october.total, "司城街道", at: totalRank) == "↓\(sNow - sBefore)")
        // A correction of October on the next night: still against September, not October's first night.
        let again = try night(seed, as: "政务服务-2026年10月（更正）.xlsx", period: "2026年10月")
        #expect(change(again.table, "登科街道", at: 4) == "—")
        #expect(change(again.table, "司城街道", at: 4) == "—")
        #expect(change(again.total, "登科街道", at: totalRank) == "—")
    }

    /// Issue 14 §7: every failure maps to its documented code (README), never 1 (findings).
    @Test("every exit code means what the README says: 0 1 2 3 4 5 6 7 64")
    func exitCodes() throws {
        let jobs = repoRoot + "/Jobs/"
        let inbox = repoRoot + "/Workbooks/inbox"
        func out() -> String { temporaryPath("kaohe-exit") }
        #expect(try runKaohe(["run", jobs + "002-恩阳区-政务服务亮牌.yaml", "--inbox", inbox, "--out", out()]).status == 0)
        #expect(try runKaohe(["run", jobs + "000-巴中市-政务目标考核.yaml", "--inbox", inbox, "--out", out()]).status == 1)
        let partial = out()
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: inbox + "/003-雁江区-政务信息报送.xlsx", toPath: partial + "/003-雁江区-政务信息报送.xlsx")
        #expect(try runKaohe(["run", jobs + "003-雁江区-政务信息.yaml", "--inbox", partial, "--out", out()]).status == 2)
        let notZip = out()
        try Data("不是工作簿".utf8).write(to: URL(fileURLWithPath: notZip))
        #expect(try runKaohe(["inspect", notZip]).status == 3)
        // 4 (lock held) and 5 (job mistakes) have their own tests (RunnerTests.lock, validate).
        // 6: a damaged ledger, for the run (in this process: the storage fault `kaohe run` exits
        // 6 on) and for history; a root under a plain file (the supervisor's: nothing ran).
        let root = out()
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: root + "/ledger.sqlite"))
        let damaged = try runNightFailing(root, jobs: [jobs + "002-恩阳区-政务服务亮牌.yaml"], minimumAge: RunnerOptions.defaultMinimumAge)
        #expect(damaged.description.hasPrefix("ledger: the ledger cannot be used"), "\(damaged)")
        #expect(try runKaohe(["history", "--root", root]).status == 6)
        let file = out()
        try Data().write(to: URL(fileURLWithPath: file))
        let underFile = try runKaohe(["run", jobs + "002-恩阳区-政务服务亮牌.yaml", "--root", file + "/root"])
        #expect(underFile.status == 6, "\(underFile.stderr)")
        // 7: the run stopped from outside (here: killed at a crash point), nothing rejected.
        let killed = out()
        try FileManager.default.createDirectory(atPath: killed + "/inbox", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: inbox + "/002-恩阳区-政务服务亮牌情况.xlsx", toPath: killed + "/inbox/002-恩阳区-政务服务亮牌情况.xlsx")
        let stopped = try runKaohe(["run", jobs + "002-恩阳区-政务服务亮牌.yaml", "--root", killed, "--min-age", "0"], environment: ["KAOHE_CRASH_AT": "bound"])
        #expect(stopped.status == 7, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("the run stopped before it finished (see the log); nothing was lost or rejected"))
        // 64: wrong options.
        #expect(try runKaohe(["history", "--root", out()]).status == 64)
        #expect(try runKaohe(["run", jobs + "002-恩阳区-政务服务亮牌.yaml"]).status == 64)
    }

    /// The one nightly run spawned as the timer starts it (the runner's other tests build the
    /// `Runner` in this process): the line it prints for each run, the line for files still being
    /// copied, and the run's exit code.
    @Test("kaohe run --root prints the run's line (and the files still being copied) and exits with the run's code")
    func nightlyAsSpawned() throws {
        let root = try RunnerTests.mixedRoot()
        let command = ["run"] + RunnerTests.jobs + ["--root", root]
        // Without --min-age, files copied moments ago wait (30 s).
        let waiting = try runKaohe(command)
        #expect(waiting.status == 0, "\(waiting.stderr)")
        #expect(waiting.stdout == "run 1: idle — 0 summaries, 0 rejected, 0 already processed; report: \(root)/reports/run-1.md\n"
                + "5 files in the inbox are still changing (being copied?) and wait for the next run\n")
        #expect(files(root + "/inbox").count == 5)
        let o = try runKaohe(command + ["--min-age", "0"])
        #expect(o.status == 3, "\(o.stderr)")
        #expect(o.stdout == "run 2: rejected-inputs — 2 summaries, 2 rejected, 0 already processed; report: \(root)/reports/run-2.md\n")
        #expect(files(root + "/inbox").isEmpty)
        #expect(files(root + "/rejected").count == 4 && files(root + "/archive").count == 3)
        #expect(files(root + "/reports") == ["run-1.json", "run-1.md", "run-2.json", "run-2.md"])
    }

    /// Issue 14 §4: staff read Chinese under a Chinese locale; times are local.
    @Test("under LANG=zh_CN.UTF-8 the run's line and history speak Chinese; otherwise English")
    func chinese() throws {
        let root = temporaryPath("kaohe-zh")
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repoRoot + "/Workbooks/inbox/003-雁江区-政务信息采用.xlsx", toPath: root + "/inbox/003-雁江区-政务信息采用.xlsx")
        let job = repoRoot + "/Jobs/003-雁江区-政务信息.yaml"
        let zh = ["LANG": "zh_CN.UTF-8", "LC_ALL": ""]
        let run = try runKaohe(["run", job, "--root", root, "--min-age", "0"], environment: zh)
        #expect(run.stdout.hasPrefix("第 1 次运行：完成，有表尚未收到——生成汇总表 1 个，退回 0 个，已处理过 0 个；运行报告："), "\(run.stdout)")
        let md = try staffText(root + "/reports/run-1.md")
        #expect(!md.contains("退出码"))
        #expect(md.contains("  - 表“区级部门采用”27 项：区财政局：公布值 66.00 与重新计算值 74.00 不一致"))
        #expect(md.contains("；另有 24 项，见汇总表“校验结果”\n"))
        // An empty run after one with open findings says the latest summary still has them.
        _ = try runKaohe(["run", job, "--root", root, "--min-age", "0"], environment: zh)
        let empty = try staffText(root + "/reports/run-2.md")
        #expect(empty.contains("本次没有新的汇总表；最新的汇总表中仍有待核对的项目：\n\n- outbox/003-雁江区-政务信息/2020年三季度/雁江区2020年三季度政务信息考核汇总.xlsx：待核对 29 项\n"), "\(empty)")
        let history = try runKaohe(["history", "--root", root], environment: zh)
        let lines = history.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("次  开始（本地时间）"))
        #expect(lines[1].contains("完成，本次没有读取新的工作簿") && lines[2].contains("完成，有表尚未收到"), "a night that read nothing never says 未发现问题")
        // Columns line up on a terminal, a Chinese character being two columns wide.
        func column(_ line: String, of text: String) -> Int? {
            line.range(of: text).map { line[..<$0.lowerBound].unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) } }
        }
        #expect(column(lines[1], of: "完成，本次没有读取新的工作簿") == column(lines[0], of: "结果"))
        #expect(column(lines[2], of: "完成，有表尚未收到") == column(lines[0], of: "结果"))
        let english = try runKaohe(["history", "--root", root], environment: ["LANG": "C", "LC_ALL": ""])
        #expect(english.stdout.hasPrefix("run  started (local)"))
    }

    /// Issue 19 §6: the one-shot run is the nightly pipeline over a scratch copy of the inbox.
    @Test("kaohe run --inbox: the inbox untouched; a misfit named for a table is not used (exit 3); a stranger is left out; the newer of two wins")
    func oneShotPipeline() throws {
        let dir = temporaryPath("kaohe-one-shot")
        let inbox = dir + "/inbox"
        try periodJob(in: dir, output: "政务服务汇总-{period}.xlsx", inbox: inbox)
        // 1月 twice: the older copy is replaced by the newer; 2月 is a workbook of another table.
        let seed = repoRoot + "/Workbooks/inbox/"
        try FileManager.default.copyItem(atPath: seed + "002-恩阳区-政务服务亮牌情况.xlsx", toPath: inbox + "/政务服务-1月（更正）.xlsx")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: inbox + "/政务服务-1月.xlsx")
        try FileManager.default.removeItem(atPath: inbox + "/政务服务-2月.xlsx")
        try FileManager.default.copyItem(atPath: seed + "003-雁江区-政务信息采用.xlsx", toPath: inbox + "/政务服务-2月.xlsx")
        try FileManager.default.copyItem(atPath: seed + "004-达州市-政务信息示例数据.xlsx", toPath: inbox + "/其他材料.xlsx")
        func state() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: inbox).sorted().map { name in
                let a = try FileManager.default.attributesOfItem(atPath: inbox + "/" + name)
                return "\(name) \(sha256(inbox + "/" + name)) \((a[.modificationDate] as! Date).timeIntervalSince1970)"
            }
        }
        let before = try state()
        let o = try runKaohe(["run", dir + "/job.yaml", "--inbox", inbox, "--out", dir + "/out"])
        #expect(o.status == 3, "\(o.stdout)\(o.stderr)")
        #expect(try state() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted() == RunnerTests.withDocuments(["政务服务汇总-1月.xlsx"]))
        let lines = o.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first == "\(dir)/job.yaml (1月): 1 table from 2 workbooks, 0 findings, wrote \(dir)/out/政务服务汇总-1月.xlsx")
        #expect(lines.last?.hasPrefix("政务服务-2月.xlsx: not used: 工作表“") == true, "\(lines)")
        let cover = try sheetRows(dir + "/out/政务服务汇总-1月.xlsx", "封面")
        #expect(cover.contains { $0.contains("政务服务-1月（更正）.xlsx") }, "\(cover)")
    }

    /// Issue 14 §6: a PDF beside each summary, for reviewers without a spreadsheet program.
    @Test("kaohe run --pdf writes a PDF beside the summary")
    func pdfBeside() throws {
        let out = temporaryPath("kaohe-pdf")
        let o = try runKaohe(["run", repoRoot + "/Jobs/002-恩阳区-政务服务亮牌.yaml", "--inbox", repoRoot + "/Workbooks/inbox", "--out", out, "--pdf"])
        #expect(o.status == 0, "\(o.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted()
                == ["恩阳区下半年目标绩效考核（政务服务）汇总.pdf", "恩阳区下半年目标绩效考核（政务服务）汇总.xlsx", "恩阳区下半年目标绩效考核（政务服务）汇总（通报）.docx"])
        let pdf = try Data(contentsOf: URL(fileURLWithPath: out + "/恩阳区下半年目标绩效考核（政务服务）汇总.pdf"))
        #expect(pdf.starts(with: Array("%PDF".utf8)))
    }
}
