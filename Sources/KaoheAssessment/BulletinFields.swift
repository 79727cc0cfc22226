import Foundation
import KaoheFormat
import KaoheJobs
import KaoheScoring

/// Sums, lists, missing units and shares of a bulletin's fields.
extension Evaluation {
    /// Σ of the values over the units; an empty cell counts nothing (as SUM does), a text or a
    /// unit whose score could not be computed is a finding and the sum is marked 【待核】.
    mutating func sum(_ name: String, values: [String], _ set: BulletinUnits) -> Bulletin.FieldValue {
        let (candidates, rows, unbacked) = select(set, field: name)
        if unbacked.hasPrefix(Self.unreceivedMark) { return Bulletin.FieldValue(name: name, text: unbacked, source: nil) }
        var total: Decimal = 0
        var unjudged = unbacked.isEmpty ? 0 : 1
        for r in rows {
            for v in values {
                let value = OutputValue(v)
                switch Self.value(value, r.table, r.index) {
                case .number(let d): total += d
                case .missing where r.table.table.scores.allSatisfy({ $0.name != v }): continue
                case .notApplicable: continue
                default:
                    unjudged += 1
                    note(r.table, unit: r.unit, value: value, field: name)
                }
            }
        }
        guard unjudged == 0 else {
            return Bulletin.FieldValue(name: name, text: total.plainText + (unbacked.isEmpty ? "【待核：\(unjudged)个值无法计入】" : unbacked), source: nil)
        }
        // A formula over all the rows only when every row is summed (no conditions).
        let source: Bulletin.Source? = set.conditions.isEmpty ? .sum(sourceCells(candidates, values: values)) : nil
        return Bulletin.FieldValue(name: name, text: total.plainText, source: source)
    }

    /// The rows in the list's order: the tables' own, or by a value (ties keep the tables' order).
    func sorted(_ rows: [Row], _ order: BulletinOrder) -> [Row] {
        guard case .by(let name, let descending) = order else { return rows }
        let keyed = rows.enumerated().map { (offset: $0.offset, row: $0.element, key: Self.value(name, $0.element.source.run, $0.element.index).number ?? 0) }
        return keyed.sorted { a, b in
            if a.key != b.key { return descending ? a.key > b.key : a.key < b.key }
            return a.offset < b.offset
        }.map(\.row)
    }

    /// 区统计局、区市场监管局、区供销社等24个 (counted), …等 (etc, when cut short), or the names
    /// alone (plain); one unit alone is its name; none is 无.
    func listText(_ units: [String], cap: Int, style: BulletinField.ListStyle) -> String {
        guard !units.isEmpty else { return "无" }
        let names = units.prefix(cap).map { run.job.registry.shortName($0) }.joined(separator: "、")
        guard units.count > 1 else { return names }
        switch style {
        case .counted: return names + "等\(units.count)个"
        case .etc: return units.count > cap ? names + "等" : names
        case .plain: return names
        }
    }

    /// Registry units of the tables' expected groups (or of `group`) that a table leaves out.
    mutating func missing(_ name: String, tables: [String], group: String?, cap: Int, style: BulletinField.ListStyle) -> Bulletin.FieldValue {
        var absent: [String] = []
        for id in tables {
            guard let t = run.tables.first(where: { $0.table.id == id }), let result = t.result else {
                return Bulletin.FieldValue(name: name, text: unreceived(id, field: name), source: nil)
            }
            let listed = Set(result.rows.compactMap { run.job.registry.unit(named: $0.unit)?.name })
            let groups = group.map { [$0] } ?? (t.table.expectGroups.isEmpty ? run.job.registry.groups : t.table.expectGroups)
            for u in run.job.registry.units where groups.contains(u.group) && !listed.contains(u.name) && !absent.contains(u.name) {
                absent.append(u.name)
            }
        }
        return Bulletin.FieldValue(name: name, text: listText(absent, cap: cap, style: style), source: nil)
    }

    /// One field's number as a percentage of another's, half up (占35.09%).
    mutating func share(_ name: String, part: Bulletin.FieldValue?, whole: Bulletin.FieldValue?, decimals: Int) -> Bulletin.FieldValue {
        guard let p = part.flatMap({ Decimal(strict: $0.text) }), let w = whole.flatMap({ Decimal(strict: $0.text) }), w != 0 else {
            findings.append(AuditFinding(table: Bulletin.findingTable, finding: Finding(kind: .missingValue, unit: Finding.wholeTable, item: name,
                message: "通报字段“\(name)”：所依据的数字无法计算或为 0，通报中标为【待核】")))
            return Bulletin.FieldValue(name: name, text: "【待核】", source: nil)
        }
        return Bulletin.FieldValue(name: name, text: (p / w * 100).roundedHalfUp(decimals).formatted(decimals: decimals) + "%", source: nil)
    }
}
