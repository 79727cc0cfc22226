import Foundation
import KaoheScoring

/// Rows of a published table that are not units: 合计, 小计, 总计, 平均 lines inside or under the
/// table. The draft leaves them out of the registry and out of the rows a rule is found on.
/// (The runner's binding gets its own detection; the two are to be unified.)
enum NonUnitRows {
    static let words = ["合计", "小计", "总计", "共计", "平均", "平均分", "平均值", "全市", "全县", "全区"]

    /// A unit cell that names a total or average line: 合计, 小 计, 乡镇小计, 全县合计.
    static func isTotalRow(unitText: String) -> Bool {
        let key = TextNormalizer.key(unitText).filter { !$0.isWhitespace }
        if words.contains(key) { return true }
        return key.count <= 8 && ["合计", "小计", "总计", "平均"].contains { key.hasSuffix($0) }
    }
}
