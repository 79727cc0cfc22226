import Foundation
import KaoheSystem
import GRDB
import Testing
@testable import KaoheJobs
import KaoheReader
import KaoheReport
@testable import KaoheRunner

/// The nightly run over a real folder tree: a `Runner` built in this process (`runNight`), its
/// `RunReport` and the files it leaves; a real `kaohe run --root` child process where the process
/// is the point (killed at a crash point, LibreOffice's process group, a relative --root).
@Suite(.serialized) struct RunnerTests {
    static let jobs = [repoRoot + "/Jobs/002-恩阳区-政务服务亮牌.yaml", repoRoot + "/Jobs/003-雁江区-政务信息.yaml"]
    static let inbox = repoRoot + "/Workbooks/inbox/"
    static let good = ["002-恩阳区-政务服务亮牌情况.xlsx", "003-雁江区-政务信息报送.xlsx", "003-雁江区-政务信息采用.xlsx"].map { inbox + $0 }
    static let outputs = ["outbox/002-恩阳区-政务服务亮牌/下半年/恩阳区下半年目标绩效考核（政务服务）汇总.xlsx",
                          "outbox/003-雁江区-政务信息/2020年三季度/雁江区2020年三季度政务信息考核汇总.xlsx"]

    /// Summaries (paths under the outbox) with the bulletin's Word document beside each, sorted.
    static func withDocuments(_ summaries: [String]) -> [String] {
        summaries.flatMap { [$0, ReportBuilder.documentPath(besides: $0)] }.sorted()
    }

    /// The good workbooks, one that is not a workbook and one that no job takes.
    static func mixedRoot() throws -> String {
        let root = try makeRoot(good + [inbox + "001-鄂尔多斯市-政务公开绩效评估.xlsx"])
        try Data("这不是工作簿".utf8).write(to: URL(fileURLWithPath: root + "/inbox/002-恩阳区-政务服务-损坏.xlsx"))
        return root
    }

    /// `kaohe run --root` as a child process, killed (SIGKILL) when it reaches `crashAt`.
    func spawned(_ root: String, crashAt: String) throws -> Outcome {
        try runKaohe(["run"] + Self.jobs + ["--root", root, "--min-age", "0"], environment: ["KAOHE_CRASH_AT": crashAt])
    }

    /// A report's replaced workbooks: job, period, table, the earlier file and its run, the new file.
    static func replaced(_ report: RunReport) -> [[String]] {
        report.replaced.map { [$0.job, $0.period, $0.table, $0.previous, String($0.previousRun), $0.by] }
    }

