internal import CXlsxWriter
import Foundation
import KaoheFormat
import KaoheSystem

/// Writes report workbooks through libxlsxwriter. Every libxlsxwriter call of the project is in
/// this file; its errors become `WriterError`s naming the sheet and cell.
public enum XLSXWriter {
    /// Writes `report` to `path`. The workbook is written under a temporary name in the same
    /// folder and renamed when complete, so a failure never leaves a half-written file under
    /// the final name.
    public static func write(_ report: ReportWorkbook, to path: String, options: WriterOptions = WriterOptions()) throws(WriterError) {
        let writer = try Writer(path: path, title: report.title, options: options)
        for p in report.properties { try writer.setCustomProperty(p.name, p.value) }
        let names = Layout.sheetNames(report.sheets.map(\.name))
        writer.sheetNames = names
        do {
            for (sheet, name) in zip(report.sheets, names) {
                var sw = try writer.addSheet(name: name, sheet: sheet)
                try sw.writeAll()
            }
            try writer.commit()
        } catch {
            writer.abandon()
            throw error
        }
    }
}

/// Streaming access for very large tables: open a sheet, append body rows one at a time, close.
/// Used with `WriterOptions(constantMemory: true)` nothing of the body stays in memory.
public final class StreamingWorkbook {
    private let writer: Writer
    private var names: [String] = []
    private var current: SheetWriter?

    public init(path: String, title: String, options: WriterOptions = WriterOptions()) throws(WriterError) {
        writer = try Writer(path: path, title: title, options: options)
    }

    /// Starts a sheet: writes its title, subtitle and header. `layout.body` is ignored; give
    /// column widths in `layout.columns` (rows are not known in advance).
    public func beginSheet(_ layout: ReportSheet) throws(WriterError) {
        try current?.finish()
        names.append(layout.name)
        let name = Layout.sheetNames(names).last!
        writer.sheetNames.append(name)
        current = try writer.addSheet(name: name, sheet: layout)
        try current!.writeTop()
    }

    /// Starts a sheet of body rows only: no title, header, notes or page setup.
    public func beginBodyOnlySheet(name: String, columns: [ReportColumn]) throws(WriterError) {
        try beginSheet(ReportSheet(name: name, title: "", columns: columns, header: [], body: []))
    }

    public func append(_ row: BodyRow) throws(WriterError) {
        guard current != nil else { throw WriterError("append before beginSheet") }
        try current!.writeBody(row)
    }

    /// Finishes the last sheet and renames the file into place.
    public func close() throws(WriterError) {
        do {
            try current?.finish()
            current = nil
            try writer.commit()
        } catch {
            writer.abandon()
            throw error
        }
    }
}

// MARK: - The workbook handle

/// Owns one `lxw_workbook`: created in `init`, closed exactly once (libxlsxwriter frees it on
/// close, even when closing fails).
final class Writer {
    let finalPath: String
    let tempPath: String
    let options: WriterOptions
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private var formats: [String: UnsafeMutablePointer<lxw_format>] = [:]
    /// The final (valid, unique) names of the sheets, in order, for references between them.
    var sheetNames: [String] = [] {
        // Quoted once for references ('市直部门'!B5, with ' doubled), not for every reference.
        didSet { quotedSheetNames = sheetNames.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'!" } }
    }
    private var quotedSheetNames: [String] = []
    /// Chart sheets' names so far (valid, unique beside the sheets' and each other's).
    private var chartNames: [String] = []

    /// A valid name for a chart sheet, unique in the workbook.
    func uniqueChartName(_ wanted: String) -> String {
        let name = Layout.sheetNames(sheetNames + chartNames + [wanted]).last!
        chartNames.append(name)
        return name
    }

    /// 'Sheet name'!C5 for a cell of this workbook.
    func reference(_ t: CellTarget) -> String {
        (quotedSheetNames[safe: t.sheet] ?? "''!") + CellName.a1(row: t.row, column: t.column)
    }
    private var titleCString: UnsafeMutablePointer<CChar>?

    init(path: String, title: String, options: WriterOptions) throws(WriterError) {
        finalPath = path
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw WriterError("the output folder \(dir) does not exist")
        }
        tempPath = System.temporaryName(for: dir + "/" + url.lastPathComponent)
        self.options = options
        var opts = lxw_workbook_options()
        opts.constant_memory = options.constantMemory ? 1 : 0
        opts.use_zip64 = 0
        let tmpdir = options.temporaryDirectory.map { System.cString($0) } ?? nil
        defer { System.free(tmpdir) }
        opts.tmpdir = tmpdir
        guard let wb = workbook_new_opt(tempPath, &opts) else {
            throw WriterError("cannot create \(tempPath)")
        }
        handle = wb
        titleCString = System.cString(title)
        var props = lxw_doc_properties()
        props.title = titleCString
        // A fixed creation date (SOURCE_DATE_EPOCH, the reproducible-builds convention, read by
        // the caller): the same inputs give byte-identical workbooks (scripts/run-seeds).
        if let created = options.created {
            props.created = time_t(created.timeIntervalSince1970.rounded(.down))
        }
        workbook_set_properties(wb, &props)
    }

