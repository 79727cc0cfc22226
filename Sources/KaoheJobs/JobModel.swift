import Foundation
import KaoheFormat
import KaoheScoring

/// An assessment as its office describes it in a job file (Jobs/*.yaml).
public struct Job: Sendable {
    public var path: String { didSet { name = Self.name(of: path) } }
    /// The job's name: its file name without the extension (000-巴中市-政务目标考核). Kept,
    /// not worked out from the path at each use (a night's run asks for it thousands of times).
    public private(set) var name: String
    /// The assessment period ("2021年度"). A table whose file pattern holds `{period}` takes
    /// the period from each file's name instead, so one job can cover many periods.
    public var period: String
    /// `period` of a job that names none (its files' names give each period).
    public static let noPeriod = "—"
    /// Whether the job names its period.
    public var hasPeriod: Bool { period != Self.noPeriod }
    public var assessment: String
    /// The summary workbook's file name.
    public var output: String
    public var registry: UnitRegistry
    public var registryPath: String
    public var tables: [TableJob]
    public var total: TotalJob?
    /// Cell texts that mean "does not apply" (default "——").
    public var notApplicable: Set<String>
    /// Write a PDF beside each summary (LibreOffice), for reviewers without a spreadsheet program.
    public var pdf: Bool = false
    /// The form of the periods `{period}` file names give (`periods:`); nil: any text, with
    /// correction marks taken off.
    public var periodForm: PeriodForm?
    /// The bulletin (通报) the summary's results are published in; nil: the default one.
    public var bulletin: BulletinSpec?
    /// The year made of this job's periods (`annual:`), written beside them each night one changes.
    public var annual: AnnualSpec?
    /// Each quarter made of this job's months (`quarterly:`), likewise.
    public var quarterly: AnnualSpec?
    /// The roll-ups of this job's periods: its quarters, then its year.
    public var rollUps: [AnnualSpec] { [quarterly, annual].compactMap { $0 } }

    /// The job as one period's summary has it: the tables whose periods take that period's
    /// form (a job's year-end table is no table of its quarters, nor a quarter's of its year),
    /// and 总表 only when every table it weights is among them. The job itself when none of its
    /// tables has a form of its own.
    public func forPeriod(_ period: String) -> Job {
        guard tables.contains(where: { $0.periodForm != nil }) else { return self }
        var job = self
        job.tables = tables.filter { t in (t.periodForm ?? periodForm).map { $0.read(period) != nil } ?? true }
        if job.tables.isEmpty { return self }
        if let total, !total.weights.allSatisfy({ w in job.tables.contains { $0.id == w.table } }) { job.total = nil }
        return job
    }
    /// Older spellings the job still uses (it runs; `kaohe validate` says what to write now).
    public var warnings: [JobError] = []

    init(path: String, period: String, assessment: String, output: String, registry: UnitRegistry, registryPath: String,
         tables: [TableJob], total: TotalJob?, notApplicable: Set<String>, pdf: Bool = false) {
        self.path = path
        self.name = Self.name(of: path)
        self.period = period
        self.assessment = assessment
        self.output = output
        self.registry = registry
        self.registryPath = registryPath
        self.tables = tables
        self.total = total
        self.notApplicable = notApplicable
        self.pdf = pdf
    }

    static func name(of path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}

/// What a registry unit gets in a table that does not list it (`absent:`). Real tables often
/// list only the units that lost points (seed 000's 文电办理).
public enum AbsentRule: String, Sendable, CaseIterable {
    /// The base of the table's adjustments score: a unit not listed lost nothing.
    case base
    /// 0.
    case zero
    /// Not assessed in this table: left out of the roll-up with its weight (不参评).
    case notAssessed = "not_assessed"
}

/// The order of a table's rows.
public enum RowOrder: String, Sendable, CaseIterable {
    case registry, rank, input
}

/// Which way a table's units run (`orientation:`): one row per unit, or one column per unit
/// with the items down the first column (a small table printed sideways).
public enum TableOrientation: String, Sendable, CaseIterable {
    case rows, columns
}

/// One assessment table: where its data is, how it is scored, how it is shown.
public struct TableJob: Sendable {
    public var id: String
    public var title: String
    public var subtitle: String?
    /// The summary sheet's tab name (made valid when written); nil uses the title.
    public var sheetName: String?
    /// Inbox files whose name matches this glob (`*` and `?`).
    public var file: String
    /// The sheet, by name or by text in its first rows; nil takes the first sheet.
    public var sheet: String?
    public var sheetTitleContains: String?
    /// Input name → header path ("得分", or "年终考核（50%）/得分" under a two-row header).
    public var columns: [(input: String, header: String)]
    /// The input holding the unit name.
    public var unitColumn: String
    /// The input naming each sub-unit on a sheet of sub-units (村 under 乡镇).
    public var subunitColumn: String?
    /// Rows whose `column` contains `text` are shown but not assessed (未纳入).
    public var excluded: (column: String, text: String)?
    /// What a registry unit the table does not list gets (nil: nothing is assumed, and the
    /// roll-up marks the gap).
    public var absent: AbsentRule?
    /// Each unit's aggregate of its sub-units' score.
    public var rollup: SubunitRollup?
    public var scores: [ComputedColumn]
    public var rank: RankSpec?
    public var grades: Grades?
    public var output: [OutputColumn]
    public var notes: [String]
    /// Registry groups whose every unit must appear in this table.
    public var expectGroups: [String]
    /// Draw a bar chart of this score by unit.
    public var chart: String?
    /// Where each part was declared, for messages.
    public var line: Int
    /// Row order: registry (default), rank, or as the input lists them.
    public var order: RowOrder = .registry
    /// Group sub-headings between the groups' rows (only where the job asks).
    public var groupHeadings: Bool = false
    /// Fills of grade cells, by grade (红牌 red …).
    public var gradeColors: [String: UInt32] = [:]
    /// The lead unit (牵头单位) that submits this table, named when it has not.
    public var lead: String?
    /// Which way the units run; nil: as the sheet's layout shows (rows, else columns).
    public var orientation: TableOrientation? = nil
    /// The form of this table's periods when it is not the job's: the job's own year-end (or
    /// quarter's) table named by `annual: {year_end: …}` comes once a year (2026年度), not each
    /// quarter. Nil: the job's `periods:`.
    public var periodForm: PeriodForm? = nil
}

extension TableJob {
    /// A table read from `file` (and `sheet`), its inputs by header, scored by `scores`; every
    /// other setting at its default (a draft binds a sheet this way before it has a job file).
    public init(id: String, title: String, file: String, sheet: String?, columns: [(input: String, header: String)],
                unitColumn: String, scores: [ComputedColumn] = []) {
        self.id = id
        self.title = title
        self.file = file
        self.sheet = sheet
        self.columns = columns
        self.unitColumn = unitColumn
        self.scores = scores
        self.output = []
        self.notes = []
        self.expectGroups = []
        self.line = 0
    }
}

extension TableJob {
    /// A name a file pattern takes: {period} filled in, * and ? left out.
    public static func fileName(_ pattern: String, period: String) -> String {
        pattern.replacingOccurrences(of: "{period}", with: period).replacingOccurrences(of: "*", with: "")
            .replacingOccurrences(of: "?", with: "")
    }

