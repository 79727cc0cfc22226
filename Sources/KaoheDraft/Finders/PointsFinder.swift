import Foundation
import KaoheFormat
import KaoheScoring

/// Σ count × points per item type (DOMAIN.md §2.7). Points come from the note under the table
/// ("主条2分、…约稿不报或迟报每次扣3分") and from the rows themselves: the system the counts
/// and published totals make is solved exactly on independent rows (others than a published
/// slip, when the first try does not fit), and points no row tells (a column of zeros) are
/// taken from the note.
enum PointsFinder {
    static func candidates(_ search: RuleSearch, _ target: DraftColumn) -> [Candidate] {
        let parts = search.parts(before: target, includingEmpty: true).filter { !search.isDerived($0) }
        // More item types than tables of points have (a dozen or so) is not a points table.
        guard !parts.isEmpty, parts.count <= 16 else { return [] }
        let stated = notePoints(parts, notes: search.evidence.layout.notes)
        var out: [Candidate] = []
        if stated.count * 2 >= parts.count, stated.count >= 2 {
            out.append(candidate(target, parts.compactMap { p in stated[p.name].map { (p, $0) } }, complexity: 2, fromNote: true))
        }
        let published = search.evidence.numbers(TableEvidence.publishedName(target.name))
        let rows = published.indices.filter { published[$0] != nil }
        let matrix = rows.map { r in parts.map { search.evidence.rows[r].inputs[$0.name]?.number ?? 0 } }
        let values = rows.map { published[$0]! }
        for order in orders(rows.count) {
            guard let solved = LinearSolver.solve(matrix, values, rowOrder: order) else { continue }
            let points = zip(parts, solved).compactMap { part, p -> (DraftColumn, Decimal)? in
                guard let p = p ?? stated[part.name] else { return nil }
                return (part, nice(p))
            }
            // Points per item are counted items (whole numbers), and a deduction says so in its
            // header or the note: a total minus its other parts is not a points table.
            let solvedParts = zip(parts, solved).filter { $0.1 != nil && $0.1 != 0 }
            // One column times one number is that column again, not a table of points.
            if solvedParts.count < 2 || solvedParts.contains(where: { !$0.0.integral || ($0.1! < 0 && !deducts($0.0, stated)) }) { continue }
            var c = candidate(target, points, complexity: 3, fromNote: false)
            c.parameters = solved.compactMap { $0 }.count
            c.points = points.filter { stated[$0.0.name] == nil }.map(\.1)
            let unknown = zip(parts, solved).filter { $0.1 == nil && stated[$0.0.name] == nil }.map { "“\($0.0.header)”" }
            if !unknown.isEmpty { c.words += "；" + unknown.joined(separator: "、") + "各行都为空或 0，分值无法确定，未计入" }
            // Points the rows give that the note states otherwise: the published totals were not
            // made as the note says (seed 003's departments: 6 and 3 for the note's 8 and 5).
            let unlike = points.filter { part, p in stated[part.name].map { $0 != p } ?? false }
                .map { "“\($0.0.header)”按 \($0.1.plainText)，说明为 \(stated[$0.0.name]!.plainText)" }
            if !unlike.isEmpty { c.words += "；与表下说明不同：" + unlike.joined(separator: "、") }
            out.append(c)
        }
        return out
    }

    /// A column whose items take points off: its header or the note's points say so.
    static func deducts(_ c: DraftColumn, _ stated: [String: Decimal]) -> Bool {
        (stated[c.name].map { $0 < 0 } ?? false) || ["扣", "减", "不报", "迟报", "差错", "错情", "通报"].contains(where: c.header.contains)
    }

    /// Row orders to solve on: as listed, reversed, and each of the first four rows moved to the end
    /// (so one published slip among them is left out once).
    static func orders(_ n: Int) -> [[Int]] {
        var out = [Array(0..<n), Array((0..<n).reversed())]
        for skip in 0..<min(n, 4) { out.append((0..<n).filter { $0 != skip } + [skip]) }
        return out
    }

    /// Points as written: 5.9999… → 6.
    static func nice(_ p: Decimal) -> Decimal {
        let two = p.roundedHalfUp(2)
        return abs(two - two.roundedHalfUp(0)) < Decimal(string: "0.02")! ? two.roundedHalfUp(0) : two
    }