    deinit {
        if let handle { workbook_close(handle) }
        System.free(titleCString)
    }

    var workbook: UnsafeMutablePointer<lxw_workbook> { handle! }

    /// A custom document property (libxlsxwriter copies both strings).
    func setCustomProperty(_ name: String, _ value: String) throws(WriterError) {
        let result = workbook_set_custom_property_string(workbook, name, value)
        guard result == LXW_NO_ERROR else {
            throw WriterError("cannot set the document property \(name): \(String(cString: lxw_strerror(result)))")
        }
    }

    func addSheet(name: String, sheet: ReportSheet) throws(WriterError) -> SheetWriter {
        let check = workbook_validate_sheet_name(workbook, name)
        guard check == LXW_NO_ERROR else {
            throw WriterError(sheet: name, "invalid sheet name: \(String(cString: lxw_strerror(check)))")
        }
        guard let ws = workbook_add_worksheet(workbook, name) else {
            throw WriterError(sheet: name, "cannot add the sheet")
        }
        return SheetWriter(writer: self, worksheet: ws, name: name, sheet: sheet)
    }

    /// Closes the workbook (this writes the file) and renames it into place.
    func commit() throws(WriterError) {
        guard let wb = handle else { throw WriterError("the workbook was already closed") }
        handle = nil
        let err = workbook_close(wb)
        guard err == LXW_NO_ERROR else {
            System.removeFile(tempPath)
            throw WriterError("cannot write \(finalPath): \(String(cString: lxw_strerror(err)))")
        }
        options.beforeRename?()
        if let reason = System.rename(tempPath, finalPath) {
            System.removeFile(tempPath)
            throw WriterError("cannot move the finished workbook to \(finalPath): \(reason)")
        }
    }

    /// Gives up: closes the workbook and removes the temporary file.
    func abandon() {
        if let wb = handle {
            handle = nil
            workbook_close(wb)
        }
        System.removeFile(tempPath)
    }

    // MARK: Formats

    enum Role: String { case title, subtitle, header, group, text, wrap, number, note }

    /// The fill of a cell marked for a reviewer: light yellow, as offices mark cells to check.
    static let markedFill: UInt32 = 0xFFF2CC

