import Foundation
import KaoheJobs
import KaoheScoring

/// Fills in a bulletin's fields from a run's tables. Pure: counts, sums, lists (capped, 等 and
/// the count, short names), top and bottom N, units and tables missing. A field it cannot back
/// — a table not received, a unit without the value — is a finding, and the text says 【待核】
/// there instead of a number it could not count.
public enum BulletinEvaluator {
    /// The bulletin of a run: the job's own, else the default one (`previousRanks`: table id →
    /// unit → rank in the period before, for the default bulletin's 名次上升/下降).
    public static func evaluate(_ run: AssessmentRun, previousRanks: [String: [String: Int]]? = nil) -> Bulletin {
        let spec = run.job.bulletin ?? BulletinDefault.spec(run, previousRanks: previousRanks)
        var e = Evaluation(run: run)
        var values: [String: Bulletin.FieldValue] = [:]
        for f in spec.fields { values[f.name] = e.value(f, earlier: values) }
        values["period"] = Bulletin.FieldValue(name: "period", text: run.job.period, source: nil)
        values["assessment"] = Bulletin.FieldValue(name: "assessment", text: run.job.assessment, source: nil)
        let paragraphs = spec.paragraphs.map { text in
            Bulletin.Paragraph(pieces: pieces(text, values: values), isHeading: Bulletin.isHeading(text))
        }
        return Bulletin(title: Bulletin.title(spec, job: run.job), number: spec.number ?? Bulletin.blankNumber,
                        addressees: spec.addressees, signer: spec.signer, paragraphs: paragraphs, findings: e.findings)
    }

    /// A paragraph's text cut at its `{name}`s, each replaced by its field.
    static func pieces(_ text: String, values: [String: Bulletin.FieldValue]) -> [Bulletin.Piece] {
        var out: [Bulletin.Piece] = []
        var literal = ""
        var name: String? = nil
        for ch in text {
            if ch == "{" {
                name = ""
            } else if ch == "}", let n = name {
                if !literal.isEmpty { out.append(.text(literal)); literal = "" }
                out.append(values[n].map(Bulletin.Piece.field) ?? .text("{\(n)}"))
                name = nil
            } else if name != nil {
                name!.append(ch)
            } else {
                literal.append(ch)
            }
        }
        if !literal.isEmpty { out.append(.text(literal)) }
        return out
    }
}

/// One bulletin's evaluation: the run, and the findings its fields raise.
struct Evaluation {
    let run: AssessmentRun
    var findings: [AuditFinding] = []

    init(run: AssessmentRun) { self.run = run }

    /// A unit's row of a table that a field may count: registered, assessed, of the group.
    /// A table a field looks at, shared by reference: a row is copied many times while a list
    /// is sorted, and a `TableRun` copied is a dozen reference counts.
    final class Source {
        let run: TableRun
        init(_ run: TableRun) { self.run = run }
    }

    struct Row {
        let source: Source
        let index: Int
        var table: TableRun { source.run }
        var unit: String { source.run.result!.rows[index].unit }
    }

    mutating func value(_ field: BulletinField, earlier: [String: Bulletin.FieldValue]) -> Bulletin.FieldValue {
        switch field.kind {
        case .count(let set):
            let (candidates, rows, unbacked) = select(set, field: field.name)
            let cells = sourceCells(candidates, values: (set.conditions.isEmpty ? [OutputValue.unit] : set.conditions.map(\.value)).map(\.name))
            let number = unbacked.hasPrefix(Self.unreceivedMark) ? "" : "\(rows.count)"
            return Bulletin.FieldValue(name: field.name, text: number + unbacked,
                                       source: unbacked.isEmpty ? .count(cells, conditions: set.conditions) : nil)
        case .sum(let values, let set):
            return sum(field.name, values: values, set)
        case .list(let set, let order, let cap, let style):
            let (_, rows, unbacked) = select(set, field: field.name, orderBy: order.value)
            return Bulletin.FieldValue(name: field.name, text: listText(sorted(rows, order).map(\.unit), cap: cap, style: style) + unbacked, source: nil)
        case .missing(let tables, let group, let cap, let style):
            return missing(field.name, tables: tables, group: group, cap: cap, style: style)
        case .notReceived(let tables):
            let names = run.tables.filter { tables.contains($0.table.id) && $0.result == nil }.map { "表“\($0.table.sheetName ?? $0.table.title)”" }
            return Bulletin.FieldValue(name: field.name, text: names.isEmpty ? "无" : names.joined(separator: "、"), source: nil)
        case .share(let part, let whole, let decimals):
            return share(field.name, part: earlier[part], whole: earlier[whole], decimals: decimals)
        }
    }

