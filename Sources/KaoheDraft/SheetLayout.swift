import Foundation
import KaoheFormat
import KaoheJobs
import KaoheReader
import KaoheScoring

/// One column of a sheet as a draft sees it: its header (two-row headers as "上级/下级", the
/// way job files write them), a name a job file can use, and what its cells hold.
struct DraftColumn: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case text, number, empty }
    var index: Int
    var header: String
    var name: String
    var kind: Kind
    /// Decimals its values show (from the cells' number format, else the values written).
    var decimals: Int
    /// Shown as a percentage (number format with %, or text such as "79.17%").
    var percent: Bool
    /// The longest text in the column, in characters (for the output width).
    var longest: Int
    /// Every value is a whole number (a count): shown as an integer.
    var integral: Bool = false

    var isRankLike: Bool { ["排名", "名次", "位次", "序号", "排序"].contains { header.contains($0) } }
}

/// Where a table sits on a sheet: title rows, header rows, columns, unit column, group
/// sub-headings, data rows and the notes under it.
struct SheetLayout: Sendable {
    var file: String
    /// The sheet's cells, bound again as a job binds them.
    var grid: SheetGrid
    var sheet: String
    /// The workbook has other sheets (the job must name this one).
    var oneOfSeveral: Bool
    var title: String?
    var subtitle: String?
    var headerRow: Int
    var headerRows: Int
    var columns: [DraftColumn]
    var unit: Int
    /// Group sub-headings (市直部门, 县（区）) by the data row they head.
    var groupHeadings: [(row: Int, name: String)]
    /// Each data row's unit name and the sub-heading above it.
    var units: [(row: Int, name: String, group: String?)]
    var notes: [String]

    var unitColumn: DraftColumn { columns.first { $0.index == unit }! }
}

/// Finds the table on a sheet of cells, as a person reading it would.
struct LayoutReader {
    let grid: SheetGrid
    let cells: [[CellValue?]]
    let merges: [CellRange]
    let width: Int
    /// Number formats of the cells that have one, by row and column.
    let formats: [Int: [Int: String]]

    init(_ grid: SheetGrid) {
        self.grid = grid
        cells = grid.rows
        merges = grid.metadata.mergedRanges
        width = cells.map(\.count).max() ?? 0
        var formats: [Int: [Int: String]] = [:]
        for cell in grid.cells { if let f = cell.numberFormat { formats[cell.row, default: [:]][cell.column] = f } }
        self.formats = formats
    }

    /// A cell's text as shown: a cell inside a merged range shows the range's first cell.
    func text(_ r: Int, _ c: Int) -> String {
        var (rr, cc) = (r, c)
        if let m = merges.first(where: { $0.contains(row: r, column: c) }) { (rr, cc) = (m.firstRow, m.firstColumn) }
        guard rr < cells.count, cc < cells[rr].count, let v = cells[rr][cc] else { return "" }
        return v.text.trimmed
    }

    /// The cells of a row as written (not through merges), non-empty.
    func written(_ r: Int) -> [(column: Int, value: CellValue)] {
        guard r < cells.count else { return [] }
        return cells[r].enumerated().compactMap { c, v in v.flatMap { $0.text.isBlank ? nil : (c, $0) } }
    }

    /// A name as written, without the spaces and line breaks inside it ("市经济和信息\n化局").
    static func written(_ text: String) -> String { String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }

    static func isNumber(_ v: CellValue) -> Bool {
        switch v {
        case .number: return true
        case .string(let s):
            if case .number = Value.parse(s) { return true }
            return Value.defaultNotApplicableMarkers.contains(s.trimmed)
        default: return false
        }
    }

    /// The header row: the first of the first 30 rows with at least two texts, covering at
    /// least half the width, no numbers, and numbers within the three rows below it.
    func headerRow() -> Int? {
        for r in 0..<min(30, cells.count) {
            let row = written(r)
            // Cells under a header merged across (《达州政务快讯》采用 over five columns) count as covered.
            let covered = (0..<width).filter { !text(r, $0).isEmpty }.count
            guard row.count >= 2, covered * 2 >= width, !row.contains(where: { Self.isNumber($0.value) && $0.column > 0 }) else { continue }
            let below = (r + 1...r + 3).contains { written($0).contains { Self.isNumber($0.value) } }
            if below { return r }
        }
        return nil
    }

    /// Two header rows when a header cell spans two rows or a spanning header has texts under it.
    func headerRows(at r: Int) -> Int {
        guard r + 1 < cells.count else { return 1 }
        let next = written(r + 1)
        if next.contains(where: { Self.isNumber($0.value) }) || next.isEmpty { return 1 }
        let spansDown = merges.contains { $0.firstRow == r && $0.lastRow == r + 1 }
        let spansAcross = merges.contains { $0.firstRow == r && $0.lastRow == r && $0.lastColumn > $0.firstColumn }
        return spansDown || spansAcross ? 2 : 1
    }