    /// One format per (role, number format, fill, lock), created once per workbook.
    func format(_ role: Role, numberFormat: String? = nil, fill: UInt32? = nil, unlocked: Bool = false) -> UnsafeMutablePointer<lxw_format> {
        let key = role.rawValue + "|" + (numberFormat ?? "") + (fill.map { "|\($0)" } ?? "") + (unlocked ? "|unlocked" : "")
        if let f = formats[key] { return f }
        let f = workbook_add_format(workbook)!
        let border = UInt8(LXW_BORDER_THIN.rawValue)
        format_set_font_name(f, role == .header ? options.headerFont : options.font)
        format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        switch role {
        case .title:
            format_set_font_size(f, 18)
            format_set_bold(f)
            format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
            format_set_text_wrap(f)
        case .subtitle:
            format_set_font_size(f, 12)
            format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .header:
            format_set_font_size(f, Layout.fontSize)
            format_set_bold(f)
            format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
            format_set_text_wrap(f)
            format_set_border(f, border)
        case .group:
            format_set_font_size(f, Layout.fontSize)
            format_set_bold(f)
            format_set_border(f, border)
        case .text:
            format_set_font_size(f, Layout.fontSize)
            format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
            format_set_text_wrap(f)
            format_set_border(f, border)
        case .wrap:
            format_set_font_size(f, Layout.fontSize)
            format_set_text_wrap(f)
            format_set_border(f, border)
        case .number:
            format_set_font_size(f, Layout.fontSize)
            format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
            format_set_border(f, border)
            if let numberFormat { format_set_num_format(f, numberFormat) }
        case .note:
            format_set_font_size(f, 10)
            format_set_text_wrap(f)
            format_set_align(f, UInt8(LXW_ALIGN_LEFT.rawValue))
        }
        if unlocked { format_set_unlocked(f) }
        if let fill {
            format_set_bg_color(f, fill)
            // Dark fills (黑牌) take white text.
            let luminance = 0.299 * Double(fill >> 16) + 0.587 * Double((fill >> 8) & 0xFF) + 0.114 * Double(fill & 0xFF)
            if luminance < 100 { format_set_font_color(f, 0xFFFFFF) }
        }
        formats[key] = f
        return f
    }
}

// MARK: - One sheet

/// Writes one report sheet top to bottom, in row order (as constant-memory mode requires).
struct SheetWriter {
    let writer: Writer
    let ws: UnsafeMutablePointer<lxw_worksheet>
    let name: String
    let sheet: ReportSheet
    let width: Int
    let widths: [Double]
    var row: UInt32 = 0
    var headerFirst: UInt32 = 0
    var bodyFirst: UInt32 = 0
    /// Body row ranges of each group, for the chart.
    var groups: [(name: String?, first: UInt32, last: UInt32)] = []

    init(writer: Writer, worksheet: UnsafeMutablePointer<lxw_worksheet>, name: String, sheet: ReportSheet) {
        self.writer = writer
        self.ws = worksheet
        self.name = name
        self.sheet = sheet
        self.width = max(1, sheet.columns.count)
        self.widths = Layout.columnWidths(sheet, cap: writer.options.maxColumnWidth)
        self.textFormat = writer.format(.text)
        self.wrapFormat = writer.format(.wrap)
        self.columnFormats = (0..<max(1, sheet.columns.count)).map { c in
            writer.format(.number, numberFormat: (sheet.columns[safe: c]?.format ?? .text).numberFormat,
                          unlocked: sheet.columns[safe: c]?.editable ?? false)
        }
        self.editableText = writer.format(.wrap, unlocked: true)
        let columns = (0..<width).map { sheet.columns[safe: $0] }
        self.bodyFormats = columns.map { $0?.format ?? .text }
        self.alignLeft = columns.map { $0?.alignLeft ?? false }
        self.editable = columns.map { $0?.editable ?? false }
        self.fitWidths = widths.map(Layout.oneLineBytes)
    }

    /// Each body column's format, alignment and editability, and how many UTF-8 bytes a
    /// one-line text may have to fit without being measured (`Layout.oneLineBytes`), read once
    /// per sheet (the body writes every cell through them).
    let bodyFormats: [ColumnFormat]
    let alignLeft: [Bool]
    let editable: [Bool]
    let fitWidths: [Int]
    /// DecimalLayout.checked, read once per sheet.
    let decimalLayoutChecked = DecimalLayout.checked

    /// Formats looked up once per sheet, not per cell.
    let textFormat: UnsafeMutablePointer<lxw_format>
    let wrapFormat: UnsafeMutablePointer<lxw_format>
    let columnFormats: [UnsafeMutablePointer<lxw_format>]
    /// Text cells a template's user fills in.
    let editableText: UnsafeMutablePointer<lxw_format>

    func fail(_ err: lxw_error, row r: UInt32, column c: Int) -> WriterError {
        WriterError(sheet: name, cell: cellName(r, c), String(cString: lxw_strerror(err)))
    }

