import Foundation
import KaoheJobs
import KaoheScoring

/// One sheet drafted as a table of the job: the rules found, the rank, what could not be
/// explained, and its lines in the job file.
struct TableDraft: Sendable {
    var id: String
    var layout: SheetLayout
    var rules: [FoundRule]
    var rank: FoundRank?
    /// The score computed from the note's points where the table has no total to check.
    var unpublished: Candidate?
    var grade: FoundGrade?
    var excluded: (column: DraftColumn, word: String)?
    /// Numeric columns no rule explains (read as inputs).
    var unexplained: [DraftColumn]
    /// Rules that reproduced a column but were not kept, by column index: why not.
    var rejected: [Int: String] = [:]

    var hasScores: Bool { !rules.isEmpty || unpublished != nil }
    /// Something of the table is computed or checked: a score, a rank or a grade.
    var isDrafted: Bool { hasScores || rank != nil || grade != nil }
    /// The sheet's headers: sheets of one shape get one treatment per column.
    var shape: [String] { layout.columns.map(\.header) }
    /// Columns kept with `tolerance:`.
    var tolerated: Set<String> { Set(rules.filter { $0.candidate.scores.last?.column.tolerance != nil }.map(\.column.name)) }

    init(layout: SheetLayout, id: String, registry: UnitRegistry, tolerate: Set<String> = []) throws {
        var layout = layout
        layout.columns = layout.columns.map { Self.printedDecimals($0, layout) }
        self.id = id
        self.layout = layout
        let evidence = try Self.evidence(layout, id: id, registry: registry)
        var search = RuleSearch(evidence, tolerate: tolerate)
        search.run()
        rules = search.found
        rank = RankFinder.find(search)
        if rank == nil, let empty = layout.columns.first(where: { $0.isRankLike && $0.kind == .empty }), let last = rules.last {
            // The publisher left the rank column empty: the draft ranks the last score it found.
            rank = FoundRank(column: empty, score: last.column, method: .competition, fit: Fit(fitting: 0, checked: 0, misfits: []),
                             checkAgainstPublished: false, published: false)
        }
        // Grades go with the ranked score or, without ranks, the last computed one (TableScorer);
        // in a table of inputs only, with the score a person would name.
        let graded = rank?.score ?? rules.last?.column
            ?? RankFinder.scoreColumns(search).max { RankFinder.preference($0, search) < RankFinder.preference($1, search) }
        grade = GradeFinder.find(search, score: graded, method: rank?.method ?? .competition)
        if let g = grade, rank == nil, g.grades.needsRanks || rules.isEmpty {
            // Grades by quota need ranks, and grades of an input score are given through its
            // ranking: the rank is computed, not shown.
            let hidden = DraftColumn(index: -1, header: "名次", name: "名次", kind: .empty, decimals: 0, percent: false, longest: 0)
            rank = FoundRank(column: hidden, score: g.score, method: .competition, fit: Fit(fitting: 0, checked: 0, misfits: []),
                             checkAgainstPublished: false, published: false)
        }
        excluded = Self.excludedRows(evidence)
        let explained = Set(rules.map(\.column.index) + [rank?.column.index].compactMap { $0 })
        unexplained = layout.columns.filter { $0.kind == .number && !explained.contains($0.index) && !$0.isRankLike }
            .filter { Self.looksDerived($0, search: search) }
        rejected = search.rejected
        if rules.isEmpty && rank == nil && grade == nil { unpublished = Self.notePointsScore(layout) }
    }

    /// The sheet bound as the engine binds it, every column an input; each numeric column also
    /// under 公布<name>, the published value a rule is checked against.
    static func evidence(_ layout: SheetLayout, id: String, registry: UnitRegistry) throws -> TableEvidence {
        let columns = layout.columns.map { (input: $0.index == layout.unit ? "unit" : $0.name, header: $0.header) }
        let table = TableJob(id: id, title: layout.title ?? layout.sheet, file: layout.file,
                             sheet: layout.oneOfSeveral ? layout.sheet : nil, columns: columns, unitColumn: "unit")
        let bound = try Binder.bind(table, grid: layout.grid, file: layout.file, namesSheet: layout.oneOfSeveral, registry: registry,
                                    notApplicable: [])
        let numeric = layout.columns.filter { ($0.kind != .text || $0.isRankLike) && $0.index != layout.unit }.map(\.name)
        let rows = bound.rows.filter { !NonUnitRow.isTotal($0.rawUnit) }.map { b -> UnitRow in
            var row = b.row
            for name in numeric { row.inputs[TableEvidence.publishedName(name)] = row.inputs[name] }
            return row
        }
        return TableEvidence(layout: layout, rows: rows)
    }

    /// A percentage typed with a trailing 0 on every value (57.10%, 53.30%, 50%) was rounded
    /// to a tenth of a per cent: its decimals are those it was rounded to. (A number format's
    /// decimals, 0.00%, are kept.)
    static func printedDecimals(_ c: DraftColumn, _ layout: SheetLayout) -> DraftColumn {
        guard c.percent, c.decimals > 2, !layout.grid.cells.contains(where: { $0.column == c.index && $0.numberFormat?.contains("%") == true })
        else { return c }
        var values: [Decimal] = []
        for u in layout.units {
            guard u.row < layout.grid.rows.count, c.index < layout.grid.rows[u.row].count, let cell = layout.grid.rows[u.row][c.index] else { continue }
            switch cell {
            case .string(let s): if case .number(let d) = Value.parse(s) { values.append(d) }
            case .number(let t): if let d = Binder.decimal(excelNumber: t) { values.append(d) }
            default: continue
            }
        }
        var out = c
        while out.decimals > 2, !values.isEmpty, values.allSatisfy({ $0.roundedHalfUp(out.decimals - 1) == $0 }) { out.decimals -= 1 }
        return out
    }

    /// A column a reader takes for a result: a total, a final score, a rate or share, or a
    /// score after two or more numbers it may come from.
    static func looksDerived(_ c: DraftColumn, search: RuleSearch) -> Bool {
        let header = c.header.split(separator: "/").last.map(String.init) ?? c.header
        if ["总分", "合计", "最终", "总计", "占比", "完成率", "得分率"].contains(where: header.contains) { return true }
        if ColumnNames.clean(header).hasSuffix("率") { return true }
        return header.hasPrefix("得分") && search.parts(before: c).count >= 2
    }

    /// Rows a text column marks as not assessed (未纳入, 不参评).
    static func excludedRows(_ evidence: TableEvidence) -> (DraftColumn, String)? {
        for column in evidence.layout.columns where column.kind == .text && column.index != evidence.layout.unit {
            for word in ["未纳入", "不参评", "不参加考核"] where evidence.rows.contains(where: { ($0.inputs[column.name]?.text ?? "").contains(word) }) {
                return (column, word)
            }
        }
        return nil
    }

    /// Without any total to check, the note's points per item give the score (seed 004).
    static func notePointsScore(_ layout: SheetLayout) -> Candidate? {
        let counts = layout.columns.filter { $0.kind != .text && $0.index != layout.unit && !$0.isRankLike }
        let stated = PointsFinder.notePoints(counts, notes: layout.notes)
        guard stated.count >= 2 else { return nil }
        let name = layout.columns.contains { $0.name == "得分" } ? "计算得分" : "得分"
        let target = DraftColumn(index: Int.max, header: name, name: name, kind: .number, decimals: 2, percent: false, longest: 0)
        return PointsFinder.candidate(target, counts.compactMap { c in stated[c.name].map { (c, $0) } }, complexity: 2, fromNote: true,
                                      published: false)
    }
}
