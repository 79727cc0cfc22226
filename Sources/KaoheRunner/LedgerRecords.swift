import Foundation
import GRDB
import KaoheScoring

/// The ledger's rows as records, one struct per table, read and written by GRDB through their
/// Codable conformance (column names are the property names). Statuses and outcomes are stored
/// as their raw values; a stored value this version does not know is an error when read, not a
/// default.
extension RunStatus: DatabaseValueConvertible {}
extension InputOutcome: DatabaseValueConvertible {}
/// A finding's kind is stored by its raw value; an unknown one is an error when read.
extension Finding.Kind: DatabaseValueConvertible {}

/// A record inserted many rows per statement (`Ledger.insertChunked`): its columns and, for one
/// row, its values in that order with the committing run's id.
protocol ChunkInsertable: TableRecord {
    static var columns: [String] { get }
    func values(run: Int64) -> [(any DatabaseValueConvertible)?]
}

extension Ledger {
    /// A run (`run`).
    struct RunRecord: Codable, FetchableRecord, MutablePersistableRecord {
        static let databaseTableName = "run"
        var id: Int64?
        var pid: Int
        var started: String
        var finished: String?
        var durationMs: Int?
        var status: RunStatus
        var exitCode: Int?
        var note: String?

        init(pid: Int, started: String, status: RunStatus) {
            (self.pid, self.started, self.status) = (pid, started, status)
        }

        mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
    }

    /// One input of a run (`input`): where it came from, its hash, what became of it and where
    /// it goes. `tables` is stored comma-separated (NULL when none), as version 1 stored it.
    public struct InputRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
        public static let databaseTableName = "input"
        public var id: Int64?
        public var runId: Int64
        /// The name in the run's work folder.
        public var fileName: String
        /// The name it had in the inbox.
        public var originalName: String
        public var sha256: String
        public var size: Int64
        public var job: String?
        public var period: String?
        public var tables: [String]
        public var outcome: InputOutcome
        public var note: String?
        /// Where the file goes: archive/… or rejected/…
        public var destination: String
        /// Why a rejected input was returned, stored as its JSON (`{"code": …, "text": …}`; NULL in
        /// ledgers older than v6, and for inputs not returned).
        public var reason: ReturnReason?

        public init(id: Int64? = nil, runId: Int64, fileName: String, originalName: String, sha256: String, size: Int64, job: String?,
                    period: String?, tables: [String], outcome: InputOutcome, note: String?, destination: String, reason: ReturnReason? = nil) {
            (self.id, self.runId, self.fileName, self.originalName, self.sha256, self.size) = (id, runId, fileName, originalName, sha256, size)
            (self.job, self.period, self.tables, self.outcome, self.note, self.destination) = (job, period, tables, outcome, note, destination)
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case id, runId, fileName, originalName, sha256, size, job, period, tables, outcome, note, destination, reason
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(id: try c.decodeIfPresent(Int64.self, forKey: .id), runId: try c.decode(Int64.self, forKey: .runId),
                      fileName: try c.decode(String.self, forKey: .fileName), originalName: try c.decode(String.self, forKey: .originalName),
                      sha256: try c.decode(String.self, forKey: .sha256), size: try c.decode(Int64.self, forKey: .size),
                      job: try c.decodeIfPresent(String.self, forKey: .job), period: try c.decodeIfPresent(String.self, forKey: .period),
                      tables: (try c.decodeIfPresent(String.self, forKey: .tables)).map { $0.split(separator: ",").map(String.init) } ?? [],
                      outcome: try c.decode(InputOutcome.self, forKey: .outcome), note: try c.decodeIfPresent(String.self, forKey: .note),
                      destination: try c.decode(String.self, forKey: .destination),
                      reason: try c.decodeIfPresent(String.self, forKey: .reason).map { try JSONDecoder().decode(ReturnReason.self, from: Data($0.utf8)) })
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(id, forKey: .id)
            try c.encode(runId, forKey: .runId)
            try c.encode(fileName, forKey: .fileName)
            try c.encode(originalName, forKey: .originalName)
            try c.encode(sha256, forKey: .sha256)
            try c.encode(size, forKey: .size)
            try c.encode(job, forKey: .job)
            try c.encode(period, forKey: .period)
            try c.encode(tables.isEmpty ? nil : tables.joined(separator: ","), forKey: .tables)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(note, forKey: .note)
            try c.encode(destination, forKey: .destination)
            let json = JSONEncoder()
            json.outputFormatting = .sortedKeys
            try c.encode(try reason.map { String(decoding: try json.encode($0), as: UTF8.self) }, forKey: .reason)
        }

        public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
    }

    /// The workbook a table of a job's period currently comes from (`current`).
    struct CurrentRecord: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "current"
        var job: String
        var period: String
        var tableId: String
        var inputId: Int64
    }

    /// A summary a run wrote (`output`); `path` is relative to the root.
    public struct OutputRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
        public static let databaseTableName = "output"
        public var id: Int64?
        public var runId: Int64
        public var job: String
        public var period: String
        public var path: String

        public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
    }

    /// One finding of a summary (`finding`); `kind` is stored as `Finding.Kind`'s raw value
    /// (NULL in ledgers older than v3).
    public struct FindingRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable, ChunkInsertable {
        public static let databaseTableName = "finding"
        public var runId: Int64
        public var job: String
        public var period: String
        public var tableId: String
        public var unit: String
        public var item: String
        public var location: String?
        public var published: String?
        public var computed: String?
        public var message: String
        public var kind: Finding.Kind?

        static let columns = ["runId", "job", "period", "tableId", "unit", "item", "location", "published", "computed", "message", "kind"]
        func values(run: Int64) -> [(any DatabaseValueConvertible)?] {
            [run, job, period, tableId, unit, item, location, published, computed, message, kind]
        }
    }

    /// One unit's rank in one table (or 总表) of a summary (`rank`).
    public struct RankRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable, ChunkInsertable {
        public static let databaseTableName = "rank"
        public var runId: Int64
        public var job: String
        public var period: String
        public var tableId: String
        public var unit: String
        public var rank: Int

        static let columns = ["runId", "job", "period", "tableId", "unit", "rank"]
        func values(run: Int64) -> [(any DatabaseValueConvertible)?] { [run, job, period, tableId, unit, rank] }
    }

    /// One unit's main score in one table (or 总表's total) as a summary showed it (`score`).
    public struct ScoreRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable, ChunkInsertable {
        public static let databaseTableName = "score"
        public var runId: Int64
        public var job: String
        public var period: String
        public var tableId: String
        public var unit: String
        public var value: String

        static let columns = ["runId", "job", "period", "tableId", "unit", "value"]
        func values(run: Int64) -> [(any DatabaseValueConvertible)?] { [run, job, period, tableId, unit, value] }
    }

    /// A claimed workbook a run was working on (the dead-letter rule of earlier versions; the
    /// supervisor now blames only the workbook a run died reading: `Supervisor`, `BlameList`).
    struct Attempt: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "attempt"
        var sha256: String
        var originalName: String
        var runId: Int64
        var deaths: Int
    }
}