    func cellName(_ r: UInt32, _ c: Int) -> String { CellName.a1(row: Int(r), column: c) }

    func check(_ err: lxw_error, _ r: UInt32, _ c: Int) throws(WriterError) {
        if err != LXW_NO_ERROR { throw fail(err, row: r, column: c) }
    }

    /// A merged range, or a single cell when it spans one cell (libxlsxwriter refuses those).
    func merge(_ r1: UInt32, _ c1: Int, _ r2: UInt32, _ c2: Int, _ text: String, _ f: UnsafeMutablePointer<lxw_format>) throws(WriterError) {
        try checkText(text, r1, c1)
        if r1 == r2 && c1 == c2 {
            try check(worksheet_write_string(ws, r1, UInt16(c1), text, f), r1, c1)
        } else {
            try check(text.withCString { worksheet_merge_range(ws, r1, UInt16(c1), r2, UInt16(c2), $0, f) }, r1, c1)
        }
    }

    /// The longest formula Excel opens (its specification's limit, with the leading "=").
    static let maxFormulaLength = 8192

    func checkText(_ text: String, _ r: UInt32, _ c: Int) throws(WriterError) {
        // UTF-16 is never longer than UTF-8: count it only for long texts.
        if text.utf8.count > 32767, text.utf16.count > 32767 {
            throw WriterError(sheet: name, cell: cellName(r, c), "text longer than Excel's 32767 characters")
        }
        let hasNUL = text.utf8.withContiguousStorageIfAvailable { b in b.count > 0 && memchr(b.baseAddress!, 0, b.count) != nil }
        if hasNUL ?? text.utf8.contains(0) {
            throw WriterError(sheet: name, cell: cellName(r, c), "text contains a NUL character")
        }
    }

    mutating func writeAll() throws(WriterError) {
        try writeTop()
        for b in sheet.body { try writeBody(b) }
        try finish()
    }

