import Foundation
import KaoheFormat

/// Layout rules that do not depend on libxlsxwriter.
public enum Layout {
    /// Display width in Excel character units: a CJK or full-width character is about two.
    /// The widest line counts.
    public static func displayWidth(_ text: String) -> Double { metrics(text).width }

    /// The widest line's display width and the number of lines, in one pass.
    /// Whether a body text wraps in its column (wider than it, or a left-aligned column) and
    /// how many lines its row then needs. `fit` is `oneLineBytes(width)`: a text of no more
    /// UTF-8 bytes, on one line, fits on one line (no character is wider than its bytes) and
    /// is not measured; only longer ones are, one text cell at a time.
    static func bodyText(_ t: String, width: Double, fit: Int, alignLeft: Bool) -> (wraps: Bool, lines: Int) {
        if t.utf8.count <= fit, !hasLineBreak(t) { return (alignLeft, 1) }
        let m = metrics(t)
        let wraps = m.width > width || alignLeft
        return (wraps, wraps || m.lines > 1 ? wrappedLines(t, width: width, metrics: m) : 1)
    }

    /// The most UTF-8 bytes a one-line text may have to be sure it fits a column `width` wide
    /// with its padding (`wrappedLines` keeps one line only up to width − 1).
    static func oneLineBytes(_ width: Double) -> Int { max(0, Int((width - 1).rounded(.down))) }

    /// Whether the text holds a line feed.
    static func hasLineBreak(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { b in b.count > 0 && memchr(b.baseAddress!, 0x0A, b.count) != nil }
            ?? text.utf8.contains(0x0A)
    }

    static func metrics(_ text: String) -> (width: Double, lines: Int) {
        // Over the UTF-8 bytes, decoding each scalar from its lead and continuation bytes:
        // this runs for every text cell written.
        var widest = 0, current = 0, lines = 1
        var text = text
        text.withUTF8 { bytes in
            var scalar: UInt32 = 0, pending = 0
            for b in bytes {
                if pending > 0 { // a continuation byte
                    scalar = scalar << 6 | UInt32(b & 0x3F)
                    pending -= 1
                    if pending == 0 { current += isWide(scalar) ? 2 : 1 }
                } else if b < 0x80 {
                    if b == 0x0A { widest = max(widest, current); current = 0; lines += 1 } else { current += 1 }
                } else if b >= 0xF0 { scalar = UInt32(b & 0x07); pending = 3 }
                else if b >= 0xE0 { scalar = UInt32(b & 0x0F); pending = 2 }
                else { scalar = UInt32(b & 0x1F); pending = 1 }
            }
        }
        return (Double(max(widest, current)), lines)
    }

