import Foundation
import GRDB
import KaoheScoring

/// The run ledger (ledger.sqlite): every run, its inputs with their hashes, outputs, findings and
/// ranks. It is what makes a run idempotent (an input already processed for a job and period is
/// not processed again), what lets a resubmission replace an earlier workbook, and what the rank
/// change column compares with.
public final class Ledger: Sendable {
    let db: DatabaseQueue

    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(5)
        db = try DatabaseQueue(path: path, configuration: config)
        var migrator = DatabaseMigrator()
        Self.registerFirst(&migrator)
        Self.registerLater(&migrator)
        try migrator.migrate(db)
    }

    /// The ledger as version 1 made it.
    static func registerFirst(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    pid INTEGER NOT NULL,
                    started TEXT NOT NULL,
                    finished TEXT,
                    durationMs INTEGER,
                    -- running, committed (outputs recorded, archiving), ok, findings, missing-inputs,
                    -- rejected-inputs, crashed (died before committing), failed
                    status TEXT NOT NULL,
                    exitCode INTEGER,
                    note TEXT
                );
                CREATE TABLE input (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    runId INTEGER NOT NULL REFERENCES run(id),
                    fileName TEXT NOT NULL,      -- the name in the run's work folder
                    originalName TEXT NOT NULL,  -- the name it had in the inbox
                    sha256 TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    job TEXT,
                    period TEXT,
                    tables TEXT,                 -- table ids, comma-separated
                    outcome TEXT NOT NULL,       -- processed, duplicate, rejected
                    note TEXT,
                    destination TEXT NOT NULL    -- where the file goes: archive/… or rejected/…
                );
                CREATE INDEX input_hash ON input(job, period, sha256);
                CREATE TABLE current (
                    job TEXT NOT NULL, period TEXT NOT NULL, tableId TEXT NOT NULL,
                    inputId INTEGER NOT NULL REFERENCES input(id),
                    PRIMARY KEY (job, period, tableId)
                );
                CREATE TABLE output (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    runId INTEGER NOT NULL REFERENCES run(id),
                    job TEXT NOT NULL, period TEXT NOT NULL, path TEXT NOT NULL
                );
                CREATE TABLE finding (
                    runId INTEGER NOT NULL REFERENCES run(id),
                    job TEXT NOT NULL, period TEXT NOT NULL, tableId TEXT NOT NULL,
                    unit TEXT NOT NULL, item TEXT NOT NULL, location TEXT,
                    published TEXT, computed TEXT, message TEXT NOT NULL
                );
                CREATE TABLE rank (
                    runId INTEGER NOT NULL REFERENCES run(id),
                    job TEXT NOT NULL, period TEXT NOT NULL, tableId TEXT NOT NULL,
                    unit TEXT NOT NULL, rank INTEGER NOT NULL
                );
                CREATE INDEX rank_job ON rank(job, tableId, runId);
                """)
        }
    }

    /// What later versions added (never changed once released: a ledger migrates forward).
    static func registerLater(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2: attempts") { db in
            // A workbook a run has begun to process. The run removes its rows when it ends, so a
            // row left behind is a run that died holding the workbook (the dead-letter rule).
            try db.execute(sql: """
                CREATE TABLE attempt (
                    sha256 TEXT PRIMARY KEY,
                    originalName TEXT NOT NULL,
                    runId INTEGER NOT NULL,
                    deaths INTEGER NOT NULL   -- earlier runs that died while holding it
                );
                """)
        }
        migrator.registerMigration("v3: finding kind") { db in
            try db.execute(sql: "ALTER TABLE finding ADD COLUMN kind TEXT")
        }
        migrator.registerMigration("v4: ranks by period") { db in
            // 名次变化 compares with the previous period's final summary.
            try db.execute(sql: "CREATE INDEX rank_period ON rank(job, period, tableId, runId)")
        }
        migrator.registerMigration("v5: scores") { db in
            // The main score each summary showed per table and unit (总表: its total), as text:
            // what a rewritten summary is compared with.
            try db.create(table: ScoreRecord.databaseTableName) { t in
                t.column("runId", .integer).notNull().references("run")
                t.column("job", .text).notNull()
                t.column("period", .text).notNull()
                t.column("tableId", .text).notNull()
                t.column("unit", .text).notNull()
                t.column("value", .text).notNull()
            }
            try db.create(index: "score_period", on: ScoreRecord.databaseTableName, columns: ["job", "period", "tableId", "runId"])
        }
        migrator.registerMigration("v6: return reasons") { db in
            // Why each returned input was returned, typed (its code and fields), not only its note.
            try db.execute(sql: "ALTER TABLE input ADD COLUMN reason TEXT")
        }
    }

    /// The summary a job's period had before: the run that wrote it, where, and the scores and
    /// ranks it showed (table id → unit → value).
    public struct EarlierSummary: Sendable {
        public var runId: Int64
        public var path: String
        public var scores: [String: [String: String]]
        public var ranks: [String: [String: Int]]
    }

    /// The latest summary written for a job's period, if any.
    public func earlierSummary(job: String, period: String) throws -> EarlierSummary? {
        let last = try db.read { db in
            try OutputRecord.filter(Column("job") == job && Column("period") == period).order(Column("id").desc).fetchOne(db)
        }
        guard let last else { return nil }
        let scores = try db.read { db in
            try ScoreRecord.filter(Column("job") == job && Column("period") == period && Column("runId") == last.runId).fetchAll(db)
        }
        var byTable: [String: [String: String]] = [:]
        for s in scores { byTable[s.tableId, default: [:]][s.unit] = s.value }
        return EarlierSummary(runId: last.runId, path: last.path, scores: byTable, ranks: try finalRanks(job: job, period: period))
    }

    /// A summary's findings to act on (notes are not).
    static let toActOn = "(kind IS NULL OR kind <> '\(Finding.Kind.note.rawValue)')"

    /// A summary with findings still to act on: where it is and how many.
    public struct OpenFindings: Codable, FetchableRecord, Sendable, Equatable {
        public var path: String
        public var findings: Int
    }

    /// The latest summary of each job and period that still has findings to act on.
    public func openFindings() throws -> [OpenFindings] {
        try db.read { db in
            try OpenFindings.fetchAll(db, sql: """
                SELECT o.path AS path, (SELECT COUNT(*) FROM finding f WHERE f.runId = o.runId AND f.job = o.job AND f.period = o.period
                                         AND \(Self.toActOn)) AS findings
                FROM output o WHERE o.id = (SELECT MAX(id) FROM output WHERE job = o.job AND period = o.period)
                ORDER BY o.job, o.period
                """).filter { $0.findings > 0 }
        }
    }

    // MARK: Runs

    /// Runs that died before committing become `crashed`; runs that died after committing but
    /// before archiving become `incomplete` (their inputs are finished by the next run).
    public func markAbandonedRuns(by run: Int64) throws {
        try db.write { db in
            for (from, to, note) in [(RunStatus.running, RunStatus.crashed, "died before recording its outputs; its inputs were taken over by run \(run)"),
                                     (.committed, .incomplete, "died while archiving; run \(run) finished moving its inputs")] {
                _ = try RunRecord.filter(Column("status") == from && Column("id") != run)
                    .updateAll(db, Column("status").set(to: to), Column("note").set(to: note))
            }
        }
    }

    public func beginRun(pid: Int32, started: Date) throws -> Int64 {
        try db.write { db in
            var run = RunRecord(pid: Int(pid), started: Self.stamp(started), status: .running)
            try run.insert(db)
            return run.id!
        }
    }

    public func finishRun(_ id: Int64, status: RunStatus, exitCode: Int32, finished: Date, duration: TimeInterval,
                          note: String? = nil) throws {
        try db.write { db in
            guard var run = try RunRecord.fetchOne(db, key: id) else { return }
            (run.status, run.exitCode, run.finished, run.durationMs) = (status, Int(exitCode), Self.stamp(finished), Int(duration * 1000))
            run.note = note ?? run.note
            try run.update(db)
        }
    }

    // MARK: Inputs

    /// For many workbooks at once (a run's claims): the first processed input of each job,
    /// period and SHA-256 among `sha256s`, keyed by `processedKey`.
    public func processed(sha256s: [String]) throws -> [String: InputRecord] {
        try db.read { db in
            var out: [String: InputRecord] = [:]
            try Self.inChunks(sha256s) { marks, chunk in
                let statement = try db.cachedStatement(sql: "SELECT * FROM input WHERE outcome = ? AND sha256 IN (\(marks)) ORDER BY id")
                for r in try InputRecord.fetchAll(statement, arguments: StatementArguments([InputOutcome.processed]) + StatementArguments(chunk)) {
                    guard let job = r.job, let period = r.period else { continue }
                    let key = Self.processedKey(job: job, period: period, sha256: r.sha256)
                    if out[key] == nil { out[key] = r }
                }
            }
            return out
        }
    }

    /// The distinct `values` 500 at a time, each chunk with its "?, ?, …" for an IN (…) clause:
    /// one query per chunk instead of one per value.
    static func inChunks(_ values: [String], _ body: (_ marks: String, _ chunk: [String]) throws -> Void) rethrows {
        let unique = Array(Set(values))
        var start = 0
        while start < unique.count {
            let chunk = Array(unique[start..<min(start + 500, unique.count)])
            try body(Array(repeating: "?", count: chunk.count).joined(separator: ", "), chunk)
            start += chunk.count
        }
    }

    public static func processedKey(job: String, period: String, sha256: String) -> String {
        job + "\u{0}" + period + "\u{0}" + sha256
    }

    /// Inputs recorded for a run's work folder (used to finish a run that died after committing).
    public func inputs(run: Int64) throws -> [InputRecord] {
        try db.read { db in try InputRecord.filter(Column("runId") == run).order(Column("id")).fetchAll(db) }
    }

    /// The workbook each table of a job and period currently comes from.
    public func current(job: String, period: String) throws -> [String: InputRecord] {
        try db.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT current.tableId AS tableId, input.* FROM current JOIN input ON input.id = current.inputId
                WHERE current.job = ? AND current.period = ?
                """), arguments: [job, period])
            return Dictionary(uniqueKeysWithValues: try rows.map { ($0["tableId"] as String, try InputRecord(row: $0)) })
        }
    }

    /// A period of a job that has ranks recorded, with the last run that recorded them.
    public struct RankedPeriod: Decodable, FetchableRecord, Sendable {
        public var period: String
        public var lastRun: Int64
    }

    /// The periods of a job that have ranks recorded.
    public func rankedPeriods(job: String) throws -> [RankedPeriod] {
        try db.read { db in
            try RankedPeriod.fetchAll(db, sql: "SELECT period, MAX(runId) AS lastRun FROM rank WHERE job = ? GROUP BY period", arguments: [job])
        }
    }

    /// Each table's ranks (table id → unit → rank) in the last summary of a job's period: its
    /// final summary, once the period is over.
    public func finalRanks(job: String, period: String) throws -> [String: [String: Int]] {
        try db.read { db in
            let ranks = try RankRecord.fetchAll(db, sql: """
                SELECT * FROM rank r
                WHERE job = ? AND period = ? AND runId = (SELECT MAX(runId) FROM rank WHERE job = r.job AND period = r.period AND tableId = r.tableId)
                """, arguments: [job, period])
            var out: [String: [String: Int]] = [:]
            for r in ranks { out[r.tableId, default: [:]][r.unit] = r.rank }
            return out
        }
    }

    // MARK: Commit

    /// What a run records in one transaction (`commit`). The run id of each record is the
    /// committing run's, set when committed.
    public struct Commit: Sendable {
        /// The new current workbook of a table: `input` indexes `inputs` (its id is known only
        /// once inserted).
        public struct Current: Sendable, Equatable {
            public var job: String
            public var period: String
            public var table: String
            public var input: Int
        }
        public var inputs: [InputRecord] = []
        public var current: [Current] = []
        public var outputs: [OutputRecord] = []
        public var findings: [FindingRecord] = []
        public var ranks: [RankRecord] = []
        /// Each summary's main scores.
        public var scores: [ScoreRecord] = []
        public init() {}

        /// The inputs alone (what a report lists once the rest is recorded).
        public var inputsOnly: Commit {
            var c = Commit()
            c.inputs = inputs
            return c
        }

        /// Adds another commit's records to this one (its `current` indices moved along).
        public mutating func absorb(_ other: Commit) {
            let offset = inputs.count
            inputs += other.inputs
            current += other.current.map { var c = $0; c.input += offset; return c }
            outputs += other.outputs
            findings += other.findings
            ranks += other.ranks
            scores += other.scores
        }
    }

    /// Records a run's results in one transaction and marks it `committed`: after this, the
    /// run's inputs count as processed even if the process dies before archiving them.
    public func commit(_ run: Int64, _ c: Commit) throws {
        try db.write { db in
            var ids: [Int64] = []
            ids.reserveCapacity(c.inputs.count)
            for var i in c.inputs {
                (i.id, i.runId) = (nil, run)
                try i.insert(db)
                ids.append(i.id!)
            }
            for cur in c.current {
                try CurrentRecord(job: cur.job, period: cur.period, tableId: cur.table, inputId: ids[cur.input]).insert(db, onConflict: .replace)
            }
            for var o in c.outputs {
                (o.id, o.runId) = (nil, run)
                try o.insert(db)
            }
            // Findings, ranks and scores are most of a night's rows (every unit of every table
            // of every period): a hundred rows per statement.
            try Self.insertChunked(db, c.findings, run: run)
            try Self.insertChunked(db, c.ranks, run: run)
            try Self.insertChunked(db, c.scores, run: run)
            _ = try RunRecord.filter(key: run).updateAll(db, Column("status").set(to: RunStatus.committed))
            _ = try Attempt.filter(Column("runId") == run).deleteAll(db)
        }
    }

    /// Inserts `rows` a hundred per statement, each with the committing run's id.
    static func insertChunked<T: ChunkInsertable>(_ db: Database, _ rows: [T], run: Int64) throws {
        let width = T.columns.count
        let marks = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + 100, rows.count)]
            let statement = try db.cachedStatement(sql: "INSERT INTO \(T.databaseTableName) (\(T.columns.joined(separator: ", "))) VALUES "
                                                   + Array(repeating: marks, count: chunk.count).joined(separator: ", "))
            var all: [(any DatabaseValueConvertible)?] = []
            all.reserveCapacity(chunk.count * width)
            for r in chunk { all += r.values(run: run) }
            try statement.execute(arguments: StatementArguments(all))
            start += chunk.count
        }
    }

    // MARK: History

    /// A run with what it did, counted from the ledger (`kaohe history`).
    public struct RunSummary: Decodable, FetchableRecord, Sendable {
        public var id: Int64
        public var started: String
        public var durationMs: Int?
        public var status: RunStatus
        public var exitCode: Int?
        public var inputs: Int
        public var rejected: Int
        public var duplicates: Int
        public var outputs: Int
        public var findings: Int
        public var note: String?
    }

    /// The latest runs, newest first; a status this version does not know is an error.
    public func history(limit: Int = 50) throws -> [RunSummary] {
        try db.read { db in
            try RunSummary.fetchAll(db, sql: """
                SELECT run.*,
                  (SELECT COUNT(*) FROM input WHERE runId = run.id AND outcome <> ?) AS inputs,
                  (SELECT COUNT(*) FROM input WHERE runId = run.id AND outcome = ?) AS rejected,
                  (SELECT COUNT(*) FROM input WHERE runId = run.id AND outcome = ?) AS duplicates,
                  (SELECT COUNT(*) FROM output WHERE runId = run.id) AS outputs,
                  (SELECT COUNT(*) FROM finding WHERE runId = run.id AND \(Self.toActOn)) AS findings
                FROM run ORDER BY id DESC LIMIT ?
                """, arguments: [InputOutcome.original, InputOutcome.rejected, InputOutcome.duplicate, limit])
        }
    }

    static func stamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }
}
