import Foundation
import KaoheScoring
import KaoheFormat

/// Rows of a lead unit's table that are not units: totals (小计 after a group, 合计 at the end,
/// 平均), and the signature footer (填表人, 联系电话, 单位（盖章）) that ends the table. They are
/// never units and never findings; a total row whose counts can be checked against the rows it
/// closes is checked like any published value.
public enum NonUnitRow: Equatable, Sendable {
    /// 小计: closes the rows since the previous total or group heading.
    case subtotal
    /// 合计, 总计, 全市合计: closes every row of the table above it.
    case total
    /// 平均, 平均分: the mean of the rows above it (never checked: how it was rounded is not said).
    case average
    /// 填表人, 审核人, 联系电话, 制表日期, 单位（盖章）: the table ends here.
    case footer

    static let footerWords = ["填表人", "填报人", "制表人", "审核人", "审核", "负责人", "联系人", "联系电话", "电话",
                              "填表日期", "制表日期", "填报日期", "报送日期", "日期", "盖章", "单位盖章", "签字", "签名"]
    static let subtotalWords = ["小计"]
    static let totalWords = ["合计", "总计", "共计", "总和", "汇总"]
    static let averageWords = ["平均", "平均值", "平均分", "均值"]
    /// A whole area standing for its total: 全市, 全县 …
    static let wholeAreas = ["全市", "全县", "全区", "全镇", "全乡", "全旗", "全省"]

    /// What a row is, from the text where its unit's name would be; nil for a unit.
    /// "小计", "县区小计", "合 计", "全市合计", "平均分", "填表人：王丽", "单位（盖章）".
    public static func kind(of text: String) -> NonUnitRow? {
        var key = TextNormalizer.key(text)
        while let last = key.last, ":：".contains(last) { key.removeLast() }
        guard !key.isEmpty else { return nil }
        if footerWords.contains(where: { key.hasPrefix($0 + ":") || key.hasPrefix($0 + "：") || key == $0 })
            || key.hasPrefix("单位（盖章") || key.hasPrefix("单位(盖章") || key.hasPrefix("（盖章") || key.hasPrefix("(盖章") {
            return .footer
        }
        guard key.count <= 12 else { return nil }
        if subtotalWords.contains(where: key.hasSuffix) { return .subtotal }
        if wholeAreas.contains(key) { return .total }
        if averageWords.contains(where: key.hasSuffix) { return .average }
        if totalWords.contains(where: { key.hasSuffix($0) || key.hasPrefix($0 + ":") || key.hasPrefix($0 + "：") }) { return .total }
        return nil
    }

    /// Whether a unit cell names a total or average line, not a unit (小计, 全县合计, 平均分, 全市):
    /// what `kaohe draft` leaves out of a registry.
    public static func isTotal(_ text: String) -> Bool {
        guard let kind = kind(of: text) else { return false }
        return kind != .footer
    }

    /// A sub-heading's text without its ordinal (一、县（区）, （二）市直部门, 2. 乡镇, 第一组：),
    /// to compare with the registry's group names.
    public static func headingName(_ text: String) -> String {
        var key = Substring(TextNormalizer.key(text))
        let numerals = Set("一二三四五六七八九十百0123456789")
        if key.first == "（" || key.first == "(" {
            let inside = key.dropFirst().prefix { numerals.contains($0) }
            let rest = key.dropFirst(1 + inside.count)
            if !inside.isEmpty, let close = rest.first, close == "）" || close == ")" { key = rest.dropFirst() }
        } else {
            let ordinal = key.prefix { numerals.contains($0) }
            let rest = key.dropFirst(ordinal.count)
            if !ordinal.isEmpty, let mark = rest.first, "、.．".contains(mark) { key = rest.dropFirst() }
        }
        while let last = key.last, ":：".contains(last) { key = key.dropLast() }
        return String(key)
    }

    /// The sum of the rows a total closes, column by column, where it can be checked: a count
    /// (every row a whole number, the total too). `columns`: the inputs worth checking.
    static func check(_ totalRow: [String: Value], closing rows: ArraySlice<BoundRow>, columns: [String])
        -> [(input: String, written: Decimal, sum: Decimal)] {
        guard rows.count >= 2 else { return [] }
        var mismatches: [(String, Decimal, Decimal)] = []
        for input in columns {
            guard case .number(let written)? = totalRow[input], written.isWhole else { continue }
            var sum = Decimal(0)
            var countable = true
            for r in rows {
                guard case .number(let v)? = r.row.inputs[input], v.isWhole else { countable = false; break }
                sum += v
            }
            if countable && sum != written { mismatches.append((input, written, sum)) }
        }
        return mismatches
    }

    /// Whether a row no name explains is the sum of the rows above it: every count it holds
    /// (at least one, not all zero) is the sum of the same column over at least two rows.
    static func isSum(_ values: [String: Value], of rows: ArraySlice<BoundRow>, columns: [String]) -> Bool {
        guard rows.count >= 2 else { return false }
        let counts = columns.filter { if case .number(let v)? = values[$0] { return v.isWhole } else { return false } }
        guard !counts.isEmpty, counts.contains(where: { values[$0]?.number != 0 }) else { return false }
        return check(values, closing: rows, columns: counts).isEmpty
            && counts.allSatisfy { c in rows.allSatisfy { if case .number(let v)? = $0.row.inputs[c] { return v.isWhole } else { return false } } }
    }
}

extension Decimal {
    /// Whether the number has no fraction (12, not 12.5).
    var isWhole: Bool { self == self.roundedHalfUp(0) }
}