    /// Columns, title, subtitle and header; page setup.
    mutating func writeTop() throws(WriterError) {
        for (c, w) in widths.enumerated() {
            try check(worksheet_set_column(ws, UInt16(c), UInt16(c), w, nil), 0, c)
        }
        let last = width - 1
        if sheet.title.isEmpty && sheet.header.isEmpty { return } // body rows only
        // The title is set in 18 pt over 11 pt columns: about 1.7 times as wide; wrap it over
        // as many lines as the table's width needs.
        let titleLines = Int((Layout.displayWidth(sheet.title) * 1.7 / max(10, widths.reduce(0, +))).rounded(.up))
        try check(worksheet_set_row(ws, row, 30 * Double(max(1, titleLines)), nil), row, 0)
        try merge(row, 0, row, last, sheet.title, writer.format(.title))
        row += 1
        if let subtitle = sheet.subtitle {
            try check(worksheet_set_row(ws, row, 20, nil), row, 0)
            try merge(row, 0, row, last, subtitle, writer.format(.subtitle))
            row += 1
        }
        headerFirst = row
        // Each header cell's text as it prints in its width (broken before a bracketed part).
        let placed = Layout.placeHeader(sheet.header).map { p in
            let w = (p.column..<(p.column + p.cell.columns)).reduce(0.0) { $0 + (widths[safe: $1] ?? 8) }
            var cell = p.cell
            cell.text = Layout.headerText(cell.text, width: w - 1)
            return (row: p.row, column: p.column, cell: cell, width: w)
        }
        let headerRows = max(1, sheet.header.count)
        let headerFormat = writer.format(.header)
        for r in 0..<headerRows {
            let current = headerFirst + UInt32(r)
            let lines = placed.filter { $0.row == r }.map { Layout.wrappedLines($0.cell.text, width: $0.width - 1) }.max() ?? 1
            try check(worksheet_set_row(ws, current, Layout.rowHeight(lines: max(lines, 1)), nil), current, 0)
            // Every cell of this row first (texts where a header cell starts, bordered blanks
            // elsewhere), then the spans that start in it. In constant-memory mode a span over
            // two rows pads the row below, which ends this row: nothing of it may come later.
            for c in 0..<width {
                if let p = placed.first(where: { $0.row == r && $0.column == c }) {
                    try checkText(p.cell.text, current, c)
                    try check(worksheet_write_string(ws, current, UInt16(c), p.cell.text, headerFormat), current, c)
                } else {
                    try check(worksheet_write_blank(ws, current, UInt16(c), headerFormat), current, c)
                }
            }
            for p in placed where p.row == r && (p.cell.rows > 1 || p.cell.columns > 1) {
                // libxlsxwriter's constant-memory mode refuses a merge starting above its current
                // row, and a span over two rows moves it down: there a tall header cell keeps its
                // text in its top row, merged across its columns only.
                let rows = writer.options.constantMemory ? 1 : p.cell.rows
                if rows == 1 && p.cell.columns == 1 { continue }
                try merge(current, p.column, current + UInt32(rows - 1), p.column + p.cell.columns - 1, p.cell.text, headerFormat)
            }
        }
        row = headerFirst + UInt32(headerRows)
        bodyFirst = row

        // Page setup: A4 (A3 when even landscape A4 would shrink the text below 9 pt), landscape
        // when wide, one page wide (and one tall when it would spill a few rows over), the
        // title and header repeated on every page, the unit column frozen on wide sheets.
        let page = Layout.page(sheet, widths: widths)
        worksheet_set_paper(ws, page.paper)
        if page.landscape { worksheet_set_landscape(ws) }
        worksheet_fit_to_pages(ws, 1, UInt16(page.pagesTall))
        // Margins as published tables print (half an inch, the footer in the bottom one).
        worksheet_set_margins(ws, Layout.margin.side, Layout.margin.side, Layout.margin.top, Layout.margin.bottom)
        worksheet_center_horizontally(ws)
        worksheet_set_default_row(ws, Layout.oneLineHeight, 0)
        try check(worksheet_repeat_rows(ws, 0, bodyFirst - 1), 0, 0)
        try check(worksheet_set_footer(ws, "&C第 &P 页 共 &N 页"), 0, 0)
        worksheet_freeze_panes(ws, bodyFirst, width > 6 ? 1 : 0)
    }

    mutating func writeBody(_ b: BodyRow) throws(WriterError) {
        switch b {
        case .group(let title):
            try check(worksheet_set_row(ws, row, 20, nil), row, 0)
            try merge(row, 0, row, width - 1, title, writer.format(.group))
            groups.append((title, row + 1, row))
        case .cells(let cells):
            if groups.isEmpty { groups.append((nil, row, row)) }
            groups[groups.count - 1].last = row
            // Text wider than its column wraps. LibreOffice does not size rows to their text
            // when it opens an .xlsx, so a row of wrapped text gets a height estimated on the
            // generous side (never clipped); one-line rows keep the default height.
            // Which cells wrap: bits of one word for up to 64 columns (no allocation per row).
            var wrapBits: UInt64 = 0
            var wideWraps = width > 64 ? [Bool](repeating: false, count: width) : []
            var lines = 1
            for c in 0..<min(width, cells.count) {
                guard let t = cells[c].shownText else { continue }
                let (wraps, textLines) = Layout.bodyText(t, width: widths[c], fit: fitWidths[c], alignLeft: alignLeft[c])
                lines = max(lines, textLines)
                if wraps { if c < 64 { wrapBits |= 1 << UInt64(c) } else { wideWraps[c] = true } }
            }
            if lines > 1 { try check(worksheet_set_row(ws, row, Layout.rowHeight(lines: lines), nil), row, 0) }
            for c in 0..<width {
                let wraps = c < 64 ? wrapBits & (1 << UInt64(c)) != 0 : wideWraps[c]
                try write(c < cells.count ? cells[c] : .empty, row, c, bodyFormats[c], wraps: wraps)
            }
        }
        row += 1
    }

