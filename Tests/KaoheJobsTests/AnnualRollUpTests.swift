import Foundation
import Testing
@testable import KaoheAssessment
@testable import KaoheJobs
import KaoheScoring

/// `annual:` as a job writes it, and the roll-up's rules: combine (mean, sum, weights), a
/// missing period (mean_present, zero, finding), a period not final, the year-end weighting.
@Suite struct AnnualRollUpTests {
    static let registry = UnitRegistry(groups: ["县区"], units: [
        .init(name: "甲县", group: "县区"), .init(name: "乙县", group: "县区"), .init(name: "丙县", group: "县区"),
    ])

    func job(_ annual: String, periods: String = "季度") throws(JobErrors) -> Job {
        let text = """
        assessment: 示例考核
        periods: \(periods)
        output: "汇总-{period}.xlsx"
        registry: units.yaml
        tables:
          - id: 工作
            title: 工作考核表
            source: {file: "工作-{period}.xlsx"}
            columns: {unit: 单位, 公布得分: 得分}
            scores: [{name: 得分, from: 公布得分}]
            output: [unit, 得分]
        \(annual)
        """
        return try JobParser.parse(text, path: "job.yaml") { p in
            (p, "groups: [县区]\nunits:\n  - {name: 甲县, group: 县区}\n  - {name: 乙县, group: 县区}\n  - {name: 丙县, group: 县区}\n")
        }
    }

    /// Four quarters: 甲县 80, 90, 85, 95; 乙县 70, —, 90, 80 (not listed in the second); 丙县 all 88.
    static let quarters: [AnnualPeriod] = [
        AnnualPeriod(period: "2026年第一季度", source: .init(path: "q1", run: 1), scores: ["甲县": 80, "乙县": 70, "丙县": 88]),
        AnnualPeriod(period: "2026年第二季度", source: .init(path: "q2", run: 1), scores: ["甲县": 90, "丙县": 88]),
        AnnualPeriod(period: "2026年第三季度", source: .init(path: "q3", run: 1), scores: ["甲县": 85, "乙县": 90, "丙县": 88]),
        AnnualPeriod(period: "2026年第四季度", source: .init(path: "q4", run: 1), scores: ["甲县": 95, "乙县": 80, "丙县": 88]),
    ]

    func totals(_ annual: String, yearEnd: [String: Decimal]? = nil, periods: [AnnualPeriod] = quarters) throws -> [String] {
        let spec = try #require(try job(annual).annual)
        return AnnualRollUp.rows(spec, periods: periods, closing: yearEnd, registry: Self.registry).rows.map { r in
            "\(r.unit) \(r.rollUp.map { $0.formatted(decimals: 2) } ?? "—") \(r.total.map { $0.formatted(decimals: 2) } ?? "—") \(r.rank.map(String.init) ?? "—")"
        }
    }

    @Test("mean over the quarters present: 乙县 (70 + 90 + 80) ÷ 3 = 80.00; 甲县 350 ÷ 4 = 87.50")
    func meanPresent() throws {
        #expect(try totals("annual: {missing: mean_present}") == ["甲县 87.50 87.50 2", "乙县 80.00 80.00 3", "丙县 88.00 88.00 1"])
    }

    @Test("a missing quarter as zero: 乙县 240 ÷ 4 = 60.00, its cell's note says so")
    func zero() throws {
        #expect(try totals("annual: {missing: zero}") == ["甲县 87.50 87.50 2", "乙县 60.00 60.00 3", "丙县 88.00 88.00 1"])
        let spec = try #require(try job("annual: {missing: zero}").annual)
        let rows = AnnualRollUp.rows(spec, periods: Self.quarters, closing: nil, registry: Self.registry).rows
        #expect(rows[1].gaps == [nil, "第二季度汇总中没有该单位的得分，按 0 分计", nil, nil])
    }

