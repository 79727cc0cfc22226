import Foundation
import Logging
import Testing
import KaoheJobs
import KaoheReport
import KaoheRunner
import KaoheWriter

/// A period whose summary was written changes only with a notice and a kept copy; a template
/// reused for the next month is taken for the month its name gives (issue 28, item 5). The
/// runner is built in this process over a temporary root.
@Suite struct RevisionTests {
    static let edges = repoPath("Tests/KaoheJobsTests/Fixtures/edges")

    func night(_ root: String, job: String) throws -> RunReport {
        try runNight(root, jobs: [Self.edges + "/" + job])
    }

    func drop(_ file: String, into root: String, as name: String? = nil) throws {
        try FileManager.default.copyItem(atPath: file, toPath: root + "/inbox/" + (name ?? (file as NSString).lastPathComponent))
    }

    /// By hand: the corrected 营商环境 adds 西山县 at 99 (扣1分). 县区 in 营商环境: 北山县 100.5 (1),
    /// 东山县 and 中山区 100 (2), 西山县 and 南山县 99 (4), 新城区 98 (5 → 6). 总表: 西山县 27 + 39.6 +
    /// 27.6 = 94.2, 4th, so 北山县 4 → 5 and 新城区 5 → 6.
    @Test("a quarter's corrected table after its summary went out: the earlier summary kept, the change announced with what moved")
    func closedPeriodChanges() throws {
        let root = try temporaryFolder("kaohe-revision")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        for f in ["统计工作", "营商环境", "党建工作"] { try drop(Self.edges + "/\(f)-2025年第四季度.xlsx", into: root) }
        let first = try night(root, job: "job.yaml")
        #expect(first.revised.isEmpty)
        // A copy an earlier version's run left half made when it died (it never made the next night fail).
        let versions = root + "/outbox/job/2025年第四季度/历次版本"
        try FileManager.default.createDirectory(atPath: versions, withIntermediateDirectories: true)
        let leftover = versions + "/示例市季度综合考核汇总-2025年第四季度（第\(first.run)次运行）.xlsx.partial"
        FileManager.default.createFile(atPath: leftover, contents: Data("half".utf8))
        try drop(Self.edges + "/corrected/营商环境-2025年第四季度.xlsx", into: root)
        let second = try night(root, job: "job.yaml")
        let revised = try #require(second.revised.first)
        let folder = "outbox/job/2025年第四季度/"
        #expect(revised.earlierRun == first.run)
        #expect(try FileManager.default.contentsOfDirectory(atPath: versions) == ["示例市季度综合考核汇总-2025年第四季度（第\(first.run)次运行）.xlsx"])
        #expect(revised.keptAs == folder + "历次版本/示例市季度综合考核汇总-2025年第四季度（第\(first.run)次运行）.xlsx")
        #expect(revised.because == ["表“营商环境考核表”收到 营商环境-2025年第四季度.xlsx，替换第 \(first.run) 次运行收到的 营商环境-2025年第四季度.xlsx"])
        #expect(revised.moved == [
            "营商环境考核表：西山县 得分 （空） → 99.00，名次 （无） → 4；新城区 名次 5 → 6",
            "总表：西山县 得分 （空） → 94.20，名次 （无） → 4；北山县 名次 4 → 5；新城区 名次 5 → 6",
        ])
        // The earlier summary is the first night's, byte for byte; the new one says so on its cover.
        let kept = root + "/" + revised.keptAs
        #expect(try sheetRows(kept, "总表").contains { $0.first == "西山县" && $0[5].isEmpty })
        let cover = try sheetRows(root + "/" + folder + "示例市季度综合考核汇总-2025年第四季度.xlsx", "封面").map { $0[0] }
        #expect(cover.contains("注意：本期汇总表已于第 \(first.run) 次运行生成（可能已发给审核人员），本次重新生成；先前版本保存在本文件旁的 历次版本/示例市季度综合考核汇总-2025年第四季度（第\(first.run)次运行）.xlsx。原因：表“营商环境考核表”收到 营商环境-2025年第四季度.xlsx，替换第 \(first.run) 次运行收到的 营商环境-2025年第四季度.xlsx。"))
        #expect(cover.contains("变动：总表：西山县 得分 （空） → 94.20，名次 （无） → 4；北山县 名次 4 → 5；新城区 名次 5 → 6。"))
        #expect(second.markdown().contains("## 注意：已生成过的汇总表有变动（1 个）"))
    }

    @Test("October's filled template reused and named for November: taken for November, October's table untouched")
    func reusedTemplate() throws {
        let root = try temporaryFolder("kaohe-template-reuse")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        let job = try JobParser.load(path: Self.edges + "/monthly.yaml")
        var october = try #require(Templates.workbooks(job, period: "2026年10月").first)
        try XLSXWriter.write(october.workbook, to: root + "/inbox/党建工作-2026年10月.xlsx")
        let first = try night(root, job: "monthly.yaml")
        #expect(first.outputs.map(\.period) == ["2026年10月"])
        october.workbook.sheets[0].subtitle = "（11月填报）" // the lead unit's edits: another file
        try XLSXWriter.write(october.workbook, to: root + "/inbox/党建工作-2026年11月.xlsx")
        let second = try night(root, job: "monthly.yaml")
        #expect(second.outputs.map(\.period) == ["2026年11月"])
        #expect(second.revised.isEmpty)
        #expect(second.routed == ["党建工作-2026年11月.xlsx：文件名写的是 2026年11月，所用模板是为 2026年10月 制作的；按文件名作为 monthly 2026年11月 表“党建工作考核表”处理（下次请使用本期的模板）"])
        #expect(!second.markdown().contains("下次请命名为"))
        // October's template filled again and sent under a name that says no period: never
        // taken as a change to October's summary.
        october.workbook.sheets[0].subtitle = "（12月填报）"
        try XLSXWriter.write(october.workbook, to: root + "/inbox/党建工作考核表.xlsx")
        let third = try night(root, job: "monthly.yaml")
        #expect(third.outputs.isEmpty && third.revised.isEmpty)
        #expect(third.rejected.map(\.reason.code) == [.templateForProcessedPeriod])
        #expect(third.rejected.map(\.reason.text) == ["文件名“党建工作考核表.xlsx”没有写明期间，按其中的模板信息是 monthly 2026年10月 表“党建工作考核表”的报送，"
            + "但该期间的这张表已于第 \(first.run) 次运行收到并处理（党建工作-2026年10月.xlsx）；为免改动已生成的汇总表，本文件未采用。"
            + "如是该期间的更正，请命名为“党建工作-2026年10月（更正）.xlsx”后重新报送；如是其他期间的数据，请使用该期间的模板，或按“党建工作-期间.xlsx”的格式命名"])
    }
}
