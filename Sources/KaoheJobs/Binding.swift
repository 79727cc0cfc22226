import Foundation
import KaoheFormat
import KaoheReader
import KaoheScoring

/// A finding with the table it belongs to and where a reviewer finds the value.
public struct AuditFinding: Sendable, Equatable {
    public var table: String
    public var finding: Finding
    /// "政务公开.xlsx!D7", when the finding is about one cell.
    public var location: String?

    public init(table: String, finding: Finding, location: String? = nil) {
        self.table = table
        self.finding = finding
        self.location = location
    }
}

/// A unit row read from a submitted sheet.
public struct BoundRow: Sendable {
    public var row: UnitRow
    /// The name as written in the workbook.
    public var rawUnit: String
    /// Where the row was read: its sheet row (0-based) and the column of each input (one map
    /// shared by the rows of a block). `BoundTable.location` writes "政务公开.xlsx!D7" from it
    /// when a finding needs it.
    public var sourceRow: Int
    public var sourceColumns: [String: Int]
    /// Input values as the cells show them, for the summary sheet.
    public var shown: [String: CellValue]
    public var known: Bool

    public init(row: UnitRow, rawUnit: String, sourceRow: Int, sourceColumns: [String: Int], shown: [String: CellValue], known: Bool) {
        self.row = row
        self.rawUnit = rawUnit
        self.sourceRow = sourceRow
        self.sourceColumns = sourceColumns
        self.shown = shown
        self.known = known
    }
}

/// A table's rows as read from its workbook.
public struct BoundTable: Sendable {
    public var file: String
    public var sheet: String
    public var rows: [BoundRow]
    public var findings: [AuditFinding]
    /// Whether locations name the sheet (the workbook has more than one).
    public var namesSheet = false
    /// Registry units of the table's `expect_groups` it does not list.
    public var missingUnits: [String] = []
    /// Whether the table was printed sideways (one column per unit): its rows' `sourceRow` is
    /// then a column of the sheet, and `sourceColumns` rows.
    public var transposed = false

    /// Where `row`'s value of `input` was read: "政务公开.xlsx!D7" (with the sheet,
    /// "政务公开.xlsx!市直部门!D7", when the workbook has several), the cell as it is in the
    /// file; nil for an input it has no column for.
    public func location(_ row: BoundRow, _ input: String) -> String? {
        row.sourceColumns[input].map { c in
            let (r, c) = transposed ? (c, row.sourceRow) : (row.sourceRow, c)
            return SheetBinding.location(file: file, sheet: namesSheet ? sheet : nil, r, c)
        }
    }
}

/// Why a table's data could not be read at all. Chinese: it is shown to office staff.
public struct BindingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var table: String
    public var file: String?
    public var message: String
    public var description: String { (file.map { $0 + "：" } ?? "") + message }

    public init(table: String, file: String?, message: String) {
        self.table = table
        self.file = file
        self.message = message
    }
}

public enum Binder {
    /// Numbers as Excel keeps them: 15 significant digits ("4.8600000000000003" is 4.86).
    public static func decimal(excelNumber text: String) -> Decimal? {
        guard let d = Decimal(strict: text.trimmed) else { return nil }
        if d.isZero { return 0 }
        // Most cells carry 15 significant digits or fewer: nothing to round.
        var digits = 0
        var leading = true
        for byte in text.utf8 {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { continue }
            if leading && byte == UInt8(ascii: "0") { continue }
            leading = false
            digits += 1
        }
        if digits <= 15 { return d }
        let magnitude = d < 0 ? -d : d
        // Digits before the point: the power of ten of the leading digit, plus one.
        var exponent = 0
        var probe = magnitude
        while probe >= 10 { probe /= 10; exponent += 1 }
        while probe < 1 { probe *= 10; exponent -= 1 }
        return d.roundedHalfUp(max(0, 14 - exponent))
    }

    /// Reads `table`'s rows from the sheet of `path`.
    public static func bind(_ table: TableJob, path: String, registry: UnitRegistry, notApplicable: Set<String>) throws -> BoundTable {
        try bind(table, from: OpenedWorkbook(try open(path, table: table.id)), registry: registry, notApplicable: notApplicable)
    }

