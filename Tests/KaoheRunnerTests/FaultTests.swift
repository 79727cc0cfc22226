import Foundation
import GRDB
import Testing
@testable import KaoheRunner

/// One lead unit's broken, hostile or oddly delivered workbook never stops the night, and a
/// storage fault ends with its documented exit code, nothing lost (issue 12).
@Suite(.serialized) struct FaultTests {
    static let fixtures = repoRoot + "/Tests/KaoheRunnerTests/Fixtures/"

    func run(_ root: String, minAge: String? = "0", crashAt: String? = nil) throws -> Outcome {
        try runKaohe(["run"] + RunnerTests.jobs + ["--root", root] + (minAge.map { ["--min-age", $0] } ?? []),
                     environment: crashAt.map { ["KAOHE_CRASH_AT": $0] } ?? [:])
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
        let o = try run(root)
        #expect(o.status == 3, "\(o.stdout)\(o.stderr)")
        #expect(files(root + "/work").isEmpty)
        #expect(files(root + "/archive") == ["run-1/003-雁江区-政务信息报送.xlsx"])
        #expect(files(root + "/outbox") == [String(RunnerTests.outputs[1].dropFirst("outbox/".count))])
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

    @Test("a workbook that two runs in a row died holding is set aside on the third night; the others proceed")
    func deadLetter() throws {
        let root = try makeRoot([RunnerTests.good[1]])
        for _ in 0..<2 {
            let killed = try run(root, crashAt: "bound#1")
            #expect(killed.signaled, "the run was to be killed while reading")
        }
        try FileManager.default.copyItem(atPath: RunnerTests.good[0], toPath: root + "/inbox/002-恩阳区-政务服务亮牌情况.xlsx")
        let third = try run(root)
        #expect(third.status == 3, "\(third.stdout)\(third.stderr)")
        let note = try read(root + "/rejected/003-雁江区-政务信息报送.xlsx.错误说明.txt")
        #expect(note.contains("问题：前两次运行在处理这个工作簿时都意外中断"))
        #expect(files(root + "/archive") == ["run-3/002-恩阳区-政务服务亮牌情况.xlsx"])
        #expect(files(root + "/work").isEmpty)
        // A run that dies once is not enough: the next run reads the workbook as usual.
        let again = try makeRoot([RunnerTests.good[1]])
        #expect(try run(again, crashAt: "bound#1").signaled)
        #expect(try run(again).status == 2) // 003 报送 alone: the 采用 tables have no data yet
        #expect(files(again + "/rejected").isEmpty)
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
        let o = try run(root)
        #expect(o.status == 3, "\(o.stdout)\(o.stderr)")
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
        let o = try run(root, minAge: nil)
        #expect(o.status == 0)
        #expect(files(root + "/inbox") == ["002-恩阳区-政务服务亮牌情况.xlsx"])
        #expect(try read(root + "/reports/run-1.md").contains("## 仍在变化的文件（可能正在复制，留待下次运行）\n\n- 002-恩阳区-政务服务亮牌情况.xlsx\n"))
    }

    @Test("a summary that cannot be written: the other job is committed and archived, exit 6, and the next run finishes the rest")
    func outputFault() throws {
        let root = try makeRoot(RunnerTests.good)
        // A file where the 002 job's output folder must go.
        try FileManager.default.createDirectory(atPath: root + "/outbox", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: root + "/outbox/002-恩阳区-政务服务亮牌"))
        let o = try run(root)
        #expect(o.status == 6, "\(o.stdout)\(o.stderr)")
        #expect(files(root + "/archive") == ["run-1/003-雁江区-政务信息报送.xlsx", "run-1/003-雁江区-政务信息采用.xlsx"])
        #expect(files(root + "/work") == ["run-1/002-恩阳区-政务服务亮牌情况.xlsx"])
        #expect(try runStatus(root, 1) == "output-failed")
        #expect(try read(root + "/reports/run-1.md").contains("## 未能写出的汇总表（下次运行重试）\n\n- 002-恩阳区-政务服务亮牌 下半年：汇总表未能写出"))
        try FileManager.default.removeItem(atPath: root + "/outbox/002-恩阳区-政务服务亮牌")
        let next = try run(root)
        #expect(next.status == 0, "\(next.stdout)\(next.stderr)")
        #expect(files(root + "/work").isEmpty)
        #expect(files(root + "/archive").contains("run-2/002-恩阳区-政务服务亮牌情况.xlsx"))
        #expect(files(root + "/outbox").count == 2)
    }

    @Test("a run that fails after committing is recorded as failed, writes its report, and the next run completes")
    func failedRunRecorded() throws {
        let root = try makeRoot([RunnerTests.good[1]])
        // A file where run 1's archive folder must go: archiving fails after the commit.
        try FileManager.default.createDirectory(atPath: root + "/archive", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: root + "/archive/run-1"))
        let o = try run(root)
        #expect(o.status == 6, "\(o.stdout)\(o.stderr)")
        #expect(try runStatus(root, 1) == "failed")
        let md = try read(root + "/reports/run-1.md")
        #expect(md.contains("## 运行失败"))
        #expect(files(root + "/work") == ["run-1/003-雁江区-政务信息报送.xlsx"])
        try FileManager.default.removeItem(atPath: root + "/archive/run-1")
        let next = try run(root)
        #expect(next.status == 0, "\(next.stdout)\(next.stderr)")
        #expect(files(root + "/work").isEmpty)
        #expect(files(root + "/archive") == ["run-1/003-雁江区-政务信息报送.xlsx"])
    }

    @Test("a locked ledger: exit 6 with a message saying so, the inbox untouched; the next run completes")
    func lockedLedger() throws {
        let root = try makeRoot([RunnerTests.good[1]])
        #expect(try run(root).status == 2) // the 采用 tables have no data yet
        try FileManager.default.copyItem(atPath: RunnerTests.good[2], toPath: root + "/inbox/003-雁江区-政务信息采用.xlsx")
        var config = Configuration()
        config.allowsUnsafeTransactions = true // the test holds the lock across accesses, as another program would
        let holder = try DatabaseQueue(path: root + "/ledger.sqlite", configuration: config)
        try holder.inDatabase { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        let o = try run(root)
        try holder.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        #expect(o.status == 6)
        #expect(o.stderr.contains("ledger: the ledger is locked by another program"), "\(o.stderr)")
        #expect(files(root + "/inbox") == ["003-雁江区-政务信息采用.xlsx"])
        let next = try run(root)
        #expect(next.status == 1, "\(next.stdout)\(next.stderr)")
        #expect(files(root + "/inbox").isEmpty)
    }
}
