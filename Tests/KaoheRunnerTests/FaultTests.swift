import Foundation
import GRDB
import Testing
@testable import KaoheRunner

/// One lead unit's broken, hostile or oddly delivered workbook never stops the night, and a
/// storage fault ends with its documented exit code, nothing lost (issue 12). The night is a
/// `Runner` in this process (`runNight`); a `kaohe run --root` child process where its supervisor
/// is the point (a workbook that traps or hangs, kills from outside, the memory limit).
@Suite(.serialized) struct FaultTests {
    static let fixtures = repoRoot + "/Tests/KaoheRunnerTests/Fixtures/"

    /// `kaohe run --root` as a child process, under its supervisor, with `environment`.
    func spawned(_ root: String, environment: [String: String], extra: [String] = []) throws -> Outcome {
        try runKaohe(["run"] + RunnerTests.jobs + ["--root", root, "--min-age", "0"] + extra, environment: environment)
    }

    func read(_ path: String) throws -> String { try staffText(path) }

    func runStatus(_ root: String, _ run: Int) throws -> String? {
        try DatabaseQueue(path: root + "/ledger.sqlite").read { try String.fetchOne($0, sql: "SELECT status FROM run WHERE id = ?", arguments: [run]) }
    }

    @Test("a poisoned workbook among good ones: the good are summarised and archived, the poisoned rejected with the cell and why")
    func poisonedAmongGood() throws {
        let root = try makeRoot([RunnerTests.good[1]])
        for f in ["002-恩阳区-政务服务亮牌情况.xlsx", "003-雁江区-政务信息采用.xlsx"] {
            try FileManager.default.copyItem(atPath: Self.fixtures + "poisoned/" + f, toPath: root + "/inbox/" + f)
        }
        let report = try runNight(root)
        #expect(report.exitCode == RunExit.rejectedInputs, "\(report.status)")
        #expect(report.outputs.map(\.path) == [RunnerTests.outputs[1]])
        #expect(report.rejected.map { [$0.file, $0.reason.code.rawValue] }.sorted { $0[0] < $1[0] }
                == [["002-恩阳区-政务服务亮牌情况.xlsx", "did-not-bind"], ["003-雁江区-政务信息采用.xlsx", "did-not-bind"]])
        #expect(files(root + "/work").isEmpty)
        #expect(files(root + "/archive") == ["run-1/003-雁江区-政务信息报送.xlsx"])
        #expect(files(root + "/outbox") == RunnerTests.withDocuments([String(RunnerTests.outputs[1].dropFirst("outbox/".count))]))
        let long = try read(root + "/rejected/002-恩阳区-政务服务亮牌情况.xlsx.错误说明.txt")
        #expect(long.contains("问题：工作表“亮牌情况汇总”单元格 C11 的文字超过 Excel 允许的 32767 个字符，请删减后重新报送\n"), "\(long)")
        let nul = try read(root + "/rejected/003-雁江区-政务信息采用.xlsx.错误说明.txt")
        #expect(nul.contains("问题：工作表“区级部门”单元格 B4 含有空字符（U+0000），Excel 不允许，请删除后重新报送\n"), "\(nul)")
        // The 003 summary was written without the rejected workbook, and its audit sheet says so.
        let audit = try sheetRows(root + "/" + RunnerTests.outputs[1], "校验结果")
        #expect(audit.contains { $0.contains { $0.hasPrefix("报送文件“003-雁江区-政务信息采用.xlsx”已退回，未计入本表") } })
        #expect(!audit.contains { $0.contains { $0.hasPrefix("未收到报送文件") } }, "received and rejected, not missing")
        #expect(try sheetRows(root + "/" + RunnerTests.outputs[1], "区级部门采用").contains { $0.first == "（报送文件“003-雁江区-政务信息采用.xlsx”已退回）" })
    }

    static let hostile = fixtures + "hostile/"

    /// A good root with one more workbook, under a name no pattern expects (so that routing by
    /// content opens it), run once with `environment`.
    func nightWithOneMore(_ file: String, environment: [String: String], extra: [String] = []) throws -> (String, Outcome) {
        let root = try makeRoot(RunnerTests.good)
        try FileManager.default.copyItem(atPath: file, toPath: root + "/inbox/某单位报送材料.xlsx")
        return (root, try spawned(root, environment: environment, extra: extra))
    }

    /// Every good workbook archived once, both summaries written, the one more workbook
    /// rejected with its note, inbox and work empty; the note's reason.
    func onlyTheHostileRejected(_ root: String, _ o: Outcome) throws -> String {
        #expect(o.status == 3, "\(o.stdout)\(o.stderr)")
        #expect(files(root + "/inbox").isEmpty)
        #expect(files(root + "/work").isEmpty)
        let archived = files(root + "/archive").map { ($0 as NSString).lastPathComponent }
        #expect(archived == RunnerTests.good.map { ($0 as NSString).lastPathComponent })
        #expect(files(root + "/outbox") == RunnerTests.withDocuments(RunnerTests.outputs.map { String($0.dropFirst("outbox/".count)) }))
        #expect(files(root + "/rejected") == ["某单位报送材料.xlsx", "某单位报送材料.xlsx.错误说明.txt"])
        let note = try read(root + "/rejected/某单位报送材料.xlsx.错误说明.txt")
        return note.components(separatedBy: "\n").first { $0.hasPrefix("问题：") } ?? note
    }

    /// The run's peak memory, as its supervisor logged it.
    func peakMemory(_ o: Outcome) -> Int? {
        guard let r = o.stderr.range(of: "its peak memory was ") else { return nil }
        return Int(o.stderr[r.upperBound...].prefix { $0.isNumber })
    }

    @Test("a workbook the reader traps on costs only itself, the same night: the rest is summarised and archived")
    func trapCostsOnlyItself() throws {
        let (root, o) = try nightWithOneMore(RunnerTests.good[1], environment: ["KAOHE_TRAP_ON": "某单位"])
        #expect(o.stderr.contains("attempt 1: the run faulted (signal "), "\(o.stderr)")
        #expect(o.stderr.contains("某单位报送材料.xlsx; set aside, starting again"))
        let reason = try onlyTheHostileRejected(root, o)
        #expect(reason == "问题：" + RejectionNote.fault)
        let md = try read(root + "/reports/run-2.md")
        #expect(md.contains("- 某单位报送材料.xlsx：已退回\n"), "\(md)")
        #expect(try runStatus(root, 1) == "crashed")
        #expect(try runStatus(root, 2) == "rejected-inputs")
    }

    @Test("a one-shot run is supervised too: a workbook the reader traps on costs only itself; the inbox is untouched")
    func oneShotTrapCostsOnlyItself() throws {
        let inbox = try temporaryFolder("kaohe-one-shot-inbox"), out = try temporaryFolder("kaohe-one-shot-out")
        defer { for d in [inbox, out] { try? FileManager.default.removeItem(atPath: d) } }
        for f in RunnerTests.good { try FileManager.default.copyItem(atPath: f, toPath: inbox + "/" + (f as NSString).lastPathComponent) }
        let o = try runKaohe(["run"] + RunnerTests.jobs + ["--inbox", inbox, "--out", out], environment: ["KAOHE_TRAP_ON": "采用"])
        #expect(o.status == 3, "\(o.stdout)\(o.stderr)")
        #expect(o.stdout.contains("003-雁江区-政务信息采用.xlsx: not used: " + RejectionNote.fault), "\(o.stdout)")
        #expect(files(out).filter { $0.hasSuffix(".xlsx") } == ["恩阳区下半年目标绩效考核（政务服务）汇总.xlsx", "雁江区2020年三季度政务信息考核汇总.xlsx"])
        #expect(files(inbox) == RunnerTests.good.map { ($0 as NSString).lastPathComponent }.sorted())
    }

    @Test("a trap reading a workbook already archived (read again for its table) stops the night at once, blaming nothing")
    func trapOnArchived() throws {
        let root = try makeRoot([RunnerTests.good[1]])
        #expect(try runNight(root).exitCode == RunExit.missingInputs) // 报送 alone: the 采用 tables have no data yet
        try FileManager.default.copyItem(atPath: RunnerTests.good[2], toPath: root + "/inbox/003-雁江区-政务信息采用.xlsx")
        let o = try spawned(root, environment: ["KAOHE_TRAP_ON": "报送"])
        #expect(o.status == 7, "\(o.stderr)")
        #expect(o.stderr.contains("which is not a new workbook; nothing set aside, the next run goes on"), "\(o.stderr)")
        #expect(o.stderr.components(separatedBy: "attempt ").count == 2, "one attempt, not a loop")
        #expect(files(root + "/rejected").isEmpty)
        #expect(files(root + "/work") == ["run-2/003-雁江区-政务信息采用.xlsx"])
        let next = try runNight(root)
        #expect(next.exitCode == RunExit.findings, "\(next.status)")
        #expect(next.run == 3 && next.outputs.map(\.path) == [RunnerTests.outputs[1]] && next.rejected.isEmpty)
        #expect(files(root + "/work").isEmpty)
    }

    @Test("a workbook that never finishes reading is set aside at the time limit, the same night")
    func hangCostsOnlyItself() throws {
        let (root, o) = try nightWithOneMore(RunnerTests.good[1], environment: ["KAOHE_HANG_ON": "某单位"],
                                             extra: ["--workbook-timeout", "2"])
        #expect(o.stderr.contains("某单位报送材料.xlsx was in hand for over 2 s; set aside, starting again"), "\(o.stderr)")
        #expect(try onlyTheHostileRejected(root, o) == "问题：" + RejectionNote.timedOut(seconds: 2))
    }

    @Test("the supervisor killed with -9: its run ends with it, its board is removed by the next run, which is not refused and finishes the work")
    func killedSupervisorTakesItsRun() throws {
        let root = try makeRoot(RunnerTests.good)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.copyItem(atPath: RunnerTests.good[1], toPath: root + "/inbox/某单位报送材料.xlsx")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: kaohe)
        p.arguments = ["run"] + RunnerTests.jobs + ["--root", root, "--min-age", "0"]
        var env = ProcessInfo.processInfo.environment
        env["KAOHE_HANG_ON"] = "某单位"
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the run has the hanging workbook in hand (its child exists, its board too).
        var child: Int32? = nil
        for _ in 0..<600 where child == nil {
            child = children(of: p.processIdentifier).first
            if child == nil { usleep(10_000) }
        }
        let pid = try #require(child, "the supervisor started no run")
        usleep(300_000)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        var gone = false
        for _ in 0..<300 where !gone {
            gone = !isRunning(pid)
            if !gone { usleep(10_000) }
        }
        guard gone else {
            Issue.record("the run outlived its supervisor")
            kill(pid, SIGKILL)
            return
        }
        #expect(files(root + "/work").contains { $0.hasPrefix(".handling-") }, "the killed supervisor's board is left")
        let next = try spawned(root, environment: [:]) // the next supervisor removes the board
        #expect(next.status != 4 && next.status != 7, "\(next.stdout)\(next.stderr)")
        #expect(!files(root + "/work").contains { $0.contains(".handling-") })
        #expect(files(root + "/work").filter { $0.hasSuffix(".xlsx") }.isEmpty)
        #expect(files(root + "/inbox").isEmpty)
        // Every workbook is archived or returned, once.
        #expect(inputsByHash(root).values.allSatisfy { $0.count == 1 || Set($0.map { $0.split(separator: "/").first! }).count == 1 })
    }

    /// Issue 29: scripts/kill-trials found that a kill while LibreOffice converts left the
    /// conversion's scratch folder (a copy of the input under an ASCII name) in the dead run's
    /// work folder, which the next run then could not remove: work/ never emptied, and the copy
    /// counted as a second place of the input.
    @Test("killed while LibreOffice converts: the next run removes the conversion's scratch folder (and one beside a summary); work/ ends empty")
    func killedWhileConvertingLeavesNoScratch() throws {
        let root = try makeRoot([repoRoot + "/Tests/KaoheRunnerTests/Fixtures/legacy/002-恩阳区-政务服务亮牌情况.xls"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A LibreOffice that never finishes: the run is killed with the scratch folder made.
        let bin = try temporaryFolder("kaohe-fake-office")
        defer { try? FileManager.default.removeItem(atPath: bin) }
        let pidFile = bin + "/pid"
        let supervisor = try superviseWithFakeOffice(RunnerTests.jobs[0], root: root, bin: bin,
                                                     script: "#!/bin/sh\necho $$ > \"$FAKE_OFFICE_PIDS\"\nexec sleep 600\n", pidFile: pidFile)
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: pidFile), Date() < deadline { usleep(10_000) }
        let office = Int32(((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        defer { if let office { kill(office, SIGKILL) } }
        #expect(office != nil, "LibreOffice never started")
        let run = try #require(children(of: supervisor.processIdentifier).first, "the supervised run")
        kill(run, SIGKILL)
        supervisor.waitUntilExit()
        #expect(supervisor.terminationStatus == 7)
        let scratch = files(root + "/work").filter { $0.hasPrefix("run-1/.convert-") }
        #expect(scratch.count == 1 && scratch.first?.hasSuffix("/input.xls") == true, "\(files(root + "/work"))")
        // As a kill while printing a summary's PDF leaves one beside it.
        let beside = root + "/outbox/002-恩阳区-政务服务亮牌/下半年/.convert-999-0A1B2C3D"
        try FileManager.default.createDirectory(atPath: beside, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: beside + "/input.xlsx"))
        let next = try runNight(root)
        #expect(next.exitCode == RunExit.ok, "\(next.status) \(next.rejected.map(\.reason.text))")
        #expect(next.run == 2 && next.outputs.map(\.path) == [RunnerTests.outputs[0]])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/work").isEmpty, "\(files(root + "/work"))")
        #expect(files(root + "/archive") == ["run-2/002-恩阳区-政务服务亮牌情况.xls", "run-2/002-恩阳区-政务服务亮牌情况.xlsx"])
        #expect(files(root + "/outbox") == RunnerTests.withDocuments([String(RunnerTests.outputs[0].dropFirst("outbox/".count))]))
        #expect(inputsByHash(root).values.allSatisfy { $0.count == 1 }, "\(inputsByHash(root))")
    }

    /// Issue 29: scripts/kill-trials (seed 29, --no-legacy, trial 27) killed a run while it wrote
    /// a rejection note, inside Foundation's `createFile`, which writes under ".dat.nosyncXXXX.XXXXXX"
    /// before renaming to the ".partial-…" name: the empty file stayed in rejected/ for good.
    @Test("killed inside Foundation's createFile: the next run removes its .dat.nosync temporary files (rejected/, reports/, a dead run's work folder)")
    func killedInsideCreateFileLeavesNoTemporary() throws {
        let root = try RunnerTests.mixedRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let killed = try spawned(root, environment: ["KAOHE_CRASH_AT": "note-written#1"])
        #expect(killed.stoppedFromOutside, "\(killed.status) \(killed.stderr)")
        #expect(files(root + "/work").count == 5, "\(files(root + "/work"))")
        // What the kill leaves when it lands inside createFile (the supervisor writes .blame with it too).
        for leftover in ["rejected/.dat.nosync240D.zI4nkj", "reports/.dat.nosync1A2B.c3D4e5", "work/run-1/.dat.nosync0F0F.aBcDeF"] {
            #expect(FileManager.default.createFile(atPath: root + "/" + leftover, contents: nil, attributes: nil))
        }
        let next = try runNight(root)
        // Run 1 had committed: run 2 moves its inputs where it recorded them, and writes nothing.
        #expect(next.exitCode == RunExit.ok, "\(next.status)")
        #expect(next.run == 2 && next.outputs.isEmpty && next.recovered.count == 5, "\(next.recovered)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/work").isEmpty, "\(files(root + "/work"))")
        #expect(files(root + "/archive") == RunnerTests.good.map { "run-1/" + ($0 as NSString).lastPathComponent })
        #expect(files(root + "/outbox") == RunnerTests.withDocuments(RunnerTests.outputs.map { String($0.dropFirst("outbox/".count)) }))
        #expect(files(root + "/rejected") == ["001-鄂尔多斯市-政务公开绩效评估.xlsx", "001-鄂尔多斯市-政务公开绩效评估.xlsx.错误说明.txt",
                                              "002-恩阳区-政务服务-损坏.xlsx", "002-恩阳区-政务服务-损坏.xlsx.错误说明.txt"])
        #expect(files(root + "/reports") == ["run-2.json", "run-2.md"])
    }

    @Test("the workbook that trapped the reader (an <si> inside a <t>) now reads; it is taken for its table")
    func nestedSharedStringReads() throws {
        let root = try makeRoot([RunnerTests.good[2]])
        try FileManager.default.copyItem(atPath: Self.hostile + "nested-si.xlsx", toPath: root + "/inbox/003-雁江区-政务信息报送.xlsx")
        let report = try runNight(root)
        #expect(report.exitCode == RunExit.findings, "\(report.status) \(report.rejected.map(\.reason.text))")
        #expect(report.rejected.isEmpty && report.outputs.map(\.path) == [RunnerTests.outputs[1]])
        #expect(files(root + "/rejected").isEmpty)
        #expect(files(root + "/archive").count == 2)
    }

    @Test("a shared-string table of 200 MB: refused at 48 MB with its note, the night summarised, memory under 256 MB")
    func sharedStringFlood() throws {
        let (root, o) = try nightWithOneMore(Self.hostile + "shared-string-flood.xlsx", environment: [:])
        let reason = try onlyTheHostileRejected(root, o)
        #expect(reason.hasPrefix("问题：工作簿的共享文字表过大（超过 48 MB 或 1000000 条"), "\(reason)")
        let peak = try #require(peakMemory(o), "\(o.stderr)")
        #expect(peak <= 256, "peak memory \(peak) MB")
    }

    @Test("killed from outside twice in a row while reading: nothing is rejected, every workbook archived once by the next run")
    func killedTwiceRejectsNothing() throws {
        let root = try makeRoot(RunnerTests.good)
        let originals = inputsByHash(root)
        for point in ["bound#1", "hashed"] {
            let killed = try spawned(root, environment: ["KAOHE_CRASH_AT": point])
            #expect(killed.status == 7 && !killed.signaled, "\(point): \(killed.status) \(killed.stderr)")
            #expect(killed.stderr.contains("the run was stopped from outside (signal 9); nothing set aside"))
        }
        let next = try runNight(root)
        #expect(next.exitCode == RunExit.findings, "\(next.status)")
        #expect(next.run == 3 && next.rejected.isEmpty && next.outputs.map(\.path) == RunnerTests.outputs)
        #expect(files(root + "/rejected").isEmpty)
        #expect(files(root + "/work").isEmpty && files(root + "/inbox").isEmpty)
        let after = inputsByHash(root)
        #expect(Set(after.keys) == Set(originals.keys))
        #expect(after.values.allSatisfy { $0.count == 1 && $0[0].hasPrefix("archive/run-3/") }, "\(after)")
    }

    @Test("pipes, folders and links in the inbox are left alone and listed; a very long name is rejected with its note")
    func oddInboxEntries() throws {
        let root = try makeRoot([RunnerTests.good[0]])
        let inbox = root + "/inbox/"
        #expect(mkfifo(inbox + "管道.xlsx", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: inbox + "文件夹.xlsx", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: inbox + "链接.xlsx", withDestinationPath: "/nonexistent/x.xlsx")
        let long = String(repeating: "很长的文件名", count: 13) + ".xlsx" // 239 bytes
        try Data("不是工作簿".utf8).write(to: URL(fileURLWithPath: inbox + long))
        let report = try runNight(root)
        #expect(report.exitCode == RunExit.rejectedInputs, "\(report.status)")
        #expect(report.leftAlone == ["文件夹.xlsx（文件夹）", "管道.xlsx（命名管道）", "链接.xlsx（快捷方式（符号链接））"])
        #expect(report.rejected.map { [$0.file, $0.reason.code.rawValue] } == [[long, "unreadable"]])
        #expect(report.outputs.map(\.path) == [RunnerTests.outputs[0]])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: inbox)) == ["管道.xlsx", "文件夹.xlsx", "链接.xlsx"])
        let md = try read(root + "/reports/run-1.md")
        #expect(md.contains("## 收件箱中不是工作簿文件的项目（未处理）\n\n- 文件夹.xlsx（文件夹）\n- 管道.xlsx（命名管道）\n- 链接.xlsx（快捷方式（符号链接））\n"), "\(md)")
        let rejected = files(root + "/rejected")
        #expect(rejected.count == 2)
        #expect(rejected.allSatisfy { $0.utf8.count <= 255 })
        let note = try #require(rejected.first { $0.hasSuffix(".错误说明.txt") })
        #expect(try read(root + "/rejected/" + note).hasPrefix("文件：\(long)\n"))
    }

    @Test("a file still being copied (changed moments ago, even with an old modification time) waits for the next run")
    func stillCopying() throws {
        let root = try makeRoot([RunnerTests.good[0]])
        let path = root + "/inbox/002-恩阳区-政务服务亮牌情况.xlsx"
        // As `cp -p` leaves it: an old modification time, a fresh inode change.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: path)
        let report = try runNight(root, minimumAge: RunnerOptions.defaultMinimumAge)
        #expect(report.exitCode == RunExit.ok)
        #expect(report.status == .idle && report.inputs.isEmpty && report.outputs.isEmpty)
        #expect(report.waiting == ["002-恩阳区-政务服务亮牌情况.xlsx"])
        #expect(files(root + "/inbox") == ["002-恩阳区-政务服务亮牌情况.xlsx"])
        let md = try read(root + "/reports/run-1.md")
        #expect(md.contains("## 仍在变化的文件（可能正在复制，留待下次运行）\n\n- 002-恩阳区-政务服务亮牌情况.xlsx\n"))
        #expect(md.contains("本次没有处理工作簿：收件箱中的 1 个文件仍在变化（可能正在复制），留待下次运行（见下）。\n"), "\(md)")
        #expect(!md.contains("收件箱中没有新的工作簿"))
    }

    @Test("a summary that cannot be written: the other job is committed and archived, exit 6, and the next run finishes the rest")
    func outputFault() throws {
        let root = try makeRoot(RunnerTests.good)
        // A file where the 002 job's output folder must go.
        try FileManager.default.createDirectory(atPath: root + "/outbox", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: root + "/outbox/002-恩阳区-政务服务亮牌"))
        let report = try runNight(root)
        #expect(report.exitCode == RunExit.storageFault, "\(report.status)")
        #expect(report.status == .outputFailed)
        #expect(report.outputs.map(\.path) == [RunnerTests.outputs[1]])
        #expect(report.failures.count == 1 && report.failures.first?.hasPrefix("002-恩阳区-政务服务亮牌 下半年：汇总表未能写出（") == true, "\(report.failures)")
        #expect(report.failures.first?.hasSuffix("）；002-恩阳区-政务服务亮牌情况.xlsx 留待下次运行") == true, "\(report.failures)")
        #expect(files(root + "/archive") == ["run-1/003-雁江区-政务信息报送.xlsx", "run-1/003-雁江区-政务信息采用.xlsx"])
        #expect(files(root + "/work") == ["run-1/002-恩阳区-政务服务亮牌情况.xlsx"])
        #expect(try runStatus(root, 1) == "output-failed")
        #expect(try read(root + "/reports/run-1.md").contains("## 未能写出的汇总表（下次运行重试）\n\n- 002-恩阳区-政务服务亮牌 下半年：汇总表未能写出"))
        try FileManager.default.removeItem(atPath: root + "/outbox/002-恩阳区-政务服务亮牌")
        let next = try runNight(root)
        #expect(next.exitCode == RunExit.ok, "\(next.status) \(next.failures)")
        #expect(next.outputs.map(\.path) == [RunnerTests.outputs[0]] && next.failures.isEmpty)
        #expect(files(root + "/work").isEmpty)
        #expect(files(root + "/archive").contains("run-2/002-恩阳区-政务服务亮牌情况.xlsx"))
        #expect(files(root + "/outbox").count == 4) // two summaries, each with its bulletin (.docx)
    }

    @Test("a run that fails after committing is recorded as failed, writes its report, and the next run completes")
    func failedRunRecorded() throws {
        let root = try makeRoot([RunnerTests.good[1]])
        // A file where run 1's archive folder must go: archiving fails after the commit.
        try FileManager.default.createDirectory(atPath: root + "/archive", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: root + "/archive/run-1"))
        let fault = try runNightFailing(root)
        guard case .io(let why) = fault else { throw fault }
        #expect(why.hasSuffix("(\(root)/archive/run-1)"), "\(why)")
        #expect(try runStatus(root, 1) == "failed")
        let md = try read(root + "/reports/run-1.md")
        #expect(md.contains("## 运行失败"))
        #expect(files(root + "/work") == ["run-1/003-雁江区-政务信息报送.xlsx"])
        try FileManager.default.removeItem(atPath: root + "/archive/run-1")
        let next = try runNight(root)
        #expect(next.exitCode == RunExit.ok, "\(next.status)")
        #expect(next.run == 2 && next.recovered == ["003-雁江区-政务信息报送.xlsx（run 1 已记录，移至 archive/run-1/003-雁江区-政务信息报送.xlsx）"], "\(next.recovered)")
        #expect(files(root + "/work").isEmpty)
        #expect(files(root + "/archive") == ["run-1/003-雁江区-政务信息报送.xlsx"])
    }

    @Test("a locked ledger: exit 6 with a message saying so, the inbox untouched; the next run completes")
    func lockedLedger() throws {
        let root = try makeRoot([RunnerTests.good[1]])
        #expect(try runNight(root).exitCode == RunExit.missingInputs) // the 采用 tables have no data yet
        try FileManager.default.copyItem(atPath: RunnerTests.good[2], toPath: root + "/inbox/003-雁江区-政务信息采用.xlsx")
        var config = Configuration()
        config.allowsUnsafeTransactions = true // the test holds the lock across accesses, as another program would
        let holder = try DatabaseQueue(path: root + "/ledger.sqlite", configuration: config)
        try holder.inDatabase { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        let fault = try runNightFailing(root)
        try holder.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        #expect(fault.description.hasPrefix("ledger: the ledger is locked by another program"), "\(fault)")
        #expect(files(root + "/inbox") == ["003-雁江区-政务信息采用.xlsx"])
        let next = try runNight(root)
        #expect(next.exitCode == RunExit.findings, "\(next.status)")
        #expect(next.outputs.map(\.path) == [RunnerTests.outputs[1]])
        #expect(files(root + "/inbox").isEmpty)
    }

    /// A supervisor killed with kill -9 cannot end the LibreOffice its run started (a process
    /// group of its own): the next run, holding the lock, ends any process started with this
    /// root's LibreOffice profile. A shell stands in for LibreOffice, with the profile argument
    /// LibreOffice is given.
    @Test("LibreOffice left running by a run that died is ended by the next run")
    func orphanedOfficeEnded() throws {
        let root = try makeRoot([])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let profile = URL(fileURLWithPath: root + "/.libreoffice-profile", isDirectory: true).absoluteString
        // Its sleep outlives it: its output goes nowhere, never into the test's.
        func start(_ argument: String) throws -> Int32 {
            try System.spawn("/bin/sh", arguments: ["/bin/sh", "-c", "exec >/dev/null 2>&1; sleep 20; true", "soffice", argument],
                             environment: [:]).get()
        }
        let orphan = try start("-env:UserInstallation=" + profile)
        let bystander = try start("-env:UserInstallation=" + profile + "other/")
        defer { System.signal(bystander, .kill); while System.ended(bystander) == nil { System.pause(.milliseconds(10)) } }
        // Started: each shows its command line.
        for pid in [orphan, bystander] {
            for _ in 0..<500 where !String(decoding: FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data(),
                                             as: UTF8.self).contains("UserInstallation") { System.pause(.milliseconds(10)) }
        }
        _ = try runNight(root)
        var ending: System.Ending?
        for _ in 0..<500 where ending == nil {
            ending = System.ended(orphan)?.ending
            if ending == nil { System.pause(.milliseconds(10)) }
        }
        #expect(ending == .signalled(9))
        #expect(System.ended(bystander) == nil && System.exists(bystander))
    }
}