    /// For routing a workbook by its content: each of `tables` bound on whichever sheet it fits
    /// — the sheets it names first, then every other visible worksheet (a lead unit may have
    /// renamed the sheet) — with the workbook opened and each sheet read once; nil where none fits.
    public static func bindAnywhere(_ tables: [(table: TableJob, registry: UnitRegistry, notApplicable: Set<String>)],
                                    path: String) -> [BoundTable?] {
        guard let workbook = try? Workbook(path: path) else { return tables.map { _ in nil } }
        let opened = OpenedWorkbook(workbook)
        return tables.map { t in
            (try? bind(t.table, from: opened, registry: t.registry, notApplicable: t.notApplicable))
                ?? renamedSheet(t.table, from: opened, registry: t.registry, notApplicable: t.notApplicable)
        }
    }

    /// The table bound on the sheet, other than those it names, whose headers fit and that has
    /// most of the table's own units (a majority of its rows); nil when there is none.
    static func renamedSheet(_ table: TableJob, from opened: OpenedWorkbook, registry: UnitRegistry, notApplicable: Set<String>) -> BoundTable? {
        let named = (try? candidateSheets(table, opened).map(\.part)) ?? []
        var best: (bound: BoundTable, units: Int)? = nil
        for sheet in opened.workbook.sheets where sheet.kind == .worksheet && sheet.state == .visible && !named.contains(sheet.part) {
            guard let bound = try? bind(table, sheet: sheet, from: opened, registry: registry, notApplicable: notApplicable) else { continue }
            let units = ownUnits(bound, of: table)
            if units * 2 >= bound.rows.count, units > (best?.units ?? 0) { best = (bound, units) }
        }
        return best?.bound
    }

    /// The rows of `bound` that are the table's own units: registered, and in its groups when it names them.
    public static func ownUnits(_ bound: BoundTable, of table: TableJob) -> Int {
        bound.rows.filter { $0.known && (table.expectGroups.isEmpty || table.expectGroups.contains($0.row.group)) }.count
    }

    /// Reads `table`'s rows from an opened workbook, whose sheets are read once for all its tables.
    package static func bind(_ table: TableJob, from opened: OpenedWorkbook, registry: UnitRegistry, notApplicable: Set<String>) throws -> BoundTable {
        let workbook = opened.workbook
        let fileName = (workbook.path as NSString).lastPathComponent
        let candidates = try candidateSheets(table, opened)
        guard !candidates.isEmpty else {
            let wanted = table.sheet.map { "名为“\($0)”的工作表" } ?? table.sheetTitleContains.map { "标题含“\($0)”的工作表" } ?? "工作表"
            // A sheet renamed by the lead unit: the sheet whose headers fit and most of whose
            // units are the table's own is read, and the audit sheet says so.
            if table.sheet != nil, var bound = renamedSheet(table, from: opened, registry: registry, notApplicable: notApplicable) {
                bound.findings.append(AuditFinding(table: table.id, finding: Finding(
                    kind: .note, unit: Finding.wholeTable, item: "工作表",
                    message: "没有\(wanted)，读取了表头相符、单位属于本表的工作表“\(bound.sheet)”"), location: fileName + "!" + bound.sheet))
                return bound
            }
            throw BindingError(table: table.id, file: fileName,
                               message: "找不到\(wanted)（现有：\(workbook.sheets.map(\.name).joined(separator: "、"))）")
        }
        // A cover or notes sheet before the table (even one whose text names the table) is
        // passed over: the first candidate whose header is found is the table's.
        var first: BindingError?
        for sheet in candidates {
            do {
                return try bind(table, sheet: sheet, from: opened, registry: registry, notApplicable: notApplicable)
            } catch let e as BindingError {
                first = first ?? e
            }
        }
        throw first!
    }

    static func bind(_ table: TableJob, sheet: SheetInfo, from opened: OpenedWorkbook, registry: UnitRegistry,
                     notApplicable: Set<String>) throws -> BoundTable {
        let workbook = opened.workbook
        return try bind(table, grid: try opened.grid(sheet), file: (workbook.path as NSString).lastPathComponent,
                        namesSheet: workbook.sheets.count > 1, registry: registry, notApplicable: notApplicable,
                        otherSheet: { name in workbook.sheets.first { $0.name.lowercased() == name.lowercased() }.flatMap { try? opened.grid($0) } })
    }

