import Foundation
@testable import KaoheDraft
import Testing

@Suite struct AdjustmentsFinderTests {
    /// Seed 002: 100 ± the amounts in the reason text reproduces all 60 published scores
    /// (the subtotal rule and 渔溪镇's unsigned 0.2分 included), shown with one decimal.
    @Test func seed002BaseFromTheRows() throws {
        let t = Drafted.table(try Drafted.seed("002"), "亮牌情况汇总")
        #expect(t.contains("# 得分 = 100 + “加扣分原因及分值”中的加扣分：重新算出 60 个公布值中的 60 个。"))
        #expect(t.contains("- {name: 得分, adjustments: {base: 100, reason: 加扣分原因及分值}, published: 公布得分, decimals: 1}"))
    }

    /// Seed 000: the base differs by table (1, 0.3), and an empty reason column still explains
    /// a column of equal scores.
    @Test func seed000BasesPerTable() throws {
        let draft = try Drafted.seed("000")
        #expect(Drafted.table(draft, "网上政务服务").contains("- {name: 得分, adjustments: {base: 0.3, reason: 加扣分原因及分值}, published: 公布得分, decimals: 1}"))
        #expect(Drafted.table(draft, "文电办理").contains("# 得分 = 1 + “加扣分原因及分值”中的加扣分：重新算出 29 个公布值中的 29 个。"))
        #expect(Drafted.table(draft, "疫情防控").contains("- {name: 得分, adjustments: {base: 1, reason: 加扣分原因及分值}, published: 公布得分}"))
    }

    /// Seed 000's city tables: the weight in the header (年终考核（50%）) gives (100 ± amounts) ×
    /// 50%, and the one published slip (市文化广播电视和旅游局, 49.99 for 50.00) stays a finding.
    @Test func seed000WeightFromTheHeader() throws {
        let t = Drafted.table(try Drafted.seed("000"), "政务公开（市定）")
        #expect(t.contains("- {name: 年终考核原始分, adjustments: {base: 100, reason: 年终考核理由}}"))
        #expect(t.contains("- {name: 年终考核, expression: \"年终考核原始分 * 50%\", published: 公布年终考核}"))
        #expect(t.contains("# 年终考核 = (100 + “年终考核（50%）/加扣分理由及分值”中的加扣分) × 50%（权重见表头）：重新算出 35 个公布值中的 34 个；"
            + "市文化广播电视和旅游局的公布值与之不符，运行时列为校验发现。"))
    }

    /// A reason text serves the score right after it, not one further on: 领导班子评价 (all 5)
    /// is not "5 + 过程管控理由".
    @Test func reasonServesTheScoreAfterIt() throws {
        let t = Drafted.table(try Drafted.seed("000"), "政务公开（市定）")
        #expect(!t.contains { $0.hasPrefix("- {name: 牵头单位领导班子评价得分") })
        #expect(t.contains("牵头单位领导班子评价得分: \"牵头单位领导班子评价得分（5%）\""))
    }
}
