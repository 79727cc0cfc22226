import Foundation
import GRDB
import Testing
@testable import KaoheRunner

/// The ledger as records: what a commit writes reads back the same, and a stored status or
/// outcome this version does not know is an error, never a default.
@Suite struct LedgerTests {
    func ledger() throws -> Ledger { try Ledger(path: try temporaryFolder("ledger") + "/ledger.sqlite") }

    func input(_ run: Int64, _ file: String, outcome: InputOutcome, tables: [String]) -> Ledger.InputRecord {
        Ledger.InputRecord(runId: run, fileName: file, originalName: file, sha256: "sha-" + file, size: 10, job: outcome == .rejected ? nil : "job",
                           period: outcome == .rejected ? nil : "2026年1月", tables: tables, outcome: outcome, note: outcome == .rejected ? "退回" : nil,
                           destination: (outcome == .rejected ? "rejected/" : "archive/run-\(run)/") + file)
    }

    @Test("a commit's records read back: inputs with their tables, the current workbook, ranks, scores, findings and history")
    func roundTrip() throws {
        let l = try ledger()
        let run = try l.beginRun(pid: 42, started: Date(timeIntervalSince1970: 1_765_000_000))
        #expect(run == 1)
        var c = Ledger.Commit()
        c.inputs = [input(run, "a.xlsx", outcome: .processed, tables: ["t1", "t2"]), input(run, "b.xlsx", outcome: .rejected, tables: [])]
        c.inputs[1].reason = .didNotBind(["找不到工作表“一”"])
        c.current = [.init(job: "job", period: "2026年1月", table: "t1", input: 0)]
        c.outputs = [.init(runId: run, job: "job", period: "2026年1月", path: "outbox/job/2026年1月/汇总.xlsx")]
        c.findings = [.init(runId: run, job: "job", period: "2026年1月", tableId: "t1", unit: "甲", item: "得分", location: "a.xlsx!Sheet1!C5",
                            published: "9", computed: "10", message: "不符", kind: .publishedMismatch),
                      .init(runId: run, job: "job", period: "2026年1月", tableId: "t1", unit: "乙", item: "扣分", location: nil,
                            published: nil, computed: nil, message: "说明", kind: .note)]
        c.ranks = (1...150).map { .init(runId: run, job: "job", period: "2026年1月", tableId: "t1", unit: "单位\($0)", rank: $0) }
        c.scores = [.init(runId: run, job: "job", period: "2026年1月", tableId: "t1", unit: "甲", value: "99.50")]
        try l.commit(run, c)
        try l.finishRun(run, status: .findings, exitCode: 1, finished: Date(timeIntervalSince1970: 1_765_000_002), duration: 2)

        let inputs = try l.inputs(run: run)
        #expect(inputs.map(\.tables) == [["t1", "t2"], []])
        #expect(inputs.map(\.outcome) == [.processed, .rejected])
        #expect(inputs.map(\.id) == [1, 2])
        #expect(inputs.map(\.reason) == [nil, .didNotBind(["找不到工作表“一”"])])
        #expect(try l.db.read { try String.fetchOne($0, sql: "SELECT reason FROM input WHERE id = 2") }
                == #"{"code":"did-not-bind","errors":["找不到工作表“一”"],"text":"找不到工作表“一”"}"#)
        #expect(try l.current(job: "job", period: "2026年1月")["t1"]?.fileName == "a.xlsx")
        #expect(try l.processed(sha256s: ["sha-a.xlsx", "sha-b.xlsx"]).keys.sorted() == [Ledger.processedKey(job: "job", period: "2026年1月", sha256: "sha-a.xlsx")])
        let ranks = try l.finalRanks(job: "job", period: "2026年1月")
        #expect(ranks["t1"]?.count == 150 && ranks["t1"]?["单位150"] == 150)
        #expect(try l.rankedPeriods(job: "job").map(\.period) == ["2026年1月"])
        let earlier = try #require(try l.earlierSummary(job: "job", period: "2026年1月"))
        #expect(earlier.runId == run && earlier.path == "outbox/job/2026年1月/汇总.xlsx" && earlier.scores == ["t1": ["甲": "99.50"]])
        #expect(try l.openFindings() == [.init(path: "outbox/job/2026年1月/汇总.xlsx", findings: 1)])
        let h = try #require(try l.history().first)
        #expect(h.id == 1 && h.status == RunStatus.findings)
        #expect(h.exitCode == 1 && h.durationMs == 2000)
        let counts: [Int] = [h.inputs, h.rejected, h.duplicates, h.outputs, h.findings]
        #expect(counts == [2, 1, 0, 1, 1] as [Int])
    }

    @Test("runs that died are marked crashed or incomplete by the next")
    func abandoned() throws {
        let l = try ledger()
        let first = try l.beginRun(pid: 1, started: Date())
        let second = try l.beginRun(pid: 2, started: Date())
        try l.commit(second, Ledger.Commit())
        let third = try l.beginRun(pid: 3, started: Date())
        try l.markAbandonedRuns(by: third)
        #expect(try l.history().map(\.status) == [.running, .incomplete, .crashed])
        #expect(try l.history().map(\.id) == [third, second, first])
    }

    @Test("a status, outcome or finding kind this version does not know is an error when read, not a default")
    func unknownValues() throws {
        let l = try ledger()
        let run = try l.beginRun(pid: 1, started: Date())
        var c = Ledger.Commit()
        c.inputs = [input(run, "a.xlsx", outcome: .processed, tables: ["t1"])]
        c.findings = [.init(runId: run, job: "job", period: "2026年1月", tableId: "t1", unit: "乙", item: "扣分", location: nil,
                            published: nil, computed: nil, message: "说明", kind: .note)]
        try l.commit(run, c)
        #expect(try l.db.read { try Ledger.FindingRecord.fetchAll($0) }.map(\.kind) == [.note])
        try l.db.write { try $0.execute(sql: "UPDATE finding SET kind = 'strange'") }
        #expect(throws: (any Error).self) { try l.db.read { try Ledger.FindingRecord.fetchAll($0) } }
        try l.db.write { try $0.execute(sql: "UPDATE input SET outcome = 'vanished'") }
        #expect(throws: (any Error).self) { try l.inputs(run: run) }
        try l.db.write { try $0.execute(sql: "UPDATE run SET status = 'exploded'") }
        #expect(throws: (any Error).self) { try l.history() }
    }
}
