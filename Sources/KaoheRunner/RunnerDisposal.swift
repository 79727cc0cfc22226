import Foundation
import KaoheJobs
import KaoheReader
import KaoheScoring

/// Disposal: each input moved where the ledger says — rejected/ with its note, or archive/.
extension Runner {
    /// Rejections, each to a free name in rejected/ with its note, recorded in the commit and
    /// the report; the files move after the commit.
    func planRejections(_ rejected: [(claim: Claimed, reason: ReturnReason)], runId: Int64, commit: inout Ledger.Commit,
                        report: inout RunReport) -> [(claim: Claimed, reason: ReturnReason, name: String)] {
        var taken: Set<String> = []
        var rejections: [(claim: Claimed, reason: ReturnReason, name: String)] = []
        for (c, reason) in rejected {
            let name = Files.freeName(c.originalName, in: folders.rejected, taken: taken)
            taken.insert(name)
            rejections.append((c, reason, name))
            commit.inputs.append(Ledger.InputRecord(runId: runId, fileName: c.fileName, originalName: c.originalName, sha256: c.sha256,
                                                    size: c.size, job: nil, period: nil, tables: [], outcome: .rejected, note: reason.text,
                                                    destination: "rejected/" + name))
            report.rejected.append(.init(file: c.originalName, movedTo: "rejected/" + name, reason: reason))
        }
        return rejections
    }

    /// The note beside a rejected workbook (NAME.错误说明.txt), then the workbook itself.
    func finishRejection(file: String, originalName: String, destination: String, reason: ReturnReason) throws {
        let note = destination + RejectionNote.suffix
        if !Files.exists(note) {
            try Files.writeForStaff(RejectionNote.text(file: originalName, reason: reason.text, at: Date()), to: note)
        }
        CrashPoints.hit("note-written")
        if Files.exists(file) { try Files.move(file, destination) }
        CrashPoints.hit("rejected-file")
    }

    func archive(_ records: [Ledger.InputRecord], from workDir: String) throws {
        var done: Set<String> = []
        for r in records where !done.contains(r.fileName) {
            done.insert(r.fileName)
            let from = workDir + "/" + r.fileName
            guard Files.exists(from) else { continue }
            try Files.move(from, folders.root + "/" + r.destination)
            CrashPoints.hit("archive-file")
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