    /// Lines a text takes in a column `width` characters wide: each written line wraps on its
    /// own. `metrics` may be passed when the caller has it already. On the generous side: the
    /// CJK fonts LibreOffice and WPS substitute are wider than two characters, and a line does
    /// not break inside a run of digits, so the usable width is taken as 88% less the padding.
    static func wrappedLines(_ text: String, width: Double, metrics: (width: Double, lines: Int)? = nil) -> Int {
        let m = metrics ?? self.metrics(text)
        // A cell keeps about half a unit of padding.
        let usable = max(1, (width - 0.5) / unitsPerDisplayUnit)
        // One written line (the common case, on the body's hot path) needs no splitting.
        if m.lines == 1 { return m.width <= width - 1 ? 1 : max(1, Int((m.width / usable).rounded(.up))) }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                let w = displayWidth(String(line))
                return w <= width - 1 ? 1 : max(1, Int((w / usable).rounded(.up)))
            }
            .reduce(0, +)
    }

    /// A header that does not fit its column on one line, broken before its last bracketed
    /// part as published tables print it (发布解读 / （40分）), not wherever the width runs out
    /// ("发布解读（40分" / "）"). Unchanged when it fits, has no such part, already breaks, or
    /// when either part would still wrap (a long name then wraps as the width allows).
    static func headerText(_ text: String, width: Double) -> String {
        guard !text.contains("\n"), wrappedLines(text, width: width) > 1,
              let open = text.lastIndex(where: { $0 == "（" || $0 == "(" }), open != text.startIndex else { return text }
        let name = text[..<open].trimmingCharacters(in: .whitespaces), bracket = String(text[open...])
        guard !name.isEmpty, wrappedLines(name, width: width) == 1, wrappedLines(bracket, width: width) == 1 else { return text }
        return name + "\n" + bracket
    }

    static func isWide(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Sheet names made valid and unique, deterministically: each of []:*?/\ becomes "_",
    /// line breaks and leading and trailing apostrophes go, the
    /// name is cut to 31 characters (UTF-16 units, as Excel counts), "History" and empty names
    /// are replaced, and a repeat (compared case-insensitively) gets " (2)", " (3)" … inside
    /// the 31 characters.
    public static func sheetNames(_ wanted: [String]) -> [String] {
        var used: Set<String> = []
        var out: [String] = []
        for (i, w) in wanted.enumerated() {
            var base = String(w.map { "[]:*?/\\".contains($0) ? "_" : $0 })
            base = base.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\r", with: "")
            while base.hasPrefix("'") { base.removeFirst() }
            while base.hasSuffix("'") { base.removeLast() }
            if base.trimmingCharacters(in: .whitespaces).isEmpty || base.lowercased() == "history" {
                base = "表\(i + 1)"
            }
            var candidate = truncate(base, to: 31)
            var n = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(n))"
                candidate = truncate(base, to: 31 - suffix.utf16.count) + suffix
                n += 1
            }
            used.insert(candidate.lowercased())
            out.append(candidate)
        }
        return out
    }

    static func truncate(_ s: String, to units: Int) -> String {
        var out = ""
        var count = 0
        for ch in s {
            let n = String(ch).utf16.count
            if count + n > units { break }
            out.append(ch)
            count += n
        }
        return out
    }

    /// Column widths fitted to the header and body (CJK counts double), capped.
    static func columnWidths(_ sheet: ReportSheet, cap: Double) -> [Double] {
        var widths = sheet.columns.map { _ in 6.0 }
        // A column given its width keeps it, but for a centred text that would wrap (a unit's
        // name one character too long): its body is measured too, and widens it up to `cap`.
        let measured = sheet.columns.map { $0.width == nil || !$0.alignLeft }
        // The most each column can become: a column at it measures no more text (a column of
        // reasons reaches it at its first long one).
        let limits = sheet.columns.map { col in col.width.map { min(cap, max($0, $0 * 4 / 3)) } ?? cap }
        func fit(_ c: Int, _ text: String) {
            guard c < widths.count, widths[c] < limits[c] else { return }
            widths[c] = max(widths[c], min(limits[c], displayWidth(text) * unitsPerDisplayUnit + 1.5))
        }
        // Header cells that span one column count toward that column; a long header may wrap
        // onto two lines rather than widen a column of short numbers.
        for (c, text) in headerColumnTexts(sheet) {
            guard c < widths.count, sheet.columns[c].width == nil else { continue }
            let w = displayWidth(text)
            widths[c] = max(widths[c], min(cap, w <= 12 ? w + 2 : max(12, (w / 2).rounded(.up) + 4)))
        }
        for row in sheet.body {
            guard case .cells(let cells) = row else { continue }
            for (c, cell) in cells.enumerated() where c >= measured.count || measured[c] {
                switch cell.unmarked {
                case .text(let t), .link(let t, _), .textFormula(_, let t): fit(c, t)
                case .number(let d), .formula(_, let d):
                    fit(c, Self.formatted(d, sheet.columns[safe: c]?.format ?? .decimal(2)))
                case .value(let d, let format):
                    fit(c, Self.formatted(d, format))
                case .empty, .marked, .filled, .noted: break
                }
            }
        }
        // A set width widens by a third at most, and never turns a portrait table landscape.
        var kept = widths
        for (c, col) in sheet.columns.enumerated() {
            guard let w = col.width else { continue }
            kept[c] = w
            widths[c] = col.alignLeft ? w : max(w, min(widths[c], w * 4 / 3))
        }
        let portrait = { (w: [Double]) in w.reduce(0, +) <= 100 && w.count <= 7 }
        return filledToPage(portrait(kept) && !portrait(widths) ? kept : widths, sheet: sheet)
    }

    /// A table narrower than its page gives the room to its widest wrapping (left-aligned) text
    /// column: fewer lines per row, fewer pages (000's 政务公开 reasons took two lines each in a
    /// column 45 wide on a landscape page with room for 66).
    ///
    /// A portrait table with such a column is printed landscape when, its column widened to
    /// the landscape page, it needs fewer pages (002's reasons: four portrait pages, three wide).
    static func filledToPage(_ widths: [Double], sheet: ReportSheet) -> [Double] {
        let wrapping = sheet.columns.indices.filter { sheet.columns[$0].alignLeft && $0 < widths.count }
        guard let widest = wrapping.max(by: { widths[$0] < widths[$1] }) else { return widths }
        let total = widths.reduce(0, +)
        // The printable width in column units as LibreOffice measures them, each column's
        // padding and a unit kept spare: filled wider, the table would be shrunk to fit.
        func filled(_ printable: Double) -> [Double] {
            let room = printable / printedUnit - columnPadding * Double(widths.count) - 1
            var out = widths
            if total < room { out[widest] += min(room - total, widths[widest]) }
            return out
        }
        let wide = filled(a4.landscape.width)
        guard total <= 100, widths.count <= 7 else { return wide }
        let tall = filled(a4.portrait.width)
        // Landscape only if the widened column still leaves it landscape and saves a page.
        let pagesTall = estimatedPages(sheet, widths: tall).pages.rounded(.up)
        let pagesWide = estimatedPages(sheet, widths: wide).pages.rounded(.up)
        return wide.reduce(0, +) > 100 && pagesWide < pagesTall ? wide : tall
    }

    /// (column, text) of the header cells that span a single column.
    static func headerColumnTexts(_ sheet: ReportSheet) -> [(Int, String)] {
        placeHeader(sheet.header).filter { $0.cell.columns == 1 }.map { ($0.column, $0.cell.text) }
    }

    /// Positions of header cells: row offset, column, and the cell.
    public static func placeHeader(_ header: [[HeaderCell]]) -> [(row: Int, column: Int, cell: HeaderCell)] {
        var out: [(Int, Int, HeaderCell)] = []
        var taken: Set<[Int]> = []
        for (r, cells) in header.enumerated() {
            var c = 0
            for cell in cells {
                while taken.contains([r, c]) { c += 1 }
                out.append((r, c, cell))
                for dr in 0..<cell.rows { for dc in 0..<cell.columns { taken.insert([r + dr, c + dc]) } }
                c += cell.columns
            }
        }
        return out
    }

    /// A number as wide as its column's format shows it (120.00%, 99.50), for measuring its
    /// width: the integer digits as written, then the format's decimals. (Measured for every
    /// number of a night's summaries: no rounding, which would only ever add a digit at 9.995.)
    static func formatted(_ d: Decimal, _ format: ColumnFormat) -> String {
        func places(_ text: String, _ n: Int) -> String {
            let whole = text.prefix { $0 != "." }
            return n > 0 ? whole + "." + String(repeating: "0", count: n) : String(whole)
        }
        switch format {
        case .percent(let n): return places((d * 100).plainText, n) + "%"
        case .decimal(let n): return places(d.plainText, n)
        default: return d.plainText
        }
    }

    /// Estimated height of a row whose wrapped text needs `lines` lines.
    /// (A CJK line takes 1.45 times its size where LibreOffice sets it — the office server's PDF,
    /// a reviewer's WPS or LibreOffice without 宋体 — in Noto Sans CJK, whose ascent and descent
    /// are 1.448 em: 15.2 pt at 10.5 pt, measured on the rendered seed summaries, where 1.31
    /// left six-line reasons cut at their last line. In Excel with 宋体 the rows are a little roomy.)
    static func rowHeight(lines: Int) -> Double { Double(max(1, lines)) * lineHeight + 1 }

    /// The tables' text size: 五号 (10.5 pt), as government tables are printed.
    static let fontSize = 10.5
    static let lineHeight = fontSize * 1.45
    /// Column-width units a unit of display width takes: a CJK character (two display units)
    /// is `fontSize` points wide, and a unit of width is about 5.25 pt (a '0' of Calibri 11).
    public static let unitsPerDisplayUnit = fontSize / 2 / 5.25

    /// A unit of column width as LibreOffice prints it: the width of Calibri's (Carlito's) '0'
    /// at 11 pt, 1038/2048 em = 5.575 pt (Excel rounds it to 7 px, 5.25 pt, so a table measured
    /// this way has a little room there). Measured on the seed summaries: 002's table, filled to
    /// 5.25 pt units, printed 6 % too wide and was shrunk to 94 %.
    static let printedUnit = 11.0 * 1038 / 2048
    /// The padding the writer adds to every column's width (Excel's 5 px): 0.71 units.
    static let columnPadding = 0.71

    /// A row with no height of its own: 15 pt in Excel, 12.8 pt in LibreOffice.
    static let defaultRowHeight = 15.0
    /// The height the writer gives a one-line row: 13.8 pt, the glyphs of one line of 10.5 pt
    /// with a little room (the line's own leading, which only matters between lines, left out),
    /// not Excel's 15 pt for Calibri 11.
    static let oneLineHeight = 13.8

    /// How a sheet prints: paper (9 A4, 8 A3), orientation, and how many pages tall it is fitted
    /// to (0: as many as it takes). One page when it would spill no more than about a third of a
    /// page over; one page fewer when the last page holds only a few rows and the text stays
    /// about 9 pt (a scale of at least 0.86).
    struct Page: Equatable {
        var paper: UInt8
        var landscape: Bool
        var pagesTall: Int
    }

    /// The least scale that fitting a long table into one page fewer may take: 9 pt of 10.5.
    static let leastMultiPageScale = 9.0 / fontSize

    /// Page margins in inches: half an inch at the sides and top, the footer in 0.6 at the bottom.
    static let margin = (side: 0.5, top: 0.5, bottom: 0.6)

    /// A4's printable width and height in points, inside the margins (A3: `a3`).
    static let a4 = (portrait: (width: 595.0 - 72, height: 842.0 - 79), landscape: (width: 842.0 - 72, height: 595.0 - 79))
    static let a3 = (width: 1191.0 - 72, height: 842.0 - 79)

    static func page(_ sheet: ReportSheet, widths: [Double]) -> Page {
        let estimate = estimatedPages(sheet, widths: widths)
        // Fitting only ever shrinks: a sheet estimated near a page's end is fitted too, as the
        // estimate can be short by a few rows (000's 总表 spilled two rows at 0.9 pages).
        return Page(paper: estimate.paper, landscape: estimate.landscape,
                    pagesTall: sheet.fitOnePageWhenClose ? pagesTall(estimate.pages) : 0)
    }

    /// The paper, the orientation, and how many pages the sheet prints on as LibreOffice lays
    /// it out: one page wide (shrunk when wider than the paper), the title and header printed
    /// again at the top of every page.
    static func estimatedPages(_ sheet: ReportSheet, widths: [Double]) -> (paper: UInt8, landscape: Bool, pages: Double) {
        let tableWidth = (widths.reduce(0, +) + columnPadding * Double(widths.count)) * printedUnit
        let landscape = widths.reduce(0, +) > 100 || widths.count > 7
        // Scaled to one page wide on A4, text below 9 pt (of 11) is too small: use A3.
        let a4Width = landscape ? a4.landscape.width : a4.portrait.width
        let paper: UInt8 = landscape && a4Width / tableWidth < 9.0 / 11 ? 8 : 9
        let printable: (width: Double, height: Double) = paper == 8 ? a3 : landscape ? a4.landscape : a4.portrait
        let scale = min(1, printable.width / tableWidth)
        let repeated = headingHeight(sheet) * scale
        let height = estimatedHeight(sheet, widths: widths) * scale
        let pages = height <= printable.height ? height / printable.height : 1 + (height - printable.height) / (printable.height - repeated)
        return (paper, landscape, pages)
    }

    /// Pages tall to fit a sheet estimated at `pages` pages into (0: not fitted).
    static func pagesTall(_ pages: Double) -> Int {
        if pages > 0.85 && pages <= 1.35 { return 1 }
        let fewer = pages.rounded(.up) - 1
        return fewer >= 2 && fewer / pages >= leastMultiPageScale ? Int(fewer) : 0
    }

    /// The title, subtitle and header rows, in points: repeated at the top of every page.
    static func headingHeight(_ sheet: ReportSheet) -> Double {
        30.0 + (sheet.subtitle == nil ? 0 : 20) + Double(max(1, sheet.header.count)) * 30
    }

    /// The sheet's height in points, its rows sized to their text.
    static func estimatedHeight(_ sheet: ReportSheet, widths: [Double]) -> Double {
        var height = headingHeight(sheet)
        for b in sheet.body {
            guard case .cells(let cells) = b else { height += 20; continue }
            var lines = 1
            for (c, cell) in cells.enumerated() where c < widths.count {
                if let t = cell.shownText { lines = max(lines, wrappedLines(t, width: widths[c])) }
            }
            // One-line rows keep the default height (the writer sets heights of wrapped rows only).
            height += lines > 1 ? rowHeight(lines: lines) : oneLineHeight
        }
        return height + Double(sheet.notes.count) * 16
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
