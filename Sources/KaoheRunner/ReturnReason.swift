import Foundation
import KaoheJobs
import KaoheReader

/// Why a workbook is returned to rejected/ (or set aside by the supervisor): one case per
/// cause, its Chinese text for the lead unit in one place (`text`), and a stable code for
/// machines (`code`, in reports/run-N.json as `"reason": {"code": …, "text": …, …}`). The codes
/// are listed in README's nightly-run section; a code, once released, keeps its meaning.
public enum ReturnReason: Sendable, Equatable {
    /// The file could not be opened as a workbook. `error` is the reader's error kind
    /// (notAZip, encrypted …), nil for any other error.
    case unreadable(error: ReaderError.Kind?, text: String)
    /// A legacy or WPS file (extension without the dot) LibreOffice could not convert, and why.
    case notConverted(extension: String, message: String)
    /// Its sheets do not fit the tables its name is for: the binding errors, in order.
    case didNotBind([String])
    /// Its name fits no job's pattern and its content no table: the patterns it could have
    /// meant (`Routing.plausiblePatterns`), and its extension when it is a spreadsheet of
    /// another format (.xls, .et …).
    case noTableMatched(file: String, patterns: String, otherFormat: String?)
    /// Named differently, its content fits several tables: each described.
    case severalTablesMatched(file: String, candidates: [String])
    /// Its name fits a job's pattern but the period written in it cannot be read.
    case badPeriod(file: String, written: String, job: String, example: String, expectedName: String)
    /// A filled template whose name says no period, for a period whose table was already
    /// processed: never taken as a change to a summary reviewers may have received.
    case templateForProcessedPeriod(file: String, job: String, period: String, table: String, earlierRun: Int64, earlierFile: String,
                                    correctionName: String, pattern: String)
    /// A run died of a fault (this signal) while it had the workbook in hand.
    case fault(signal: Int32)
    /// Reading it took longer than the per-workbook limit (seconds).
    case timedOut(seconds: Int)
    /// A rejection a run that died had recorded in a ledger older than v6 (its note's text
    /// alone), finished by the next run as it moves that run's files (listed under `recovered`,
    /// not `rejected`); from v6 on the ledger keeps the reason itself.
    case recorded(String)

    /// The reader's error, as returned.
    public static func unreadable(_ e: ReaderError) -> ReturnReason {
        .unreadable(error: e.kind, text: ReaderMessages.chinese(e))
    }

    /// The stable codes a monitoring script compares (run-N.json's `reason.code`; README lists
    /// them): one per case.
    public enum Code: String, Sendable, Codable, CaseIterable {
        case unreadable, notConverted = "not-converted", didNotBind = "did-not-bind", noTableMatched = "no-table-matched"
        case severalTablesMatched = "several-tables-matched", badPeriod = "bad-period"
        case templateForProcessedPeriod = "template-for-processed-period", fault, timedOut = "timed-out", recorded
    }

    /// This reason's code.
    public var code: Code {
        switch self {
        case .unreadable: return .unreadable
        case .notConverted: return .notConverted
        case .didNotBind: return .didNotBind
        case .noTableMatched: return .noTableMatched
        case .severalTablesMatched: return .severalTablesMatched
        case .badPeriod: return .badPeriod
        case .templateForProcessedPeriod: return .templateForProcessedPeriod
        case .fault: return .fault
        case .timedOut: return .timedOut
        case .recorded: return .recorded
        }
    }

    /// Whether the supervisor set it aside (a dead letter): it is returned without being opened.
    public var isDeadLetter: Bool {
        switch self {
        case .fault, .timedOut: return true
        default: return false
        }
    }

    /// What the lead unit reads (the note beside the file, the reports).
    public var text: String {
        switch self {
        case .unreadable(_, let text), .recorded(let text): return text
        case .notConverted(let ext, let message):
            return "无法把 .\(ext) 文件转换为 .xlsx（\(message)），请用 Excel 或 WPS 另存为 .xlsx 后重新报送"
        case .didNotBind(let errors): return errors.joined(separator: "；")
        case .noTableMatched(let file, let patterns, let other):
            return "文件名“\(file)”不符合任何考核任务的报送文件名，内容也不符合任何表（" + patterns + "）"
                + (other.map { "。本系统只接收 .xlsx 工作簿，请用 Excel 或 WPS 将 .\($0) 文件另存为 .xlsx 后重新报送" } ?? "")
        case .severalTablesMatched(let file, let candidates):
            return "文件名“\(file)”不符合任何报送文件名，按内容它同时符合多个表（\(candidates.joined(separator: "、"))），"
                + "无法确定；请按所报的表改名后重新报送"
        case .badPeriod(let file, let written, let job, let example, let expected):
            return "文件名“\(file)”中的期间“\(written)”无法识别（\(job) 的期间应写作“\(example)”这样的形式）；"
                + "请按“\(expected)”的格式命名后重新报送"
        case .templateForProcessedPeriod(let file, let job, let period, let table, let run, let earlier, let correction, let pattern):
            return "文件名“\(file)”没有写明期间，按其中的模板信息是 \(job) \(period) 表“\(table)”的报送，"
                + "但该期间的这张表已于第 \(run) 次运行收到并处理（\(earlier)）；为免改动已生成的汇总表，本文件未采用。"
                + "如是该期间的更正，请命名为“\(correction)”后重新报送；如是其他期间的数据，请使用该期间的模板，或按“\(pattern)”的格式命名"
        case .fault: return RejectionNote.fault
        case .timedOut(let seconds): return RejectionNote.timedOut(seconds: seconds)
        }
    }
}

