import Foundation
@testable import KaoheDraft
import Testing

@Suite struct NonUnitRowsTests {
    @Test func totalRows() {
        #expect(NonUnitRows.isTotalRow(unitText: "合计"))
        #expect(NonUnitRows.isTotalRow(unitText: "小 计"))
        #expect(NonUnitRows.isTotalRow(unitText: "乡镇小计"))
        #expect(NonUnitRows.isTotalRow(unitText: "全县合计"))
        #expect(NonUnitRows.isTotalRow(unitText: "平均分"))
        #expect(!NonUnitRows.isTotalRow(unitText: "县统计局"))
        #expect(!NonUnitRows.isTotalRow(unitText: "合江镇"))
    }

    /// 小计 and 合计 lines inside the table are neither units of the registry nor rows a rule is
    /// found on (合计 = 基础分 + 加分 on all ten towns).
    @Test func totalRowsAreNotUnits() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("tempting/部分之和.xlsx")], date: Drafted.date)
        #expect(!draft.registryText.contains("小计") && !draft.registryText.contains("name: 合计"))
        #expect(Drafted.table(draft, "综合").first == "# 工作表“综合”（部分之和.xlsx）：表头在第 2 行，10 个单位。")
    }
}
