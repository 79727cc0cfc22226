import Foundation
import KaoheFormat
import KaoheAssessment
import KaoheJobs
import KaoheScoring
import KaoheWriter

/// Turns a run into the reviewers' summary workbook: one sheet per table in job order, the
/// roll-up (总表) when the job has one, and the audit sheet (校验结果).
public enum ReportBuilder {

    /// Where each unit's values stand in the summary: table id → unit → output value → cell.
    public typealias Positions = [String: [String: UnitCells]]

    /// Where one unit's row stands on its table's sheet: the cell of each output column.
    public struct UnitCells: Sendable {
        var sheet: Int
        var row: Int
        /// Output value → column (the last column showing it); one map shared by a table's rows.
        var columns: [OutputValue: Int]

        public subscript(_ value: OutputValue) -> CellTarget? {
            columns[value].map { CellTarget(sheet: sheet, row: row, column: $0) }
        }
    }

    /// The summary workbook: the cover (封面), 总表 right after it when the job has one, each
    /// table's sheet (with chart sheets after it where the job asks for a chart), and the
    /// audit sheet last.
    ///
    /// `previousRanks` (table id → unit → rank of the previous run) adds a 名次变化 column after
    /// each rank column: ↑2, ↓1, — (unchanged) or 新 (not ranked last time).
    /// `bulletin`: the run's bulletin when the caller has it already (it also writes the
    /// document); evaluated here otherwise. `fixedTime` (SOURCE_DATE_EPOCH): the time the cover
    /// says it was made, and the latest it shows; nil for now.
    public static func workbook(_ run: AssessmentRun, previousRanks: [String: [String: Int]]? = nil, bulletin: Bulletin? = nil,
                                fixedTime: Date? = nil) -> ReportWorkbook {
        var tableSheets: [ReportSheet] = []
        var positions: Positions = [:]
        var marked: [String: Int] = [:]
        var index = 1 + (run.job.total == nil ? 0 : 1)
        for t in run.tables {
            let built = sheet(t, sheetIndex: index, previousRanks: previousRanks.map { $0[t.table.id] ?? [:] },
                              findings: run.findingsForReview.filter { $0.table == t.table.id })
            tableSheets.append(built.sheet)
            positions[t.table.id] = built.positions
            marked[t.table.id] = built.marked
            index += 1
        }
        var sheets = [coverSheet(run, marked: marked, sheetNames: tableSheets.map(\.name), fixedTime: fixedTime)]
        if let total = run.job.total {
            sheets.append(totalSheet(total, run, positions: positions, previousRanks: previousRanks.map { $0[TotalJob.rankKey] ?? [:] }))
        }
        sheets += tableSheets
        sheets.append(bulletinSheet(bulletin ?? run.bulletin(previousRanks: previousRanks), positions: positions))
        sheets.append(auditSheet(run, positions: positions))
        return ReportWorkbook(title: run.job.assessment, sheets: sheets)
    }

    // MARK: Table sheets

    static func header(_ output: [OutputColumn]) -> [[HeaderCell]] {
        let parts = output.map { $0.header.split(separator: "/", maxSplits: 1).map(String.init) }
        guard parts.contains(where: { $0.count > 1 }) else { return [parts.map { HeaderCell($0[0]) }] }
        var top: [HeaderCell] = []
        var bottom: [HeaderCell] = []
        var i = 0
        while i < parts.count {
            if parts[i].count == 1 {
                top.append(HeaderCell(parts[i][0], rows: 2))
                i += 1
                continue
            }
            var j = i
            while j < parts.count && parts[j].count > 1 && parts[j][0] == parts[i][0] {
                bottom.append(HeaderCell(parts[j][1]))
                j += 1
            }
            top.append(HeaderCell(parts[i][0], columns: j - i))
            i = j
        }
        return [top, bottom]
    }

    /// One table's sheet (with its chart, drawn by the writer on chart sheets of its own after
    /// it, when the job asks for one), where each unit's cells stand and how many are marked.
    struct BuiltSheet {
        var sheet: ReportSheet
        var positions: [String: UnitCells] = [:]
        var marked = 0
        /// The table's findings for review that have a cell in it (each cell marked).
        var located = 0
    }