    /// Writes one body cell; `wraps` says a text is wider than its column (left-aligned, wrapped).
    func write(_ cell: ReportCell, _ r: UInt32, _ c: Int, _ format: ColumnFormat, wraps: Bool) throws(WriterError) {
        let f: UnsafeMutablePointer<lxw_format>
        switch format {
        case .text:
            f = editable[safe: c] == true ? editableText : wraps ? wrapFormat : textFormat
        default:
            f = columnFormats[c]
        }
        switch cell { // most cells: no mark, no fill
        case .marked, .filled, .noted: break
        default:
            if let note = try write(cell, r, c, format: f) { try comment(note, r, c) }
            return
        }
        var fill: UInt32? = nil
        var comment: String? = nil
        var base = cell
        while true {
            if case .marked(let inner, let text) = base { comment = text; fill = fill ?? Writer.markedFill; base = inner; continue }
            if case .filled(let inner, let color) = base { fill = color; base = inner; continue }
            if case .noted(let inner, let text) = base { comment = comment.map { $0 + "；" + text } ?? text; base = inner; continue }
            break
        }
        let dressed = fill.map { writer.format(format == .text ? (wraps ? .wrap : .text) : .number, numberFormat: format.numberFormat, fill: $0) } ?? f
        let note = try write(base, r, c, format: dressed)
        let said = [comment, note].compactMap { $0 }
        if !said.isEmpty { try self.comment(said.joined(separator: "；"), r, c) }
    }

    /// A reviewer's comment on a cell (Excel and LibreOffice show it on hover, with a red corner).
    func comment(_ text: String, _ r: UInt32, _ c: Int) throws(WriterError) {
        try checkText(text, r, c)
        var opts = lxw_comment_options()
        let author = System.cString("考核校验")
        defer { System.free(author) }
        opts.author = author
        opts.x_scale = 2.5
        opts.y_scale = 2
        try check(text.withCString { worksheet_write_comment_opt(ws, r, UInt16(c), $0, &opts) }, r, c)
    }

    /// Writes one cell's value; returns what a comment on it must say about how it was written
    /// (nil nearly always).
    @discardableResult
    func write(_ cell: ReportCell, _ r: UInt32, _ c: Int, format f: UnsafeMutablePointer<lxw_format>) throws(WriterError) -> String? {
        switch cell {
        case .empty:
            try check(worksheet_write_blank(ws, r, UInt16(c), f), r, c)
        case .text(let t):
            // Written as a string: text starting with =, +, - or @ never becomes a formula.
            try checkText(t, r, c)
            if t.isEmpty {
                try check(worksheet_write_blank(ws, r, UInt16(c), f), r, c)
            } else {
                // withCString reads a native string in place; passing the String itself as the
                // char * argument made a copy of every text.
                try check(t.withCString { worksheet_write_string(ws, r, UInt16(c), $0, f) }, r, c)
            }
        case .number(let d):
            try check(worksheet_write_number(ws, r, UInt16(c), try double(d, r, c), f), r, c)
        case .formula(let formula, let cached):
            let text = "=" + formula.text({ cellName(UInt32(Int(r) + $1), $0) }, target: writer.reference)
            let value = try double(cached, r, c)
            // Excel refuses a workbook with a formula over 8,192 characters: such a cell keeps
            // its value, and says why it has no formula.
            guard text.utf16.count <= Self.maxFormulaLength else {
                try check(worksheet_write_number(ws, r, UInt16(c), value, f), r, c)
                return "公式超过 Excel 允许的 \(Self.maxFormulaLength) 个字符，此格只写入计算结果"
            }
            try check(text.withCString { worksheet_write_formula_num(ws, r, UInt16(c), $0, f, value) }, r, c)
        case .textFormula(let formula, let cached):
            let text = "=" + formula.text({ cellName(UInt32(Int(r) + $1), $0) }, target: writer.reference)
            try checkText(cached, r, c)
            guard text.utf16.count <= Self.maxFormulaLength else {
                try check(cached.withCString { worksheet_write_string(ws, r, UInt16(c), $0, f) }, r, c)
                return "公式超过 Excel 允许的 \(Self.maxFormulaLength) 个字符，此格只写入计算结果"
            }
            try check(text.withCString { t in cached.withCString { worksheet_write_formula_str(ws, r, UInt16(c), t, f, $0) } }, r, c)
        case .marked(let inner, _), .filled(let inner, _), .noted(let inner, _):
            return try write(inner, r, c, format: f)
        case .value(let d, let format):
            let own = writer.format(.number, numberFormat: format.numberFormat)
            try check(worksheet_write_number(ws, r, UInt16(c), try double(d, r, c), own), r, c)
        case .link(let text, let target):
            try checkText(text, r, c)
            try check(worksheet_write_url_opt(ws, r, UInt16(c), "internal:" + writer.reference(target), f, text, nil), r, c)
        }
        return nil
    }