    static func candidate(_ target: DraftColumn, _ points: [(DraftColumn, Decimal)], complexity: Int, fromNote: Bool,
                          published: Bool = true) -> Candidate {
        let kept = points.filter { $0.1 != 0 }
        let table = PointsTable(kept.map { ($0.0.name, $0.1) })
        let rule = "points: {" + kept.map { "\(YAMLText.scalar($0.0.name)): \($0.1.plainText)" }.joined(separator: ", ") + "}"
        let words = kept.map { "\($0.0.header) × \($0.1.plainText)" }.joined(separator: " + ")
        var column = Finders.column(target, .points(table), emptyIsZero: true)
        if !published { column.published = nil }
        return Candidate(scores: [ScoreDraft(column: column, yaml: Finders.line(target.name, rule: rule, decimals: target.decimals,
                                                                                published: published, emptyIsZero: true))],
                         words: "\(target.name) = \(words.isEmpty ? "0" : words)（空格按 0 计\(fromNote ? "；分值取自表下说明" : "；分值由各行数据解出")）",
                         complexity: complexity)
    }

    /// Points the notes state for each column: its name, then within a few characters a number
    /// and 分 ("主条2分", "省办采用另加4分", "约稿不报或迟报每次扣3分" → −3). A lower header
    /// several columns share (区级采用/信息, 市级采用/信息) is read where the nearest of their
    /// upper headers' first characters before it is its own ("区采用信息计8分…，市采用信息计10分").
    static func notePoints(_ parts: [DraftColumn], notes: [String]) -> [String: Decimal] {
        let text = TextNormalizer.key(notes.joined(separator: "；"))
        var out: [String: Decimal] = [:]
        for part in parts {
            let word = ColumnNames.clean(ColumnNames.lower(part.header))
            let sharing = parts.filter { ColumnNames.clean(ColumnNames.lower($0.header)) == word && $0.header.contains("/") }
            let initials = Set(sharing.compactMap { ColumnNames.upper($0.header).first })
            let own = sharing.count > 1 ? ColumnNames.upper(part.header).first : nil
            guard word.count >= 2 else { continue }
            // "省级采用" is written "省采用" in notes as often as not.
            let spelled = text.contains(word) ? word : word.replacingOccurrences(of: "级", with: "")
            var from = text.startIndex
            while let found = text.range(of: spelled, range: from..<text.endIndex) {
                from = found.upperBound
                if let own, text[..<found.lowerBound].last(where: { initials.contains($0) }) != own { continue }
                if let value = amount(after: text[found.upperBound...]) { out[part.name] = value }
                break
            }
        }
        return out
    }

    /// The points right after a name: "计8分" → 8, "每次扣3分" → −3; nil when a clause ends first.
    static func amount(after rest: Substring) -> Decimal? {
        let tail = rest.prefix(10)
        guard let number = tail.range(of: #"[0-9]+(\.[0-9]+)?分"#, options: .regularExpression) else { return nil }
        let between = tail[tail.startIndex..<number.lowerBound]
        guard !between.contains(where: { "，,；;、。".contains($0) }), let value = Decimal(strict: String(tail[number].dropLast())) else { return nil }
        return between.contains("扣") || between.contains("减") ? -value : value
    }
}

/// Exact elimination in decimals for the points system: rows taken in the given order while
/// they add something new; nil for a variable no row determines.
enum LinearSolver {
    static func solve(_ a: [[Decimal]], _ b: [Decimal], rowOrder: [Int]) -> [Decimal?]? {
        guard let n = a.first?.count, n > 0 else { return nil }
        var basis: [(row: [Decimal], value: Decimal, pivot: Int)] = []
        let tiny = Decimal(string: "0.000000001")!
        for r in rowOrder where basis.count < n {
            var row = a[r], value = b[r]
            for (bRow, bValue, pivot) in basis where row[pivot] != 0 {
                let f = row[pivot]
                for j in 0..<n { row[j] -= f * bRow[j] }
                value -= f * bValue
            }
            guard let pivot = (0..<n).max(by: { abs(row[$0]) < abs(row[$1]) }), abs(row[pivot]) > tiny else { continue }
            let p = row[pivot]
            for j in 0..<n { row[j] /= p }
            value /= p
            for i in basis.indices where basis[i].row[pivot] != 0 {
                let f = basis[i].row[pivot]
                for j in 0..<n { basis[i].row[j] -= f * row[j] }
                basis[i].value -= f * value
            }
            basis.append((row, value, pivot))
        }
        var out = [Decimal?](repeating: nil, count: n)
        for (row, value, pivot) in basis {
            // Determined only when no free variable is left in its row.
            let free = (0..<n).contains { j in j != pivot && abs(row[j]) > tiny && !basis.contains { $0.pivot == j } }
            if !free { out[pivot] = value }
        }
        return out
    }
}