    /// Reads `table`'s rows from a sheet already in memory (`file` names it in locations, with
    /// the sheet's name when `namesSheet`), one row per unit or, printed sideways, one column
    /// per unit (`orientation`, Sideways.swift).
    /// `otherSheet`: another sheet of the workbook by name, for formulas that name one.
    public static func bind(_ table: TableJob, grid: SheetGrid, file fileName: String, namesSheet: Bool, registry: UnitRegistry,
                            notApplicable: Set<String>, otherSheet: @escaping (String) -> SheetGrid? = { _ in nil }) throws -> BoundTable {
        let cells = grid.rows
        let view = SheetBinding(table: table, registry: registry, markers: notApplicable.union(Value.defaultNotApplicableMarkers),
                                fileName: fileName, sheet: grid.name, namesSheet: namesSheet, cells: cells, merges: grid.metadata.mergedRanges,
                                formulas: grid.formulas.isEmpty ? nil : FormulaCells(grid: grid, rows: cells, otherSheet: otherSheet))
        return try bindEitherWay(view)
    }

    /// The table's rows as `view` shows them: its header, each block's rows, the units missing.
    static func bind(_ view: SheetBinding) throws(BindingError) -> BoundTable {
        let header = try view.header()
        var rows: [BoundRow] = []
        var findings: [AuditFinding] = []
        for block in header.blocks {
            view.readRows(block, below: header.bottom, of: header.blocks.count, into: &rows, &findings)
        }
        let missing = view.missingUnits(rows)
        findings += missing.map { view.finding(unit: $0, "名册中的单位在本表中缺失", at: "\(view.fileName)!\(view.sheet)") }
        return BoundTable(file: view.fileName, sheet: view.sheet, rows: rows, findings: findings, namesSheet: view.namesSheet,
                          missingUnits: missing, transposed: view.transposed)
    }

    /// The column of each input in each block: one block when every header is found once; as
    /// many as the unit header is found when every header is found that often, in the same
    /// order; otherwise the headers cannot be told apart.
    static func sideBySide(_ hits: [String: [Int]], unit: String, row: Int, table: TableJob, file: String, sheet: String)
        throws(BindingError) -> [[String: Int]] {
        let k = hits[unit]!.count
        let odd = table.columns.filter { hits[$0.input]!.count != k }
        if k == 1 && odd.isEmpty || k > 1 && odd.isEmpty {
            let blocks = (0..<k).map { b in hits.mapValues { $0[b] } }
            // Blocks must not interleave: all of one block's columns before the next block's.
            let ordered = zip(blocks, blocks.dropFirst()).allSatisfy { a, b in a.values.max()! < b.values.min()! }
            if ordered { return blocks }
        }
        let describe = table.columns.map { c in
            "“\(c.header)”\(hits[c.input]!.count) 次（第 \(hits[c.input]!.map { CellReference.columnName($0) }.joined(separator: "、")) 列）"
        }.joined(separator: "，")
        throw BindingError(table: table.id, file: file, message:
            "工作表“\(sheet)”第 \(row + 1) 行的表头重复出现，无法判断各列属于哪一组：\(describe)")
    }

    package static func open(_ path: String, table: String) throws(BindingError) -> Workbook {
        do {
            return try Workbook(path: path)
        } catch {
            throw BindingError(table: table, file: (path as NSString).lastPathComponent, message: ReaderMessages.chinese(error))
        }
    }

    /// A cell's value; `markers` are the job's not-applicable markers and the default ones.
    static func value(of cell: CellValue?, markers: Set<String>) -> Value {
        switch cell {
        case nil: return .missing
        case .number(let t)?: return decimal(excelNumber: t).map(Value.number) ?? .text(t)
        case .string(let s)?: return Value.parse(s, notApplicableMarkers: markers)
        case .bool(let b)?: return .text(b ? "TRUE" : "FALSE")
        case .error(let e)?: return .text(e)
        case .date(let d)?: return .text(d)
        }
    }

