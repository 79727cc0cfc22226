import Foundation
import KaoheScoring
import KaoheWriter
import Yams

/// Reads job and registry files. Every mistake is collected with its line and column, so
/// `kaohe validate` can list them all at once.
public enum JobParser {
    public static func load(path: String) throws(JobErrors) -> Job {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw JobErrors(errors: [JobError(file: path, line: 1, column: 1, "cannot read the job file: \(error.localizedDescription)")])
        }
        let base = (path as NSString).deletingLastPathComponent
        return try parse(text, path: path) { relative in
            let p = relative.hasPrefix("/") ? relative : (base as NSString).appendingPathComponent(relative)
            return (p, try? String(contentsOfFile: p, encoding: .utf8))
        }
    }

    /// Parses job text; `open` reads the registry file the job names.
    public static func parse(_ text: String, path: String, open: (String) -> (String, String?)) throws(JobErrors) -> Job {
        let r = NodeReader(file: path)
        guard let root = r.document(text) else { throw JobErrors(errors: r.errors) }
        let top = r.mapping(root, "the job", keys: ["assessment", "period", "output", "registry", "not_applicable", "tables", "total"])
        let assessment = r.string(top, "assessment", required: true) ?? ""
        let output = r.string(top, "output", required: true) ?? "summary.xlsx"
        let period = r.string(top, "period") ?? "—"
        var registry = UnitRegistry(groups: [], units: [])
        var registryPath = ""
        if let rel = r.string(top, "registry", required: true) {
            let (p, content) = open(rel)
            registryPath = p
            if let content {
                do { registry = try parseRegistry(content, path: p) } catch { r.errors += error.errors }
            } else {
                r.fail(top["registry"]!, "cannot read the registry file \(p)")
            }
        }
        let notApplicable = Set(r.strings(top, "not_applicable") ?? ["——"])
        var tables: [TableJob] = []
        if let seq = r.sequence(top, "tables", required: true) {
            if seq.isEmpty { r.fail(top["tables"]!, "a job needs at least one table") }
            for node in seq {
                if let t = parseTable(node, r, registry: registry) {
                    if tables.contains(where: { $0.id == t.id }) { r.fail(node, "table id '\(t.id)' is used twice") }
                    tables.append(t)
                }
            }
        }
        var total: TotalJob? = nil
        if let node = top["total"] {
            let m = r.mapping(node, "total", keys: ["title", "weights", "decimals", "method"])
            var weights: [(String, Decimal)] = []
            if let wnode = m["weights"], let pairs = r.pairs(wnode, "weights") {
                for (k, v) in pairs {
                    guard tables.contains(where: { $0.id == k.string }) else {
                        r.fail(k, "weights: no table with id '\(k.string ?? "")'")
                        continue
                    }
                    if let w = r.decimal(v, "weight") { weights.append((k.string!, w)) }
                }
            } else if m["weights"] == nil {
                r.fail(node, "total needs weights (table id: weight)")
            }
            total = TotalJob(title: r.string(m, "title") ?? "总表", weights: weights,
                             decimals: r.int(m, "decimals") ?? 2, method: r.rankMethod(m, "method") ?? .competition)
        }
        if !r.errors.isEmpty { throw JobErrors(errors: r.errors) }
        return Job(path: path, period: period, assessment: assessment, output: output, registry: registry, registryPath: registryPath,
                   tables: tables, total: total, notApplicable: notApplicable)
    }

    static func parseTable(_ node: Node, _ r: NodeReader, registry: UnitRegistry) -> TableJob? {
        let m = r.mapping(node, "a table", keys: ["id", "title", "subtitle", "sheet_name", "source", "columns", "unit", "excluded", "scores",
                                                  "rank", "grades", "output", "notes", "expect_groups", "chart"])
        guard let id = r.string(m, "id", required: true) else { return nil }
        let title = r.string(m, "title", required: true) ?? id
        var file = ""
        var sheet: String? = nil
        var sheetTitle: String? = nil
        if let s = m["source"] {
            let sm = r.mapping(s, "source", keys: ["file", "sheet", "title_contains"])
            file = r.string(sm, "file", required: true) ?? ""
            sheet = r.string(sm, "sheet")
            sheetTitle = r.string(sm, "title_contains")
        } else {
            r.fail(node, "table '\(id)' has no source (source: {file: …, sheet: …})")
        }
        var columns: [(String, String)] = []
        if let c = m["columns"], let pairs = r.pairs(c, "columns") {
            for (k, v) in pairs { if let key = k.string, let h = r.scalarString(v, "header") { columns.append((key, h)) } }
        } else if m["columns"] == nil {
            r.fail(node, "table '\(id)' has no columns (input name: header text)")
        }
        let inputs = Set(columns.map(\.0))
        let unitColumn = r.string(m, "unit") ?? "unit"
        if !columns.isEmpty, !inputs.contains(unitColumn) {
            r.fail(m["unit"] ?? m["columns"] ?? node, "table '\(id)': the unit column '\(unitColumn)' is not among the columns")
        }
        var excluded: (String, String)? = nil
        if let e = m["excluded"] {
            let em = r.mapping(e, "excluded", keys: ["column", "contains"])
            if let c = r.string(em, "column", required: true), let t = r.string(em, "contains", required: true) {
                if !inputs.contains(c) { r.fail(em["column"]!, "unknown column '\(c)'") }
                excluded = (c, t)
            }
        }
        var known = inputs
        var scores: [ComputedColumn] = []
        if let seq = r.sequence(m, "scores", required: true) {
            for s in seq {
                if let col = parseScore(s, r, known: known) { scores.append(col) }
                // A score whose rule has a mistake is still a name later rules may use: its
                // mistake is reported once, not again at every use.
                if let name = s.mapping?["name"]?.string { known.insert(name) }
            }
        }
        var rank: RankSpec? = nil
        if let rn = m["rank"] {
            let rm = r.mapping(rn, "rank", keys: ["score", "method", "order", "decimals", "published", "check_against", "tie_breakers"])
            if let score = r.string(rm, "score", required: true) {
                if !known.contains(score) { r.fail(rm["score"]!, "unknown score '\(score)'") }
                let order: RankOrder
                switch r.string(rm, "order") ?? "descending" {
                case "descending": order = .descending
                case "ascending": order = .ascending
                default: r.fail(rm["order"]!, "order is descending or ascending"); order = .descending
                }
                let published = r.string(rm, "published")
                if let p = published, !inputs.contains(p) { r.fail(rm["published"]!, "unknown column '\(p)'") }
                let against = r.string(rm, "check_against")
                if let a = against, !inputs.contains(a) { r.fail(rm["check_against"]!, "unknown column '\(a)'") }
                let breakers = r.strings(rm, "tie_breakers") ?? []
                for b in breakers where !known.contains(b) { r.fail(rm["tie_breakers"]!, "unknown name '\(b)'") }
                rank = RankSpec(column: score, ranker: Ranker(method: r.rankMethod(rm, "method") ?? .competition, order: order,
                                                              decimals: r.int(rm, "decimals") ?? 2),
                                tieBreakers: breakers, published: published, publishedScore: against)
                known.insert("rank")
            }
        }
        var grades: GradeBands? = nil
        if let g = m["grades"] {
            grades = parseGrades(g, r)
            known.insert("grade")
        }
        known.insert("unit")
        var output: [OutputColumn] = []
        if let seq = r.sequence(m, "output", required: true) {
            for o in seq {
                let om = r.mapping(o, "an output column", keys: ["header", "value", "format", "width", "align"])
                guard let header = r.string(om, "header", required: true), let value = r.string(om, "value", required: true) else { continue }
                if !known.contains(value) { r.fail(om["value"]!, "unknown value '\(value)' (not an input, a score, rank or grade)") }
                let format = r.format(om, "format") ?? .text
                var alignLeft = false
                if let a = om["align"], let t = r.scalarString(a, "align") {
                    switch t {
                    case "left": alignLeft = true
                    case "center": alignLeft = false
                    default: r.fail(a, "align is left or center, got '\(t)'")
                    }
                }
                output.append(OutputColumn(header: header, value: value, format: format, width: r.double(om, "width"), alignLeft: alignLeft))
            }
        }
        let expect = r.strings(m, "expect_groups") ?? []
        for g in expect where !registry.groups.contains(g) { r.fail(m["expect_groups"]!, "unknown group '\(g)'") }
        let chart = r.string(m, "chart")
        if let c = chart, !known.contains(c) { r.fail(m["chart"]!, "unknown score '\(c)'") }
        return TableJob(id: id, title: title, subtitle: r.string(m, "subtitle"), sheetName: r.string(m, "sheet_name"), file: file, sheet: sheet,
                        sheetTitleContains: sheetTitle, columns: columns, unitColumn: unitColumn, excluded: excluded,
                        scores: scores, rank: rank, grades: grades, output: output, notes: r.strings(m, "notes") ?? [],
                        expectGroups: expect, chart: chart, line: node.mark?.line ?? 1)
    }

    static let ruleKeys = ["expression", "adjustments", "categories", "quota", "completion", "points"]

    static func parseScore(_ node: Node, _ r: NodeReader, known: Set<String>) -> ComputedColumn? {
        let m = r.mapping(node, "a score", keys: ["name", "decimals", "published", "empty_is_zero"] + ruleKeys)
        guard let name = r.string(m, "name", required: true) else { return nil }
        let present = ruleKeys.filter { m[$0] != nil }
        // An unknown key (a misspelt rule) was reported already; do not add "no rule" to it.
        let allowed = ["name", "decimals", "published", "empty_is_zero"] + ruleKeys
        let rawKeys: [String] = node.mapping.map { $0.keys.compactMap(\.string) } ?? []
        let unknownKeys = rawKeys.filter { !allowed.contains($0) }
        guard present.count == 1 else {
            if unknownKeys.isEmpty {
                r.fail(node, present.isEmpty
                       ? "score '\(name)' has no rule (one of: \(ruleKeys.joined(separator: ", ")))"
                       : "score '\(name)' has more than one rule: \(present.joined(separator: ", "))")
            }
            return nil
        }
        func needKnown(_ n: String, _ at: Node) { if !known.contains(n) { r.fail(at, "unknown name '\(n)'") } }
        let ruleNode = m[present[0]]!
        var rule: Rule
        switch present[0] {
        case "expression":
            guard let text = r.scalarString(ruleNode, "expression") else { return nil }
            do {
                rule = .expression(try Expression.parse(text, knownNames: known))
            } catch {
                // Point at the character inside the expression (past an opening quote).
                let quoted = ruleNode.scalar?.style == .singleQuoted || ruleNode.scalar?.style == .doubleQuoted
                let at = (ruleNode.mark?.column ?? 1) + error.column - 1 + (quoted ? 1 : 0)
                r.errors.append(JobError(file: r.file, line: ruleNode.mark?.line ?? 1, column: at,
                                         "bad expression: \(error.message)"))
                return nil
            }
        case "adjustments":
            let am = r.mapping(ruleNode, "adjustments", keys: ["base", "reason"])
            guard let base = r.decimalValue(am, "base", required: true), let reason = r.string(am, "reason", required: true) else { return nil }
            needKnown(reason, am["reason"]!)
            rule = .adjustments(base: base, reason: reason)
        case "categories":
            guard let seq = ruleNode.sequence else { r.fail(ruleNode, "categories is a list of {name, max, bonus}"); return nil }
            var cats: [Category] = []
            for c in seq {
                let cm = r.mapping(c, "a category", keys: ["name", "max", "bonus"])
                guard let n = r.string(cm, "name", required: true), let mx = r.decimalValue(cm, "max", required: true) else { continue }
                needKnown(n, cm["name"]!)
                cats.append(Category(name: n, maximum: mx, isBonus: r.bool(cm, "bonus") ?? false))
            }
            rule = .categories(cats)
        case "quota":
            let qm = r.mapping(ruleNode, "quota", keys: ["count", "quota", "scale", "cap"])
            guard let count = r.string(qm, "count", required: true), let quota = r.string(qm, "quota", required: true) else { return nil }
            needKnown(count, qm["count"]!)
            needKnown(quota, qm["quota"]!)
            rule = .quota(count: count, quota: quota, scale: r.decimalValue(qm, "scale") ?? 1, cap: r.decimalValue(qm, "cap"))
        case "completion":
            let cm = r.mapping(ruleNode, "completion", keys: ["count", "quota"])
            guard let count = r.string(cm, "count", required: true), let quota = r.string(cm, "quota", required: true) else { return nil }
            needKnown(count, cm["count"]!)
            needKnown(quota, cm["quota"]!)
            rule = .completion(count: count, quota: quota)
        default: // points
            guard let pairs = r.pairs(ruleNode, "points") else { return nil }
            var points: [(name: String, points: Decimal)] = []
            for (k, v) in pairs {
                guard let n = k.string, let p = r.decimal(v, "points") else { continue }
                needKnown(n, k)
                points.append((n, p))
            }
            rule = .points(PointsTable(points))
        }
        let published = r.string(m, "published")
        if let p = published { needKnown(p, m["published"]!) }
        return ComputedColumn(name: name, rule: rule, decimals: m["decimals"] == nil ? 2 : r.int(m, "decimals"),
                              published: published, emptyIsZero: r.bool(m, "empty_is_zero") ?? false)
    }

    static func parseGrades(_ node: Node, _ r: NodeReader) -> GradeBands? {
        let m = r.mapping(node, "grades", keys: ["thresholds", "shares", "else"])
        let fallback = r.string(m, "else") ?? ""
        if let seq = m["thresholds"]?.sequence {
            var bands: [(minimum: Decimal, label: String)] = []
            for b in seq {
                let bm = r.mapping(b, "a grade band", keys: ["min", "label"])
                if let mn = r.decimalValue(bm, "min", required: true), let l = r.string(bm, "label", required: true) { bands.append((mn, l)) }
            }
            return .thresholds(bands.sorted { $0.minimum > $1.minimum }, fallback: fallback)
        }
        if let seq = m["shares"]?.sequence {
            var bands: [(share: Decimal, label: String)] = []
            for b in seq {
                let bm = r.mapping(b, "a grade band", keys: ["share", "label"])
                if let s = r.decimalValue(bm, "share", required: true), let l = r.string(bm, "label", required: true) { bands.append((s, l)) }
            }
            return .shares(bands, fallback: fallback)
        }
        r.fail(node, "grades needs thresholds or shares")
        return nil
    }

    public static func parseRegistry(_ text: String, path: String) throws(JobErrors) -> UnitRegistry {
        let r = NodeReader(file: path)
        guard let root = r.document(text) else { throw JobErrors(errors: r.errors) }
        let m = r.mapping(root, "the registry", keys: ["groups", "units"])
        let groups = r.strings(m, "groups") ?? []
        var units: [UnitRegistry.Unit] = []
        var seen: [String: Int] = [:]
        if let seq = r.sequence(m, "units", required: true) {
            for u in seq {
                let um = r.mapping(u, "a unit", keys: ["name", "group", "aliases"])
                guard let name = r.string(um, "name", required: true), let group = r.string(um, "group", required: true) else { continue }
                if !groups.contains(group) { r.fail(um["group"]!, "unknown group '\(group)' (groups: \(groups.joined(separator: ", ")))") }
                let aliases = r.strings(um, "aliases") ?? []
                for n in [name] + aliases {
                    let key = TextNormalizer.key(n)
                    if let other = seen[key] { r.fail(u, "'\(n)' is already listed (line \(other))") }
                    seen[key] = u.mark?.line ?? 0
                }
                units.append(UnitRegistry.Unit(name: name, aliases: aliases, group: group))
            }
        }
        if !r.errors.isEmpty { throw JobErrors(errors: r.errors) }
        return UnitRegistry(groups: groups, units: units)
    }
}

