import Foundation
import KaoheJobs
import KaoheReader
import KaoheScoring
import KaoheSystem

/// One table of a run: the workbook it came from, its rows in display order, and its result.
public struct TableRun: Sendable {
    public var table: TableJob
    /// The bound sheet; nil when no workbook supplied it or it could not be read.
    public var bound: BoundTable?
    public var result: TableResult?
    /// Why the table has no data (未收到报送, 找不到表头 …), in Chinese.
    public var problem: String?
    /// Indices into `bound.rows` / `result.rows` in display order: registry groups, then
    /// registry order, then unknown units as they came.
    public var order: [Int]

    /// The score a roll-up takes from this table: the ranked score, else the last one.
    public var mainScore: String? { table.rank?.column ?? table.scores.last?.name }

    /// A unit's computed value, or nil (not in the table, not assessed, or not computable).
    public func value(_ name: String, unit: String) -> Decimal? {
        guard let result, let i = result.rows.firstIndex(where: { $0.unit == unit }) else { return nil }
        return result.rows[i].computed[name]?.number
    }
}

/// A unit's line on the roll-up sheet (总表).
public struct TotalRow: Sendable, Equatable {
    public var unit: String
    public var group: String
    /// Table id → the table's main score, where the unit has one.
    public var scores: [String: Decimal]
    public var total: Decimal
    public var rank: Int?
    /// Tables the unit is not assessed in (未纳入, `excluded`, `absent: not_assessed`): left out
    /// with their weight, shown as 不参评.
    public var notAssessed: [String] = []
    /// Tables where the unit has no score and no rule says why (table id → why, Chinese): the
    /// total leaves them out and is marked for a reviewer.
    public var missing: [String: String] = [:]
    /// Σ(weight × full marks) over all tables, and over the tables the unit is assessed in.
    public var rescale: (all: Decimal, assessed: Decimal)? = nil
    /// No weighted table has a score for the unit yet: listed, marked, not ranked.
    public var unscored: Bool { scores.isEmpty }
    /// Some weighted table has no score for the unit and no rule says why: its total (over the
    /// other tables only, kept in `total`) is withheld and marked, and it is not ranked.
    public var incomplete: Bool { !missing.isEmpty }

    public static func == (a: TotalRow, b: TotalRow) -> Bool {
        a.unit == b.unit && a.group == b.group && a.scores == b.scores && a.total == b.total && a.rank == b.rank
            && a.notAssessed == b.notAssessed && a.missing == b.missing
            && a.rescale?.all == b.rescale?.all && a.rescale?.assessed == b.rescale?.assessed
    }
}

/// One table's workbook as read: the file name and its rows, or why they could not be read.
public struct TableInput: Sendable {
    public var file: String
    public var bound: Result<BoundTable, BindingError>
    /// A note for the audit sheet about how this file was chosen (several candidates …).
    public var note: String?

    public init(file: String, bound: Result<BoundTable, BindingError>, note: String? = nil) {
        self.file = file
        self.bound = bound
        self.note = note
    }
}

/// Everything one job produced from one set of workbooks.
public struct AssessmentRun: Sendable {
    public var job: Job
    public var tables: [TableRun]
    /// Every finding, in table order, then row order.
    public var findings: [AuditFinding]
    public var totals: [TotalRow]
    /// The workbooks the tables were read from (file names), in table order.
    public var inputs: [String]
    /// The name each input was submitted under (the runner renames files it claims), and when
    /// it was received; file names stand for themselves where these are not known.
    public var submittedNames: [String: String] = [:]
    public var received: [String: Date] = [:]
    /// When the period's summary was written before: the notice its cover starts with (which
    /// run wrote it, where it is kept, why and what moved), in Chinese.
    public var revision: [String] = []
    /// The office's own bulletin as evaluated when the run was assessed (its findings are the
    /// run's); nil for the default bulletin, evaluated when it is written.
    public var bulletin: Bulletin?

    /// The bulletin with the period before's ranks (`previousRanks`, for the default bulletin's
    /// 名次上升/下降): the office's own as evaluated at assessment, else the default one.
    public func bulletin(previousRanks: [String: [String: Int]]?) -> Bulletin {
        if let bulletin, job.bulletin != nil { return bulletin }
        return BulletinEvaluator.evaluate(self, previousRanks: previousRanks)
    }

    public func submitted(_ file: String) -> String { submittedNames[file] ?? file }

    /// Which tables have arrived (from which file, when) and which are still missing, and from
    /// whom: one line each, in Chinese.
    public var submissions: (received: [String], missing: [String]) {
        var received: [String] = [], missing: [String] = []
        for t in tables {
            let name = "表“\(t.table.sheetName ?? t.table.title)”"
            if let file = t.bound?.file {
                received.append(name + "：\(submitted(file))" + (self.received[file].map { "（\(LocalTime.text($0, year: false)) 收到）" } ?? ""))
            } else {
                missing.append(name + (t.table.lead.map { "（牵头单位：\($0)）" } ?? "") + (t.problem.map { "：\($0)" } ?? ""))
            }
        }
        return (received, missing)
    }

