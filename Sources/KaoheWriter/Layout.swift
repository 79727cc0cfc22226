import Foundation

/// Layout rules that do not depend on libxlsxwriter.
public enum Layout {
    /// Display width in Excel character units: a CJK or full-width character is about two.
    /// The widest line counts.
    public static func displayWidth(_ text: String) -> Double { metrics(text).width }

    /// The widest line's display width and the number of lines, in one pass.
    static func metrics(_ text: String) -> (width: Double, lines: Int) {
        var widest = 0.0
        var current = 0.0
        var lines = 1
        for s in text.unicodeScalars {
            if s == "\n" {
                widest = max(widest, current)
                current = 0
                lines += 1
            } else {
                current += isWide(s) ? 2 : 1
            }
        }
        return (max(widest, current), lines)
    }

    /// Lines a text takes in a column `width` characters wide: each written line wraps on its
    /// own. `metrics` may be passed when the caller has it already.
    static func wrappedLines(_ text: String, width: Double, metrics: (width: Double, lines: Int)? = nil) -> Int {
        let m = metrics ?? self.metrics(text)
        // One written line (the common case, on the body's hot path) needs no splitting.
        if m.lines == 1 { return max(1, Int((m.width / max(1, width)).rounded(.up))) }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { max(1, Int((displayWidth(String($0)) / max(1, width)).rounded(.up))) }
            .reduce(0, +)
    }

    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
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
        func fit(_ c: Int, _ text: String) {
            guard c < widths.count else { return }
            widths[c] = max(widths[c], min(cap, displayWidth(text) + 2))
        }
        // Header cells that span one column count toward that column.
        for (c, text) in headerColumnTexts(sheet) { fit(c, text) }
        for row in sheet.body {
            guard case .cells(let cells) = row else { continue }
            for (c, cell) in cells.enumerated() {
                switch cell.unmarked {
                case .text(let t): fit(c, t)
                case .number(let d), .formula(_, let d):
                    fit(c, Self.formatted(d, sheet.columns[safe: c]?.format ?? .decimal(2)))
                case .empty, .marked: break
                }
            }
        }
        for (c, col) in sheet.columns.enumerated() { if let w = col.width { widths[c] = w } }
        return widths
    }

    /// (column, text) of the header cells that span a single column.
    static func headerColumnTexts(_ sheet: ReportSheet) -> [(Int, String)] {
        placeHeader(sheet.header).filter { $0.cell.columns == 1 }.map { ($0.column, $0.cell.text) }
    }

    /// Positions of header cells: row offset, column, and the cell.
    static func placeHeader(_ header: [[HeaderCell]]) -> [(row: Int, column: Int, cell: HeaderCell)] {
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

    static func formatted(_ d: Decimal, _ format: ColumnFormat) -> String {
        switch format {
        case .percent(let n): return (d * 100).description.prefix(12 + n) + "%"
        default: return d.description
        }
    }

    /// Estimated height of a row whose wrapped text needs `lines` lines.
    static func rowHeight(lines: Int) -> Double { Double(max(1, lines)) * 14.25 + 3 }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
