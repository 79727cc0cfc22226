import Foundation
import KaoheReader
import KaoheScoring

extension Job {
    /// The tables whose file pattern (`patterns`: the tables' patterns, normalised once) fits
    /// a file name, grouped by the period the name gives (nil for patterns without `{period}`),
    /// in the order first found. The one place a file name is matched to a job's tables.
    public func tables(fitting name: Glob.Name, patterns: [Glob.Pattern]) -> [(period: String?, tables: [String])] {
        var groups: [(period: String?, tables: [String])] = []
        for (t, pattern) in zip(tables, patterns) {
            guard var captured = pattern.match(name) else { continue }
            if let raw = captured {
                // Never a period: a correction mark; in the table's form when it has one.
                let text = Period.withoutCorrection(raw).period
                guard let period = (t.periodForm ?? periodForm).map({ $0.read(text) }) ?? text else { continue }
                captured = period
            }
            if let i = groups.firstIndex(where: { $0.period == captured }) { groups[i].tables.append(t.id) } else { groups.append((captured, [t.id])) }
        }
        return groups
    }
}

extension Job {
    /// The `{period}` text of a file name that fits a table's pattern but is no period of its
    /// form (the table's, else the job's), with that table (for the note that returns it); nil when there is none.
    public func unreadablePeriod(in name: Glob.Name, patterns: [Glob.Pattern]) -> (text: String, table: TableJob)? {
        for (table, pattern) in zip(tables, patterns) {
            guard let form = table.periodForm ?? periodForm else { continue }
            if case let raw?? = pattern.match(name), form.read(Period.withoutCorrection(raw).period) == nil { return (raw, table) }
        }
        return nil
    }

    /// A period as the job writes it (2026.10 → 2026年10月), in the job's form or a table's own
    /// (a year-end table's 2026年度); correction marks taken off. Nil when the job has a form and
    /// no form of it reads the text; the text itself when the job has none.
    public func readPeriod(_ text: String) -> String? {
        let plain = Period.withoutCorrection(text).period
        guard let periodForm else { return plain }
        return ([periodForm] + tables.compactMap(\.periodForm)).lazy.compactMap { $0.read(plain) }.first
    }
}