    /// `findings`: the table's findings for review; each one's cell (the score it checks, the
    /// rank, the grade or the input; else the unit's name) is marked if nothing marked it yet,
    /// so the cover's count of marked cells is the count of findings located in the table.
    static func sheet(_ t: TableRun, sheetIndex: Int, previousRanks: [String: Int]? = nil, findings: [AuditFinding] = []) -> BuiltSheet {
        var table = t.table
        if previousRanks != nil {
            table.output = table.output.flatMap { o in
                o.value == .rank ? [o, OutputColumn(header: "名次变化", value: .rankChange, format: .text, width: 8)] : [o]
            }
        }
        let columns = table.output.map { ReportColumn($0.format, width: $0.width, alignLeft: $0.alignLeft) }
        var built = BuiltSheet(sheet: ReportSheet(name: table.sheetName ?? table.title, title: table.title, subtitle: table.subtitle,
                                                 columns: columns, header: header(table.output), body: [], notes: table.notes))
        guard let bound = t.bound, let result = t.result else {
            built.sheet.body = [.cells([.text("（\(t.problem ?? "无数据")）")] + Array(repeating: .empty, count: max(0, columns.count - 1)))]
            return built
        }
        let grouped = table.groupHeadings && Set(t.order.map { result.rows[$0].group }).count > 1
        var currentGroup: String? = nil
        let index = TableNames(table)
        let cellColumns = Dictionary(table.output.enumerated().map { ($0.element.value, $0.offset) }, uniquingKeysWith: { _, b in b })
        var sequence = 0
        for i in t.order {
            let r = result.rows[i]
            if grouped && r.group != currentGroup {
                built.sheet.body.append(.group(r.group))
                currentGroup = r.group
            }
            sequence += 1
            let row = built.sheet.firstBodyRow + built.sheet.body.count
            built.positions[r.unit] = UnitCells(sheet: sheetIndex, row: row, columns: cellColumns)
            if let rollup = table.rollup {
                built.sheet.body += rollupRows(rollup, unit: i, t: t, table: table, index: index, previousRanks: previousRanks)
                continue
            }
            let cells = table.output.map { o -> ReportCell in
                switch o.value {
                case .rankChange: return .text(rankChange(now: r.rank, before: previousRanks?[r.unit]))
                case .sequence: return .number(Decimal(sequence))
                default: return cell(o, bound: bound.rows[i], result: r, table: table, index: index)
                }
            }
            built.sheet.body.append(.cells(cells))
        }
        narrowEmptyColumns(&built.sheet)
        // Notes on the table as a whole (values taken within tolerance, ties at a grade quota).
        for f in result.findings where f.kind == .note && f.isAboutTheTable {
            built.sheet.notes.append(f.message.hasPrefix("注：") ? f.message : "注：" + f.message + "。")
        }
        built.located = markFindings(findings, in: &built, table: table)
        built.marked = markedCells(built.sheet)
        if built.marked > 0 {
            built.sheet.notes.append("注：浅黄底色的 \(built.marked) 个单元格与公布值不一致或需要人工核对，原因见单元格批注和“\(auditSheetName)”表。")
        }
        if let chart = table.chart, let valueColumn = cellColumns[OutputValue(chart)] {
            built.sheet.chart = chartSpec(t, table: table, value: chart, valueColumn: valueColumn,
                                          categoryColumn: cellColumns[.unit] ?? 0, grouped: grouped)
        }
        return built
    }

    /// The output value a finding concerns: the score whose published value it checks, the
    /// rank, the grade, or the item itself.
    static func findingValue(_ f: Finding, table: TableJob) -> OutputValue {
        if let score = table.scores.first(where: { $0.published == f.item }) { return OutputValue(score.name) }
        return f.kind == .rankMismatch ? .rank : f.kind == .gradeMismatch ? .grade : OutputValue(f.item)
    }

    /// Marks each finding's cell that nothing marked yet, with the finding as its comment; how
    /// many of the findings have a cell in the table.
    static func markFindings(_ findings: [AuditFinding], in built: inout BuiltSheet, table: TableJob) -> Int {
        var located = 0
        for a in findings {
            guard let cells = built.positions[a.finding.unit],
                  let target = cells[findingValue(a.finding, table: table)] ?? cells[.unit] else { continue }
            let i = target.row - built.sheet.firstBodyRow
            guard built.sheet.body.indices.contains(i), case .cells(var row) = built.sheet.body[i], row.indices.contains(target.column) else { continue }
            located += 1
            if case .marked = row[target.column] { continue }
            row[target.column] = .marked(row[target.column], comment: "需人工核对：" + a.finding.message)
            built.sheet.body[i] = .cells(row)
        }
        return located
    }

    static func markedCells(_ sheet: ReportSheet) -> Int {
        sheet.body.reduce(0) { n, b in
            guard case .cells(let cells) = b else { return n }
            return n + cells.filter { if case .marked = $0 { return true } else { return false } }.count
        }
    }

