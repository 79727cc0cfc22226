import Foundation
import KaoheJobs

/// What a run did: written as reports/run-N.md for people and reports/run-N.json for machines.
public struct RunReport: Codable, Sendable {
    public struct Input: Codable, Sendable {
        public var file: String
        public var sha256: String
        public var outcome: InputOutcome
        public var job: String?
        public var period: String?
        public var tables: [String]
        public var note: String?
    }
    public struct Output: Codable, Sendable {
        public var job: String
        public var period: String
        public var path: String
        public var findings: Int
        public var tablesWithoutData: [String]
        public var inputs: [String]
        /// The findings themselves, per table: the first few and how many more.
        public var details: [String] = []
        /// The tables received (from which file, when) and those still missing, and from whom.
        public var received: [String] = []
        public var missing: [String] = []
        /// What it was made from: tonight's new workbooks (`inputs`), the periods' summaries (a
        /// year or quarter rolled up), or the workbooks it already had (the period before it
        /// changed its ranks, so its 名次变化 did).
        public var madeFrom: MadeFrom = .workbooks

        public enum MadeFrom: String, Codable, Sendable {
            case workbooks, periodSummaries = "period-summaries", sameWorkbooks = "same-workbooks"
        }
    }
    public struct Rejected: Codable, Sendable {
        public var file: String
        public var movedTo: String
        /// Why: `code` for machines, `text` for people (`ReturnReason`).
        public var reason: ReturnReason
    }
    public struct Duplicate: Codable, Sendable {
        public var file: String
        public var job: String
        public var period: String
        public var earlierRun: Int64
    }
    /// A summary already written for a period, written again: which period, why (the
    /// workbooks that came), where the earlier version is kept, and what moved.
    public struct Revised: Codable, Sendable {
        public var job: String
        public var period: String
        /// The run that wrote the summary this one replaces.
        public var earlierRun: Int64
        /// Where that summary is kept (relative to the root).
        public var keptAs: String
        public var because: [String]
        public var moved: [String]
    }
    public struct Replaced: Codable, Sendable {
        public var job: String
        public var period: String
        public var table: String
        public var previous: String
        public var previousRun: Int64
        public var by: String
    }

    public var run: Int64
    public var started: Date
    public var finished: Date?
    public var durationSeconds: Double?
    public var status: RunStatus = .running
    public var exitCode: Int32?
    public var lockTakenOverFrom: String?
    public var recovered: [String] = []
    public var inputs: [Input] = []
    public var outputs: [Output] = []
    public var rejected: [Rejected] = []
    public var duplicates: [Duplicate] = []
    public var replaced: [Replaced] = []
    public var revised: [Revised] = []
    /// Inbox entries that are not regular files (folders, named pipes, links …): never claimed.
    public var leftAlone: [String] = []
    /// Inbox files changed too recently (still being copied?): left for the next run.
    public var waiting: [String] = []
    /// Summaries that could not be written (job, period: why); their new workbooks stay in the
    /// work folder and the next run takes them up again.
    public var failures: [String] = []
    /// Files left in the work folder for the next run through no fault of their own
    /// (LibreOffice could not run here).
    public var deferred: [String] = []
    /// Why the run failed, when it did (the ledger or a report could not be written …).
    public var failure: String?
    /// When this run wrote no summary: the latest summaries that still have findings.
    public var stillOpen: [Ledger.OpenFindings] = []
    /// Workbooks named differently, taken for a table by their content.
    public var routed: [String] = []

    init(run: Int64, started: Date, lockTakenOverFrom: String?) {
        self.run = run
        self.started = started
        self.lockTakenOverFrom = lockTakenOverFrom
    }

    mutating func finish(at date: Date, status: RunStatus, exitCode: Int32) {
        finished = date
        durationSeconds = (date.timeIntervalSince(started) * 1000).rounded() / 1000
        self.status = status
        self.exitCode = exitCode
    }

    public func json() -> String {
        var text = ""
        writeJSON { text += $0 }
        return text
    }