    /// The file a lead unit is asked for, for `period`: its pattern with the period written in
    /// (staff never read "{period}"); a pattern with wildcards is shown as a pattern.
    public func expectedFile(period: String) -> String {
        file.contains("*") || file.contains("?") ? file.replacingOccurrences(of: "{period}", with: period)
            : Self.fileName(file, period: period)
    }
}

/// What an output column shows: a value the report fills itself, or an input or a score by
/// name. Parsed from the job's spelling (`init`); `name` gives the spelling back (the key of the
/// table's inputs, scores and columns).
public enum OutputValue: Sendable, Hashable {
    /// The unit's name (`unit`).
    case unit
    /// A sub-unit's name, on a sheet of sub-units (`subunit`).
    case subunit
    /// How many sub-units a unit has (`subunits`).
    case subunits
    /// The unit's rank (`rank`).
    case rank
    /// The rank's change since the previous period (`rankChange`: the report adds it).
    case rankChange
    /// The unit's grade (`grade`).
    case grade
    /// The row's number (`序号`).
    case sequence
    /// An input or a score.
    case named(String)

    static let reserved: [String: OutputValue] = Dictionary(uniqueKeysWithValues: [OutputValue.unit, .subunit, .subunits, .rank, .rankChange,
                                                                                    .grade, .sequence].map { ($0.name, $0) })

    /// The spellings a job cannot give an input or a score (they name the values above).
    public static var reservedNames: Set<String> { Set(reserved.keys) }

    public init(_ spelling: String) { self = Self.reserved[spelling] ?? .named(spelling) }

    public var name: String {
        switch self {
        case .unit: return "unit"
        case .subunit: return "subunit"
        case .subunits: return SubunitRollup.countKey
        case .rank: return "rank"
        case .rankChange: return "rankChange"
        case .grade: return "grade"
        case .sequence: return "序号"
        case .named(let name): return name
        }
    }
}

public struct OutputColumn: Sendable {
    /// Header text; "上级/下级" puts the column under a spanning header cell.
    public var header: String
    public var value: OutputValue
    public var format: ColumnFormat
    public var width: Double?
    /// `align: left` keeps text left-aligned in every row (reason text).
    public var alignLeft: Bool = false

    public init(header: String, value: OutputValue, format: ColumnFormat, width: Double?, alignLeft: Bool = false) {
        self.header = header
        self.value = value
        self.format = format
        self.width = width
        self.alignLeft = alignLeft
    }
}

/// The roll-up sheet (总表): a weighted total across tables, ranked per group.
public struct TotalJob: Sendable {
    /// The key 总表's ranks are recorded under beside the tables' (no table id is written so).
    public static let rankKey = "(总表)"
    public var title: String
    public var weights: [(table: String, weight: Decimal)]
    /// Each weight as the job wrote it (50%, 0.5, 1), for headers and the cover.
    public var weightLabels: [String: String] = [:]
    /// Each weighted table's full marks (its main score's maximum: the adjustments base, the
    /// categories' maxima, or `full_marks:`), for rescaling over the tables a unit is assessed in.
    public var fullMarks: [String: Decimal]
    public var decimals: Int
    public var method: RankMethod
    /// Where the weights come from, shown on the cover and under 总表 ("示例设定，不是公布数").
    public var note: String?
}

/// A mistake in a job file, with its place. Messages are for operators (English).
public typealias JobError = SettingsError

/// Every mistake found in a job file.
public struct JobErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [JobError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