    /// The registry units a table has no score for where it should: those its `expect_groups`
    /// name, and, for a table 总表 weighs, those no `absent:` rule accounts for.
    public func unitsMissing(from table: TableRun) -> [String] {
        guard table.bound != nil else { return [] }
        var names = table.bound?.missingUnits ?? []
        for t in totals where t.missing[table.table.id] != nil && !names.contains(t.unit) { names.append(t.unit) }
        return names
    }

    /// The findings a reviewer must act on (notes on how a text was read are left out).
    public var findingsForReview: [AuditFinding] { findings.filter(\.finding.needsReview) }
}

public enum Assessor {
    /// Runs `job` over the workbooks in `inbox` (every *.xlsx directly inside it).
    public static func run(_ job: Job, inbox: String) -> AssessmentRun {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: inbox)) ?? []
        let files = names.filter(isSubmission).sorted().map { (inbox as NSString).appendingPathComponent($0) }
        return run(job, files: files)
    }

    /// Whether an inbox file is a submission: hidden files and the lock files Office and WPS
    /// keep beside an open workbook (~$name.xlsx) are not.
    public static func isSubmission(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasPrefix("~$")
    }

    /// The job's output file name for a period: `{period}` filled in.
    public static func output(_ job: Job, period: String) -> String {
        job.output.replacingOccurrences(of: "{period}", with: period)
    }

    /// Runs `job` over the given candidate workbooks: each table takes the file whose name
    /// matches its pattern (the newest, when several do).
    public static func run(_ job: Job, files: [String]) -> AssessmentRun {
        var assignment: [String: String] = [:]
        var notes: [String: String] = [:]
        for table in job.tables {
            let matching = files.filter { Glob.matches(table.file, ($0 as NSString).lastPathComponent) }
            guard let path = pick(matching) else { continue }
            assignment[table.id] = path
            if matching.count > 1 {
                let others = matching.filter { $0 != path }.map { ($0 as NSString).lastPathComponent }
                notes[table.id] = "多个文件符合本表（\(others.joined(separator: "、"))），采用最新修改的 \((path as NSString).lastPathComponent)"
            }
        }
        var inputs = bind(job, assignment: assignment)
        for (id, note) in notes { inputs[id]?.note = note }
        var run = assess(job, inputs: inputs)
        for path in assignment.values {
            let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            run.received[(path as NSString).lastPathComponent] = modified
        }
        return run
    }

    /// Reads each assigned table from its workbook (table id → path): each workbook is opened
    /// once for all its tables and each sheet read once; workbooks several at once.
    public static func bind(_ job: Job, assignment: [String: String]) -> [String: TableInput] {
        let work = job.tables.compactMap { t in assignment[t.id].map { (t, $0) } }
        var paths: [String] = []
        for (_, path) in work where !paths.contains(path) { paths.append(path) }
        let results = ConcurrentMap.map(paths) { path -> [(String, TableInput)] in
            let tables = work.filter { $0.1 == path }.map(\.0)
            return bind(tables, path: path, job: job)
        }
        return Dictionary(uniqueKeysWithValues: results.joined())
    }

    /// The tables of one workbook, read from one opening of it.
    static func bind(_ tables: [TableJob], path: String, job: Job) -> [(String, TableInput)] {
        Handling.during(path) {
            let name = (path as NSString).lastPathComponent
            let opened: OpenedWorkbook
            do { opened = OpenedWorkbook(try Binder.open(path, table: tables[0].id)) } catch {
                return tables.map { ($0.id, failed($0, file: name, error)) }
            }
            return bind(tables, from: opened, job: job)
        }
    }

    static func bind(_ tables: [TableJob], from opened: OpenedWorkbook, job: Job) -> [(String, TableInput)] {
        let name = (opened.workbook.path as NSString).lastPathComponent
        return tables.map { table in
            do {
                return (table.id, TableInput(file: name, bound: .success(try Binder.bind(table, from: opened, registry: job.registry,
                                                                                           notApplicable: job.notApplicable))))
            } catch { return (table.id, failed(table, file: name, error)) }
        }
    }

    /// A table that could not be read from `file`, with the reason in Chinese.
    static func failed(_ table: TableJob, file name: String, _ error: any Error) -> TableInput {
        switch error {
        case let e as BindingError: TableInput(file: name, bound: .failure(BindingError(table: table.id, file: e.file, message: e.message)))
        case let e as ReaderError: TableInput(file: name, bound: .failure(BindingError(table: table.id, file: name, message: ReaderMessages.chinese(e))))
        default: TableInput(file: name, bound: .failure(BindingError(table: table.id, file: name, message: "\(error)")))
        }
    }

    /// A new workbook for a table that was returned to its sender: the summary is written
    /// without it and says so (not 未收到: it was received).
    public struct Returned: Sendable {
        public var file: String
        public var reasons: [String]
        public init(file: String, reasons: [String]) {
            self.file = file
            self.reasons = reasons
        }
        var message: String { "报送文件“\(file)”已退回，未计入本表（见 rejected 文件夹中的错误说明）：" + reasons.joined(separator: "；") }
    }

    /// Scores every table from what was read, in job order, with the roll-up and every finding.
    /// `returned`: by table id, a new workbook returned to its sender.
    public static func assess(_ job: Job, inputs: [String: TableInput], returned: [String: Returned] = [:]) -> AssessmentRun {
        var tables: [TableRun] = []
        var findings: [AuditFinding] = []
        var files: [String] = []
        func fileFinding(_ table: TableJob, _ message: String, _ location: String?) -> AuditFinding {
            AuditFinding(table: table.id, finding: Finding(kind: .missingValue, unit: Finding.wholeTable, item: "报送文件", message: message), location: location)
        }
        for table in job.tables {
            var run = TableRun(table: table, bound: nil, result: nil, problem: nil, order: [])
            let back = returned[table.id]
            guard let input = inputs[table.id] else {
                run.problem = back.map { "报送文件“\($0.file)”已退回" } ?? "未收到报送文件（应为 \(table.expectedFile(period: job.period))）"
                findings.append(fileFinding(table, back?.message ?? run.problem!, back?.file))
                tables.append(run)
                continue
            }
            if let back { findings.append(fileFinding(table, back.message, back.file)) }
            if let note = input.note { findings.append(fileFinding(table, note, input.file)) }
            if !files.contains(input.file) { files.append(input.file) }
            switch input.bound {
            case .success(let bound):
                let spec = TableSpec(name: table.title, columns: table.scores, rank: table.rank, grades: table.grades,
                                     rollup: table.rollup)
                let result = TableScorer.score(spec, rows: bound.rows.map(\.row))
                run.bound = bound
                run.result = result
                run.order = displayOrder(result.rows, order: table.order, registry: job.registry)
                findings += bound.findings
                findings += result.findings.map { AuditFinding(table: table.id, finding: $0, location: locate($0, in: bound, table: table)) }
            case .failure(let e):
                run.problem = e.message
                findings.append(fileFinding(table, e.message, input.file))
            }
            tables.append(run)
        }
        var totals: [TotalRow] = []
        if let total = job.total {
            let rolled = RollUp.rows(total, tables: tables, registry: job.registry)
            totals = rolled.rows
            findings += rolled.findings
        }
        var run = AssessmentRun(job: job, tables: tables, findings: findings, totals: totals, inputs: files)
        // The fields of the office's own bulletin that cannot be backed are findings like any
        // other. The default bulletin counts only what the tables say (a unit without a rank or
        // grade is left out, its own finding says why): it is evaluated once, when it is written.
        if job.bulletin != nil {
            let bulletin = BulletinEvaluator.evaluate(run)
            run.findings += bulletin.findings
            run.bulletin = bulletin
        }
        return run
    }

    /// The newest of several matching files (a resubmission replaces the earlier one).
    static func pick(_ paths: [String]) -> String? {
        func modified(_ p: String) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: p))?[.modificationDate] as? Date) ?? .distantPast
        }
        return paths.max { a, b in
            let (ma, mb) = (modified(a), modified(b))
            return ma == mb ? a < b : ma < mb
        }
    }

    /// The table's rows in the order it asks for: the registry's (groups, then units), by rank
    /// within each group, or as the input lists them.
    static func displayOrder(_ rows: [RowResult], order: RowOrder, registry: UnitRegistry) -> [Int] {
        let byRegistry = displayOrder(rows.map(\.unit), registry: registry)
        switch order {
        case .registry: return byRegistry
        case .input: return Array(rows.indices)
        case .rank:
            let position = Dictionary(uniqueKeysWithValues: byRegistry.enumerated().map { ($0.element, $0.offset) })
            let groupOrder = Dictionary(registry.groups.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
            return rows.indices.sorted { a, b in
                let ga = groupOrder[rows[a].group] ?? Int.max, gb = groupOrder[rows[b].group] ?? Int.max
                if ga != gb { return ga < gb }
                let ra = rows[a].rank ?? Int.max, rb = rows[b].rank ?? Int.max
                if ra != rb { return ra < rb }
                return position[a]! < position[b]!
            }
        }
    }

    static func displayOrder(_ units: [String], registry: UnitRegistry) -> [Int] {
        // Registry position of each row, looked up once; unknown units after, in input order.
        let keys: [(Int, Int, Int)] = units.indices.map { i in
            guard let u = registry.unit(named: units[i]) else { return (Int.max, Int.max, i) }
            let (g, n) = registry.order(of: u)
            return (g, n, i)
        }
        return units.indices.sorted { keys[$0] < keys[$1] }
    }

    /// The cell a scoring finding is about: the row of its unit, the column of its item.
    static func locate(_ f: Finding, in bound: BoundTable, table: TableJob) -> String? {
        let rows = bound.rows.filter { $0.row.unit == f.unit }
        let row = f.kind == .duplicateUnit ? rows.last : rows.first
        guard let row else { return nil }
        return bound.location(row, f.item) ?? bound.location(row, table.unitColumn)
    }
}