    /// The JSON report, piece by piece: the two long lists are encoded an element at a time
    /// and written in their places, so a night of 20,000 inputs never builds one tree, or one
    /// string, of all of them. Byte for byte what one JSONEncoder encoding gives.
    func writeJSON(_ write: (String) -> Void) {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        var head = self
        head.inputs = []
        head.outputs = []
        let text = String(decoding: (try? e.encode(head)) ?? Data("{}".utf8), as: UTF8.self)
        var rest = text[...]
        for (key, count, element) in [("inputs", inputs.count, { (i: Int) in try? e.encode(inputs[i]) }),
                                      ("outputs", outputs.count, { (i: Int) in try? e.encode(outputs[i]) })] {
            guard count > 0, let r = rest.range(of: "\"\(key)\" : \\[\\s*\\]", options: .regularExpression) else { continue }
            write(String(rest[..<r.lowerBound]) + "\"\(key)\" : [\n")
            for i in 0..<count {
                let one = String(decoding: element(i) ?? Data("null".utf8), as: UTF8.self)
                write(one.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
                      + (i + 1 < count ? ",\n" : "\n"))
            }
            write("  ]")
            rest = rest[r.upperBound...]
        }
        write(String(rest) + "\n")
    }

    /// Processed workbooks, and summaries with their received tables, listed one by one in the
    /// report for people; past this, the JSON report has them.
    static let listed = 300