    /// The table on the sheet; one printed sideways (`turnedSideways`) is read with its cells
    /// turned, its title and notes as printed, and bound from the sheet as it is (the binder
    /// reads it by columns).
    func read(file: String, oneOfSeveral: Bool) -> SheetLayout? {
        if let (turned, top, notes) = turnedSideways(),
           var layout = LayoutReader(turned).readRows(file: file, oneOfSeveral: oneOfSeveral) {
            let titles = (0..<top).compactMap { r in written(r).count == 1 ? written(r)[0].value.text.trimmed : nil }
            layout.grid = grid
            layout.title = titles.first
            layout.subtitle = titles.count > 1 ? titles[1] : nil
            layout.notes = notes
            return layout
        }
        return readRows(file: file, oneOfSeveral: oneOfSeveral)
    }

    /// A table printed sideways — one column per unit, the items down the first column — as
    /// the cells of its header and item rows turned so that the units run down, with its
    /// header row and the notes under it; nil for any other sheet. Sideways: the header row's
    /// cells after the first are unit names (…镇, …乡, …街道, …局; at least three, and nearly
    /// all of them) and the first column under it holds text (the items).
    func turnedSideways() -> (grid: SheetGrid, top: Int, notes: [String])? {
        guard let top = headerRow() else { return nil }
        let header = written(top).filter { $0.column > 0 }.map { Self.written($0.value.text) }
        let units = header.filter { name in Self.unitSuffixes.contains { name.count > $0.count && name.hasSuffix($0) } }.count
        let end = (top + 1..<cells.count).first { r in
            written(r).first.map { ["注", "说明", "备注"].contains(where: $0.value.text.trimmed.hasPrefix) } ?? false
        } ?? cells.count
        let items = (top + 1..<end).filter { r in cells[r].first.flatMap { $0 }.map { !Self.isNumber($0) } == true }
        guard units >= 3, units * 5 >= header.count * 4, items.count >= 2 else { return nil }
        let flip = { (m: CellRange) in CellRange(firstRow: m.firstColumn, firstColumn: m.firstRow - top, lastRow: m.lastColumn, lastColumn: m.lastRow - top) }
        var turned = grid
        turned.cells = grid.cells.filter { $0.row >= top && $0.row < end }
            .map { Cell(row: $0.column, column: $0.row - top, value: $0.value, numberFormat: $0.numberFormat) }
            .sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        turned.metadata.declaredDimension = nil
        turned.metadata.usedRange = CellRange(firstRow: 0, firstColumn: 0, lastRow: (turned.cells.map(\.row).max() ?? 0), lastColumn: end - top - 1)
        turned.metadata.mergedRanges = grid.metadata.mergedRanges.filter { $0.firstRow >= top && $0.lastRow < end }.map(flip)
        turned.metadata.formulas = []
        let notes = (end..<cells.count).flatMap { written($0).map { $0.value.text.trimmed } }
        return (turned, top, notes)
    }

    static let unitSuffixes = ["镇", "乡", "街道", "办事处", "区", "县", "市", "旗", "局", "委", "办", "村", "社区", "管委会", "中心"]

    func readRows(file: String, oneOfSeveral: Bool) -> SheetLayout? {
        guard let top = headerRow() else { return nil }
        let rows = headerRows(at: top)
        let (groups, data, notes) = body(below: top + rows)
        guard data.count >= 2 else { return nil }
        var columns = (0..<width).compactMap { column($0, header: top, rows: rows, data: data) }
        // Blocks printed side by side (单位|得分|单位|得分) repeat the same headers: the job names
        // the first block's, and binding reads every block.
        guard !columns.isEmpty else { return nil }
        let period = Self.blockPeriod(columns.map(\.header))
        let offsets = stride(from: 0, to: columns.count, by: period).map { columns[$0].index - columns[0].index }
        columns = ColumnNames.assign(Array(columns.prefix(period)))
        guard let unit = unitColumn(columns, data: data) else { return nil }
        let titles = (0..<top).compactMap { r -> String? in
            let row = written(r)
            return row.count == 1 ? row[0].value.text.trimmed : nil
        }
        var units: [(row: Int, name: String, group: String?)] = []
        for offset in offsets {
            for r in data {
                let name = Self.written(text(r, unit + offset))
                guard !name.isEmpty else { continue }
                units.append((r, name, groups.last { $0.row < r }?.name))
            }
        }
        return SheetLayout(file: file, grid: grid, sheet: grid.name, oneOfSeveral: oneOfSeveral, title: titles.first,
                           subtitle: titles.count > 1 ? titles[1] : nil, headerRow: top, headerRows: rows, columns: columns,
                           unit: unit, groupHeadings: groups, units: units, notes: notes)
    }

