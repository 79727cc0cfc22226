import Foundation
@testable import KaoheDraft
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
}
