import Foundation
import Logging
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
        try drop("政务信息-2026年第四季度.xlsx", into: root)
        try drop("年终考核-2026年度.xlsx", into: root)
        let fourth = try night(root)
        #expect(fourth.outputs.map(\.path).contains(Self.folder + Self.name))
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
}
