import Foundation
import KaoheJobs
import KaoheReader
import KaoheScoring

/// Disposal: each input moved where the ledger says — rejected/ with its note, or archive/.
extension Runner {
    /// The run's last commit — the duplicates, the last batch of summaries, the returned
    /// workbooks (each once, to a free name in rejected/) and the originals of converted
    /// workbooks — and the rejections to move once it is recorded.
    func dispose(_ sorted: Sorted, _ summaries: Summaries, converted: [Claimed], runId: Int64) -> Disposal {
        var commit = Ledger.Commit()
        commit.inputs = sorted.duplicates
        commit.absorb(summaries.last)
        var seen: Set<String> = [], taken: Set<String> = []
        var rejections: [Rejection] = []
        for r in sorted.returned + summaries.returned where seen.insert(r.claim.fileName).inserted {
            let name = Files.freeName(r.claim.originalName, in: folders.rejected, taken: taken)
            taken.insert(name)
            rejections.append(Rejection(claim: r.claim, reason: r.reason, name: name))
            let c = r.claim
            commit.inputs.append(Ledger.InputRecord(runId: runId, fileName: c.fileName, originalName: c.originalName, sha256: c.sha256,
                                                    size: c.size, job: nil, period: nil, tables: [], outcome: .rejected, note: r.reason.text,
                                                    destination: RunnerFolders.rejected(name), reason: r.reason))
        }
        commit.inputs += originals(converted, records: summaries.committed + commit.inputs, runId: runId, taken: taken)
        return Disposal(commit: commit, rejections: rejections)
    }

    /// After the commit: each rejection to rejected/ with its note, every other recorded input
    /// still in the work folder to the archive.
    func move(_ disposal: Disposal, archiving recorded: [Ledger.InputRecord], from workDir: String) throws {
        for r in disposal.rejections {
            try finishRejection(file: r.claim.path, originalName: r.claim.originalName, destination: folders.rejected + "/" + r.name, reason: r.reason)
        }
        try archive(recorded.filter { $0.outcome != .rejected }, from: workDir)
    }

    /// The note beside a rejected workbook (NAME.错误说明.txt), then the workbook itself.
    func finishRejection(file: String, originalName: String, destination: String, reason: ReturnReason) throws {
        let note = destination + RejectionNote.suffix
        if !Files.exists(note) {
            try Files.writeForStaff(RejectionNote.text(file: originalName, reason: reason.text, at: Date()), to: note)
        }
        CrashPoints.hit(.noteWritten)
        if Files.exists(file) { try Files.move(file, destination) }
        CrashPoints.hit(.rejectedFile)
    }

    func archive(_ records: [Ledger.InputRecord], from workDir: String) throws {
        var done: Set<String> = []
        for r in records where !done.contains(r.fileName) {
            done.insert(r.fileName)
            let from = workDir + "/" + r.fileName
            guard Files.exists(from) else { continue }
            try Files.move(from, folders.root + "/" + r.destination)
            CrashPoints.hit(.archiveFile)
        }
    }
}

/// The note written beside a rejected workbook, for the office staff who submitted it.
public enum RejectionNote {
    public static let suffix = ".错误说明.txt"

    /// Why a workbook the run faulted on is set aside.
    public static let fault = "读取这个工作簿时程序出错中断（文件内容有本系统无法处理的异常），为不耽误其他单位的汇总，已单独退回。"
        + "请用 Excel 或 WPS 打开后重新另存为 .xlsx 再报送；如仍被退回，请联系考核办系统管理员（运行日志中有详细记录）"

    /// Why a workbook that took too long to read is set aside.
    public static func timedOut(seconds: Int) -> String {
        "读取这个工作簿超过 \(seconds) 秒仍未完成（文件可能过大或内容异常），为不耽误其他单位的汇总，已单独退回。"
            + "请删去无关的工作表和大量空行后另存为 .xlsx 再报送；如仍被退回，请联系考核办系统管理员"
    }

    public static func text(file: String, reason: String, at date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "zh_CN")
        f.dateFormat = "yyyy年M月d日 HH:mm"
        return """
        文件：\(file)
        处理时间：\(f.string(from: date))
        问题：\(reason)
        处理结果：本文件未计入考核汇总，已移至 rejected（退回）文件夹，原文件未作任何修改。
        请按上述说明修改后，将工作簿重新放入收件箱（inbox）。

        """
    }
}