    /// The sheets that may hold the table, in order: the one named `sheet:`; the worksheets
    /// whose first rows hold `title_contains:`; otherwise every visible worksheet.
    static func candidateSheets(_ table: TableJob, _ opened: OpenedWorkbook) throws -> [SheetInfo] {
        let workbook = opened.workbook
        if let name = table.sheet {
            return workbook.sheets.filter { TextNormalizer.key($0.name) == TextNormalizer.key(name) }
        }
        if let title = table.sheetTitleContains {
            var found: [SheetInfo] = []
            for s in workbook.sheets where s.kind == .worksheet {
                let head = try opened.head(s)
                if head.contains(where: { TextNormalizer.key($0.value.text).contains(TextNormalizer.key(title)) }) { found.append(s) }
            }
            return found
        }
        return workbook.sheets.filter { $0.kind == .worksheet && $0.state == .visible }
    }
}

/// One table's sheet as it is bound: where its header is, and its rows below it.
struct SheetBinding {
    let table: TableJob
    let registry: UnitRegistry
    /// The job's not-applicable markers and the default ones.
    let markers: Set<String>
    let fileName: String
    let sheet: String
    /// Whether locations name the sheet (the workbook has more than one).
    let namesSheet: Bool
    let cells: [[CellValue?]]
    let merges: [CellRange]
    /// The sheet's formulas; nil when it has none.
    var formulas: FormulaCells? = nil
    /// Whether `cells` and `merges` are the sheet's transposed (a table printed sideways, one
    /// column per unit): locations and messages name the cells as they are in the file.
    var transposed = false

    /// Where the header is: the column of each input in each block printed side by side, and
    /// the header's last row.
    struct Header {
        var blocks: [[String: Int]]
        var bottom: Int
    }

    /// A cell as shown: its own value, or, inside a merged range, the range's first cell's.
    func displayed(_ r: Int, _ c: Int) -> CellValue? {
        if c < cells[r].count, let v = cells[r][c] { return v }
        guard !merges.isEmpty, let m = merges.first(where: { $0.contains(row: r, column: c) }),
              m.firstRow < cells.count, m.firstColumn < cells[m.firstRow].count else { return nil }
        return cells[m.firstRow][m.firstColumn]
    }

    /// Where the cell (r, c) shows its value from: itself, or, an empty cell inside a merged
    /// range, the range's first cell.
    func shownAt(_ r: Int, _ c: Int) -> (Int, Int) {
        if r < cells.count, c < cells[r].count, cells[r][c] != nil { return (r, c) }
        guard let m = merges.first(where: { $0.contains(row: r, column: c) }) else { return (r, c) }
        return (m.firstRow, m.firstColumn)
    }

    /// A cell's text as shown: a cell inside a merged range shows the range's first cell.
    func text(_ r: Int, _ c: Int) -> String {
        var rr = r, cc = c
        if let m = merges.first(where: { $0.contains(row: r, column: c) }) { rr = m.firstRow; cc = m.firstColumn }
        guard rr < cells.count, cc < cells[rr].count, let v = cells[rr][cc] else { return "" }
        return v.text
    }

    /// The cell (r, c) of the view as the file names it.
    func location(_ r: Int, _ c: Int) -> String {
        let (fr, fc) = original(r, c)
        return Self.location(file: fileName, sheet: namesSheet ? sheet : nil, fr, fc)
    }

    /// The file's row and column of the view's cell (r, c).
    func original(_ r: Int, _ c: Int) -> (row: Int, column: Int) { transposed ? (c, r) : (r, c) }

    /// "B7" for the view's cell (r, c).
    func cellName(_ r: Int, _ c: Int) -> String {
        let (fr, fc) = original(r, c)
        return CellReference.name(row: fr, column: fc)
    }

    /// "第 7 行" for the view's row r; a column of the file when the view is transposed ("第 C 列").
    func lineName(_ r: Int) -> String { transposed ? "第 \(CellReference.columnName(r)) 列" : "第 \(r + 1) 行" }

    static func location(file: String, sheet: String?, _ r: Int, _ c: Int) -> String {
        let ref = CellReference.name(row: r, column: c)
        return sheet.map { "\(file)!\($0)!\(ref)" } ?? "\(file)!\(ref)"
    }

    func finding(unit: String, _ message: String, at location: String) -> AuditFinding {
        AuditFinding(table: table.id, finding: Finding(kind: .missingValue, unit: unit, item: table.unitColumn, message: message),
                     location: location)
    }

