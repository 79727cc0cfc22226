import Foundation
@testable import KaoheDraft
import Testing

@Suite struct SumFinderTests {
    /// Seed 001: the maxima in the headers make the categories rule, so "——" (不适用) rows are
    /// scaled back to 100 (城市管理综合执法局 95.86) and every published total is reproduced.
    @Test func seed001CategoriesFromHeaderMaxima() throws {
        let draft = try Drafted.seed("001")
        let t = Drafted.table(draft, "市直部门")
        #expect(t.contains("- {name: 总分, categories: [{name: 发布解读, max: 40}, {name: 办事服务, max: 15}, {name: 互动交流, max: 10}, "
            + "{name: 依申请公开, max: 10}, {name: 平台建设, max: 15}, {name: 监督保障, max: 10}, {name: 附加指标, max: 10, bonus: true}], published: 公布总分}"))
        #expect(t.contains("# 总分 = 各项指标之和（满分见表头；标为“——”的指标不适用时，其余指标按剩余满分折算）：重新算出 33 个公布值中的 33 个。"))
        // 旗区's 监督保障 is out of 15, as its header says.
        #expect(Drafted.table(draft, "旗区").contains { $0.contains("{name: 监督保障, max: 15}") })
    }

    /// Seed 000: 最终得分 is the plain sum of the three parts before it, one computed.
    @Test func seed000FinalScoreIsTheSumOfItsParts() throws {
        let t = Drafted.table(try Drafted.seed("000"), "政务联络（市定）")
        #expect(t.contains("- {name: 最终得分, expression: 过程管控 + 年终考核 + 市政府领导班子评价得分, published: 公布最终得分}"))
    }

    /// Weights in the headers (实地检查（85%）, 问卷调查（15%）): a weighted sum, with the one
    /// published slip (东山镇 88.10 for 88.01) named.
    @Test func weightedSumFromHeaders() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("综合考核结果.xlsx")], date: Drafted.date)
        let t = Drafted.table(draft, "考核结果")
        #expect(t.contains("- {name: 综合得分, expression: \"实地检查 * 85% + 问卷调查 * 15%\", published: 公布综合得分}"))
        #expect(t.contains("# 综合得分 = 实地检查 * 85% + 问卷调查 * 15%（权重见表头）：重新算出 12 个公布值中的 11 个；东山镇的公布值与之不符，运行时列为校验发现。"))
    }

    /// Parts printed rounded from unrounded scores: the total is their sum for 12 of 15 units and
    /// 0.01 off for 3, which the rule takes as published (`tolerance: 0.01`), and says so.
    @Test func roundedPartsTolerated() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("实地问卷.xlsx")], date: Drafted.date)
        let t = Drafted.table(draft, "综合评估")
        #expect(t.contains("- {name: 总分, expression: 实地检查得分 + 问卷调查得分, published: 公布总分, tolerance: 0.01}"))
        #expect(t.contains("# 总分 = 实地检查得分（85%） + 问卷调查得分（15%）（分项是四舍五入后的数：与之相差 0.01 的公布值采用公布值）："
            + "重新算出 15 个公布值中的 12 个，另有 3 个（东风镇、永兴镇、建设镇）只差末位 1。"))
    }

    /// 合计 is the plain sum of two of the four columns before it (基础分 + 加分).
    @Test func sumOfSomeColumns() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("tempting/部分之和.xlsx")], date: Drafted.date)
        #expect(Drafted.table(draft, "综合").contains("- {name: 合计, expression: 基础分 + 加分, published: 公布合计}"))
    }

    /// Two sheets of one shape, parts printed rounded: 一季度 needs `tolerance: 0.01` (five units
    /// 0.01 off), and 二季度's one such unit is taken the same way, not listed as a slip.
    @Test func oneTreatmentPerShape() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("tempting/同形两表.xlsx")], date: Drafted.date)
        for sheet in ["一季度", "二季度"] {
            #expect(Drafted.table(draft, sheet).contains("- {name: 总分, expression: 实地得分 + 问卷得分, published: 公布总分, tolerance: 0.01}"))
        }
        #expect(Drafted.table(draft, "二季度").contains("# 总分 = 实地得分（85%） + 问卷得分（15%）（分项是四舍五入后的数：与之相差 0.01 的公布值采用公布值）："
            + "重新算出 10 个公布值中的 9 个，另有 1 个（辛镇）只差末位 1。"))
    }
}
