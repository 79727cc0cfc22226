import Foundation
import Testing
import KaoheJobs
@testable import KaoheReader
import KaoheRunner

/// A year made of its quarters (issue 31): seed 003's 政务信息 assessment (雁江区, six of its
/// units, generated figures: scripts/make_annual_fixtures.py), a quarter a night, then the
/// year-end table, then the fourth quarter corrected after the year was summarised. The runner
/// is built in this process over a temporary root, with both jobs (quarterly.yaml, yearend.yaml).
///
/// By hand (得分 = min(100, 报送条数 ÷ 报送任务 × 100), two places as the summaries print it):
///
/// | 单位 | Q1 | Q2 | Q3 | Q4 | 季度平均分 | 年终考核 | 年度综合得分 = 平均 × 40% + 年终 × 60% |
/// | 区统计局 | 19/20 = 95.00 | 18/20 = 90.00 | 100.00 | 17/20 = 85.00 | 370 ÷ 4 = 92.50 | 88.50 | 37.00 + 53.10 = 90.10 (3) |
/// | 区供销社 | 15/16 = 93.75 | 100.00 | 14/16 = 87.50 | 13/16 = 81.25 | 362.5 ÷ 4 = 90.625 → 90.63 | 91.00 | 36.252 + 54.60 = 90.852 → 90.85 (1, 优秀) |
/// | 区审计局 | 11/12 = 91.67 | — (no row) | 100.00 | 10/12 = 83.33 | mean_present: 275 ÷ 3 = 91.666… → 91.67 | 90.00 | 36.668 + 54.00 = 90.668 → 90.67 (2) |
/// | 丹山镇 | 100.00 | 90.00 | 80.00 | 100.00 | 92.50 | 85.00 | 37.00 + 51.00 = 88.00 (2) |
/// | 祥符镇 | 7/8 = 87.50 | 100.00 | 100.00 | 6/8 = 75.00 | 90.625 → 90.63 | 86.50 | 36.252 + 51.90 = 88.152 → 88.15 (1, 优秀) |
/// | 堪嘉镇 | 96.00 | 92.00 | 100.00 | 88.00 | 94.00 | 80.00 | 37.60 + 48.00 = 85.60 (3) |
///
/// Corrected Q4: 区统计局 20/20 = 100.00, so 季度平均分 385 ÷ 4 = 96.25 and 38.50 + 53.10 = 91.60:
/// first of 区级部门 (优秀), 区供销社 1 → 2, 区审计局 2 → 3.
@Suite struct AnnualRunTests {
    static let fixtures = repoPath("Tests/KaoheRunnerTests/Fixtures/annual")
    static let folder = "outbox/quarterly/年度-2026/"
    static let name = "雁江区政务信息考核2026年度综合考核汇总.xlsx"

    func night(_ root: String) throws -> RunReport {
        try runNight(root, jobs: ["quarterly.yaml", "yearend.yaml", "published.yaml"].map { Self.fixtures + "/" + $0 })
    }

    func drop(_ name: String, into root: String) throws {
        try FileManager.default.copyItem(atPath: Self.fixtures + "/" + name,
                                         toPath: root + "/inbox/" + (name as NSString).lastPathComponent)
    }

    /// The annual sheet's rows of units (group rows and notes left out).
    func annualRows(_ root: String, _ path: String = folder + name) throws -> [[String]] {
        try sheetRows(root + "/" + path, "年度汇总").filter { ["区统计局", "区供销社", "区审计局", "丹山镇", "祥符镇", "堪嘉镇"].contains($0.first ?? "") }
            .map { row in row.prefix(10).enumerated().map { i, t in (1...7).contains(i) ? Self.twoPlaces(t) : t } }
    }

    /// A number cell as the sheet shows it (0.00): the reader gives the stored double.
    static func twoPlaces(_ text: String) -> String {
        Double(text).map { String(format: "%.2f", $0) } ?? text
    }