    /// A column empty in every row is narrowed to what its header needs on two lines (a
    /// narrower one made the header five lines tall), at least six characters.
    static func narrowEmptyColumns(_ sheet: inout ReportSheet) {
        let header = sheet.header.count == 1 && sheet.header[0].count == sheet.columns.count ? sheet.header[0].map(\.text) : nil
        for c in sheet.columns.indices {
            let empty = sheet.body.allSatisfy { b in
                guard case .cells(let cells) = b else { return true }
                return c >= cells.count || cells[c].unmarked == .empty
            }
            guard empty else { continue }
            let twoLines = header.map { (Layout.displayWidth($0[c]) / 2).rounded(.up) * Layout.unitsPerDisplayUnit + 1.5 } ?? 6
            sheet.columns[c].width = min(sheet.columns[c].width ?? twoLines, max(6, twoLines))
        }
    }

    /// A unit's row on a sheet of sub-units, then its sub-units' rows below it: the unit's
    /// aggregate refers to them (ROUND(AVERAGE(C6:C9),2)) and 下属单位数 counts them.
    static func rollupRows(_ rollup: SubunitRollup, unit i: Int, t: TableRun, table: TableJob, index: TableNames,
                           previousRanks: [String: Int]?) -> [BodyRow] {
        let result = t.result!, bound = t.bound!
        let r = result.rows[i]
        let members = result.subunits[i]
        let top = table.output.map { o -> ReportCell in
            switch o.value {
            case .unit: return .text(r.unit)
            case .subunits: return .number(Decimal(members.count))
            case .rank: return r.rank.map { .number(Decimal($0)) } ?? .empty
            case .grade: return r.grade.map(ReportCell.text) ?? .empty
            case .rankChange: return .text(rankChange(now: r.rank, before: previousRanks?[r.unit]))
            case let v where v.name == rollup.name:
                guard case .number(let v)? = r.computed[rollup.name] else { return .empty }
                guard let c = index.columns[rollup.of] else { return .number(v) }
                var f = ReportFormula([.text("\(rollup.method.excel)("), .rows(column: c, from: 1, to: members.count), .text(")")])
                if let d = rollup.decimals { f = ReportFormula([.text("ROUND(")] + f.parts + [.text(",\(d))")]) }
                let cell = ReportCell.formula(f, cached: v)
                return r.review[rollup.name].map { .marked(cell, comment: "需人工核对：" + $0) } ?? cell
            default: return .empty
            }
        }
        let below = members.map { k -> BodyRow in
            .cells(table.output.map { o -> ReportCell in
                switch o.value {
                case .unit, .subunits, .rank, .grade, .rankChange: return .empty
                case .subunit: return .text(bound.rows[k].row.inputs[table.subunitColumn ?? ""]?.description ?? "")
                default: return cell(o, bound: bound.rows[k], result: result.subrows[k], table: table, index: index)
                }
            })
        }
        return [.cells(top)] + below
    }

    static func cell(_ column: OutputColumn, bound: BoundRow, result: RowResult, table: TableJob,
                     index: TableNames) -> ReportCell {
        switch column.value {
        case .unit:
            // A row the job excludes on purpose is shown as excluded, not as a doubt.
            guard !bound.row.registered, result.excludedReason == nil else { return .text(result.unit) }
            return .marked(.text(result.unit), comment: "需人工核对：单位“\(result.unit)”不在单位名册中，已按原名列出，不参加排名；请核对名称或补充名册")
        case .rank:
            guard let rank = result.rank else { return unranked(bound: bound, result: result, table: table) }
            guard let p = result.publishedRank else { return .number(Decimal(rank)) }
            return .marked(.number(Decimal(rank)), comment: "公布名次 \(p)；按本表显示的得分排为 \(rank)")
        case .grade:
            guard let g = result.grade else { return .empty }
            var shown = ReportCell.text(g)
            if let color = table.gradeColors[g] { shown = .filled(shown, color: color) }
            guard let p = result.publishedGrade else { return shown }
            return .marked(shown, comment: "公布等次“\(p)”；按本表显示的得分为“\(g)”")
        default: break
        }
        let name = column.value.name
        if let score = index.scores[name].map({ table.scores[$0] }) {
            guard case .number(let v)? = result.computed[score.name] else {
                return result.doubts[score.name].map { .marked(.empty, comment: "需人工核对：" + $0) } ?? .empty
            }
            var shown = ReportCell.number(v)
            // A value taken as published (within tolerance, or shown as published) is that
            // number, not a formula that would recalculate to something else.
            let published = result.takenAsPublished.contains(score.name) || (score.showPublished && result.differs[score.name] != nil)
            if !published, let f = formula(score, bound: bound, result: result, table: table, index: index) {
                shown = .formula(f, cached: v)
            }
            if let other = result.differs[score.name] {
                let how = Computation.text(score, bound: bound, result: result, table: table) ?? ""
                return .marked(shown, comment: score.showPublished
                    ? "显示公布值；重新计算为 \(other.formatted(decimals: score.decimals ?? 2))" + (how.isEmpty ? "" : "：" + how)
                    : "公布值 \(other.formatted(decimals: score.decimals ?? 2))；重新计算" + (how.isEmpty ? "为 \(v.formatted(decimals: score.decimals ?? 2))" : "：" + how))
            }
            if let why = result.review[score.name] { return .marked(shown, comment: "需人工核对：" + why) }
            return shown
        }
        let input: ReportCell
        switch bound.row.inputs[name] ?? .missing {
        case .number(let d): input = .number(d)
        case .text(let s): input = .text(s)
        case .notApplicable: input = .text(bound.shown[name]?.text ?? "——")
        case .missing: input = .empty
        }
        // An input a score could not take as written: its cell says what was read and done.
        return result.doubts[name].map { .marked(input, comment: "需人工核对：" + $0) } ?? input
    }

