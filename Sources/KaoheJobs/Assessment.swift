import Foundation
import KaoheReader
import KaoheScoring

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
}

public enum Assessor {
    /// Runs `job` over the workbooks in `inbox` (every *.xlsx directly inside it).
    public static func run(_ job: Job, inbox: String) -> AssessmentRun {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: inbox)) ?? []
        let files = names.filter { !$0.hasPrefix(".") && !$0.hasPrefix("~$") }.sorted().map { (inbox as NSString).appendingPathComponent($0) }
        return run(job, files: files)
    }

    /// Runs `job` over the given candidate workbooks: each table takes the file whose name
    /// matches its pattern.
    public static func run(_ job: Job, files: [String]) -> AssessmentRun {
        var tables: [TableRun] = []
        var findings: [AuditFinding] = []
        var inputs: [String] = []
        for table in job.tables {
            var run = TableRun(table: table, bound: nil, result: nil, problem: nil, order: [])
            let matching = files.filter { Glob.matches(table.file, (($0 as NSString).lastPathComponent)) }
            guard let path = pick(matching) else {
                run.problem = "未收到报送文件（应为 \(table.file)）"
                findings.append(AuditFinding(table: table.id, finding: Finding(kind: .missingValue, unit: "—", item: "报送文件",
                                             message: run.problem!), location: nil))
                tables.append(run)
                continue
            }
            let fileName = (path as NSString).lastPathComponent
            if matching.count > 1 {
                let others = matching.filter { $0 != path }.map { ($0 as NSString).lastPathComponent }
                findings.append(AuditFinding(table: table.id, finding: Finding(kind: .missingValue, unit: "—", item: "报送文件",
                                             message: "多个文件符合本表（\(others.joined(separator: "、"))），采用最新修改的 \(fileName)"),
                                             location: fileName))
            }
            if !inputs.contains(fileName) { inputs.append(fileName) }
            do {
                let bound = try Binder.bind(table, path: path, registry: job.registry, notApplicable: job.notApplicable)
                let spec = TableSpec(name: table.title, columns: table.scores, rank: table.rank, grades: table.grades)
                let result = TableScorer.score(spec, rows: bound.rows.map(\.row))
                run.bound = bound
                run.result = result
                run.order = displayOrder(bound.rows, registry: job.registry)
                findings += bound.findings
                findings += result.findings.map { AuditFinding(table: table.id, finding: $0, location: locate($0, in: bound, table: table)) }
            } catch let e as BindingError {
                run.problem = e.message
                findings.append(AuditFinding(table: table.id, finding: Finding(kind: .missingValue, unit: "—", item: "报送文件",
                                             message: e.message), location: fileName))
            } catch {
                run.problem = "\(error)"
                findings.append(AuditFinding(table: table.id, finding: Finding(kind: .missingValue, unit: "—", item: "报送文件",
                                             message: "\(error)"), location: fileName))
            }
            tables.append(run)
        }
        let totals = job.total.map { rollUp($0, tables: tables, registry: job.registry) } ?? []
        return AssessmentRun(job: job, tables: tables, findings: findings, totals: totals, inputs: inputs)
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

    static func displayOrder(_ rows: [BoundRow], registry: UnitRegistry) -> [Int] {
        rows.indices.sorted { a, b in
            let ua = registry.unit(named: rows[a].row.unit), ub = registry.unit(named: rows[b].row.unit)
            switch (ua, ub) {
            case let (x?, y?):
                let (ox, oy) = (registry.order(of: x), registry.order(of: y))
                return ox != oy ? ox < oy : a < b
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a < b
            }
        }
    }

    /// The cell a scoring finding is about: the row of its unit, the column of its item.
    static func locate(_ f: Finding, in bound: BoundTable, table: TableJob) -> String? {
        let rows = bound.rows.filter { $0.row.unit == f.unit }
        let row = f.kind == .duplicateUnit ? rows.last : rows.first
        guard let row else { return nil }
        return row.locations[f.item] ?? row.locations[table.unitColumn]
    }

    /// Per unit, Σ weight × the table's main score over the weighted tables; ranked per group.
    static func rollUp(_ total: TotalJob, tables: [TableRun], registry: UnitRegistry) -> [TotalRow] {
        var rows: [TotalRow] = []
        for u in registry.units {
            var scores: [String: Decimal] = [:]
            var sum = Decimal(0)
            for (id, weight) in total.weights {
                guard let t = tables.first(where: { $0.table.id == id }), let name = t.mainScore,
                      let v = t.value(name, unit: u.name) else { continue }
                scores[id] = v
                sum += v * weight
            }
            if scores.isEmpty { continue }
            rows.append(TotalRow(unit: u.name, group: u.group, scores: scores, total: sum.roundedHalfUp(total.decimals), rank: nil))
        }
        let ranks = Ranker(method: total.method, decimals: total.decimals)
            .rank(rows.map { Ranker.Entry(value: $0.total, group: $0.group) })
        for i in rows.indices { rows[i].rank = ranks[i] }
        return rows
    }
}

/// File-name patterns: `*` any run of characters, `?` one character; compared after the
/// same normalisation as unit names (full-width forms folded), so 政务公开（市定）.xlsx matches
/// 政务公开(市定).xlsx.
public enum Glob {
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        let p = Array(TextNormalizer.key(pattern)), s = Array(TextNormalizer.key(name))
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == s[si]) {
                pi += 1; si += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = si; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; si = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