    /// The rows of the field's tables it looks at (registered, assessed, of the group), those
    /// that meet its conditions, and the 【待核】 note for units whose values it could not judge
    /// (each a finding). `orderBy`: a value every row must have.
    mutating func select(_ set: BulletinUnits, field: String, orderBy: OutputValue? = nil) -> (candidates: [Row], meeting: [Row], note: String) {
        var candidates: [Row] = [], rows: [Row] = []
        var unjudged = 0
        for id in set.tables {
            guard let t = run.tables.first(where: { $0.table.id == id }), let result = t.result else {
                return ([], [], unreceived(id, field: field))
            }
            let source = Source(t)
            for i in t.order where Self.counts(t, i, group: set.group) {
                candidates.append(Row(source: source, index: i))
                let names = set.conditions.map(\.value) + (orderBy.map { [$0] } ?? [])
                // A unit without a rank or grade has a finding of its own (why it has none), and a
                // value that does not apply to it (——) is not one it meets: not counted, no finding.
                if names.contains(where: { ([.rank, .grade].contains($0) && Self.value($0, t, i) == .missing) || Self.value($0, t, i) == .notApplicable }) {
                    continue
                }
                if let blank = names.first(where: { name in !Self.judged(Self.value(name, t, i), set.conditions.filter { $0.value == name }) }) {
                    unjudged += 1
                    note(t, unit: result.rows[i].unit, value: blank, field: field)
                    continue
                }
                if set.conditions.allSatisfy({ Self.holds($0, Self.value($0.value, t, i)) }) { rows.append(Row(source: source, index: i)) }
            }
        }
        return (candidates, rows, unjudged == 0 ? "" : "【待核：另有\(unjudged)个单位无法判断，未计入】")
    }

    /// Whether a value can be compared: a number, or a text where a condition compares texts.
    static func judged(_ v: Value, _ conditions: [BulletinCondition]) -> Bool {
        v.number != nil || (v.text != nil && !conditions.isEmpty && conditions.allSatisfy { $0.text != nil })
    }

    /// Whether a row is one a field looks at: assessed, of the group, a registered unit.
    static func counts(_ t: TableRun, _ i: Int, group: String?) -> Bool {
        let r = t.result!.rows[i]
        guard r.excludedReason == nil, group == nil || r.group == group else { return false }
        guard t.table.rollup == nil, let b = t.bound, i < b.rows.count else { return true }
        return b.rows[i].row.registered
    }

    static func holds(_ c: BulletinCondition, _ v: Value) -> Bool {
        if c.text == nil, let n = v.number { return c.holds(n) }
        return v.text.map { c.holds(text: $0) } ?? false
    }

    /// A row's value: rank, grade, a score as the table shows it, or an input.
    static func value(_ value: OutputValue, _ t: TableRun, _ i: Int) -> Value {
        let r = t.result!.rows[i]
        switch value {
        case .rank: return r.rank.map { .number(Decimal($0)) } ?? .missing
        case .grade: return r.grade.map { .text($0) } ?? .missing
        default:
            let name = value.name
            if let v = r.computed[name] { return v }
            if t.table.rollup == nil, let b = t.bound, i < b.rows.count { return b.rows[i].row.inputs[name] ?? .missing }
            return .missing
        }
    }

    mutating func note(_ t: TableRun, unit: String, value: OutputValue, field: String) {
        let shown = value == .rank ? "名次" : value == .grade ? "等次" : value.name
        findings.append(AuditFinding(table: t.table.id, finding: Finding(kind: .missingValue, unit: unit, item: value.name,
            message: "通报字段“\(field)”：该单位没有可比较的\(shown)，未计入，通报中标为【待核】")))
    }

    static let unreceivedMark = "【待核：表“"

    /// The 【待核】 text for a table with no data. Not a finding of its own: the table's missing
    /// workbook is one already (未收到报送文件), and the text says the number waits for it.
    func unreceived(_ id: String, field: String) -> String {
        let t = run.tables.first { $0.table.id == id }
        return Self.unreceivedMark + "\(t.map { $0.table.sheetName ?? $0.table.title } ?? id)”未收到】"
    }

    func sourceCells(_ rows: [Row], values: [String]) -> [Bulletin.Cells] {
        var out: [Bulletin.Cells] = []
        for r in rows {
            if let last = out.indices.last, out[last].table == r.table.table.id { out[last].units.append(r.unit); continue }
            out.append(Bulletin.Cells(table: r.table.table.id, values: values, units: [r.unit]))
        }
        return out
    }
}

extension BulletinOrder {
    var value: OutputValue? { if case .by(let v, _) = self { return v } else { return nil } }
}
