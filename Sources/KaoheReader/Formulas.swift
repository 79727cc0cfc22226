/// A cell's formula as the sheet part writes it (`<f>`), beside the cell's value: the reader
/// keeps formulas in a side table of the sheet (`SheetMetadata.formulas`), so reading values
/// costs nothing more. What a formula computes is not the reader's business.
public struct SheetFormula: Equatable, Sendable {
    /// The cell holding the formula (0-based).
    public var row: Int
    public var column: Int
    /// The formula as written, without its "=" ("C14+D14"). For a cell of a shared formula
    /// (`<f t="shared" si="0"/>`), the text the shared formula's first cell holds.
    public var text: String
    /// The cell `text` is written for: the cell itself, or the first cell of its shared
    /// formula. References without `$` move with the cell's distance from it (D3's B3+C3 is
    /// B4+C4 in D4).
    public var anchorRow: Int
    public var anchorColumn: Int
    /// Whether the file holds the formula's result (a `<v>`). openpyxl and other scripts write
    /// formulas without one; Excel and WPS always write one.
    public var cached: Bool

    public init(row: Int, column: Int, text: String, anchorRow: Int? = nil, anchorColumn: Int? = nil, cached: Bool) {
        self.row = row
        self.column = column
        self.text = text
        self.anchorRow = anchorRow ?? row
        self.anchorColumn = anchorColumn ?? column
        self.cached = cached
    }

    /// Whether the text is the shared formula's, written for another cell.
    public var isShared: Bool { anchorRow != row || anchorColumn != column }
}

/// Collects a sheet's formulas while it streams. A cell of a shared formula names it by its
/// index (si); the formula's text stands in its first cell, which normally comes first but
/// need not: cells whose shared formula is not known yet wait for the end of the sheet.
struct FormulaCollector {
    private(set) var formulas: [SheetFormula] = []
    /// The formula of each shared index, by its position in `formulas`.
    private var shared: [Int: Int] = [:]
    /// Cells of a shared formula whose text had not come yet: position in `formulas`, index.
    private var waiting: [(at: Int, index: Int)] = []

    /// A cell's formula: its text (empty for a cell of a shared formula), the shared index
    /// (nil for a plain formula) and whether a value followed it.
    mutating func add(row: Int, column: Int, text: [UInt8], sharedIndex: Int?, cached: Bool) {
        let f = SheetFormula(row: row, column: column, text: String(decoding: text, as: UTF8.self), cached: cached)
        guard let si = sharedIndex else { formulas.append(f); return }
        if !text.isEmpty {
            if shared[si] == nil { shared[si] = formulas.count }
            formulas.append(f)
        } else if let first = shared[si] {
            formulas.append(Self.sharing(f, formulas[first]))
        } else {
            waiting.append((formulas.count, si))
            formulas.append(f)
        }
    }

    /// Every formula of the sheet in file order; a cell of a shared formula that never
    /// appeared is left out (nothing can be said of it).
    mutating func finish() -> [SheetFormula] {
        guard !waiting.isEmpty else { return formulas }
        var dropped = Set<Int>()
        for w in waiting {
            if let first = shared[w.index] { formulas[w.at] = Self.sharing(formulas[w.at], formulas[first]) } else { dropped.insert(w.at) }
        }
        waiting = []
        if !dropped.isEmpty { formulas = formulas.enumerated().filter { !dropped.contains($0.offset) }.map(\.element) }
        return formulas
    }

    private static func sharing(_ cell: SheetFormula, _ first: SheetFormula) -> SheetFormula {
        SheetFormula(row: cell.row, column: cell.column, text: first.text, anchorRow: first.row, anchorColumn: first.column, cached: cell.cached)
    }
}
