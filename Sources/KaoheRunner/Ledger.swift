import Foundation
import GRDB

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
    }

    /// One unit's main score in one table (or 总表's total) as a summary showed it.
    public struct ScoreRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
        public static let databaseTableName = "score"
        public var runId: Int64
        public var job: String
        public var period: String
        public var tableId: String
        public var unit: String
        public var value: String
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
            try Row.fetchOne(db, sql: "SELECT runId, path FROM output WHERE job = ? AND period = ? ORDER BY id DESC LIMIT 1",
                             arguments: [job, period])
        }
        guard let last else { return nil }
        let runId: Int64 = last["runId"]
        let scores = try db.read { db in
            try ScoreRecord.filter(Column("job") == job && Column("period") == period && Column("runId") == runId).fetchAll(db)
        }
        var byTable: [String: [String: String]] = [:]
        for s in scores { byTable[s.tableId, default: [:]][s.unit] = s.value }
        return EarlierSummary(runId: runId, path: last["path"], scores: byTable, ranks: try finalRanks(job: job, period: period))
    }

    /// The latest summary of each job and period that still has findings to act on.
    public func openFindings() throws -> [String] {
        try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.path AS path, (SELECT COUNT(*) FROM finding f WHERE f.runId = o.runId AND f.job = o.job AND f.period = o.period
                                         AND (f.kind IS NULL OR f.kind <> 'note')) AS n
                FROM output o WHERE o.id = (SELECT MAX(id) FROM output WHERE job = o.job AND period = o.period)
                ORDER BY o.job, o.period
                """).compactMap { r in
                let n: Int = r["n"]
                return n > 0 ? "\(r["path"] as String)：待核对 \(n) 项" : nil
            }
        }
    }

    // MARK: Attempts (dead letters)

    /// A claimed workbook a run was working on (the dead-letter rule of earlier versions; the
    /// supervisor now blames only the workbook a run died reading: `Supervisor`, `BlameList`).
    struct Attempt: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "attempt"
        var sha256: String
        var originalName: String
        var runId: Int64
        var deaths: Int
    }

    // MARK: Runs

    /// Runs that died before committing become `crashed`; runs that died after committing but
    /// before archiving become `incomplete` (their inputs are finished by the next run).
    public func markAbandonedRuns(by run: Int64) throws {
        try db.write { db in
            try db.execute(sql: "UPDATE run SET status = 'crashed', note = ? WHERE status = 'running' AND id <> ?",
                           arguments: ["died before recording its outputs; its inputs were taken over by run \(run)", run])
            try db.execute(sql: "UPDATE run SET status = 'incomplete', note = ? WHERE status = 'committed' AND id <> ?",
                           arguments: ["died while archiving; run \(run) finished moving its inputs", run])
        }
    }

    public func beginRun(pid: Int32, started: Date) throws -> Int64 {
        try db.write { db in
            try db.execute(sql: "INSERT INTO run (pid, started, status) VALUES (?, ?, 'running')",
                           arguments: [Int(pid), Self.stamp(started)])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(_ id: Int64, status: RunStatus, exitCode: Int32, finished: Date, duration: TimeInterval,
                          note: String? = nil) throws {
        try db.write { db in
            try db.execute(sql: "UPDATE run SET status = ?, exitCode = ?, finished = ?, durationMs = ?, note = COALESCE(?, note) WHERE id = ?",
                           arguments: [status.rawValue, Int(exitCode), Self.stamp(finished), Int(duration * 1000), note, id])
        }
    }

    // MARK: Inputs

    public struct InputRecord: Sendable, Equatable {
        public var id: Int64 = 0
        public var runId: Int64
        public var fileName: String
        public var originalName: String
        public var sha256: String
        public var size: Int64
        public var job: String?
        public var period: String?
        public var tables: [String]
        public var outcome: InputOutcome
        public var note: String?
        public var destination: String
    }

    static func record(_ row: Row) -> InputRecord {
        InputRecord(id: row["id"], runId: row["runId"], fileName: row["fileName"], originalName: row["originalName"],
                    sha256: row["sha256"], size: row["size"], job: row["job"], period: row["period"],
                    tables: (row["tables"] as String?).map { $0.split(separator: ",").map(String.init) } ?? [],
                    outcome: InputOutcome(rawValue: row["outcome"]) ?? .processed, note: row["note"], destination: row["destination"])
    }

    /// For many workbooks at once (a run's claims): the first processed input of each job,
    /// period and SHA-256 among `sha256s`, keyed by `processedKey`.
    public func processed(sha256s: [String]) throws -> [String: InputRecord] {
        try db.read { db in
            var out: [String: InputRecord] = [:]
            try Self.inChunks(sha256s) { marks, chunk in
                let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM input WHERE outcome = 'processed' AND sha256 IN (\(marks)) ORDER BY id"),
                                            arguments: StatementArguments(chunk))
                for row in rows {
                    let r = Self.record(row)
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
        try db.read { db in try Row.fetchAll(db, sql: "SELECT * FROM input WHERE runId = ? ORDER BY id", arguments: [run]).map(Self.record) }
    }

    /// The workbook each table of a job and period currently comes from.
    public func current(job: String, period: String) throws -> [String: InputRecord] {
        try db.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT current.tableId AS tableId, input.* FROM current JOIN input ON input.id = current.inputId
                WHERE current.job = ? AND current.period = ?
                """), arguments: [job, period])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["tableId"] as String, Self.record($0)) })
        }
    }

    /// The periods of a job that have ranks recorded, each with the last run that recorded them.
    public func rankedPeriods(job: String) throws -> [(period: String, lastRun: Int64)] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT period, MAX(runId) AS lastRun FROM rank WHERE job = ? GROUP BY period", arguments: [job])
                .map { ($0["period"] as String, $0["lastRun"] as Int64) }
        }
    }

    /// Each table's ranks (table id → unit → rank) in the last summary of a job's period: its
    /// final summary, once the period is over.
    public func finalRanks(job: String, period: String) throws -> [String: [String: Int]] {
        try db.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT tableId, unit, rank FROM rank r
                WHERE job = ? AND period = ? AND runId = (SELECT MAX(runId) FROM rank WHERE job = r.job AND period = r.period AND tableId = r.tableId)
                """, arguments: [job, period])
            var out: [String: [String: Int]] = [:]
            for row in rows { out[row["tableId"] as String, default: [:]][row["unit"] as String] = row["rank"] as Int }
            return out
        }
    }

    // MARK: Commit

    public struct Commit: Sendable {
        public var inputs: [InputRecord] = []
        /// (job, period, table id, index into `inputs`): the new current workbook of a table.
        public var current: [(job: String, period: String, table: String, input: Int)] = []
        public var outputs: [(job: String, period: String, path: String)] = []
        public var findings: [(job: String, period: String, table: String, unit: String, item: String, location: String?,
                               published: String?, computed: String?, message: String, kind: String)] = []
        public var ranks: [(job: String, period: String, table: String, unit: String, rank: Int)] = []
        /// Each summary's main scores (run id filled in when committed).
        public var scores: [ScoreRecord] = []
        public init() {}

        /// Adds another commit's records to this one (its `current` indices moved along).
        public mutating func absorb(_ other: Commit) {
            let offset = inputs.count
            inputs += other.inputs
            current += other.current.map { ($0.job, $0.period, $0.table, $0.input + offset) }
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
            // One prepared statement per table, bound again for each row (a night of thousands
            // of workbooks records hundreds of thousands of ranks).
            var ids: [Int64] = []
            let input = try db.cachedStatement(sql: """
                INSERT INTO input (runId, fileName, originalName, sha256, size, job, period, tables, outcome, note, destination)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for i in c.inputs {
                try input.execute(arguments: [run, i.fileName, i.originalName, i.sha256, i.size, i.job, i.period,
                                              i.tables.isEmpty ? nil : i.tables.joined(separator: ","), i.outcome.rawValue, i.note, i.destination])
                ids.append(db.lastInsertedRowID)
            }
            let current = try db.cachedStatement(sql: "INSERT OR REPLACE INTO current (job, period, tableId, inputId) VALUES (?, ?, ?, ?)")
            for cur in c.current {
                try current.execute(arguments: [cur.job, cur.period, cur.table, ids[cur.input]])
            }
            let output = try db.cachedStatement(sql: "INSERT INTO output (runId, job, period, path) VALUES (?, ?, ?, ?)")
            for o in c.outputs {
                try output.execute(arguments: [run, o.job, o.period, o.path])
            }
            let finding = try db.cachedStatement(sql: """
                INSERT INTO finding (runId, job, period, tableId, unit, item, location, published, computed, message, kind)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for f in c.findings {
                try finding.execute(arguments: [run, f.job, f.period, f.table, f.unit, f.item, f.location, f.published, f.computed, f.message, f.kind])
            }
            // Ranks and scores are most of a night's rows (every unit of every table of every
            // period): a hundred rows per statement.
            try Self.insertChunked(db, "rank (runId, job, period, tableId, unit, rank)", c.ranks) { [run, $0.job, $0.period, $0.table, $0.unit, $0.rank] }
            try Self.insertChunked(db, "score (runId, job, period, tableId, unit, value)", c.scores) { [run, $0.job, $0.period, $0.tableId, $0.unit, $0.value] }
            try db.execute(sql: "UPDATE run SET status = 'committed' WHERE id = ?", arguments: [run])
            _ = try Attempt.filter(Column("runId") == run).deleteAll(db)
        }
    }

    /// Inserts `rows` into `table` (its name and columns) a hundred rows per statement.
    static func insertChunked<T>(_ db: Database, _ table: String, _ rows: [T], values: (T) -> [(any DatabaseValueConvertible)?]) throws {
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + 100, rows.count)]
            let width = values(chunk.first!).count
            let marks = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
            let statement = try db.cachedStatement(sql: "INSERT INTO \(table) VALUES " + Array(repeating: marks, count: chunk.count).joined(separator: ", "))
            var all: [(any DatabaseValueConvertible)?] = []
            all.reserveCapacity(chunk.count * width)
            for r in chunk { all += values(r) }
            try statement.execute(arguments: StatementArguments(all))
            start += chunk.count
        }
    }

    // MARK: History

    public struct RunSummary: Sendable {
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

    public func history(limit: Int = 50) throws -> [RunSummary] {
        try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT run.*,
                  (SELECT COUNT(*) FROM input WHERE runId = run.id AND outcome <> 'original') AS inputs,
                  (SELECT COUNT(*) FROM input WHERE runId = run.id AND outcome = 'rejected') AS rejected,
                  (SELECT COUNT(*) FROM input WHERE runId = run.id AND outcome = 'duplicate') AS duplicates,
                  (SELECT COUNT(*) FROM output WHERE runId = run.id) AS outputs,
                  (SELECT COUNT(*) FROM finding WHERE runId = run.id AND (kind IS NULL OR kind <> 'note')) AS findings
                FROM run ORDER BY id DESC LIMIT ?
                """, arguments: [limit]).map { r in
                RunSummary(id: r["id"], started: r["started"], durationMs: r["durationMs"], status: RunStatus(rawValue: r["status"]) ?? .failed,
                           exitCode: r["exitCode"], inputs: r["inputs"], rejected: r["rejected"], duplicates: r["duplicates"],
                           outputs: r["outputs"], findings: r["findings"], note: r["note"])
            }
        }
    }

    static func stamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }
}