    /// The decimal as the nearest double; libxlsxwriter writes it with 15–17 significant
    /// digits, so 49.74 is stored as the text "49.74".
    func double(_ d: Decimal, _ r: UInt32, _ c: Int) throws(WriterError) -> Double {
        if let v = Self.fastDouble(d, layoutChecked: decimalLayoutChecked) { return v }
        guard let v = Double(d.plainText), v.isFinite else {
            throw WriterError(sheet: name, cell: cellName(r, c), "not a finite number: \(d)")
        }
        return v
    }

    /// The nearest double without going through text, when that is exact to compute: a
    /// mantissa below 2^53 and a power of ten up to 10^22 are both exact doubles, and one IEEE
    /// multiplication or division rounds correctly. nil otherwise (NaN included).
    static func fastDouble(_ d: Decimal, layoutChecked: Bool = DecimalLayout.checked) -> Double? {
        guard layoutChecked, let (negative, mantissa, exponent) = DecimalLayout.partsOfChecked(d), mantissa < 1 << 53,
              (-22...22).contains(exponent) else { return nil }
        var v = Double(mantissa)
        // 10^k by repeated multiplication: every power of ten up to 10^22 is an exact double,
        // and so is each step (usually two: the hundredths of a score).
        var power = 1.0
        for _ in 0..<abs(exponent) { power *= 10 }
        if exponent < 0 { v /= power } else if exponent > 0 { v *= power }
        guard v < 9_007_199_254_740_992 else { return nil } // a product past 2^53 may have rounded
        return negative ? -v : v
    }

    /// Notes under the table and the chart.
    mutating func finish() throws(WriterError) {
        if sheet.blankRows > 0 {
            for _ in 0..<sheet.blankRows { try writeBody(.cells(Array(repeating: .empty, count: width))) }
        }
        try protectAndValidate()
        if sheet.autofilter, !sheet.header.isEmpty, row > bodyFirst {
            try check(worksheet_autofilter(ws, bodyFirst - 1, 0, row - 1, UInt16(width - 1)), bodyFirst - 1, 0)
        }
        row += sheet.notes.isEmpty ? 0 : 1
        let tableWidth = widths.reduce(0, +)
        for note in sheet.notes {
            let lines = Int((Layout.displayWidth(note) / max(10, tableWidth - 2)).rounded(.up))
            try check(worksheet_set_row(ws, row, Layout.rowHeight(lines: lines), nil), row, 0)
            try merge(row, 0, row, width - 1, note, writer.format(.note))
            row += 1
        }
        if let chart = sheet.chart { try insertChartSheets(chart) }
    }

    /// A template's protection (only editable columns' cells can change) and its number-only
    /// columns (a typed letter is refused with a message).
    func protectAndValidate() throws(WriterError) {
        guard row > bodyFirst else { return }
        for (c, column) in sheet.columns.enumerated() where column.numbersOnly {
            var v = lxw_data_validation()
            v.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            v.minimum_number = -1e12
            v.maximum_number = 1e12
            let title = System.cString("请填写数字"), message = System.cString("这一列只能填写数字（可以带小数），不能填写文字。")
            defer { System.free(title); System.free(message) }
            v.error_title = title
            v.error_message = message
            try check(worksheet_data_validation_range(ws, bodyFirst, UInt16(c), row - 1, UInt16(c), &v), bodyFirst, c)
        }
        if sheet.protected {
            var options = lxw_protection()
            options.format_columns = 1
            options.format_rows = 1
            worksheet_protect(ws, nil, &options)
        }
    }

