import Foundation
@testable import KaoheDraft
import KaoheScoring
import KaoheAssessment
import KaoheJobs
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

    /// A note says 得分前30%为优秀: 3 of 10 are 优秀 by rank, so 城北街道's printed 良好 is a
    /// finding (bands read from the rows would have fitted the mistyped grade).
    @Test func quotaFromTheNote() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("tempting/等次名额.xlsx")], date: Drafted.date)
        let t = Drafted.table(draft, "Sheet1")
        #expect(t.contains("grades: {shares: {优秀: 30%}, else: 良好, published: 公布等次}"))
        #expect(t.contains("# 等次 = 按得分排名定名额（各组分别计）：优秀 前 30%，其余良好（见说明：“得分前30%为优秀”）：重新算出 10 个公布值中的 9 个；"
            + "城北街道的公布值与之不符，运行时列为校验发现。"))
        let run = Assessor.run(try Drafted.job(draft), files: [Drafted.fixture("tempting/等次名额.xlsx")])
        let findings = run.tables.flatMap { $0.result?.findings ?? [] }.map { "\($0.unit): \($0.message)" }
        #expect(findings == ["城北街道: 公布等次“良好”与重新计算的等次“优秀”不一致"])
    }

    /// Grades no band fits (优秀 for 91.0 and not for 92.5) and no note states: not kept with the
    /// units they misfit called wrong; the column is said not to be explained.
    @Test func noBandFits() throws {
        #expect {
            _ = try Draft.make(paths: [Drafted.fixture("tempting/等次不合.xlsx")], date: Drafted.date)
        } throws: { error in
            (error as? DraftError)?.chinese == "等次不合.xlsx：表中没有能由其他列算出、排名或评等次的列，也没有计分说明，起草不出计算规则"
                + "（表“Sheet1”：未找到可重新计算的列；输入 得分；未能解释 等次）"
        }
    }

    @Test func statedGrades() {
        let shares = StatedGrades.read("各组得分前30%为优秀，其余为良好", labels: ["优秀", "良好", "良好"])
        #expect(shares?.0 == Grades(.shares, [Grades.Band("优秀", limit: Decimal(string: "0.3")!)], fallback: "良好"))
        let counts = StatedGrades.read("优秀名额5个", labels: ["优秀", "合格"])
        #expect(counts?.0 == Grades(.counts, [Grades.Band("优秀", limit: 5)], fallback: "合格"))
        let thresholds = StatedGrades.read("90分（含）以上为优秀，80分以上为良好", labels: ["优秀", "良好", "一般"])
        #expect(thresholds?.0 == Grades(.thresholds, [Grades.Band("优秀", limit: 90), Grades.Band("良好", limit: 80)], fallback: "一般"))
    }

    /// 单位 | 得分 | 等次, no rank, a note stating the thresholds: the grades of the input score, by
    /// a ranking not shown, and 丙局's 优秀 for 89 a finding; six grades reproduced.
    @Test func gradeOnlyTableFromTheNote() throws {
        let path = Drafted.fixture("tempting/等次无名次.xlsx")
        let draft = try Draft.make(paths: [path], date: Drafted.date)
        let t = Drafted.table(draft, "Sheet1")
        #expect(t.contains("grades: {thresholds: {优秀: 90, 良好: 80}, else: 一般, published: 公布等次}"))
        #expect(t.contains("rank: {score: 得分}"))
        #expect(t.contains("# 表中没有名次栏：草稿按得分从高到低排出名次（得分按表中的数读取）（名次并列时后续名次顺延），供评定等次，不列出。"))
        let run = Assessor.run(try Drafted.job(draft), files: [path])
        #expect(run.tables.flatMap { $0.result?.findings ?? [] }.map { "\($0.unit): \($0.message)" } == ["丙局: 公布等次“优秀”与重新计算的等次“良好”不一致"])
        #expect(Reproduction.figures(run).count == 6)
    }
}