/// Walks Yams nodes, collecting errors with their marks.
final class NodeReader {
    let file: String
    var errors: [JobError] = []

    init(file: String) { self.file = file }

    func fail(_ node: Node, _ message: String) {
        errors.append(JobError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message))
    }

    func document(_ text: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                errors.append(JobError(file: file, line: 1, column: 1, "the file is empty"))
                return nil
            }
            return node
        } catch let e as YamlError {
            switch e {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
                errors.append(JobError(file: file, line: mark.line, column: mark.column, "not valid YAML: \(problem)"))
            default:
                errors.append(JobError(file: file, line: 1, column: 1, "not valid YAML: \(e)"))
            }
            return nil
        } catch {
            errors.append(JobError(file: file, line: 1, column: 1, "not valid YAML: \(error)"))
            return nil
        }
    }

    /// A mapping's entries, with the mapping's own node for "missing key" messages.
    struct Map {
        var node: Node
        var entries: [String: Node]
        subscript(_ key: String) -> Node? { entries[key] }
        var keys: Dictionary<String, Node>.Keys { entries.keys }
    }

    /// A mapping's entries by key; unknown keys are errors.
    func mapping(_ node: Node, _ what: String, keys: [String]) -> Map {
        Map(node: node, entries: entries(node, what, keys: keys))
    }

    private func entries(_ node: Node, _ what: String, keys: [String]) -> [String: Node] {
        guard let m = node.mapping else {
            fail(node, "\(what) should be a mapping (key: value)")
            return [:]
        }
        var out: [String: Node] = [:]
        // YAML merge keys (`<<: *table`): the merged mapping's entries are defaults that the
        // mapping's own keys override, so one table can reuse another's settings.
        var inherited: [String: Node] = [:]
        for (k, v) in m where k.string == "<<" {
            let sources = v.mapping.map { [$0] } ?? v.sequence?.compactMap(\.mapping) ?? []
            if sources.isEmpty { fail(v, "'<<' merges a mapping (an alias such as *table)") }
            for source in sources.reversed() {
                for (sk, sv) in source { if let key = sk.string { inherited[key] = sv } }
            }
        }
        for (k, v) in m {
            guard let key = k.string else { fail(k, "keys are text"); continue }
            if key == "<<" { continue }
            if !keys.contains(key) {
                fail(k, "unknown key '\(key)' in \(what) (expected: \(keys.joined(separator: ", ")))")
                continue
            }
            if out[key] != nil { fail(k, "'\(key)' is given twice") }
            out[key] = v
        }
        for (key, v) in inherited where out[key] == nil {
            if keys.contains(key) { out[key] = v } else { fail(v, "unknown key '\(key)' in \(what) (expected: \(keys.joined(separator: ", ")))") }
        }
        return out
    }

    func pairs(_ node: Node, _ what: String) -> [(Node, Node)]? {
        guard let m = node.mapping else { fail(node, "\(what) should be a mapping"); return nil }
        return m.map { ($0.key, $0.value) }
    }

    func scalarString(_ node: Node, _ what: String) -> String? {
        guard let s = node.scalar else { fail(node, "\(what) should be a single value"); return nil }
        return s.string
    }

    func string(_ m: Map, _ key: String, required: Bool = false) -> String? {
        guard let n = m[key] else {
            if required { missing(key, in: m) }
            return nil
        }
        return scalarString(n, key)
    }

    /// A required key is reported at the mapping that lacks it.
    func missing(_ key: String, in m: Map) {
        fail(m.node, "missing '\(key)'")
    }

    func strings(_ m: Map, _ key: String) -> [String]? {
        guard let n = m[key] else { return nil }
        if let s = n.scalar { return [s.string] }
        guard let seq = n.sequence else { fail(n, "\(key) should be a list"); return nil }
        return seq.compactMap { scalarString($0, key) }
    }

    func sequence(_ m: Map, _ key: String, required: Bool = false) -> [Node]? {
        guard let n = m[key] else {
            if required { missing(key, in: m) }
            return nil
        }
        guard let seq = n.sequence else { fail(n, "\(key) should be a list"); return nil }
        return Array(seq)
    }

    func decimal(_ n: Node, _ what: String) -> Decimal? {
        guard let text = scalarString(n, what) else { return nil }
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%"), let d = Decimal(strict: String(t.dropLast())) { return d / 100 }
        if let d = Decimal(strict: t) { return d }
        if let slash = t.firstIndex(of: "/"), let a = Decimal(strict: String(t[..<slash])), let b = Decimal(strict: String(t[t.index(after: slash)...])), b != 0 {
            return a / b
        }
        fail(n, "\(what) should be a number, got '\(text)'")
        return nil
    }

    func decimalValue(_ m: Map, _ key: String, required: Bool = false) -> Decimal? {
        guard let n = m[key] else {
            if required { missing(key, in: m) }
            return nil
        }
        return decimal(n, key)
    }

    func int(_ m: Map, _ key: String) -> Int? {
        guard let n = m[key], let t = scalarString(n, key) else { return nil }
        guard let v = Int(t) else { fail(n, "\(key) should be a whole number, got '\(t)'"); return nil }
        return v
    }

    func double(_ m: Map, _ key: String) -> Double? {
        guard let n = m[key], let t = scalarString(n, key) else { return nil }
        guard let v = Double(t) else { fail(n, "\(key) should be a number, got '\(t)'"); return nil }
        return v
    }

    func bool(_ m: Map, _ key: String) -> Bool? {
        guard let n = m[key], let t = scalarString(n, key) else { return nil }
        switch t { case "true", "yes": return true; case "false", "no": return false
        default: fail(n, "\(key) should be true or false, got '\(t)'"); return nil }
    }

    func rankMethod(_ m: Map, _ key: String) -> RankMethod? {
        guard let n = m[key], let t = scalarString(n, key) else { return nil }
        guard let method = RankMethod(rawValue: t) else {
            fail(n, "unknown rank method '\(t)' (competition, dense or ordinal)")
            return nil
        }
        return method
    }

    /// text, integer, 0.00 (decimals), 0.00% (percent).
    func format(_ m: Map, _ key: String) -> ColumnFormat? {
        guard let n = m[key], let t = scalarString(n, key) else { return nil }
        switch t {
        case "text": return .text
        case "integer", "0": return .integer
        default:
            let pct = t.hasSuffix("%")
            let body = pct ? String(t.dropLast()) : t
            if body.hasPrefix("0."), body.dropFirst(2).allSatisfy({ $0 == "0" }) {
                let places = body.count - 2
                return pct ? .percent(places) : .decimal(places)
            }
            if pct && body == "0" { return .percent(0) }
            fail(n, "unknown format '\(t)' (text, integer, 0.00, 0.00%)")
            return nil
        }
    }
}
