import Foundation
import KaoheFormat

/// What a reviewer's summary workbook holds: sheets laid out as assessment tables are published.
/// The writer turns this into an .xlsx; nothing here knows about libxlsxwriter.
public struct ReportWorkbook: Sendable {
    public var sheets: [ReportSheet]
    /// Document title (file properties).
    public var title: String
    /// Custom document properties (name → text), which Excel, WPS and LibreOffice keep when
    /// they save the workbook again: a template says which job, tables and period it is for.
    public var properties: [(name: String, value: String)] = []

    public init(title: String, sheets: [ReportSheet]) {
        self.title = title
        self.sheets = sheets
    }
}

/// A cell in a report sheet.
/// Only the cases that hold a cell are boxed (`indirect`): a number or a text is stored in
/// place, not in a heap allocation of its own (a summary has thousands of cells).
public enum ReportCell: Sendable, Equatable {
    case empty
    case text(String)
    /// A decimal shown with the column's format (0.00, 0.00%, 0 …).
    case number(Decimal)
    /// A formula with its exact cached result, so a reviewer can click the cell and see how
    /// the number was reached. The formula has no leading "="; its cell references are columns
    /// that the writer turns into A1 references for the row it writes.
    case formula(ReportFormula, cached: Decimal)
    /// A formula whose result is text (a bulletin's paragraph: its words joined with COUNTIF and
    /// SUM over the table sheets, ="共考核单位"&COUNTA(…)&"个"), with that text as its cached result.
    case textFormula(ReportFormula, cached: String)
    /// A cell a reviewer must check: shown with a highlight (it prints) and a comment saying why.
    indirect case marked(ReportCell, comment: String)
    /// A cell shown with a fill (grades as offices print them: 红牌 red …), 0xRRGGBB.
    indirect case filled(ReportCell, color: UInt32)
    /// A cell with a comment and no highlight: where its figure came from (the annual sheet's
    /// period scores: the summary file and run).
    indirect case noted(ReportCell, comment: String)
    /// Text linking to a cell of this workbook (the audit sheet's 汇总表位置).
    case link(String, to: CellTarget)
    /// A number with its own format, whatever its column's (the audit sheet's values, each in
    /// its table's format).
    case value(Decimal, format: ColumnFormat)

    /// The cell without its mark or fill.
    public var unmarked: ReportCell {
        switch self {
        case .marked(let inner, _), .filled(let inner, _), .noted(let inner, _): return inner.unmarked
        default: return self
        }
    }

    /// The text a cell shows, for measuring (nil for numbers and empty cells).
    var shownText: String? {
        switch self {
        case .text(let t), .link(let t, _), .textFormula(_, let t): return t
        case .marked, .filled, .noted: return unmarked.shownText
        default: return nil
        }
    }
}

/// A cell of the workbook being written: the index of its sheet in `ReportWorkbook.sheets`,
/// 0-based row and column. The writer turns it into 'Sheet name'!C5 with the final names.
public struct CellTarget: Sendable, Equatable, Hashable {
    public var sheet: Int
    public var row: Int
    public var column: Int

    public init(sheet: Int, row: Int, column: Int) {
        self.sheet = sheet
        self.row = row
        self.column = column
    }
}

/// A formula whose references are columns of the row it is written in: the writer alone turns
/// them into A1 references, so the layout is computed in one place.
public struct ReportFormula: Sendable, Equatable, ExpressibleByStringLiteral, CustomStringConvertible {
    public enum Part: Sendable, Equatable {
        case text(String)
        /// The cell of this 0-based column in the row the formula is written in.
        case column(Int)
        /// A range of this column, rows `from`…`to` counted from the row the formula is written
        /// in (1…4: the four rows below it).
        case rows(column: Int, from: Int, to: Int)
        /// A cell of another sheet ('疫情防控'!C5).
        case cell(CellTarget)
        /// A range of another sheet, from one cell to another of the same sheet ('区级部门报送'!F4:F42).
        case range(CellTarget, to: CellTarget)
    }

