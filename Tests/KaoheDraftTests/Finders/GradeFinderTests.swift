import Foundation
@testable import KaoheDraft
import KaoheScoring
import Testing

@Suite struct GradeFinderTests {
    /// 等次 by 综合得分: the roundest thresholds between the bands (90, 80), the rest 一般.
    @Test func thresholdsFromTheBands() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("综合考核结果.xlsx")], date: Drafted.date)
        let t = Drafted.table(draft, "考核结果")
        #expect(t.contains("grades: {thresholds: {优秀: 90, 良好: 80}, else: 一般, published: 公布等次}"))
        #expect(t.contains("# 等次 = 按综合得分分档：优秀 ≥ 90，良好 ≥ 80，其余一般（由各行数据读出）：重新算出 12 个公布值中的 12 个。"))
    }

    @Test func roundestThreshold() {
        #expect(GradeFinder.roundest(above: 88.5, upTo: 90.5) == 90)
        #expect(GradeFinder.roundest(above: 86, upTo: 88.2) == 88)
        #expect(GradeFinder.roundest(above: 86.15, upTo: 86.2) == Decimal(string: "86.2"))
        #expect(GradeFinder.roundest(above: 90, upTo: 89) == nil)
    }

    /// Units below every band with no grade written: no `else`, so none is given.
    @Test func blankLowestBand() {
        let grades = GradeFinder.bands(values: [95, 91, 85, 70, 60], labels: ["优秀", "优秀", "良好", "", ""])!
        #expect(grades.bands == [Grades.Band("优秀", limit: 90), Grades.Band("良好", limit: 80)])
        #expect(grades.fallback == "")
    }
}