    /// The length of the run of headers that repeats across the row (3 for 名次|单位|得分|名次|单位|得分);
    /// the whole row when nothing repeats.
    static func blockPeriod(_ headers: [String]) -> Int {
        for p in 1..<max(1, headers.count) where headers.count % p == 0 && headers.count / p > 1 && p >= 2 {
            if headers.indices.allSatisfy({ headers[$0] == headers[$0 % p] }) { return p }
        }
        return headers.count
    }

    /// The rows under the header: group sub-headings, data rows, and the notes that end the table.
    func body(below first: Int) -> (groups: [(row: Int, name: String)], data: [Int], notes: [String]) {
        var groups: [(row: Int, name: String)] = [], data: [Int] = [], notes: [String] = []
        for r in first..<max(first, cells.count) {
            let row = written(r)
            if row.isEmpty { continue }
            let lead = row[0].value.text.trimmed
            if !notes.isEmpty || lead.hasPrefix("注") || lead.hasPrefix("说明") || lead.hasPrefix("备注") {
                notes.append(contentsOf: row.map { $0.value.text.trimmed })
                continue
            }
            if row.count == 1, !Self.isNumber(row[0].value) {
                if lead.count <= 16 { groups.append((r, Self.written(lead))) } else { notes.append(lead) }
                continue
            }
            data.append(r)
        }
        return (groups, data, notes)
    }

    func column(_ c: Int, header top: Int, rows: Int, data: [Int]) -> DraftColumn? {
        let parent = Self.written(text(top, c))
        let child = rows == 2 ? Self.written(text(top + 1, c)) : ""
        let header = child.isEmpty || child == parent ? parent : parent + "/" + child
        let values = data.compactMap { r -> CellValue? in
            guard r < cells.count, c < cells[r].count, let v = cells[r][c], !v.text.isBlank else { return nil }
            return v
        }
        if header.isEmpty || header == "/" { return nil }
        let numbers = values.filter(Self.isNumber).count
        let kind: DraftColumn.Kind = values.isEmpty ? .empty : numbers * 10 >= values.count * 6 ? .number : .text
        let formats = data.compactMap { r in numberFormat(r, c) }
        let percent = formats.contains { $0.contains("%") } || values.contains { $0.text.trimmed.hasSuffix("%") }
        let integral = kind != .text && !percent && values.allSatisfy { v in
            switch v {
            case .number(let t): return Binder.decimal(excelNumber: t).map { !$0.plainText.contains(".") } ?? false
            case .string(let s):
                if case .number(let d) = Value.parse(s) { return !d.plainText.contains(".") }
                return Value.defaultNotApplicableMarkers.contains(s.trimmed)
            default: return false
            }
        }
        return DraftColumn(index: c, header: header, name: "", kind: kind,
                           decimals: Self.decimals(values, formats: formats, percent: percent), percent: percent,
                           longest: values.map { TextNormalizer.key($0.text).count }.max() ?? 0, integral: integral)
    }

    func numberFormat(_ r: Int, _ c: Int) -> String? { formats[r]?[c] }

    /// Decimals shown: an explicit number format's, else the most written ("63%" → 2, as a
    /// fraction); at least 2 for plain numbers, so an integer-looking column does not round what
    /// a rule computes.
    static func decimals(_ values: [CellValue], formats: [String], percent: Bool) -> Int {
        if let f = formats.first(where: { $0.contains("0") }) {
            let shown = f.split(separator: ".").dropFirst().first.map { $0.prefix { $0 == "0" }.count } ?? 0
            return shown + (f.contains("%") ? 2 : 0)
        }
        let written = values.compactMap { v -> Int? in
            switch v {
            case .number(let t): return Binder.decimal(excelNumber: t).map { max(0, -$0.exponent) }
            case .string(let s):
                let t = TextNormalizer.foldFullWidth(s.trimmed)
                guard case .number = Value.parse(t) else { return nil }
                let fraction = t.split(separator: ".").dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0
                return fraction + (t.hasSuffix("%") ? 2 : 0)
            default: return nil
            }
        }.max() ?? 0
        return min(6, percent ? written : max(2, written))
    }

    /// The unit column: a text column whose header names units, else the text column with the
    /// most distinct short values.
    func unitColumn(_ columns: [DraftColumn], data: [Int]) -> Int? {
        let texts = columns.filter { $0.kind == .text }
        let named = texts.first { c in ["单位", "名称", "被考核", "地区", "县", "部门", "镇"].contains { c.header.contains($0) } && c.longest <= 30 }
        if let named { return named.index }
        return texts.filter { $0.longest <= 30 }.max { distinct($0.index, data) < distinct($1.index, data) }?.index
    }

    func distinct(_ c: Int, _ data: [Int]) -> Int { Set(data.map { text($0, c) }).count }
}