    /// The report for people (Chinese: office staff read it).
    public func markdown() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var md = "# 考核汇总运行报告（第 \(run) 次运行）\n\n"
        md += "- 开始：\(f.string(from: started))\n"
        if let finished { md += "- 结束：\(f.string(from: finished))（用时 \(String(format: "%.2f", durationSeconds ?? 0)) 秒）\n" }
        md += "- 结果：\(status.chinese)\n"
        if let l = lockTakenOverFrom { md += "- 上次运行异常终止（\(l)），本次已接管运行锁\n" }
        if !revised.isEmpty {
            md += "\n## 注意：已生成过的汇总表有变动（\(revised.count) 个）\n\n"
            for r in revised {
                md += "- \(r.job) \(r.period)：汇总表已于第 \(r.earlierRun) 次运行生成，本次重新生成；先前版本保存为 \(r.keptAs)\n"
                for b in r.because { md += "  - 原因：\(b)\n" }
                for m in r.moved { md += "  - 变动：\(m)\n" }
                if r.moved.isEmpty { md += "  - 变动：各表得分和名次均未改变\n" }
            }
        }
        md += "\n## 收到的工作簿（\(Set(inputs.map(\.file)).count) 个）\n\n"
        if inputs.isEmpty {
            md += waiting.isEmpty ? "收件箱中没有新的工作簿。\n"
                : "本次没有处理工作簿：收件箱中的 \(waiting.count) 个文件仍在变化（可能正在复制），留待下次运行（见下）。\n"
        }
        // Every returned or repeated workbook is listed; of those processed, the first
        // `listed` (a first night over years of back files processes tens of thousands: the
        // JSON report lists them all).
        var processedShown = 0, processedLeft = 0
        for i in inputs {
            if i.outcome == .processed || i.outcome == .original {
                guard processedShown < Self.listed else { processedLeft += 1; continue }
                processedShown += 1
            }
            md += "- \(i.file)：\(i.outcome.chinese)" + (i.job.map { "（\($0) \(i.period ?? "")）" } ?? "") + "\n"
        }
        if processedLeft > 0 { md += "- 另有 \(processedLeft) 个工作簿已处理（完整清单见 run-\(run).json）\n" }
        if !routed.isEmpty {
            md += "\n## 未按文件名识别的工作簿\n\n" + routed.map { "- \($0)\n" }.joined()
        }
        if !recovered.isEmpty {
            md += "\n## 接续上次未完成的运行\n\n" + recovered.map { "- \($0)\n" }.joined()
        }
        md += outputsSection()
        if !replaced.isEmpty {
            md += "\n## 更正后重新报送（替换了先前的工作簿）\n\n"
            for r in replaced { md += "- \(r.job) \(r.period) 表“\(r.table)”：\(r.by) 替换了第 \(r.previousRun) 次运行的 \(r.previous)\n" }
        }
        if !rejected.isEmpty {
            md += "\n## 退回的工作簿（\(rejected.count) 个）\n\n"
            for r in rejected { md += "- \(r.file) → \(r.movedTo)：\(r.reason.text)\n" }
        }
        if let failure { md += "\n## 运行失败\n\n\(failure)\n本次没有丢失任何工作簿：未处理完的工作簿留在 work 文件夹，下次运行会继续处理。\n" }
        if !deferred.isEmpty {
            md += "\n## 留待下次运行的文件（系统原因，不是报送单位的问题）\n\n" + deferred.map { "- \($0)\n" }.joined()
        }
        if !failures.isEmpty {
            md += "\n## 未能写出的汇总表（下次运行重试）\n\n" + failures.map { "- \($0)\n" }.joined()
        }
        if !waiting.isEmpty {
            md += "\n## 仍在变化的文件（可能正在复制，留待下次运行）\n\n" + waiting.map { "- \($0)\n" }.joined()
        }
        if !leftAlone.isEmpty {
            md += "\n## 收件箱中不是工作簿文件的项目（未处理）\n\n" + leftAlone.map { "- \($0)\n" }.joined()
        }
        if !duplicates.isEmpty {
            md += "\n## 已处理过的工作簿（未重复处理）\n\n"
            for d in duplicates { md += "- \(d.file)：\(d.job) \(d.period)，第 \(d.earlierRun) 次运行已处理\n" }
        }
        return md
    }

    /// The summaries written, each with what it was made from and what it still lacks.
    func outputsSection() -> String {
        var md = ""
        md += "\n## 生成的汇总表（\(outputs.count) 个）\n\n"
        for (n, o) in outputs.enumerated() {
            let from: String
            switch o.madeFrom {
            case .workbooks: from = "依据 \(o.inputs.joined(separator: "、"))"
            case .periodSummaries: from = "由各期汇总生成"
            case .sameWorkbooks: from = "依据已收到的工作簿重新生成（上一期的名次有变动）"
            }
            md += "- \(o.path)：" + from + "，待核对 \(o.findings) 项" +
                (o.tablesWithoutData.isEmpty ? "" : "；尚未收到数据的表：\(o.tablesWithoutData.joined(separator: "、"))") + "\n"
            // What arrived for each table, for the first `listed` summaries (the JSON has all).
            if n < Self.listed { for r in o.received { md += "  - 已收到 \(r)\n" } }
            for m in o.missing { md += "  - 尚未收到 \(m)\n" }
            for d in o.details { md += "  - \(d)\n" }
        }
        if outputs.count > Self.listed { md += "（第 \(Self.listed) 个以后的汇总表只列出缺少的表和待核对的项目；各表收到的文件见 run-\(run).json）\n" }
        if outputs.isEmpty && !stillOpen.isEmpty {
            md += "\n本次没有新的汇总表；最新的汇总表中仍有待核对的项目：\n\n" + stillOpen.map { "- \($0.path)：待核对 \($0.findings) 项\n" }.joined()
        }
        return md
    }

    /// Per table, the first three findings a reviewer must act on and how many more.
    static func details(_ findings: [AuditFinding], tables: [TableJob]) -> [String] {
        var out: [String] = []
        for t in tables {
            let mine = findings.filter { $0.table == t.id && $0.finding.needsReview }
            guard !mine.isEmpty else { continue }
            let first = mine.prefix(3).map { ($0.finding.isAboutTheTable ? "" : $0.finding.unit + "：") + $0.finding.message }
            out.append("表“\(t.sheetName ?? t.title)”\(mine.count) 项：" + first.joined(separator: "；") + (mine.count > 3 ? "；另有 \(mine.count - 3) 项，见汇总表“校验结果”" : ""))
        }
        return out
    }
}
