import Foundation
import KaoheAssessment
import KaoheJobs
import KaoheScoring
import KaoheWriter

extension ReportBuilder {
    /// A table's chart: its `value` column by unit, one chart page per group of ten or more
    /// units with a value (the writer draws them after the table's sheet, referring to its
    /// cells). Where a group's values cluster (the lowest above half of the highest: scores of
    /// 98–100), the value axis starts at a stated round minimum below the lowest, so that the
    /// differences show; otherwise at zero.
    static func chartSpec(_ t: TableRun, table: TableJob, value: String, valueColumn: Int, categoryColumn: Int,
                          grouped: Bool) -> ChartSpec? {
        guard let result = t.result else { return nil }
        var groups: [ChartSpec.Group] = []
        let names: [String?] = grouped ? table.registryGroups(result, order: t.order) : [nil]
        for g in names {
            let values = t.order.map { result.rows[$0] }.filter { g == nil || $0.group == g }.compactMap { $0.computed[value]?.number }
            guard values.count >= minimumChartUnits else { continue }
            groups.append(ChartSpec.Group(name: g, axisMinimum: axisMinimum(values)))
        }
        guard !groups.isEmpty else { return nil }
        return ChartSpec(title: "\(table.title)\(table.subtitle ?? "")：\(value)", categoryColumn: categoryColumn, valueColumn: valueColumn, groups: groups)
    }

    /// A chart earns its page where a group is too long to compare at a glance in the table:
    /// ten units or more. A group of three (001's 园区), six (000's 政务联络) or nine (001's 旗区)
    /// reads as well in the table's own column, on the page before.
    static let minimumChartUnits = 10

    /// Where a value axis starts: nil (zero) unless the values cluster away from zero; then a
    /// round number (a step of 10^k no greater than their spread, or than a fiftieth of the
    /// highest) at least a fifth of the spread, or a hundredth of the highest, below the lowest.
    static func axisMinimum(_ values: [Decimal]) -> Decimal? {
        guard let lo = values.min(), let hi = values.max(), lo > 0, (hi - lo) * 2 < hi else { return nil }
        let spread = hi - lo
        let reach = max(spread, hi / 50)
        var step = Decimal(string: "0.01")!
        while step * 10 <= reach { step *= 10 }
        let below = lo - max(spread / 5, hi / 100)
        var floor = Decimal()
        var q = below / step
        NSDecimalRound(&floor, &q, 0, .down)
        let minimum = floor * step
        return minimum > 0 ? minimum : nil
    }
}

extension TableJob {
    /// The groups of a table's rows, in the order the table shows them.
    func registryGroups(_ result: TableResult, order: [Int]) -> [String] {
        var out: [String] = []
        for i in order where !out.contains(result.rows[i].group) { out.append(result.rows[i].group) }
        return out
    }
}