    /// The rank cell of a unit that has none: why, when it should have had one.
    static func unranked(bound: BoundRow, result: RowResult, table: TableJob) -> ReportCell {
        // Excluded on purpose: said so where its rank would be, not left blank as if missing.
        if result.excludedReason != nil { return .text("不参评") }
        // An unregistered unit's name cell says it is not ranked: one mark for its one finding.
        if !bound.row.registered { return .empty }
        guard let score = table.rank?.column, let why = result.doubts[score] else { return .empty }
        return .marked(.empty, comment: "需人工核对：\(why)，不参加排名")
    }

    static func rankChange(now: Int?, before: Int?) -> String {
        guard let now else { return "" }
        guard let before else { return "新" }
        if now == before { return "—" }
        return now < before ? "↑\(before - now)" : "↓\(now - before)"
    }

    /// The rule as an Excel formula over this row's cells, where it can be said as one. The
    /// rule names what it uses; a name the table shows becomes its column (the writer makes the
    /// A1 reference), an unshown earlier score is spelt out as its own formula
    /// ((100-0.83+0.3)*0.5), anything else is its value.
    static func formula(_ score: ComputedColumn, bound: BoundRow, result: RowResult, table: TableJob,
                        index: TableNames) -> ReportFormula? {
        scoringFormula(score, bound: bound, result: result, table: table, index: index).map { f in
            ReportFormula(f.parts.map { part in
                switch part {
                case .text(let t): return .text(t)
                case .name(let n): return .column(index.columns[n]!)
                }
            })
        }
    }

    static func scoringFormula(_ score: ComputedColumn, bound: BoundRow, result: RowResult, table: TableJob,
                               index: TableNames, rounded: Bool = true) -> Formula? {
        // What a name stands for: a computed score before an input of the same name.
        func value(_ name: String) -> Value {
            let v = result.computed[name] ?? bound.row.inputs[name] ?? .missing
            if score.emptyIsZero, v == .missing { return .number(0) }
            return v
        }
        func isShown(_ name: String) -> Bool { index.shown.contains(name) }
        func reference(_ name: String) -> Formula? {
            guard case .number(let n) = value(name) else { return nil }
            if isShown(name) { return .name(name) }
            if let earlier = index.scores[name].map({ table.scores[$0] }), earlier.name != score.name,
               let inner = scoringFormula(earlier, bound: bound, result: result, table: table, index: index) {
                return inner.wrapped("(", ")")
            }
            return .literal(n)
        }
        let context = FormulaContext(reference: reference, isShown: isShown, value: value,
                                     detail: result.details[score.name])
        guard let body = score.rule.rule.formula(context) else { return nil }
        guard rounded else { return body }
        return score.decimals.map { "ROUND(" + body + "," + .text(String($0)) + ")" } ?? body
    }

    static func literal(_ d: Decimal) -> String { d.plainText }

    /// What one table's formulas look names up in, made once per table (not at every name of
    /// every row): the column of each output value, the names shown as columns of their own,
    /// and where each score stands among the table's scores.
    struct TableNames {
        /// Output value → its first column.
        let columns: [String: Int]
        /// Values shown in a column of their own (not unit, rank or grade).
        let shown: Set<String>
        /// Score name → its first place in `table.scores`.
        let scores: [String: Int]

        init(_ table: TableJob) {
            columns = Dictionary(table.output.enumerated().map { ($0.element.value.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
            shown = Set(table.output.map(\.value).filter { ![.unit, .rank, .grade].contains($0) }.map(\.name))
            scores = Dictionary(table.scores.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        }
    }
}