    /// The header: the first row (of the first 30) where every column's header is found.
    /// Blocks printed side by side (名次|单位|得分|名次|单位|得分) repeat every header the same
    /// number of times: each block is read, one after the other. A header found a different
    /// number of times than the others is a finding, never bound to the first.
    func header() throws(BindingError) -> Header {
        let specs = table.columns.map { (input: $0.input, parts: $0.header.split(separator: "/").map { TextNormalizer.key(String($0)) }) }
        let width = cells.map(\.count).max() ?? 0
        search: for r in 0..<min(30, cells.count) {
            var hits: [String: [Int]] = [:]
            var low = r
            for spec in specs {
                let columns = (0..<width).filter { c in
                    TextNormalizer.key(text(r, c)) == spec.parts[0]
                        && (spec.parts.count == 1 || TextNormalizer.key(text(r + 1, c)) == spec.parts[1])
                        // A header merged across columns is one header, at its first column.
                        && (spec.parts.count > 1 || merges.first(where: { $0.contains(row: r, column: c) }).map { $0.firstColumn == c } ?? true)
                }
                // Sideways, the corner may name the items rather than the units: looked for last.
                if columns.isEmpty, transposed, spec.input == table.unitColumn, specs.count > 1 { continue }
                guard let first = columns.first else { continue search }
                hits[spec.input] = columns
                let merged = merges.first { $0.contains(row: r, column: first) }?.lastRow ?? r
                low = max(low, spec.parts.count > 1 ? r + 1 : merged)
            }
            if hits[table.unitColumn] == nil {
                guard hits.count == specs.count - 1, let c = unitColumnByRegistry(below: r, width: width) else { continue search }
                hits[table.unitColumn] = [c]
            }
            let blocks = try Binder.sideBySide(hits, unit: table.unitColumn, row: r, table: table, file: fileName, sheet: sheet)
            return Header(blocks: blocks, bottom: secondHeaderRow(r, bottom: low, width: width))
        }
        throw BindingError(table: table.id, file: fileName, message: missingHeaders(specs, width: width))
    }

    /// Why no row holds every header: which headers the row holding most of them lacks, each
    /// with the cell of that row that comes closest ("得分分" for "得分"), or, when no row holds
    /// any, all of them.
    func missingHeaders(_ specs: [(input: String, parts: [String])], width: Int) -> String {
        let names = table.columns.map(\.header).joined(separator: "、")
        func found(_ r: Int) -> [Bool] { specs.map { s in (0..<width).contains { TextNormalizer.key(text(r, $0)) == s.parts[0] } } }
        let rows = (0..<min(30, cells.count)).map { ($0, found($0)) }
        guard let (best, hits) = rows.max(by: { $0.1.filter { $0 }.count < $1.1.filter { $0 }.count }), hits.contains(true) else {
            return "工作表“\(sheet)”中找不到表头（应有：\(names)）"
        }
        let lacking = zip(table.columns, zip(specs, hits)).filter { !$0.1.1 }.map { column, spec in
            let closest = (0..<width).map { c in (c, TextNormalizer.key(text(best, c))) }.filter { !$0.1.isEmpty }
                .min { Self.distance($0.1, spec.0.parts[0]) < Self.distance($1.1, spec.0.parts[0]) }
            let near = closest.map { "，最接近的是 \(cellName(best, $0.0))“\(text(best, $0.0))”" } ?? ""
            return "“\(column.header)”（\(lineName(best))\(near)）"
        }
        return "工作表“\(sheet)”中找不到表头 " + lacking.joined(separator: "、") + "；应有：\(names)"
    }

