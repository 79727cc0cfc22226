import Foundation
@testable import KaoheDraft
import Testing

@Suite struct BaseFinderTests {
    /// 得分 = 40 − 检查扣分: the base the rows point to, less the deduction column.
    @Test func baseLessDeduction() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("tempting/部分之和.xlsx")], date: Drafted.date)
        let t = Drafted.table(draft, "扣分")
        #expect(t.contains("- {name: 得分, expression: \"40 - 检查扣分\", published: 公布得分, empty_is_zero: true}"))
        #expect(t.contains("# 得分 = 40 − 检查扣分（空格按 0 计）：重新算出 10 个公布值中的 10 个。"))
    }

    /// 通报次数 and 整改次数 move with 检查扣分 (扣分 = 0.75 × each): 得分 is 30 − 检查扣分, the simple
    /// rule, not points per 通报 and 整改; and 检查扣分 itself is not explained by 0.75 a time.
    @Test func columnsThatMoveTogether() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("tempting/同步列.xlsx")], date: Drafted.date)
        let t = Drafted.table(draft, "Sheet1")
        #expect(t.contains("- {name: 得分, expression: \"30 - 检查扣分\", published: 公布得分, empty_is_zero: true}"))
        #expect(t.contains("# 未能解释：“检查扣分”，能重现它的规则不合情理：检查扣分 = 通报次数 × 0.75 + 整改次数 × 0.75（空格按 0 计；分值由各行数据解出）"
            + "（每项分值 0.75 不是整分或半分）；按输入读取，不核对。"))
        #expect(draft.summary.map(\.english) == ["table Sheet1: recomputes 得分 (10/10); inputs: 通报次数, 整改次数; not explained: 检查扣分"])
    }
}