    @Test("a run claims, archives, rejects with notes, writes by job and period, and reports")
    func firstRun() throws {
        let root = try Self.mixedRoot()
        let before = inputsByHash(root)
        let report = try runNight(root)
        #expect(report.exitCode == RunExit.rejectedInputs, "rejected inputs: \(report.status)")
        #expect(report.run == 1 && report.status == .rejectedInputs)
        #expect(report.outputs.map(\.path) == Self.outputs)
        #expect(report.outputs.map(\.findings) == [0, 28])
        #expect(report.duplicates.isEmpty)
        #expect(report.rejected.map { [$0.file, $0.movedTo, $0.reason.code.rawValue] }.sorted { $0[0] < $1[0] } == [
            ["001-鄂尔多斯市-政务公开绩效评估.xlsx", "rejected/001-鄂尔多斯市-政务公开绩效评估.xlsx", "no-table-matched"],
            ["002-恩阳区-政务服务-损坏.xlsx", "rejected/002-恩阳区-政务服务-损坏.xlsx", "unreadable"],
        ])
        #expect(report.rejected.first { $0.file == "002-恩阳区-政务服务-损坏.xlsx" }?.reason.text == "不是 .xlsx 工作簿（文件不是 zip 格式），请用 Excel 或 WPS 另存为 .xlsx 后重新报送")
        #expect(files(root + "/inbox").isEmpty)
        #expect(files(root + "/work").isEmpty)
        #expect(files(root + "/archive") == ["run-1/002-恩阳区-政务服务亮牌情况.xlsx", "run-1/003-雁江区-政务信息报送.xlsx",
                                             "run-1/003-雁江区-政务信息采用.xlsx"])
        #expect(files(root + "/rejected").sorted() == ["001-鄂尔多斯市-政务公开绩效评估.xlsx", "001-鄂尔多斯市-政务公开绩效评估.xlsx.错误说明.txt",
                                                       "002-恩阳区-政务服务-损坏.xlsx", "002-恩阳区-政务服务-损坏.xlsx.错误说明.txt"].sorted())
        let note = try staffText(root + "/rejected/002-恩阳区-政务服务-损坏.xlsx.错误说明.txt")
        #expect(note.hasPrefix("文件：002-恩阳区-政务服务-损坏.xlsx\n"))
        #expect(note.contains("问题：不是 .xlsx 工作簿（文件不是 zip 格式），请用 Excel 或 WPS 另存为 .xlsx 后重新报送\n"))
        let other = try staffText(root + "/rejected/001-鄂尔多斯市-政务公开绩效评估.xlsx.错误说明.txt")
        #expect(other.contains("问题：文件名“001-鄂尔多斯市-政务公开绩效评估.xlsx”不符合任何考核任务的报送文件名，内容也不符合任何表（可接收的文件名：002-恩阳区-政务服务*.xlsx、003-雁江区-政务信息报送.xlsx、003-雁江区-政务信息采用.xlsx；其中 * 代表任意文字）\n"), "\(other)")
        // Nothing lost, nothing changed: the same bytes, each once.
        let after = inputsByHash(root)
        #expect(Set(after.keys) == Set(before.keys))
        #expect(after.values.allSatisfy { $0.count == 1 })
        #expect(files(root + "/outbox") == Self.withDocuments(Self.outputs.map { String($0.dropFirst("outbox/".count)) }))
        #expect(files(root + "/reports") == ["run-1.json", "run-1.md"])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/reports/run-1.json"))) as! [String: Any]
        #expect(json["status"] as? String == "rejected-inputs")
        #expect((json["outputs"] as? [[String: Any]])?.map { $0["findings"] as? Int } == [0, 28])
        // Why each was returned, by a code a monitoring script can compare, beside the text.
        let reasons = Dictionary(uniqueKeysWithValues: (json["rejected"] as? [[String: Any]] ?? []).map {
            ($0["file"] as? String ?? "", $0["reason"] as? [String: Any] ?? [:])
        })
        #expect(reasons.mapValues { $0["code"] as? String } == ["002-恩阳区-政务服务-损坏.xlsx": "unreadable", "001-鄂尔多斯市-政务公开绩效评估.xlsx": "no-table-matched"])
        #expect(reasons["002-恩阳区-政务服务-损坏.xlsx"]?["error"] as? String == "notAZip")
        #expect(reasons["002-恩阳区-政务服务-损坏.xlsx"]?["text"] as? String == "不是 .xlsx 工作簿（文件不是 zip 格式），请用 Excel 或 WPS 另存为 .xlsx 后重新报送")
        // First run: every rank is new.
        let towns = try sheetRows(root + "/" + Self.outputs[0], "政务服务亮牌情况")
        let dengke = try #require(towns.first { $0.first == "登科街道" })
        #expect(dengke[2...4] == ["100.6", "5", "新"])
    }

    @Test("the same workbook again is not processed twice; a corrected one replaces it and ranks show the change")
    func duplicatesAndResubmission() throws {
        let root = try makeRoot([Self.good[0]])
        #expect(try runNight(root).exitCode == RunExit.ok)
        // The same bytes under another name.
        try FileManager.default.copyItem(atPath: Self.good[0], toPath: root + "/inbox/002-恩阳区-政务服务亮牌情况-再次报送.xlsx")
        let again = try runNight(root)
        #expect(again.exitCode == RunExit.ok)
        #expect(again.run == 2 && again.status == .ok && again.outputs.isEmpty && again.rejected.isEmpty)
        #expect(again.duplicates.map { [$0.file, $0.job, $0.period, String($0.earlierRun)] }
                == [["002-恩阳区-政务服务亮牌情况-再次报送.xlsx", "002-恩阳区-政务服务亮牌", "下半年", "1"]])
        let md2 = try staffText(root + "/reports/run-2.md")
        #expect(md2.contains("- 002-恩阳区-政务服务亮牌情况-再次报送.xlsx：002-恩阳区-政务服务亮牌 下半年，第 1 次运行已处理"))
        // The lead unit corrects 登科街道's first deduction (扣0.9分 → 扣0.4分: 100.6 → 101.1) and submits again.
        try FileManager.default.copyItem(atPath: repoRoot + "/Tests/KaoheRunnerTests/Fixtures/002-恩阳区-政务服务亮牌情况（更正）.xlsx",
                                         toPath: root + "/inbox/002-恩阳区-政务服务亮牌情况（更正）.xlsx")
        let corrected = try runNight(root)
        #expect(corrected.exitCode == RunExit.ok, "no findings: \(corrected.status)")
        #expect(corrected.outputs.map(\.path) == [Self.outputs[0]])
        #expect(Self.replaced(corrected) == [["002-恩阳区-政务服务亮牌", "下半年", "政务服务", "002-恩阳区-政务服务亮牌情况.xlsx", "1",
                                              "002-恩阳区-政务服务亮牌情况（更正）.xlsx"]])
        let md3 = try staffText(root + "/reports/run-3.md")
        #expect(md3.contains("- 002-恩阳区-政务服务亮牌 下半年 表“政务服务”：002-恩阳区-政务服务亮牌情况（更正）.xlsx 替换了第 1 次运行的 002-恩阳区-政务服务亮牌情况.xlsx"))
        let rows = try sheetRows(root + "/" + Self.outputs[0], "政务服务亮牌情况")
        func row(_ unit: String) -> [String]? { rows.first { $0.first == unit } }
        // 登科街道 (101.1) now ranks above the three towns on 101 and 明阳镇 (100.6); dense ranks
        // move them down one. 名次变化 compares with the previous period, never with an earlier
        // night of the same period: this job has one period, so every unit is 新.
        #expect(row("登科街道")?[2...4] == ["101.1", "4", "新"])
        #expect(row("司城街道")?[2...4] == ["101", "5", "新"])
        #expect(row("茶坝镇")?[2...4] == ["95", "7", "新"])
        #expect(try sheetRows(root + "/" + Self.outputs[0], "校验结果").contains { $0.contains("未发现问题") })
        let history = try runKaohe(["history", "--root", root])
        #expect(history.stdout.split(separator: "\n").map { $0.split(separator: " ").prefix(1).joined() } == ["run", "3", "2", "1"])
    }

    @Test("two workbooks for one table in one run: the newer is used and the report says it replaced the older")
    func twoInOneRun() throws {
        let root = try makeRoot([Self.good[0], repoRoot + "/Tests/KaoheRunnerTests/Fixtures/002-恩阳区-政务服务亮牌情况（更正）.xlsx"])
        let fm = FileManager.default
        try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: root + "/inbox/002-恩阳区-政务服务亮牌情况.xlsx")
        try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: root + "/inbox/002-恩阳区-政务服务亮牌情况（更正）.xlsx")
        let report = try runNight(root)
        #expect(report.exitCode == RunExit.ok, "the corrected workbook has no findings: \(report.status)")
        #expect(Self.replaced(report) == [["002-恩阳区-政务服务亮牌", "下半年", "政务服务", "002-恩阳区-政务服务亮牌情况.xlsx", "1",
                                           "002-恩阳区-政务服务亮牌情况（更正）.xlsx"]])
        let md = try staffText(root + "/reports/run-1.md")
        #expect(md.contains("- 002-恩阳区-政务服务亮牌 下半年 表“政务服务”：002-恩阳区-政务服务亮牌情况（更正）.xlsx 替换了第 1 次运行的 002-恩阳区-政务服务亮牌情况.xlsx"))
        #expect(files(root + "/archive").count == 2)
    }

    @Test("without LibreOffice a legacy .xls submission is rejected with the advice to save it as .xlsx")
    func legacyFormat() throws {
        let root = try makeRoot([])
        try FileManager.default.copyItem(atPath: repoRoot + "/Tests/KaoheReaderTests/Fixtures/generated/bad/legacy.xls",
                                         toPath: root + "/inbox/002-恩阳区-政务服务亮牌情况.xls")
        var noOffice = RunnerOptions.Tuning()
        noOffice.useOffice = false
        let report = try runNight(root, tuning: noOffice)
        #expect(report.exitCode == RunExit.rejectedInputs)
        #expect(report.rejected.map { [$0.file, $0.reason.code.rawValue, $0.reason.text] }
                == [["002-恩阳区-政务服务亮牌情况.xls", "unreadable", "这是旧版 Excel 97–2003 工作簿（.xls），请另存为 .xlsx 后重新报送"]])
        let note = try staffText(root + "/rejected/002-恩阳区-政务服务亮牌情况.xls.错误说明.txt")
        #expect(note.contains("问题：这是旧版 Excel 97–2003 工作簿（.xls），请另存为 .xlsx 后重新报送\n"))
    }

    @Test("a workbook whose sheet does not fit its table is rejected with the reason; the table keeps its earlier workbook")
    func wrongSheet() throws {
        let root = try makeRoot([Self.good[0]])
        #expect(try runNight(root).exitCode == RunExit.ok)
        // The 001 workbook under a name the 002 job takes: a real workbook, but not this table.
        try FileManager.default.copyItem(atPath: Self.inbox + "001-鄂尔多斯市-政务公开绩效评估.xlsx",
                                         toPath: root + "/inbox/002-恩阳区-政务服务亮牌情况（第二版）.xlsx")
        let report = try runNight(root)
        #expect(report.exitCode == RunExit.rejectedInputs)
        #expect(report.run == 2 && report.status == .rejectedInputs && report.outputs.isEmpty)
        #expect(report.rejected.map { [$0.file, $0.movedTo, $0.reason.code.rawValue] }
                == [["002-恩阳区-政务服务亮牌情况（第二版）.xlsx", "rejected/002-恩阳区-政务服务亮牌情况（第二版）.xlsx", "did-not-bind"]])
        let note = try staffText(root + "/rejected/002-恩阳区-政务服务亮牌情况（第二版）.xlsx.错误说明.txt")
        #expect(note.contains("问题：工作表“旗区”中找不到表头（应有：序号、被考核单位、加扣分原因及分值、得分、排名位次）\n"), "\(note)")
        // The summary from run 1 stands, written from the earlier workbook (its audit sheet: the note on 渔溪镇).
        #expect(try sheetRows(root + "/" + Self.outputs[0], "校验结果").filter { Int($0.first ?? "") != nil }.map { $0[2] } == ["渔溪镇"])
        let db = try DatabaseQueue(path: root + "/ledger.sqlite")
        let current = try db.read { try String.fetchAll($0, sql: "SELECT input.originalName FROM current JOIN input ON input.id = current.inputId") }
        #expect(current == ["002-恩阳区-政务服务亮牌情况.xlsx"])
    }

    @Test("a second run exits at once while the lock is held; a dead run's lock is taken over")
    func lock() throws {
        let root = try makeRoot([Self.good[0]])
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let held = try RunLock.acquire(root + "/kaohe.lock")
        do {
            let ran = try runNight(root)
            Issue.record("run \(ran.run) ran while the lock was held")
        } catch let e as RunnerError {
            guard case .lockHeld(let holder) = e else { throw e }
            #expect(holder?.pid == System.pid)
            #expect(e.description.hasPrefix("another run holds the lock (pid \(System.pid), started "), "\(e)")
        }
        #expect(files(root + "/inbox") == ["002-恩阳区-政务服务亮牌情况.xlsx"])
        held.release()
        // A lock file left by a process that no longer exists.
        try "999999 2026-11-22T01:00:00Z\n".write(toFile: root + "/kaohe.lock", atomically: true, encoding: .utf8)
        let log = LogLines()
        let report = try runNight(root, log: log)
        #expect(report.exitCode == RunExit.ok)
        #expect(report.lockTakenOverFrom == "pid 999999, started 2026-11-22T01:00:00Z")
        #expect(log.text.contains("took over the lock left by a run that died (pid 999999, started 2026-11-22T01:00:00Z)"), "\(log.text)")
        #expect(try staffText(root + "/reports/run-1.md").contains("- 上次运行异常终止（pid 999999, started 2026-11-22T01:00:00Z），本次已接管运行锁\n"))
        #expect(try String(contentsOfFile: root + "/kaohe.lock", encoding: .utf8).isEmpty)
    }

    /// Where the crash test kills the run: every step, and each repetition of the per-file ones.
    static let crashPoints = [
        "locked", "run-recorded", "claim-file#1", "claim-file#2", "claim-file#3", "claim-file#4", "claim-file#5", "claimed",
        "hashed", "bound#1", "bound#2", "scored#1", "scored#2", "output-temp#1", "output-written#1", "output-temp#2",
        "output-written#2", "ledger-committed", "note-written#1", "rejected-file#1", "note-written#2", "rejected-file#2",
        "archive-file#1", "archive-file#2", "archive-file#3", "archived", "report-written", "finished",
    ]

    @Test("kill -9 at each point of a run, then run again: nothing lost or processed twice, no partial output, the run completes",
          arguments: crashPoints)
    func crash(at point: String) throws {
        let root = try Self.mixedRoot()
        let originals = inputsByHash(root)
        let killed = try spawned(root, crashAt: point)
        #expect(killed.stoppedFromOutside, "\(point) was not reached: \(killed.status) \(killed.stderr)")
        // At the moment of the crash: every input is somewhere, once; every visible output is whole.
        let during = inputsByHash(root)
        #expect(Set(during.keys) == Set(originals.keys), "\(point): \(during)")
        #expect(during.values.allSatisfy { $0.count == 1 }, "\(point): \(during)")
        for f in files(root + "/outbox") where !(f as NSString).lastPathComponent.hasPrefix(".") && f.hasSuffix(".xlsx") {
            #expect(throws: Never.self, "\(point): \(f) is not a whole workbook") { _ = try sheetRows(root + "/outbox/" + f, "校验结果") }
        }
        try checkCompletes(root, originals: originals, context: point)
    }

    @Test("summaries recorded in batches (one per batch here): the same end state; killed after the first batch's commit, the next run completes",
          arguments: ["", "batch-committed#1", "archive-file#1"])
    func batches(killedAt point: String) throws {
        let root = try Self.mixedRoot()
        let originals = inputsByHash(root)
        if !point.isEmpty {
            let killed = try runKaohe(["run"] + Self.jobs + ["--root", root, "--min-age", "0"],
                                      environment: ["KAOHE_BATCH_SIZE": "1", "KAOHE_CRASH_AT": point])
            #expect(killed.stoppedFromOutside, "\(point): \(killed.status) \(killed.stderr)")
        }
        var batchesOfOne = RunnerOptions.Tuning()
        batchesOfOne.batchSize = 1
        let report = try runNight(root, tuning: batchesOfOne)
        #expect(report.exitCode == RunExit.rejectedInputs, "\(report.status) \(report.failures)")
        try checkCompletes(root, originals: originals, context: "batches of one, killed at \(point)")
    }

    @Test("killed twice in a row (while claiming, then while taking over the dead run's files), the third run completes")
    func crashTwice() throws {
        let root = try Self.mixedRoot()
        let originals = inputsByHash(root)
        #expect(try spawned(root, crashAt: "claim-file#3").stoppedFromOutside)
        #expect(try spawned(root, crashAt: "recover-file#2").stoppedFromOutside)
        #expect(try spawned(root, crashAt: "ledger-committed").stoppedFromOutside)
        try checkCompletes(root, originals: originals, context: "three crashes")
    }

    /// Runs again without a crash (in this process) and checks the end state.
    func checkCompletes(_ root: String, originals: [String: [String]], context: String) throws {
        let report = try runNight(root)
        #expect(report.exitCode.map { [RunExit.ok, RunExit.findings, RunExit.rejectedInputs].contains($0) } == true,
                "\(context): \(report.status) \(report.failures)")
        #expect(files(root + "/inbox").isEmpty && files(root + "/work").isEmpty, "\(context)")
        let after = inputsByHash(root)
        #expect(Set(after.keys) == Set(originals.keys), "\(context)")
        #expect(after.values.allSatisfy { $0.count == 1 }, "\(context): \(after)")
        #expect(after.values.flatMap { $0 }.filter { $0.hasPrefix("archive/") }.count == 3, "\(context)")
        #expect(after.values.flatMap { $0 }.filter { $0.hasPrefix("rejected/") }.count == 2, "\(context)")
        for name in ["001-鄂尔多斯市-政务公开绩效评估.xlsx", "002-恩阳区-政务服务-损坏.xlsx"] {
            #expect(FileManager.default.fileExists(atPath: root + "/rejected/" + name + ".错误说明.txt"), "\(context): note for \(name)")
        }
        // No temporary file left, the two summaries whole and right.
        #expect(files(root + "/outbox") == Self.withDocuments(Self.outputs.map { String($0.dropFirst("outbox/".count)) }), "\(context)")
        #expect(try auditLines(root + "/" + Self.outputs[0]) == 1)
        #expect(try auditLines(root + "/" + Self.outputs[1]) == 28)
        // The ledger: each workbook processed once for its job and period; no run left running.
        let db = try DatabaseQueue(path: root + "/ledger.sqlite")
        let counts = try db.read { try Int.fetchAll($0, sql: "SELECT COUNT(*) FROM input WHERE outcome = 'processed' GROUP BY job, period, sha256") }
        #expect(counts == [1, 1, 1], "\(context)")
        let statuses = try db.read { try String.fetchAll($0, sql: "SELECT status FROM run ORDER BY id") }
        #expect(!statuses.contains("running") && !statuses.contains("committed"), "\(context): \(statuses)")
        // And a further run has nothing to do.
        let idle = try runNight(root)
        #expect(idle.exitCode == RunExit.ok && idle.status == .idle, "\(context): \(idle.status)")
        #expect(idle.outputs.isEmpty && idle.rejected.isEmpty && idle.duplicates.isEmpty && idle.inputs.isEmpty, "\(context)")
    }

    /// Issue 14 §1: with LibreOffice installed, .xls, .ods and WPS .et submissions are converted
    /// and read; each original is archived beside its converted copy.
    @Test("with LibreOffice, .xls, .ods and .et submissions are converted, read and archived with their originals")
    func legacyConverted() throws {
        let legacy = repoRoot + "/Tests/KaoheRunnerTests/Fixtures/legacy/"
        let root = try makeRoot(["002-恩阳区-政务服务亮牌情况.xls", "003-雁江区-政务信息报送.ods", "003-雁江区-政务信息采用.et"].map { legacy + $0 })
        let report = try runNight(root)
        #expect(report.exitCode == RunExit.findings, "\(report.status) \(report.rejected.map(\.reason.text))")
        #expect(report.outputs.map(\.path) == Self.outputs && report.rejected.isEmpty)
        #expect(files(root + "/archive") == ["run-1/002-恩阳区-政务服务亮牌情况.xls", "run-1/002-恩阳区-政务服务亮牌情况.xlsx",
                                             "run-1/003-雁江区-政务信息报送.ods", "run-1/003-雁江区-政务信息报送.xlsx",
                                             "run-1/003-雁江区-政务信息采用.et", "run-1/003-雁江区-政务信息采用.xlsx"])
        #expect(files(root + "/outbox") == Self.withDocuments(Self.outputs.map { String($0.dropFirst("outbox/".count)) }))
        // The converted tables give the same figures as the .xlsx ones: 渔溪镇 105.1, rank 1.
        let towns = try sheetRows(root + "/" + Self.outputs[0], "政务服务亮牌情况")
        #expect(towns.first { $0.first == "渔溪镇" }?[2...3] == ["105.1", "1"])
        #expect(try auditLines(root + "/" + Self.outputs[1]) == 28)
        let md = try staffText(root + "/reports/run-1.md")
        #expect(md.contains("- 002-恩阳区-政务服务亮牌情况.xls：已处理（002-恩阳区-政务服务亮牌 下半年）"), "\(md)")
        // The same .xls again is recognised by its bytes, not processed twice.
        try FileManager.default.copyItem(atPath: legacy + "002-恩阳区-政务服务亮牌情况.xls", toPath: root + "/inbox/002-恩阳区-政务服务亮牌情况-再次报送.xls")
        let again = try runNight(root)
        #expect(again.duplicates.map { [$0.file, $0.job, $0.period, String($0.earlierRun)] }
                == [["002-恩阳区-政务服务亮牌情况-再次报送.xls", "002-恩阳区-政务服务亮牌", "下半年", "1"]])
        #expect(again.outputs.isEmpty && again.rejected.isEmpty)
    }

    /// Issue 19 §5: an absolute profile, an ASCII copy of the input, LibreOffice's whole process
    /// group ended; under a relative --root and a locale that is not Chinese.
    @Test("a Chinese-named .xls under a relative --root with LANG=C.UTF-8 is converted and summarised; no LibreOffice is left running")
    func legacyUnderRelativeRoot() throws {
        let legacy = repoRoot + "/Tests/KaoheRunnerTests/Fixtures/legacy/"
        let root = try makeRoot([legacy + "002-恩阳区-政务服务亮牌情况.xls"])
        let parent = (root as NSString).deletingLastPathComponent, name = (root as NSString).lastPathComponent
        let o = try runKaohe(["run", Self.jobs[0], "--root", name, "--min-age", "0"], environment: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"], in: parent)
        #expect(o.status == 0, "\(o.stdout)\(o.stderr)")
        #expect(files(root + "/archive") == ["run-1/002-恩阳区-政务服务亮牌情况.xls", "run-1/002-恩阳区-政务服务亮牌情况.xlsx"])
        #expect(files(root + "/outbox") == Self.withDocuments([String(Self.outputs[0].dropFirst("outbox/".count))]))
        #expect(processes(mentioning: root + "/.libreoffice-profile").isEmpty)
        #expect(processes(mentioning: name + "/.libreoffice-profile").isEmpty)
    }

    /// Issue 19 §5: LibreOffice runs in a process group of its own, so a run killed from outside
    /// in the middle of a conversion would leave it running; the supervisor ends that group too.
    @Test("the run killed from outside while LibreOffice converts: nothing of LibreOffice left running, the .xls read by the next run")
    func killedWhileConverting() throws {
        let legacy = repoRoot + "/Tests/KaoheRunnerTests/Fixtures/legacy/"
        let root = try makeRoot([legacy + "002-恩阳区-政务服务亮牌情况.xls"])
        // A LibreOffice that never finishes, with a helper process of its own (as soffice has
        // soffice.bin); each writes its process id.
        let bin = root + "/fake-office"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let pidFile = root + "/office-pids"
        let supervisor = try superviseWithFakeOffice(Self.jobs[0], root: root, bin: bin,
            script: "#!/bin/sh\nsleep 600 & echo $! >> \"$FAKE_OFFICE_PIDS\"\necho $$ >> \"$FAKE_OFFICE_PIDS\"\nexec sleep 601\n", pidFile: pidFile)
        func officePids() -> [Int32] {
            ((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int32($0) }
        }
        let deadline = Date().addingTimeInterval(30)
        while officePids().count < 2, Date() < deadline { usleep(10_000) }
        let pids = officePids()
        defer { for p in pids { kill(p, SIGKILL) } }
        #expect(pids.count == 2, "LibreOffice never started")
        let run = try #require(children(of: supervisor.processIdentifier).first, "the supervised run")
        kill(run, SIGKILL)
        supervisor.waitUntilExit()
        #expect(supervisor.terminationStatus == 7)
        usleep(200_000)
        #expect(pids.filter(isRunning).isEmpty, "still running: \(pids.filter(isRunning))")
        let next = try runNight(root)
        #expect(next.exitCode == RunExit.ok, "\(next.status) \(next.rejected.map(\.reason.text))")
        #expect(next.run == 2 && next.outputs.map(\.path) == [Self.outputs[0]])
        #expect(files(root + "/archive") == ["run-2/002-恩阳区-政务服务亮牌情况.xls", "run-2/002-恩阳区-政务服务亮牌情况.xlsx"])
        #expect(files(root + "/rejected").isEmpty)
    }

    /// Issue 19 §5: when LibreOffice cannot run here, the lead unit is not blamed.
    @Test("LibreOffice that cannot run: the .xls waits in work/ for the next run, the operator is told, nothing rejected")
    func legacyWhenOfficeCannotRun() throws {
        let legacy = repoRoot + "/Tests/KaoheRunnerTests/Fixtures/legacy/"
        let root = try makeRoot([legacy + "002-恩阳区-政务服务亮牌情况.xls", Self.good[1]])
        let bin = root + "/fake-bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\nexit 1\n".write(toFile: bin + "/soffice", atomically: true, encoding: .utf8)
        chmod(bin + "/soffice", 0o755)
        let log = LogLines()
        let report = try runNight(root, soffice: bin + "/soffice", log: log)
        #expect(report.exitCode == RunExit.storageFault, "\(report.status)")
        #expect(log.text.contains("002-恩阳区-政务服务亮牌情况.xls: LibreOffice could not run"), "\(log.text)")
        #expect(report.deferred == ["002-恩阳区-政务服务亮牌情况.xls：LibreOffice 无法运行，未能转换（LibreOffice 无法转换这个文件（文件可能已损坏或加密））；"
                                    + "文件留待下次运行，请系统管理员检查 LibreOffice"])
        #expect(report.rejected.isEmpty && report.outputs.map(\.path) == [Self.outputs[1]])
        #expect(files(root + "/rejected").isEmpty)
        #expect(files(root + "/work") == ["run-1/002-恩阳区-政务服务亮牌情况.xls"])
        #expect(files(root + "/archive") == ["run-1/003-雁江区-政务信息报送.xlsx"])
        let md = try staffText(root + "/reports/run-1.md")
        #expect(md.contains("## 留待下次运行的文件（系统原因，不是报送单位的问题）\n\n- 002-恩阳区-政务服务亮牌情况.xls：LibreOffice 无法运行，未能转换"), "\(md)")
        // With LibreOffice working again, the next run converts it.
        let next = try runNight(root)
        #expect(next.exitCode == RunExit.ok, "\(next.status) \(next.deferred)")
        #expect(next.deferred.isEmpty && next.outputs.map(\.path) == [Self.outputs[0]])
        #expect(files(root + "/archive").contains("run-2/002-恩阳区-政务服务亮牌情况.xls"))
        #expect(files(root + "/work").isEmpty)
    }

    /// Issue 21: a cover sheet naming every table, before the tables, is passed over.
    @Test("a cover sheet that names every table, before them: each table is read from its own sheet, as without the cover")
    func coverSheetPassedOver() throws {
        let names = ["000-巴中市-政务公开（市定）.xlsx", "000-巴中市-政务公开（省定）.xlsx", "000-巴中市-政务联络（市定）.xlsx"]
        let job = repoRoot + "/Jobs/000-巴中市-政务目标考核.yaml"
        var summaries: [String] = []
        for book in [repoRoot + "/Tests/KaoheRunnerTests/Fixtures/hostile/cover/", Self.inbox] {
            let root = try makeRoot(names.map { Self.inbox + $0 } + [book + "000-巴中市-省定政务目标考核.xlsx"])
            let report = try runNight(root, jobs: [job])
            #expect(report.exitCode == RunExit.findings, "\(report.status) \(report.rejected.map(\.reason.text))")
            #expect(report.rejected.isEmpty && report.outputs.count == 1)
            #expect(files(root + "/rejected").isEmpty)
            let out = try #require(files(root + "/outbox").first { $0.hasSuffix(".xlsx") })
            summaries.append(root + "/outbox/" + out)
        }
        #expect(try sheetRows(summaries[0], "值班工作") == sheetRows(summaries[1], "值班工作"))
        #expect(try sheetRows(summaries[0], "政务信息") == sheetRows(summaries[1], "政务信息"))
        #expect(try auditLines(summaries[0]) == auditLines(summaries[1]))
    }

    /// Issue 21 §2: templates carry who they are. Filled by openpyxl, saved again by LibreOffice
    /// as .xlsx and as .xls under names no pattern expects (scripts/make_template_fixtures.py),
    /// they are routed by the job, tables and period in their document properties.
    @Test("filled templates saved by LibreOffice as .xlsx and .xls under other names are routed by their identity and bind with no finding")
    func templateRoundTrip() throws {
        let dir = repoRoot + "/Tests/KaoheRunnerTests/Fixtures/template-round-trip/"
        for pair in [["信息报送情况统计（县政府办）.xlsx", "10月采用情况.xls"], ["信息报送情况统计（县政府办）.xls", "10月采用情况.xlsx"]] {
            let root = try makeRoot(pair.map { dir + $0 })
            let report = try runNight(root, jobs: [dir + "job.yaml"])
            #expect(report.exitCode == RunExit.ok, "\(pair): \(report.status) \(report.rejected.map(\.reason.text))")
            #expect(report.outputs.map(\.path) == ["outbox/job/2026年10月/雁江区2026年10月政务信息考核汇总.xlsx"])
            let routed = ["\(pair[0])：按模板中记录的考核任务、表和期间，作为 job 2026年10月 表“区级部门报送、镇街道报送”处理；下次请命名为“政务信息报送-2026年10月.xlsx”",
                          "\(pair[1])：按模板中记录的考核任务、表和期间，作为 job 2026年10月 表“区级部门采用、镇街道采用”处理；下次请命名为“政务信息采用-2026年10月.xlsx”"]
            #expect(report.routed.sorted() == routed.sorted() && report.rejected.isEmpty)
            #expect(files(root + "/outbox") == Self.withDocuments(["job/2026年10月/雁江区2026年10月政务信息考核汇总.xlsx"]))
            #expect(files(root + "/rejected").isEmpty)
            #expect(try auditLines(root + "/outbox/job/2026年10月/雁江区2026年10月政务信息考核汇总.xlsx") == 0)
            let md = try staffText(root + "/reports/run-1.md")
            for line in routed { #expect(md.contains("- " + line + "\n"), "\(md)") }
        }
    }

    /// Issue 21 §2: `kaohe template --period` names the files as the job expects them and
    /// writes who they are into them; a {period} job without --period gets no "—" files.
    @Test("kaohe template --period 2026.10: files named 政务信息报送-2026年10月.xlsx, carrying job, tables and period; without --period: exit 64")
    func templatesForAPeriod() throws {
        let job = repoRoot + "/Tests/KaoheRunnerTests/Fixtures/template-round-trip/job.yaml"
        let out = temporaryPath("kaohe-tpl")
        let none = try runKaohe(["template", job, "--out", out])
        #expect(none.status == 64)
        #expect(none.stderr == "kaohe: \(job): its file names hold {period}: give the period the templates are for (--period 2026年10月)\n")
        #expect(try runKaohe(["template", job, "--period", "十月", "--out", out]).status == 64)
        let o = try runKaohe(["template", job, "--period", "2026.10", "--out", out])
        #expect(o.status == 0, "\(o.stderr)")
        #expect(files(out) == ["政务信息报送-2026年10月.xlsx", "政务信息采用-2026年10月.xlsx"])
        let identity = TemplateIdentity(properties: try Workbook(path: out + "/政务信息采用-2026年10月.xlsx").customProperties())
        #expect(identity == TemplateIdentity(job: "job", assessment: "雁江区2020年三季度政务信息考核", tables: ["部门采用", "镇街采用"], period: "2026年10月"))
        // The committed round-trip fixtures carry the identity templates carry today.
        let saved = TemplateIdentity(properties: try Workbook(path: repoRoot + "/Tests/KaoheRunnerTests/Fixtures/template-round-trip/10月采用情况.xlsx").customProperties())
        #expect(saved == identity)
    }

    /// Issue 21 §3: routing by content looks at every sheet, each table on the sheet of its own units.
    @Test("a renamed workbook whose sheets were renamed Sheet1 and Sheet2 is routed by content, each table on its own sheet")
    func routedWithRenamedSheets() throws {
        let root = try makeRoot([repoRoot + "/Tests/KaoheRunnerTests/Fixtures/hostile/renamed/报送情况（工作表已改名）.xlsx"])
        let report = try runNight(root)
        #expect(report.exitCode == RunExit.missingInputs, "only 报送 arrived: \(report.status)")
        #expect(report.status == .missingInputs && report.outputs.map(\.path) == [Self.outputs[1]])
        #expect(report.routed == ["报送情况（工作表已改名）.xlsx：文件名不符合任何报送文件名，按内容（标题、表头、单位）判断为 003-雁江区-政务信息 表“区级部门报送、镇街道报送”"
                                  + "（工作表“Sheet1”表头相符，39 个单位都在名册中；工作表“Sheet2”表头相符，18 个单位都在名册中）"])
        #expect(files(root + "/archive") == ["run-1/报送情况（工作表已改名）.xlsx"])
        let md = try staffText(root + "/reports/run-1.md")
        #expect(md.contains("- 报送情况（工作表已改名）.xlsx：文件名不符合任何报送文件名，按内容（标题、表头、单位）判断为 003-雁江区-政务信息 表“区级部门报送、镇街道报送”"
                            + "（工作表“Sheet1”表头相符，39 个单位都在名册中；工作表“Sheet2”表头相符，18 个单位都在名册中）\n"), "\(md)")
        let towns = try sheetRows(root + "/" + Self.outputs[1], "镇街道报送")
        #expect(towns.contains { $0.contains("莲花街道办事处") })
        #expect(!towns.contains { $0.contains("区财政局") })
        let audit = try sheetRows(root + "/" + Self.outputs[1], "校验结果").flatMap { $0 }
        #expect(audit.contains("说明（无需处理）：没有名为“区级部门”的工作表，读取了表头相符、单位属于本表的工作表“Sheet1”"), "\(audit)")
    }

    /// Issue 14 §2: a correct workbook renamed by the lead unit is taken for the one table its
    /// content fits, and the report says why; a note lists only the patterns that could be meant.
    @Test("a renamed workbook is routed by its content; a name close to one pattern is told that pattern")
    func routedByContent() throws {
        let root = try makeRoot([])
        try FileManager.default.copyItem(atPath: Self.good[1], toPath: root + "/inbox/雁江区报送（10月12日）.xlsx")
        try Data("不是工作簿".utf8).write(to: URL(fileURLWithPath: root + "/inbox/雁江区政务信息采用表.xlsx"))
        try FileManager.default.copyItem(atPath: Self.inbox + "001-鄂尔多斯市-政务公开绩效评估.xlsx", toPath: root + "/inbox/雁江区政务信息采用（第三季度）.xlsx")
        let report = try runNight(root)
        #expect(report.exitCode == RunExit.rejectedInputs, "\(report.status)")
        #expect(report.rejected.map { [$0.file, $0.reason.code.rawValue] }.sorted { $0[0] < $1[0] }
                == [["雁江区政务信息采用表.xlsx", "unreadable"], ["雁江区政务信息采用（第三季度）.xlsx", "no-table-matched"]])
        let routed = "雁江区报送（10月12日）.xlsx：文件名不符合任何报送文件名，按内容（标题、表头、单位）判断为 003-雁江区-政务信息 表“区级部门报送、镇街道报送”"
            + "（工作表“区级部门”表头相符，39 个单位都在名册中；工作表“镇街道”表头相符，18 个单位都在名册中）"
        #expect(report.routed == [routed] && report.outputs.map(\.path) == [Self.outputs[1]])
        #expect(files(root + "/archive") == ["run-1/雁江区报送（10月12日）.xlsx"])
        let md = try staffText(root + "/reports/run-1.md")
        #expect(md.contains("## 未按文件名识别的工作簿\n\n- " + routed + "\n"), "\(md)")
        #expect(try auditLines(root + "/" + Self.outputs[1]) == 3) // 莲花 and the two 采用 tables not yet received
        let note = try staffText(root + "/rejected/雁江区政务信息采用表.xlsx.错误说明.txt")
        #expect(note.contains("问题：不是 .xlsx 工作簿"), "\(note)")
        // A real workbook of another assessment under a name close to 003's: only 003's patterns are named.
        let close = try staffText(root + "/rejected/雁江区政务信息采用（第三季度）.xlsx.错误说明.txt")
        #expect(close.contains("（可接收的文件名：003-雁江区-政务信息报送.xlsx、003-雁江区-政务信息采用.xlsx）"), "\(close)")
    }

    /// Issue 14 §3: a table names its lead unit; each run's report and the summary's cover say,
    /// per period, which tables have arrived (from which file, when) and which are missing, from whom.
    @Test("who has not submitted: the report and the cover list the tables received and those missing, with their lead units")
    func missingSubmissions() throws {
        let dir = try temporaryFolder("kaohe-lead")
        var job = try String(contentsOfFile: repoRoot + "/Jobs/003-雁江区-政务信息.yaml", encoding: .utf8)
        job = job.replacingOccurrences(of: "registry: registries/", with: "registry: \(repoRoot)/Jobs/registries/")
        job = job.replacingOccurrences(of: "    id: 部门报送\n", with: "    id: 部门报送\n    lead: 区委办公室\n")
        job = job.replacingOccurrences(of: "    id: 部门采用\n", with: "    id: 部门采用\n    lead: 区委宣传部\n")
        try job.write(toFile: dir + "/003.yaml", atomically: true, encoding: .utf8)
        let root = try makeRoot([Self.good[1]])
        let report = try runNight(root, jobs: [dir + "/003.yaml"])
        #expect(report.exitCode == RunExit.missingInputs, "\(report.status)")
        let output = try #require(report.outputs.first)
        #expect(output.path == "outbox/003/2020年三季度/雁江区2020年三季度政务信息考核汇总.xlsx")
        #expect(output.missing == ["表“区级部门采用”（牵头单位：区委宣传部）：未收到报送文件（应为 003-雁江区-政务信息采用.xlsx）",
                                   "表“镇街道采用”（牵头单位：区委宣传部）：未收到报送文件（应为 003-雁江区-政务信息采用.xlsx）"])
        let md = try staffText(root + "/reports/run-1.md")
        #expect(md.contains("  - 已收到 表“区级部门报送”：003-雁江区-政务信息报送.xlsx（"), "\(md)")
        #expect(md.contains("  - 尚未收到 表“区级部门采用”（牵头单位：区委宣传部）：未收到报送文件（应为 003-雁江区-政务信息采用.xlsx）\n"), "\(md)")
        #expect(md.contains("  - 尚未收到 表“镇街道采用”（牵头单位：区委宣传部）"))
        let cover = try sheetRows(root + "/outbox/003/2020年三季度/雁江区2020年三季度政务信息考核汇总.xlsx", "封面")
        let adoption = try #require(cover.first { $0.count > 3 && $0[1] == "2020年三季度区级部门政务信息采用（采编）统计表" })
        #expect(adoption[2...3] == ["区委宣传部", "未收到"])
        let submission = try #require(cover.first { $0.count > 3 && $0[1] == "2020年三季度区级部门政务信息报送统计表" })
        #expect(submission[2...3] == ["区委办公室", "003-雁江区-政务信息报送.xlsx"])
        // The next night 采用 arrives: the cover still says when 报送 came (the first night).
        let sent = Date(timeIntervalSince1970: 1_790_000_000) // 2026-09-21 14:13:20 UTC
        try FileManager.default.setAttributes([.modificationDate: sent], ofItemAtPath: root + "/archive/run-1/003-雁江区-政务信息报送.xlsx")
        try FileManager.default.copyItem(atPath: Self.good[2], toPath: root + "/inbox/003-雁江区-政务信息采用.xlsx")
        let next = try runNight(root, jobs: [dir + "/003.yaml"])
        #expect(next.exitCode == RunExit.findings, "\(next.status)")
        #expect(next.outputs.first?.missing == [])
        let later = try sheetRows(root + "/outbox/003/2020年三季度/雁江区2020年三季度政务信息考核汇总.xlsx", "封面")
        let again = try #require(later.first { $0.count > 4 && $0[1] == "2020年三季度区级部门政务信息报送统计表" })
        #expect(again[4] == LocalTime.text(sent), "\(again)")
        let adopted = try #require(later.first { $0.count > 4 && $0[1] == "2020年三季度区级部门政务信息采用（采编）统计表" })
        #expect(!adopted[4].isEmpty)
    }
}