    public var parts: [Part]

    public init(_ parts: [Part]) { self.parts = parts }
    public init(stringLiteral text: String) { self.parts = [.text(text)] }

    /// The formula with each cell named by `cell(column, row offset)` (the writer gives A1 names
    /// relative to the row it writes) and each other sheet's cell by `target`.
    public func text(_ cell: (_ column: Int, _ rowOffset: Int) -> String, target: (CellTarget) -> String = { "\($0)" }) -> String {
        parts.map { p in
            switch p {
            case .text(let t): return t
            case .column(let c): return cell(c, 0)
            case .rows(let c, let from, let to): return cell(c, from) + ":" + cell(c, to)
            case .cell(let t): return target(t)
            case .range(let a, let b): return target(a) + ":" + CellName.a1(row: b.row, column: b.column)
            }
        }.joined()
    }

    /// Columns as {C}: ROUND({2}+{4},2).
    public var description: String {
        parts.map { p in
            switch p {
            case .text(let t): return t
            case .column(let c): return "{\(c)}"
            case .rows(let c, let from, let to): return "{\(c)+\(from)}:{\(c)+\(to)}"
            case .cell(let t): return "{sheet \(t.sheet) R\(t.row)C\(t.column)}"
            case .range(let a, let b): return "{sheet \(a.sheet) R\(a.row)C\(a.column):R\(b.row)C\(b.column)}"
            }
        }.joined()
    }
}

public struct ReportColumn: Sendable, Equatable {
    public var format: ColumnFormat
    /// A fixed width in Excel character units; nil fits the content (CJK counts double).
    public var width: Double?
    /// Text left-aligned in every row (reason text, notes). Otherwise short text is centred and
    /// only text wider than the column is left-aligned and wrapped.
    public var alignLeft: Bool
    /// On a protected sheet (a template), the body cells of this column can be filled in.
    public var editable: Bool = false
    /// Body cells of this column take only numbers (a template's counts and scores).
    public var numbersOnly: Bool = false

    public init(_ format: ColumnFormat, width: Double? = nil, alignLeft: Bool = false) {
        self.format = format
        self.width = width
        self.alignLeft = alignLeft
    }
}

/// A header cell spanning `columns` × `rows` (年终考核（50%） over two sub-columns).
public struct HeaderCell: Sendable, Equatable {
    public var text: String
    public var columns: Int
    public var rows: Int

    public init(_ text: String, columns: Int = 1, rows: Int = 1) {
        self.text = text
        self.columns = columns
        self.rows = rows
    }
}

public enum BodyRow: Sendable, Equatable {
    /// A group sub-heading (镇（街道）, 区级部门), merged across the table.
    case group(String)
    case cells([ReportCell])
}

/// A bar chart of one column by unit.
/// A bar chart of a table sheet's column, one chart sheet (one printed page, the chart filling
/// it) per group of the table's rows that has a `ChartSpec.Group`: categories and values are
/// references to the table's own cells, so a corrected cell moves its bar.
public struct ChartSpec: Sendable, Equatable {
    public var title: String
    /// Column index of the categories (unit names) and of the values, in the table sheet.
    public var categoryColumn: Int
    public var valueColumn: Int
    /// The groups charted (nil: a table without group rows), in the table's order.
    public var groups: [Group]

    public struct Group: Sendable, Equatable {
        /// The group's name as its group row shows it; nil for a table without group rows.
        public var name: String?
        /// Where the value axis starts (nil: at zero), said in the chart's title.
        public var axisMinimum: Decimal?
        public init(name: String?, axisMinimum: Decimal? = nil) {
            self.name = name
            self.axisMinimum = axisMinimum
        }
    }