    /// Every cell comment of a summary (the comment parts, read as text).
    static func comments(_ path: String) throws -> String {
        let archive = try Archive(path: path, limits: .default)
        var text = ""
        for n in 1...4 {
            guard let entry = try? archive.open("xl/comments\(n).xml") else { continue }
            var bytes: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let read = try buffer.withUnsafeMutableBufferPointer { try entry.read(into: $0.baseAddress!, count: $0.count) }
                if read == 0 { break }
                bytes += buffer[..<read]
            }
            text += String(decoding: bytes, as: UTF8.self)
        }
        return text
    }

    @Test("four quarters night by night, the year-end table, then a corrected quarter: the year re-ranked and the change announced")
    func yearFromQuarters() throws {
        let root = try temporaryFolder("kaohe-annual")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        var runs: [RunReport] = []
        for q in ["第一", "第二", "第三"] {
            try drop("政务信息-2026年\(q)季度.xlsx", into: root)
            runs.append(try night(root))
        }
        // After three quarters the year is not final: every total withheld, the missing quarter said.
        let early = try annualRows(root)
        #expect(early[0] == ["区统计局", "95.00", "90.00", "100.00", "", "", "", "", "", ""])
        // A summary that gave no annual score yet is the year so far: replaced each night, said
        // so on its cover, never announced as a change nor kept.
        #expect(runs.allSatisfy { $0.revised.isEmpty })
        #expect(!FileManager.default.fileExists(atPath: root + "/" + Self.folder + "历次版本"))
        #expect(try sheetRows(root + "/" + Self.folder + Self.name, "封面").map { $0[0] }.contains(
            "本表为2026年度进行中的汇总：各期（及年终考核）尚未齐全，年度得分和排名暂不给出；此后每有一期汇总生成即重新生成本表（尚未给出得分的版本不另保存）。"))
        try drop("政务信息-2026年第四季度.xlsx", into: root)
        try drop("年终考核-2026年度.xlsx", into: root)
        let fourth = try night(root)
        #expect(fourth.outputs.map(\.path).contains(Self.folder + Self.name))
        #expect(fourth.revised.isEmpty)
        #expect(try annualRows(root) == [
            ["区统计局", "95.00", "90.00", "100.00", "85.00", "92.50", "88.50", "90.10", "3", "合格"],
            ["区供销社", "93.75", "100.00", "87.50", "81.25", "90.63", "91.00", "90.85", "1", "优秀"],
            ["区审计局", "91.67", "", "100.00", "83.33", "91.67", "90.00", "90.67", "2", "合格"],
            ["丹山镇", "100.00", "90.00", "80.00", "100.00", "92.50", "85.00", "88.00", "2", "合格"],
            ["祥符镇", "87.50", "100.00", "100.00", "75.00", "90.63", "86.50", "88.15", "1", "优秀"],
            ["堪嘉镇", "96.00", "92.00", "100.00", "88.00", "94.00", "80.00", "85.60", "3", "合格"],
        ])
        // Every period's cell says where it came from; the cover lists the sources.
        let cover = try sheetRows(root + "/" + Self.folder + Self.name, "封面")
        #expect(cover.contains { $0.prefix(4) == ["2", "2026年第二季度", "outbox/quarterly/2026年第二季度/雁江区政务信息考核汇总-2026年第二季度.xlsx（第\(runs[1].run)次运行）", "完整"] })
        #expect(cover.contains { $0.prefix(4) == ["5", "2026年度 年终考核", "outbox/yearend/2026年度/雁江区政务信息年终考核-2026年度.xlsx（第\(fourth.run)次运行）", "完整"] })

        try drop("corrected/政务信息-2026年第四季度.xlsx", into: root)
        let fifth = try night(root)
        let revised = try #require(fifth.revised.first { $0.period == "年度-2026" })
        #expect(revised.earlierRun == fourth.run)
        #expect(revised.keptAs == Self.folder + "历次版本/雁江区政务信息考核2026年度综合考核汇总（第\(fourth.run)次运行）.xlsx")
        #expect(revised.because == ["2026年第四季度汇总重新生成（替换第 \(fourth.run) 次运行的版本）"])
        #expect(revised.moved == ["年度综合考核：区统计局 得分 90.10 → 91.60，名次 3 → 1；区供销社 名次 1 → 2；区审计局 名次 2 → 3"])
        let rows = try annualRows(root)
        #expect(rows[0] == ["区统计局", "95.00", "90.00", "100.00", "100.00", "96.25", "88.50", "91.60", "1", "优秀"])
        #expect(rows[1].suffix(3) == ["90.85", "2", "合格"])
        #expect(rows[2].suffix(3) == ["90.67", "3", "合格"])
        let notice = try sheetRows(root + "/" + Self.folder + Self.name, "封面").map { $0[0] }
        #expect(notice.contains { $0.hasPrefix("注意：本年度汇总表已于第 \(fourth.run) 次运行生成（可能已发给审核人员），本次重新生成；") })
        #expect(notice.contains("变动：年度综合考核：区统计局 得分 90.10 → 91.60，名次 3 → 1；区供销社 名次 1 → 2；区审计局 名次 2 → 3。"))
        // The period cells' comments name their source; 区审计局's second quarter says the rule.
        let comments = try Self.comments(root + "/" + Self.folder + Self.name)
        #expect(comments.contains("来源：outbox/quarterly/2026年第四季度/雁江区政务信息考核汇总-2026年第四季度.xlsx（第\(fifth.run)次运行）"))
        #expect(comments.contains("需人工核对：第二季度汇总中没有该单位的得分，按该单位已有各期计算（不计入该期）（来源：outbox/quarterly/2026年第二季度/雁江区政务信息考核汇总-2026年第二季度.xlsx（第\(runs[1].run)次运行））"))
        // The earlier annual summary is kept as it was.
        #expect(try annualRows(root, revised.keptAs)[0][7] == "90.10")
    }

    @Test("a quarter done by hand before Kaohe, given as its published result workbook: the same year, its cells naming that workbook's summary")
    func publishedQuarter() throws {
        let root = try temporaryFolder("kaohe-annual-published")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        for f in ["公布结果-2026年第一季度", "政务信息-2026年第二季度", "政务信息-2026年第三季度", "政务信息-2026年第四季度", "年终考核-2026年度"] {
            try drop(f + ".xlsx", into: root)
        }
        let run = try night(root)
        #expect(run.outputs.filter { $0.period == "年度-2026" }.count == 1)
        #expect(try annualRows(root).map { Array($0.suffix(5)) } == [
            ["92.50", "88.50", "90.10", "3", "合格"], ["90.63", "91.00", "90.85", "1", "优秀"], ["91.67", "90.00", "90.67", "2", "合格"],
            ["92.50", "85.00", "88.00", "2", "合格"], ["90.63", "86.50", "88.15", "1", "优秀"], ["94.00", "80.00", "85.60", "3", "合格"],
        ])
        let cover = try sheetRows(root + "/" + Self.folder + Self.name, "封面")
        #expect(cover.contains { $0.prefix(4) == ["1", "2026年第一季度", "outbox/published/2026年第一季度/雁江区政务信息考核公布结果-2026年第一季度.xlsx（第\(run.run)次运行）", "完整"] })
    }

    /// A quarter made of its months (`quarterly:`), months 4–6 of the same units (得分 = min(100,
    /// 报送条数 ÷ 报送任务 × 100), two places as the monthly summaries print it); mean over the
    /// months present:
    ///
    /// | 单位 | 4月 | 5月 | 6月 | 月度平均分 = 季度综合得分 | 排名 |
    /// | 区统计局 | 9/10 = 90.00 | 100.00 | 80.00 | 270 ÷ 3 = 90.00 | 2 |
    /// | 区供销社 | 100.00 | 7/8 = 87.50 | 6/8 = 75.00 | 262.5 ÷ 3 = 87.50 | 3 |
    /// | 区审计局 | 5/6 = 83.33 | — (no row) | 100.00 | 183.33 ÷ 2 = 91.665 → 91.67 | 1 |
    /// | 丹山镇 | 100.00 | 80.00 | 100.00 | 280 ÷ 3 = 93.333… → 93.33 | 2 |
    /// | 祥符镇 | 75.00 | 100.00 | 100.00 | 275 ÷ 3 = 91.666… → 91.67 | 3 |
    /// | 堪嘉镇 | 100.00 | 11/12 = 91.67 | 100.00 | 291.67 ÷ 3 = 97.2233… → 97.22 | 1 |
    ///
    /// May corrected after the quarter was summarised: 区供销社 8/8 = 100.00, so (100 + 100 + 75) ÷ 3
    /// = 91.666… → 91.67, level with 区审计局: both first, 区统计局 2 → 3.
    @Test("a quarter from its three months night by night, then May corrected: the quarter re-ranked and the change announced")
    func quarterFromMonths() throws {
        let root = try temporaryFolder("kaohe-quarterly")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        func night() throws -> RunReport { try runNight(root, jobs: [Self.fixtures + "/months/monthly.yaml"]) }
        let folder = "outbox/monthly/季度-2026年第二季度/", name = "雁江区政务信息月度考核2026年第二季度综合考核汇总.xlsx"
        var runs: [RunReport] = []
        var firstCover: [String] = []
        for m in [4, 5, 6] {
            try drop("months/月报政务信息-2026年\(m)月.xlsx", into: root)
            runs.append(try night())
            if m == 4 { firstCover = try sheetRows(root + "/" + folder + name, "封面").map { $0[0] } }
        }
        #expect(runs.map { $0.outputs.map(\.period) } == [["2026年4月", "季度-2026年第二季度"], ["2026年5月", "季度-2026年第二季度"],
                                                          ["2026年6月", "季度-2026年第二季度"]])
        #expect(runs.allSatisfy { $0.revised.isEmpty })
        // The cover of the quarter so far, kept from the first night (a job without quarter_end).
        #expect(firstCover.contains("本表为2026年第二季度进行中的汇总：各期尚未齐全，季度得分和排名暂不给出；此后每有一期汇总生成即重新生成本表（尚未给出得分的版本不另保存）。"))
        func rows() throws -> [[String]] {
            try sheetRows(root + "/" + folder + name, "季度汇总").filter { ["区统计局", "区供销社", "区审计局", "丹山镇", "祥符镇", "堪嘉镇"].contains($0.first ?? "") }
                .map { row in row.prefix(7).enumerated().map { i, t in (1...5).contains(i) ? Self.twoPlaces(t) : t } }
        }
        let header = try sheetRows(root + "/" + folder + name, "季度汇总").first { $0.first == "被考核单位" }
        #expect(header.map { Array($0.prefix(7)) } == ["被考核单位", "4月", "5月", "6月", "月度平均分", "季度综合得分", "排名"])
        #expect(try rows() == [
            ["区统计局", "90.00", "100.00", "80.00", "90.00", "90.00", "2"],
            ["区供销社", "100.00", "87.50", "75.00", "87.50", "87.50", "3"],
            ["区审计局", "83.33", "", "100.00", "91.67", "91.67", "1"],
            ["丹山镇", "100.00", "80.00", "100.00", "93.33", "93.33", "2"],
            ["祥符镇", "75.00", "100.00", "100.00", "91.67", "91.67", "3"],
            ["堪嘉镇", "100.00", "91.67", "100.00", "97.22", "97.22", "1"],
        ])
        try drop("months/corrected/月报政务信息-2026年5月.xlsx", into: root)
        let fourth = try night()
        let revised = try #require(fourth.revised.first { $0.period == "季度-2026年第二季度" })
        #expect(revised.earlierRun == runs[2].run)
        #expect(revised.keptAs == folder + "历次版本/雁江区政务信息月度考核2026年第二季度综合考核汇总（第\(runs[2].run)次运行）.xlsx")
        #expect(revised.because == ["2026年5月汇总重新生成（替换第 \(runs[1].run) 次运行的版本）"])
        #expect(revised.moved == ["季度综合考核：区统计局 名次 2 → 3；区供销社 得分 87.50 → 91.67，名次 3 → 1"])
        #expect(try rows()[0...2].map { Array($0.suffix(3)) } == [["90.00", "90.00", "3"], ["91.67", "91.67", "1"], ["91.67", "91.67", "1"]])
        let cover = try sheetRows(root + "/" + folder + name, "封面").map { $0[0] }
        #expect(cover.contains { $0.hasPrefix("注意：本季度汇总表已于第 \(runs[2].run) 次运行生成（可能已发给审核人员），本次重新生成；") })
        // May's ranks moved (区供销社 2 → 1, level with 区统计局), so June's 名次变化, compared with
        // May's, is written again the same night: 区供销社 3rd in June, ↓1 → ↓2; its scores and
        // ranks as they were, the earlier June kept.
        let june = try #require(fourth.revised.first { $0.period == "2026年6月" })
        #expect(june.because == ["上一期（2026年5月）的汇总表本次重新生成，名次有变动，本期的名次变化按其新的名次重新计算"])
        #expect(june.moved.isEmpty && june.earlierRun == runs[2].run)
        #expect(fourth.outputs.first { $0.period == "2026年6月" }?.madeFrom == .sameWorkbooks)
        #expect(fourth.markdown().contains("outbox/monthly/2026年6月/雁江区政务信息月度考核汇总-2026年6月.xlsx：依据已收到的工作簿重新生成（上一期的名次有变动），待核对 0 项"))
        func change(_ path: String) throws -> String? {
            let rows = try sheetRows(root + "/" + path, "政务信息报送考核表")
            guard let header = rows.first(where: { $0.contains("名次变化") }), let c = header.firstIndex(of: "名次变化") else { return nil }
            return rows.first { $0.first == "区供销社" }?[c]
        }
        #expect(try change("outbox/monthly/2026年6月/雁江区政务信息月度考核汇总-2026年6月.xlsx") == "↓2")
        #expect(try change(june.keptAs) == "↓1")
        #expect(try sheetRows(root + "/outbox/monthly/2026年6月/雁江区政务信息月度考核汇总-2026年6月.xlsx", "封面").map { $0[0] }
                .contains("变动：各表得分和名次均未改变，只有名次变化一列按上一期新的名次重新计算。"))
        // Nothing else is written again: April's ranks did not move.
        #expect(fourth.outputs.map(\.period).sorted() == ["2026年5月", "2026年6月", "季度-2026年第二季度"])
    }

    @Test("the year-end table in the same job as the quarters: filed once a year under its own summary, never a table the quarters wait for")
    func yearEndInTheSameJob() throws {
        let root = try temporaryFolder("kaohe-annual-one-job")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        for f in ["政务信息-2026年第一季度", "政务信息-2026年第二季度", "政务信息-2026年第三季度", "政务信息-2026年第四季度", "年终考核-2026年度"] {
            try drop(f + ".xlsx", into: root)
        }
        let run = try runNight(root, jobs: [Self.fixtures + "/one-job.yaml"])
        #expect(run.rejected.isEmpty)
        #expect(run.outputs.map(\.period).sorted() == ["2026年度", "2026年第一季度", "2026年第三季度", "2026年第二季度", "2026年第四季度", "年度-2026"])
        #expect(run.outputs.allSatisfy { $0.tablesWithoutData.isEmpty })
        // The year-end summary holds the year-end table alone; a quarter's, its own table alone.
        let yearEnd = try sheetNames(root + "/outbox/one-job/2026年度/雁江区政务信息考核汇总-2026年度.xlsx")
        #expect(yearEnd.contains("政务信息年终考核表") && !yearEnd.contains("政务信息报送考核表"))
        let quarter = try sheetNames(root + "/outbox/one-job/2026年第一季度/雁江区政务信息考核汇总-2026年第一季度.xlsx")
        #expect(quarter.contains("政务信息报送考核表") && !quarter.contains("政务信息年终考核表"))
        // The same year as with a job of its own (yearFromQuarters).
        let name = "outbox/one-job/年度-2026/雁江区政务信息考核2026年度综合考核汇总.xlsx"
        #expect(try annualRows(root, name).map { Array($0.suffix(4)) } == [
            ["88.50", "90.10", "3", "合格"], ["91.00", "90.85", "1", "优秀"], ["90.00", "90.67", "2", "合格"],
            ["85.00", "88.00", "2", "合格"], ["86.50", "88.15", "1", "优秀"], ["80.00", "85.60", "3", "合格"],
        ])
    }

    /// The months of a quarter sent in one night (an office starting with Kaohe sends its back
    /// months at once): each month's 名次变化 compares with the month before as summarised that
    /// night — in one batch of summaries or across batches — never 新 for all because the ledger
    /// had no month before tonight. By hand (区级部门, 得分 then 排名): 4月 统计局 90 (2), 供销社 100
    /// (1), 审计局 83.33 (3); 5月 统计局 100 (1) ↑1, 供销社 87.50 (2) ↓1, 审计局 not listed; 6月 统计局
    /// 80 (2) ↓1, 供销社 75 (3) ↓1, 审计局 100 (1) 新 (not ranked in May). 镇: 4月 丹山 100 (1), 祥符 75
    /// (3), 堪嘉 100 (1); 5月 丹山 80 (3) ↓2, 祥符 100 (1) ↑2, 堪嘉 91.67 (2) ↓1; 6月 all 100 (1): 丹山
    /// ↑2, 祥符 —, 堪嘉 ↑1.
    @Test("three months in one night: each month's 名次变化 compares with the month before, summarised the same night", arguments: [250, 1])
    func monthsInOneNight(batchSize: Int) throws {
        let root = try temporaryFolder("kaohe-months-one-night")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        for m in [4, 5, 6] { try drop("months/月报政务信息-2026年\(m)月.xlsx", into: root) }
        var tuning = RunnerOptions.Tuning()
        tuning.batchSize = batchSize
        let run = try runNight(root, jobs: [Self.fixtures + "/months/monthly.yaml"], tuning: tuning)
        #expect(run.outputs.map(\.period).sorted() == ["2026年4月", "2026年5月", "2026年6月", "季度-2026年第二季度"])
        func changes(_ m: Int) throws -> [String] {
            try sheetRows(root + "/outbox/monthly/2026年\(m)月/雁江区政务信息月度考核汇总-2026年\(m)月.xlsx", "政务信息报送考核表")
                .dropFirst(2).map { "\($0[0]) \($0[4]) \($0[5])" }
        }
        #expect(try changes(4) == ["区统计局 2 新", "区供销社 1 新", "区审计局 3 新", "丹山镇 1 新", "祥符镇 3 新", "堪嘉镇 1 新"])
        #expect(try changes(5) == ["区统计局 1 ↑1", "区供销社 2 ↓1", "丹山镇 3 ↓2", "祥符镇 1 ↑2", "堪嘉镇 2 ↓1"])
        #expect(try changes(6) == ["区统计局 2 ↓1", "区供销社 3 ↓1", "区审计局 1 新", "丹山镇 1 ↑2", "祥符镇 1 —", "堪嘉镇 1 ↑1"])
        #expect(run.revised.isEmpty)
    }
}
