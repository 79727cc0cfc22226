import Foundation
import Testing
@testable import KaoheJobs

/// Issue 21 §1: periods are values; correction marks are never part of one.
@Suite struct PeriodTests {
    @Test("a month written as offices write it reads as one value", arguments: [
        "2026年10月", "2026.10", "202610", "2026年十月", "2026-10", "2026年10月份", "２０２６年１０月",
    ])
    func month(_ text: String) {
        #expect(PeriodForm.month.read(text) == "2026年10月")
    }

    @Test("quarters, halves, years and named periods; what is none of them is nil")
    func otherForms() {
        #expect(["2026年第四季度", "2026Q4", "2026年4季度", "2026年第4季度"].map { PeriodForm.quarter.read($0) } == Array(repeating: "2026年第四季度", count: 4))
        #expect(["2026年上半年", "2026H1", "2026上半年"].map { PeriodForm.half.read($0) } == Array(repeating: "2026年上半年", count: 3))
        #expect(["2026年度", "2026", "2026年"].map { PeriodForm.year.read($0) } == Array(repeating: "2026年度", count: 3))
        #expect(PeriodForm.names(["上半年", "下半年"]).read("下半年") == "下半年")
        #expect(PeriodForm.month.read("—") == nil)
        #expect(PeriodForm.month.read("2026年13月") == nil)
        #expect(PeriodForm.quarter.read("2026年10月") == nil)
        #expect(PeriodForm.names(["上半年", "下半年"]).read("全年") == nil)
    }

    @Test("correction marks come off a period, and say it was corrected", arguments: [
        "2026年10月（更正）", "2026年10月(更正)", "2026年10月更正版", "2026年10月修改稿", "2026年10月最终版", "2026年10月v2", "2026年10月(1)",
        "2026年10月（2）", "2026年10月 - 副本", "2026年10月（更正）v2",
    ])
    func corrections(_ text: String) {
        let (period, corrected) = Period.withoutCorrection(text)
        #expect(period == "2026年10月")
        #expect(corrected)
    }

    @Test("a period with no mark is left as it is")
    func noCorrection() {
        #expect(Period.withoutCorrection("2026年10月") == ("2026年10月", false))
        #expect(Period.withoutCorrection("下半年") == ("下半年", false))
    }

    @Test("the period before: the latest earlier one in the form's order, across years; none before the first")
    func previous() {
        let months = ["2025年12月", "2026年9月", "2026年1月", "2026年11月"]
        #expect(PeriodForm.month.previous("2026年10月", among: months) == "2026年9月")
        #expect(PeriodForm.month.previous("2026年1月", among: months) == "2025年12月")
        #expect(PeriodForm.month.previous("2025年12月", among: months) == nil)
        #expect(PeriodForm.quarter.previous("2026年第一季度", among: ["2025年第四季度", "2025年第三季度", "2026年第二季度"]) == "2025年第四季度")
        #expect(PeriodForm.half.previous("2026年上半年", among: ["2025年下半年", "2025年上半年"]) == "2025年下半年")
        #expect(PeriodForm.year.previous("2026年度", among: ["2024年度", "2025年度"]) == "2025年度")
        #expect(PeriodForm.names(["一季度", "二季度", "三季度"]).previous("三季度", among: ["一季度", "二季度"]) == "二季度")
    }
}