/// In JSON: `code` and `text` always, and the case's own fields by name (`error`, `extension`,
/// `message`, `errors`, `file`, `patterns`, `otherFormat`, `candidates`, `written`, `job`,
/// `example`, `expectedName`, `signal`, `seconds`); read back by `code`.
extension ReturnReason: Codable {
    enum Key: String, CodingKey {
        case code, text, error, `extension`, message, errors, file, patterns, otherFormat, candidates, written, job, example,
             expectedName, signal, seconds, period, table, earlierRun, earlierFile, correctionName, pattern
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(code, forKey: .code)
        try c.encode(text, forKey: .text)
        switch self {
        case .unreadable(let error, _): try c.encodeIfPresent(error, forKey: .error)
        case .notConverted(let ext, let message):
            try c.encode(ext, forKey: .extension)
            try c.encode(message, forKey: .message)
        case .didNotBind(let errors): try c.encode(errors, forKey: .errors)
        case .noTableMatched(let file, let patterns, let other):
            try c.encode(file, forKey: .file)
            try c.encode(patterns, forKey: .patterns)
            try c.encodeIfPresent(other, forKey: .otherFormat)
        case .severalTablesMatched(let file, let candidates):
            try c.encode(file, forKey: .file)
            try c.encode(candidates, forKey: .candidates)
        case .badPeriod(let file, let written, let job, let example, let expected):
            for (value, key) in [(file, Key.file), (written, .written), (job, .job), (example, .example), (expected, .expectedName)] {
                try c.encode(value, forKey: key)
            }
        case .templateForProcessedPeriod(let file, let job, let period, let table, let run, let earlier, let correction, let pattern):
            for (value, key) in [(file, Key.file), (job, .job), (period, .period), (table, .table), (earlier, .earlierFile),
                                 (correction, .correctionName), (pattern, .pattern)] {
                try c.encode(value, forKey: key)
            }
            try c.encode(run, forKey: .earlierRun)
        case .fault(let signal): try c.encode(signal, forKey: .signal)
        case .timedOut(let seconds): try c.encode(seconds, forKey: .seconds)
        case .recorded: break
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func s(_ key: Key) throws -> String { try c.decode(String.self, forKey: key) }
        switch try c.decode(Code.self, forKey: .code) {
        case .unreadable: self = .unreadable(error: try c.decodeIfPresent(ReaderError.Kind.self, forKey: .error), text: try s(.text))
        case .notConverted: self = .notConverted(extension: try s(.extension), message: try s(.message))
        case .didNotBind: self = .didNotBind(try c.decode([String].self, forKey: .errors))
        case .noTableMatched:
            self = .noTableMatched(file: try s(.file), patterns: try s(.patterns), otherFormat: try c.decodeIfPresent(String.self, forKey: .otherFormat))
        case .severalTablesMatched: self = .severalTablesMatched(file: try s(.file), candidates: try c.decode([String].self, forKey: .candidates))
        case .badPeriod:
            self = .badPeriod(file: try s(.file), written: try s(.written), job: try s(.job), example: try s(.example), expectedName: try s(.expectedName))
        case .templateForProcessedPeriod:
            self = .templateForProcessedPeriod(file: try s(.file), job: try s(.job), period: try s(.period), table: try s(.table),
                                               earlierRun: try c.decode(Int64.self, forKey: .earlierRun), earlierFile: try s(.earlierFile),
                                               correctionName: try s(.correctionName), pattern: try s(.pattern))
        case .fault: self = .fault(signal: try c.decode(Int32.self, forKey: .signal))
        case .timedOut: self = .timedOut(seconds: try c.decode(Int.self, forKey: .seconds))
        case .recorded: self = .recorded(try s(.text))
        }
    }
}