    /// One chart sheet per charted group of two or more units, right after this sheet: a bar
    /// per unit in the table's order (highest rank at the top), categories and values referring
    /// to this sheet's cells, every unit named, every bar labelled with its value in the
    /// column's format, the value axis from zero or from the group's stated minimum. A chart
    /// sheet prints as one page with the chart filling it.
    func insertChartSheets(_ spec: ChartSpec) throws(WriterError) {
        let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
        let format = sheet.columns[safe: spec.valueColumn]?.format.numberFormat ?? "0.00"
        let (cat, val) = (colLetters(spec.categoryColumn), colLetters(spec.valueColumn))
        for g in spec.groups {
            guard let rows = groups.first(where: { $0.name == g.name }), rows.last > rows.first else { continue }
            let chartName = writer.uniqueChartName("图-" + name + (spec.groups.count > 1 ? "（\(g.name ?? "")）" : ""))
            guard let page = workbook_add_worksheet(writer.workbook, chartName),
                  let chart = workbook_add_chart(writer.workbook, UInt8(LXW_CHART_BAR.rawValue)) else {
                throw WriterError(sheet: name, "cannot add a chart sheet")
            }
            var title = spec.title + (g.name.map { "（\($0)）" } ?? "")
            if let low = g.axisMinimum { title += "\n横轴自 \(low) 起，条长只表示高低差距" }
            chart_title_set_name(chart, title)
            guard let series = chart_add_series(chart, "=\(quoted)!$\(cat)$\(rows.first + 1):$\(cat)$\(rows.last + 1)",
                                                "=\(quoted)!$\(val)$\(rows.first + 1):$\(val)$\(rows.last + 1)") else {
                throw WriterError(sheet: name, "cannot add a chart series")
            }
            chart_series_set_labels(series)
            chart_series_set_labels_num_format(series, format)
            chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
            // In a bar chart x is the (horizontal) value axis and y the category axis.
            chart_axis_set_min(chart.pointee.x_axis, g.axisMinimum.map { NSDecimalNumber(decimal: $0).doubleValue } ?? 0)
            chart_axis_set_num_format(chart.pointee.x_axis, format)
            chart_axis_set_reverse(chart.pointee.y_axis)
            chart_axis_set_interval_unit(chart.pointee.y_axis, 1) // every unit named
            var font = lxw_chart_font()
            font.size = 9
            chart_axis_set_num_font(chart.pointee.y_axis, &font)
            chart_series_set_labels_font(series, &font)
            // A worksheet holding only the chart, sized to its page, not a chart sheet: libxlsxwriter
            // 1.1.4 anchors a portrait chart sheet's chart at y = -47625 EMU, and LibreOffice then
            // drops the chart (the page was missing); a landscape page has no room to name 35 units.
            let tall = rows.last - rows.first + 1 > 16
            let size = tall ? Layout.a4.portrait : Layout.a4.landscape
            var opts = lxw_chart_options()
            // The default chart is 480 × 288 px; a point is 4/3 px; a little kept for the footer.
            opts.x_scale = size.width * 4 / 3 / 480 * 0.98
            opts.y_scale = (size.height - 20) * 4 / 3 / 288 * 0.98
            try check(worksheet_insert_chart_opt(page, 0, 0, chart, &opts), 0, 0)
            worksheet_set_paper(page, 9)
            if tall { worksheet_set_portrait(page) } else { worksheet_set_landscape(page) }
            worksheet_set_margins(page, Layout.margin.side, Layout.margin.side, Layout.margin.top, Layout.margin.bottom)
            worksheet_fit_to_pages(page, 1, 1)
            worksheet_center_horizontally(page)
            try check(worksheet_set_footer(page, "&C第 &P 页 共 &N 页"), 0, 0)
        }
    }

    func colLetters(_ c: Int) -> String {
        let n = cellName(0, c)
        return String(n.dropLast())
    }
}

/// A1 names of cells (KaoheFormat's).
enum CellName {
    static func a1(row: Int, column: Int) -> String { A1.cell(row: row, column: column) }
}
