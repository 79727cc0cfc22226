import Foundation
@testable import KaoheDraft
import KaoheAssessment
import KaoheJobs
import Testing

@Suite struct RankFinderTests {
    /// Seed 002: dense ranks (1, 1, 2 …) within 镇（街道） and 区级部门, checked against the
    /// published scores.
    @Test func seed002DenseWithinGroups() throws {
        let t = Drafted.table(try Drafted.seed("002"), "亮牌情况汇总")
        #expect(t.contains("- rank: {score: 得分, method: dense, decimals: 1, published: 公布排名位次, check_against: 公布得分}".dropFirst(2).description))
        #expect(t.contains("# 排名位次 = 按得分从高到低的名次（中国式排名，并列后名次连续，各组分别排名）：重新算出 60 个公布值中的 60 个。"))
    }

    /// Seed 003: 序号 is the order of 完成率, ties in the table's order.
    @Test func seed003SerialNumberIsAnOrdinalRank() throws {
        let t = Drafted.table(try Drafted.seed("003"), "政务信息报送-区级部门")
        #expect(t.contains("rank: {score: 完成率, method: ordinal, decimals: 4, published: 公布原序号, check_against: 公布完成率}"))
    }

    /// Seed 000's 政务公开（市定）: the publisher left 名次 empty; the draft ranks 最终得分 and says
    /// it could not check.
    @Test func emptyRankColumnIsRankedNotChecked() throws {
        let t = Drafted.table(try Drafted.seed("000"), "政务公开（市定）")
        #expect(t.contains("rank: {score: 最终得分}"))
        #expect(t.contains("# 名次 = 按最终得分从高到低的名次（名次并列时后续名次顺延）：表中这一栏为空，名次由草稿排出，无法与公布值核对。"))
    }

    /// 名次 | 单位 | 考评成绩, ranks written 第一名 … 第十二名, nothing computed: the table is drafted,
    /// its ranks are those of 考评成绩, and the two equal totals printed 第四名 and 第五名 stay a
    /// finding (competition ranks, never fitted away with ordinal).
    @Test func rankOnlyTableWithASplitTie() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("tempting/名次在前.xlsx")], date: Drafted.date)
        let t = Drafted.table(draft, "Sheet1")
        #expect(t.contains("rank: {score: 考评成绩, decimals: 1, published: 公布名次}"))
        #expect(t.contains("scores: []  # 本表没有由其他列算出的列"))
        #expect(t.contains("# 名次 = 按考评成绩从高到低的名次（考评成绩按表中的数读取）（名次并列时后续名次顺延）：重新算出 12 个公布值中的 11 个；"
            + "北坝镇的公布值与之不符，运行时列为校验发现。其中西河镇、北坝镇的考评成绩相同，公布的名次却不同：并列应同名次，运行时列为校验发现。"))
        let run = Assessor.run(try Drafted.job(draft), files: [Drafted.fixture("tempting/名次在前.xlsx")])
        let findings = run.tables.flatMap { $0.result?.findings ?? [] }.map { "\($0.unit): \($0.message)" }
        #expect(findings == ["北坝镇: 公布名次 5 与重新计算名次 4 不一致"])
        #expect(Reproduction.figures(run).count == 11)
    }
}