    public init(title: String, categoryColumn: Int, valueColumn: Int, groups: [Group]) {
        self.title = title
        self.categoryColumn = categoryColumn
        self.valueColumn = valueColumn
        self.groups = groups
    }
}

public struct ReportSheet: Sendable {
    /// The wanted sheet name; made valid and unique when written.
    public var name: String
    public var title: String
    public var subtitle: String?
    public var columns: [ReportColumn]
    /// One or two header rows. A cell spanning two rows appears in the first row only; the
    /// second row lists the cells under the spans, left to right.
    public var header: [[HeaderCell]]
    public var body: [BodyRow]
    public var notes: [String]
    public var chart: ChartSpec?
    /// An AutoFilter on the header's last row over the body.
    public var autofilter: Bool = true
    /// Fit the table on one page tall when it spills only a little onto a second page (a long
    /// table: into one page fewer, when its last page holds only a few rows).
    public var fitOnePageWhenClose: Bool = true
    /// Protect the sheet: only editable columns' body cells can be changed (templates).
    public var protected: Bool = false
    /// Empty body rows a template offers below its listed units, for units it does not list.
    public var blankRows: Int = 0

    public init(name: String, title: String, subtitle: String? = nil, columns: [ReportColumn], header: [[HeaderCell]],
                body: [BodyRow], notes: [String] = [], chart: ChartSpec? = nil) {
        self.name = name
        self.title = title
        self.subtitle = subtitle
        self.columns = columns
        self.header = header
        self.body = body
        self.notes = notes
        self.chart = chart
    }
}

/// Options that apply to a whole workbook.
public struct WriterOptions: Sendable {
    /// Body font (宋体 by default).
    public var font: String
    /// Header font (黑体 by default).
    public var headerFont: String
    /// libxlsxwriter's constant-memory mode: rows go to disk as they are written. Header cells
    /// spanning two rows are then not merged (their text stands in the top row).
    public var constantMemory: Bool
    /// Widest a fitted column gets, in character units; longer text wraps.
    public var maxColumnWidth: Double
    /// Called when the complete workbook sits under its temporary name, just before it is
    /// renamed into place (the runner's crash-safety test kills the process here).
    public var beforeRename: (@Sendable () -> Void)? = nil
    /// Where libxlsxwriter keeps its temporary files (one per sheet, deleted as soon as they
    /// are made) while it writes; nil for the system's default (/tmp).
    public var temporaryDirectory: String? = nil
    /// The workbook's creation date (docProps/core.xml); nil for now. A fixed one
    /// (SOURCE_DATE_EPOCH, which the caller reads) makes the same inputs give the same bytes.
    public var created: Date? = nil

    public init(font: String = "宋体", headerFont: String = "黑体", constantMemory: Bool = false, maxColumnWidth: Double = 40) {
        self.font = font
        self.headerFont = headerFont
        self.constantMemory = constantMemory
        self.maxColumnWidth = maxColumnWidth
    }
}

/// Why a workbook could not be written: names the sheet and cell where there is one.
public struct WriterError: Error, Equatable, Sendable, CustomStringConvertible {
    public var sheet: String?
    public var cell: String?
    public var message: String

    public init(sheet: String? = nil, cell: String? = nil, _ message: String) {
        self.sheet = sheet
        self.cell = cell
        self.message = message
    }

    public var description: String {
        var where_ = ""
        if let sheet { where_ += "sheet '\(sheet)'" }
        if let cell { where_ += (where_.isEmpty ? "" : " ") + "cell \(cell)" }
        return where_.isEmpty ? message : where_ + ": " + message
    }
}

extension ReportSheet {
    /// The 0-based worksheet row of the first body row: after the title, the subtitle and the
    /// header rows. Callers use it to write formulas that refer to cells of the same sheet.
    public var firstBodyRow: Int {
        if title.isEmpty && header.isEmpty { return 0 }
        return 1 + (subtitle == nil ? 0 : 1) + max(1, header.count)
    }
}
