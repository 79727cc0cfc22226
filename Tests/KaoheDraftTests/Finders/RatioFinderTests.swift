import Foundation
@testable import KaoheDraft
import Testing

@Suite struct RatioFinderTests {
    /// Seed 003: 报送得分 = min(5, 条数 ÷ 任务 × 5), the scale from the uncapped rows and the cap
    /// the most any row has; 完成率 = 条数 ÷ 任务 at the two decimals of its percentage.
    @Test func seed003QuotaAndCompletion() throws {
        let t = Drafted.table(try Drafted.seed("003"), "政务信息报送-区级部门")
        #expect(t.contains("- {name: 报送得分, quota: {count: 报送条数, quota: 报送任务, scale: 5, cap: 5}, published: 公布报送得分, empty_is_zero: true}"))
        #expect(t.contains("- {name: 完成率, completion: {count: 报送条数, quota: 报送任务}, published: 公布完成率, empty_is_zero: true}"))
        #expect(t.contains("- {value: 完成率, format: \"0.00%\"}"))
    }

    /// Seed 003: 占比 (printed "116%") is the computed 总分 over 年度任务, compared at the
    /// percentage's whole digits.
    @Test func seed003ShareOfTheComputedTotal() throws {
        let t = Drafted.table(try Drafted.seed("003"), "政务信息采用-镇街道")
        #expect(t.contains("- {name: 占比, completion: {count: 总分, quota: 年度任务}, published: 公布占比, decimals: 2, empty_is_zero: true}"))
        #expect(t.contains("# 占比 = 总分 ÷ 年度任务（空的总分按 0 计）：重新算出 18 个公布值中的 18 个。"))
    }

    /// Two blocks printed side by side are one table: 16 units, each 完成率 reproduced, though
    /// the cells hold the unrounded quotient under a 0.00% format.
    @Test func sideBySideBlocks() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("完成情况并排.xlsx")], date: Drafted.date)
        let t = Drafted.table(draft, "完成情况")
        #expect(t.first == "# 工作表“完成情况”（完成情况并排.xlsx）：表头在第 2 行，16 个单位。")
        #expect(t.contains("# 完成率 = 完成数 ÷ 任务数（空的完成数按 0 计）：重新算出 16 个公布值中的 16 个。"))
        #expect(draft.registryText.contains("- {name: 幸福镇, group: 被考核单位}"))
    }
}