    @Test("missing: finding (the default) withholds 乙县's total, unranked, with a finding")
    func finding() throws {
        #expect(try totals("annual: {title: 年度考核}") == ["甲县 87.50 87.50 2", "乙县 — — —", "丙县 88.00 88.00 1"])
        let spec = try #require(try job("annual: {}").annual)
        let (rows, findings) = AnnualRollUp.rows(spec, periods: Self.quarters, closing: nil, registry: Self.registry)
        #expect(rows[1].withheld == "有 1 期没有得分，考核任务规定不作推定，年度得分暂不给出")
        #expect(findings == ["1 个单位（乙县）有的期间没有得分，考核任务规定缺期不作推定（missing: finding）；这些单位的年度得分和排名暂不给出，已标记待核对"])
    }

    @Test("sum, rescaled over the quarters present: 乙县 240 × 4 ÷ 3 = 320.00; weights 10/20/30/40: 甲县 8 + 18 + 25.5 + 38 = 89.50, 乙县 (7 + 27 + 32) × 100 ÷ 80 = 82.50")
    func sumAndWeights() throws {
        #expect(try totals("annual: {combine: sum, missing: mean_present}") == ["甲县 350.00 350.00 2", "乙县 320.00 320.00 3", "丙县 352.00 352.00 1"])
        #expect(try totals("annual: {combine: {weights: [10, 20, 30, 40]}, missing: mean_present}")
                == ["甲县 89.50 89.50 1", "乙县 82.50 82.50 3", "丙县 88.00 88.00 2"])
    }

    @Test("with a year-end table 40/60: 甲县 87.50 × 0.4 + 91 × 0.6 = 35 + 54.6 = 89.60; a unit the year-end table lacks is withheld; none yet withholds all")
    func yearEnd() throws {
        let annual = "annual: {missing: mean_present, year_end: 工作, weights: {periods: 40, year_end: 60}}"
        #expect(try totals(annual, yearEnd: ["甲县": 91, "丙县": 85.555]) == ["甲县 87.50 89.60 1", "乙县 80.00 — —", "丙县 88.00 86.53 2"])
        #expect(try totals(annual, yearEnd: nil) == ["甲县 87.50 — —", "乙县 80.00 — —", "丙县 88.00 — —"])
    }

    @Test("a quarter still waiting for a table, or not summarised yet, withholds every total")
    func notFinal() throws {
        var periods = Self.quarters
        periods[2].waitingFor = ["党建工作考核表"]
        periods[3] = AnnualPeriod(period: "2026年第四季度", source: nil)
        let spec = try #require(try job("annual: {missing: mean_present}").annual)
        let rows = AnnualRollUp.rows(spec, periods: periods, closing: nil, registry: Self.registry).rows
        #expect(rows.allSatisfy { $0.total == nil && $0.rank == nil })
        #expect(rows[0].withheld == "第三季度汇总还缺党建工作考核表；尚无第四季度汇总，年度得分暂不给出")
        #expect(rows[0].values == [80, 90, nil, nil])
    }

    @Test("annual's mistakes name their line")
    func mistakes() {
        #expect(throws: JobErrors.self) { try job("annual: {missing: mean_present}", periods: "年度") }
        var text = ""
        do {
            _ = try job("annual: {missing: average, combine: {weights: [50, 50]}, year_end: 没有}")
            Issue.record("the job was accepted")
        } catch { text = error.description }
        do {
            #expect(text.contains("missing is mean_present, zero or finding, got 'average'"))
            #expect(text.contains("combine weights: one weight per period of the year (4), got 2"))
            #expect(text.contains("year_end: no table with id '没有' in this job"))
            #expect(text.contains("annual with a year_end needs weights"))
        }
    }

    @Test("quarterly: the months of a quarter, and the periods and wholes a roll-up speaks of")
    func monthsOfAQuarter() throws {
        let job = try job("quarterly: {missing: zero, quarter_end: 工作, weights: {periods: 70, quarter_end: 30}}\n"
                          + "annual: {combine: sum, missing: mean_present}", periods: "月")
        let quarter = try #require(job.quarterly), year = try #require(job.annual)
        #expect(job.rollUps.map(\.span) == [.quarter, .year])
        #expect(quarter.periods(of: "2026年第二季度") == ["2026年4月", "2026年5月", "2026年6月"])
        #expect(["2026年4月", "2026年6月", "2026年7月", "2026年第二季度", "2026年度"].map { quarter.whole(of: $0) }
                == ["2026年第二季度", "2026年第二季度", "2026年第三季度", "2026年第二季度", nil])
        #expect(year.periods(of: "2026年度").count == 12 && year.periods(of: "2026年度").last == "2026年12月")
        #expect(year.whole(of: "2026年11月") == "2026年度")
        #expect([quarter.previous("2026年第一季度"), quarter.previous("2026年第三季度"), year.previous("2026年度")]
                == ["2025年第四季度", "2026年第二季度", "2025年度"])
        #expect([quarter.ledgerPeriod("2026年第二季度"), year.ledgerPeriod("2026年度")] == ["季度-2026年第二季度", "年度-2026"])
        #expect(quarter.title(assessment: "示例考核", whole: "2026年第二季度") == "示例考核2026年第二季度综合考核")
        #expect([quarter.rollUpHeader, quarter.closingLabel, quarter.totalHeader] == ["月度平均分", "季度考核", "季度综合得分"])
        #expect(quarter.weights == (Decimal(string: "0.7")!, Decimal(string: "0.3")!) && quarter.weightLabels == ("70%", "30%"))
        // 甲县 80, 90, 85 → 85.00 × 0.7 + 91 × 0.3 = 59.5 + 27.3 = 86.80; 乙县 70, —, 90 → (70 + 0 + 90) ÷ 3
        // = 53.333… → 53.33 × 0.7 + 80 × 0.3 = 37.331 + 24 = 61.331 → 61.33; 丙县 without a 季度考核 score: withheld.
        let months = [("2026年4月", ["甲县": Decimal(80), "乙县": 70, "丙县": 88]), ("2026年5月", ["甲县": 90, "丙县": 88]),
                      ("2026年6月", ["甲县": 85, "乙县": 90, "丙县": 88])].map { AnnualPeriod(period: $0.0, source: .init(path: $0.0, run: 1), scores: $0.1) }
        let (rows, _) = AnnualRollUp.rows(quarter, periods: months, closing: ["甲县": 91, "乙县": 80], registry: Self.registry)
        #expect(rows.map { "\($0.unit) \($0.rollUp.map { $0.formatted(decimals: 2) } ?? "—") \($0.total.map { $0.formatted(decimals: 2) } ?? "—") \($0.rank.map(String.init) ?? "—")" }
                == ["甲县 85.00 86.80 1", "乙县 53.33 61.33 2", "丙县 88.00 — —"])
        #expect(rows[1].gaps == [nil, "5月汇总中没有该单位的得分，按 0 分计", nil])
        #expect(rows[2].withheld == "季度考核中没有该单位的得分，季度得分暂不给出")
    }

    @Test("quarterly's mistakes name their line: a job of quarters, three weights, the closing key")
    func quarterlyMistakes() {
        var text = ""
        do { _ = try job("quarterly: {}"); Issue.record("the job was accepted") } catch { text = error.description }
        #expect(text.contains("quarterly needs the job's periods to be 月 (the months a quarter is made of)"))
        do {
            _ = try job("quarterly: {combine: {weights: [50, 50]}, year_end: 工作, quarter_end: 没有}", periods: "月")
            Issue.record("the job was accepted")
        } catch { text = error.description }
        #expect(text.contains("combine weights: one weight per period of the quarter (3), got 2"))
        #expect(text.contains("quarter_end: no table with id '没有' in this job"))
        #expect(text.contains("quarterly with a quarter_end needs weights"))
        #expect(text.contains("year_end"))
    }
}
