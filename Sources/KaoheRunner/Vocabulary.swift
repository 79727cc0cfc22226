/// The runner's vocabularies, as stored in the ledger and the JSON report (raw values) and as
/// office staff read them (`chinese`: every case has its wording, so nothing reaches a report
/// untranslated).

/// What became of one input in a run (the ledger's `input.outcome`).
public enum InputOutcome: String, Codable, Sendable, CaseIterable {
    /// Read and summarised.
    case processed
    /// The same bytes were already processed for this job and period.
    case duplicate
    /// Returned to rejected/ with a note.
    case rejected
    /// The original of a legacy workbook converted to .xlsx, archived (or returned) beside its copy.
    case original

    public var chinese: String {
        switch self {
        case .processed: return "已处理"
        case .duplicate: return "内容已处理过，未重复处理"
        case .rejected: return "已退回"
        case .original: return "原文件（已转换为 .xlsx 处理，随副本一同归档）"
        }
    }
}

/// A run's status (the ledger's `run.status`).
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case running
    /// Recorded in the ledger, moving its inputs.
    case committed
    case ok
    /// Nothing new was read (the inbox was empty, or its files are still being copied).
    case idle
    case findings
    case missingInputs = "missing-inputs"
    case rejectedInputs = "rejected-inputs"
    case outputFailed = "output-failed"
    case failed
    /// Died before it committed; a later run finished its work.
    case crashed
    /// Died after it committed; a later run moved its inputs.
    case incomplete

    public var chinese: String {
        switch self {
        case .running: return "正在运行"
        case .committed: return "已记录，正在归档"
        case .ok: return "完成，未发现问题"
        case .idle: return "完成，本次没有读取新的工作簿"
        case .findings: return "完成，有待核对的项目"
        case .missingInputs: return "完成，有表尚未收到"
        case .rejectedInputs: return "完成，有工作簿被退回"
        case .outputFailed: return "部分汇总表或文件未能完成（系统原因），其余已完成"
        case .failed: return "运行失败"
        case .crashed: return "中途中断"
        case .incomplete: return "中断后已补完"
        }
    }

    /// The status of a run that finished with this exit code.
    public init(finishedWith code: Int32) {
        switch code {
        case RunExit.ok: self = .ok
        case RunExit.findings: self = .findings
        case RunExit.missingInputs: self = .missingInputs
        case RunExit.rejectedInputs: self = .rejectedInputs
        default: self = .outputFailed
        }
    }
}

extension RunExit {
    /// A run's exit code, worst first: a storage fault, rejected inputs, tables without data,
    /// findings. The one-shot and the nightly run both decide theirs here.
    public static func decide(storageFault: Bool, rejected: Bool, missingInputs: Bool, findings: Bool) -> Int32 {
        storageFault ? Self.storageFault : rejected ? rejectedInputs : missingInputs ? Self.missingInputs : findings ? Self.findings : ok
    }
}