    /// The edit distance between two texts, in characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let (x, y) = (Array(a), Array(b))
        var row = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let keep = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = keep
            }
        }
        return x.isEmpty ? y.count : row[y.count]
    }

    /// A second header row under single-row headers (seen when only some columns span two rows).
    func secondHeaderRow(_ row: Int, bottom: Int, width: Int) -> Int {
        guard bottom == row, row + 1 < cells.count else { return bottom }
        let next = (0..<width).map { text(row + 1, $0) }
        if merges.contains(where: { $0.firstRow == row && $0.lastRow == row + 1 }) && next.allSatisfy({ Decimal(strict: $0) == nil }) {
            return row + 1
        }
        return bottom
    }

    /// The rows of one block, from under the header to a 注/说明 line, a signature footer
    /// (填表人 …) or the end. Total rows (小计, 合计, 平均) are not units: each is checked
    /// against the rows it closes where it holds counts.
    func readRows(_ found: [String: Int], below bottom: Int, of blockCount: Int,
                  into rows: inout [BoundRow], _ findings: inout [AuditFinding]) {
        let span = found.values.min()!...found.values.max()!
        let columns = table.columns.map { found[$0.input]! } // each input's column, looked up once
        let unitColumn = found[table.unitColumn]!
        let blockStart = rows.count
        var sectionStart = rows.count // the first row a 小计 closes
        for r in (bottom + 1)..<max(bottom + 1, cells.count) {
            // Cells as written, not through merges: a sub-heading merged across the table is
            // one cell, not a row of equal values.
            let rowCells = cells[r]
            let values = rowCells.indices.filter { blockCount == 1 || span.contains($0) }.compactMap { rowCells[$0]?.text }
                .filter { !$0.isBlank }
            if values.isEmpty { continue }
            let first = values[0].trimmed
            if first.hasPrefix("注") || first.hasPrefix("说明") { break }
            // A group sub-heading: one cell merged across columns, or a registry group's name.
            if values.count == 1 {
                let spans = merges.contains { $0.firstRow == r && $0.lastRow == r && $0.lastColumn > $0.firstColumn }
                let heading = NonUnitRow.headingName(first)
                if spans || registry.groups.contains(where: { TextNormalizer.key($0) == heading }) {
                    sectionStart = rows.count
                    continue
                }
            }
            // As displayed: a unit name merged down over several rows names each of them.
            let unitText = text(r, unitColumn)
            let unit = registry.unit(named: unitText)
            if unit == nil, let kind = NonUnitRow.kind(of: unitText.isBlank ? first : unitText) {
                if kind == .footer { break }
                let closed = kind == .subtotal ? rows[sectionStart...] : rows[blockStart...]
                if kind != .average { findings += checkTotal(r, kind: kind, found, columns: columns, closing: closed) }
                if kind == .subtotal { sectionStart = rows.count }
                continue
            }
            // A row the job names as excluded (不参评 …) is never a finding.
            let excluded = table.excluded.map { ex in found[ex.column].map { text(r, $0).contains(ex.text) } ?? false } ?? false
            if unitText.isBlank {
                // A group sub-heading (one cell) is skipped; data without a unit is reported.
                if values.count > 1, !excluded {
                    findings.append(finding(unit: "（空）", "\(lineName(r))有数据但没有单位名称，未计入", at: location(r, unitColumn)))
                }
                continue
            }
            var cellFindings: [AuditFinding] = []
            let bound = row(r, found, columns: columns, unitText: unitText, unit: unit, &cellFindings)
            if unit == nil, !excluded {
                // A row no name explains whose counts are the sums of the rows above is a total.
                if NonUnitRow.isSum(bound.row.inputs, of: rows[sectionStart...], columns: checkedInputs) {
                    sectionStart = rows.count
                    continue
                }
                findings.append(finding(unit: TextNormalizer.key(unitText),
                                        "单位“\(TextNormalizer.key(unitText))”不在单位名册中，已按原名列出，不参加排名；请核对名称或补充名册",
                                        at: location(r, unitColumn)))
            }
            findings += cellFindings
            rows.append(bound)
        }
    }

    /// The inputs a total row is checked on: every input but the unit, the sub-unit and the
    /// published rank (counts are told from the values).
    var checkedInputs: [String] {
        table.columns.map(\.input).filter { $0 != table.unitColumn && $0 != table.subunitColumn && $0 != table.rank?.published }
    }

    /// A total row's counts against the sum of the rows it closes: one finding per column that
    /// does not add up, on the total's cell.
    func checkTotal(_ r: Int, kind: NonUnitRow, _ found: [String: Int], columns: [Int], closing rows: ArraySlice<BoundRow>) -> [AuditFinding] {
        var inputs: [String: Value] = [:]
        var ignored: [AuditFinding] = [] // a total's own formulas (=SUM(B3:B8)) are computed, not reported
        for (spec, c) in zip(table.columns, columns) {
            inputs[spec.input] = Binder.value(of: cell(r, c, unit: "合计", input: spec.input, &ignored), markers: markers)
        }
        let label = TextNormalizer.key(text(r, found[table.unitColumn]!)).isEmpty ? (kind == .subtotal ? "小计" : "合计")
            : TextNormalizer.key(text(r, found[table.unitColumn]!))
        return NonUnitRow.check(inputs, closing: rows, columns: checkedInputs).map { m in
            let header = table.columns.first { $0.input == m.input }?.header ?? m.input
            return AuditFinding(table: table.id, finding: Finding(
                kind: .publishedMismatch, unit: label, item: m.input, published: m.written, computed: m.sum,
                message: "\(label)行（\(lineName(r))）的“\(header)”为 \(m.written.plainText)，其上 \(rows.count) 个单位之和为 \(m.sum.plainText)"),
                location: location(r, found[m.input]!))
        }
    }

    /// A cell as shown, its formula computed where the file saved no result (with a finding or
    /// note in `findings`).
    func cell(_ r: Int, _ c: Int, unit: String, input: String, _ findings: inout [AuditFinding]) -> CellValue? {
        let shown = displayed(r, c)
        guard formulas != nil else { return shown }
        let (sr, sc) = shownAt(r, c)
        return withFormula(shown, sr, sc, unit: unit, input: input, &findings)
    }

    /// Row `r`'s inputs, with where each was read and how it was shown.
    /// `columns`: the column of each of the table's inputs, in order (`found` by position).
    /// A cell's formula makes its value where the file holds none (`withFormula`), with a
    /// finding or note in `findings`.
    func row(_ r: Int, _ found: [String: Int], columns: [Int], unitText: String, unit: UnitRegistry.Unit?,
             _ findings: inout [AuditFinding]) -> BoundRow {
        // Room for the scores too: scoring adds them to a copy, which then never grows.
        var inputs = [String: Value](minimumCapacity: table.columns.count + table.scores.count)
        var shown = [String: CellValue](minimumCapacity: table.columns.count)
        let name = unit?.name ?? TextNormalizer.key(unitText)
        for (spec, c) in zip(table.columns, columns) {
            let cell = cell(r, c, unit: name, input: spec.input, &findings)
            if let cell { shown[spec.input] = cell }
            inputs[spec.input] = Binder.value(of: cell, markers: markers)
        }
        var excluded: String? = nil
        if let ex = table.excluded, let t = inputs[ex.column]?.text, t.contains(ex.text) { excluded = t }
        return BoundRow(row: UnitRow(unit: name, group: unit?.group ?? "未登记单位", inputs: inputs, excludedReason: excluded,
                                     registered: unit != nil),
                        rawUnit: unitText, sourceRow: r, sourceColumns: found, shown: shown, known: unit != nil)
    }

    /// Units a table must list that it does not.
    func missingUnits(_ rows: [BoundRow]) -> [String] {
        let present = Set(rows.map(\.row.unit))
        return registry.units.filter { table.expectGroups.contains($0.group) && !present.contains($0.name) }.map(\.name)
    }
}

/// A workbook opened once for every table it holds: each sheet's head (for title searches)
/// and each sheet are read at most once, however many tables look at them.
package final class OpenedWorkbook {
    /// Rows a title search looks at.
    static let titleRows = 5
    package let workbook: Workbook
    private var heads: [String: [Cell]] = [:]
    private var grids: [String: SheetGrid] = [:]
    /// Sheets read whole, and heads read, so far (tests count them).
    private(set) var sheetReads = 0, headReads = 0

    package init(_ workbook: Workbook) { self.workbook = workbook }

    func head(_ sheet: SheetInfo) throws -> [Cell] {
        if let h = heads[sheet.part] { return h }
        headReads += 1
        let h = try workbook.head(sheet, rows: Self.titleRows)
        heads[sheet.part] = h
        return h
    }

    func grid(_ sheet: SheetInfo) throws -> SheetGrid {
        if let g = grids[sheet.part] { return g }
        sheetReads += 1
        let g = try workbook.grid(sheet)
        grids[sheet.part] = g
        // Cells come in row order: the head is the grid's first cells.
        heads[sheet.part] = Array(g.cells.prefix { $0.row < Self.titleRows })
        return g
    }
}
