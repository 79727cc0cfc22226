import Foundation
import KaoheJobs
import KaoheFormat
import KaoheScoring
import Testing

/// Rows of a lead unit's table that are not units, by the text where a unit's name would be.
@Suite struct NonUnitRowsTests {
    @Test("totals, subtotals, averages and footers are told from units", arguments: [
        ("合计", NonUnitRow.total), ("合 计", .total), ("全县合计", .total), ("总计：", .total), ("全市", .total),
        ("小计", .subtotal), ("小 计", .subtotal), ("乡镇小计", .subtotal), ("县区小计", .subtotal),
        ("平均分", .average), ("平均", .average),
        ("填表人：王丽", .footer), ("联系电话：0827-5266001", .footer), ("单位（盖章）", .footer), ("审核人:", .footer),
    ])
    func kinds(text: String, kind: NonUnitRow) {
        #expect(NonUnitRow.kind(of: text) == kind)
    }

    @Test("units are units", arguments: ["县统计局", "合江镇", "市发改委", "全州县", "东山县", "市统计局统计执法支队"])
    func units(text: String) {
        #expect(NonUnitRow.kind(of: text) == nil)
        #expect(!NonUnitRow.isTotal(text))
    }
}

@Suite struct HeadingNameTests {
    @Test("a sub-heading's ordinal is not part of its group's name", arguments: [
        ("一、县（区）", "县（区）"), ("（二）市直部门", "市直部门"), ("(三)乡镇", "乡镇"), ("2. 乡镇", "乡镇"), ("二、市直部门：", "市直部门"),
        ("县（区）", "县（区）"), ("十二、园区", "园区"), ("一中心", "一中心"),
    ])
    func heading(text: String, name: String) {
        #expect(NonUnitRow.headingName(text) == TextNormalizer.key(name)) // compared as keys: full-width brackets folded
    }
}
