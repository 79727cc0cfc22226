import Foundation
import KaoheFormat
import KaoheScoring

import Yams

/// Reads job and registry files. Every mistake is collected with its line and column, so
/// `kaohe validate` can list them all at once.
public enum JobParser {
    public static func load(path: String) throws(JobErrors) -> Job {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw JobErrors(errors: [JobError(file: path, line: 1, column: 1, "cannot read the job file: \(error.localizedDescription)")])
        }
        return try parse(text, path: path)
    }

    /// A job's text as if it were the file at `path`: its registry read beside that file.
    public static func parse(_ text: String, path: String) throws(JobErrors) -> Job {
        let base = (path as NSString).deletingLastPathComponent
        return try parse(text, path: path) { relative in
            let p = relative.hasPrefix("/") ? relative : (base as NSString).appendingPathComponent(relative)
            return (p, try? String(contentsOfFile: p, encoding: .utf8))
        }
    }

    /// `total:` — the roll-up's weights (percentages when whole numbers add up to 100), full
    /// marks (from the rules, `full_marks:`, or 100 with a warning), decimals and rank method.
    static func parseTotal(_ node: SettingsNode, _ r: SettingsReader, tables: [TableJob]) -> TotalJob {
        let m = r.mapping(node, "total", keys: ["title", "weights", "full_marks", "decimals", "method", "note"])
        var weights: [(String, Decimal)] = []
        var labels: [String: String] = [:]
        if let wnode = m["weights"], let pairs = r.pairs(wnode, "weights") {
            for (k, v) in pairs {
                guard tables.contains(where: { $0.id == k.string }) else {
                    r.fail(k, "weights: no table with id '\(k.string ?? "")'")
                    continue
                }
                if let w = r.decimal(v, "weight") {
                    weights.append((k.string!, w))
                    labels[k.string!] = v.string?.trimmingCharacters(in: .whitespaces)
                }
            }
            (weights, labels) = Self.percentWeights(weights, labels: labels)
        } else if m["weights"] == nil {
            r.fail(node, "total needs weights (table id: weight)")
        }
        var given: [String: Decimal] = [:]
        if let f = m["full_marks"], let pairs = r.pairs(f, "full_marks") {
            for (k, v) in pairs {
                guard let id = k.string, tables.contains(where: { $0.id == id }) else { r.fail(k, "full_marks: no table with id '\(k.string ?? "")'"); continue }
                if let d = r.decimal(v, "full marks") { given[id] = d }
            }
        }
        var fullMarks: [String: Decimal] = [:]
        for (id, _) in weights {
            guard let t = tables.first(where: { $0.id == id }) else { continue }
            if let f = given[id] ?? Self.fullMarks(t) { fullMarks[id] = f } else {
                // Jobs written before full marks were needed (2026-11) ran without them: 100.
                fullMarks[id] = 100
                r.warn(m["weights"]!, "total: the full marks of table '\(id)' cannot be worked out from its rule and are taken as 100; say so with full_marks: {\(id): 100}",
                       fix: .addFullMarks(table: id, value: "100"))
            }
        }
        return TotalJob(title: r.string(m, "title") ?? "总表", weights: weights, weightLabels: labels, fullMarks: fullMarks,
                         decimals: r.int(m, "decimals") ?? 2, method: r.rankMethod(m, "method") ?? .competition,
                         note: r.string(m, "note"))
    }

    /// `periods: 月` (年度, 半年, 季度, 月) or `periods: [上半年, 下半年]`.
    static func periodForm(_ node: SettingsNode, _ r: SettingsReader) -> PeriodForm? {
        if let list = node.sequence { return .names(list.compactMap(\.string)) }
        if let text = node.string, let form = PeriodForm(text) { return form }
        r.fail(node, "periods is 年度, 半年, 季度, 月 or a list of names (periods: [上半年, 下半年]), got '\(node.string ?? "")'")
        return nil
    }

    /// Weights written as a 考核办法 writes them, whole numbers adding up to 100
    /// ({重点工作: 50, 党建工作: 30, 信息报送: 20}), are percentages: 0.5, 0.3, 0.2, labelled 50%.
    static func percentWeights(_ weights: [(String, Decimal)], labels: [String: String]) -> ([(String, Decimal)], [String: String]) {
        let sum = weights.reduce(Decimal(0)) { $0 + $1.1 }
        guard sum == 100, weights.contains(where: { $0.1 > 1 }) else { return (weights, labels) }
        return (weights.map { ($0.0, $0.1 / 100) }, labels.mapValues { $0.hasSuffix("%") ? $0 : $0 + "%" })
    }

    /// Parses job text; `open` reads the registry file the job names.
    public static func parse(_ text: String, path: String, open: (String) -> (String, String?)) throws(JobErrors) -> Job {
        let r = SettingsReader(file: path)
        guard let root = YAMLSettings.document(text, r)?.mergingKeys() else { throw JobErrors(errors: r.errors) }
        let top = r.mapping(root, "the job", keys: ["assessment", "period", "periods", "output", "registry", "not_applicable", "defaults",
                                                    "tables", "total", "pdf", "bulletin", "annual", "quarterly"])
        let assessment = r.string(top, "assessment", required: true) ?? ""
        let output = r.string(top, "output", required: true) ?? "summary.xlsx"
        let period = r.string(top, "period") ?? Job.noPeriod
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
            // `defaults:` holds what the tables share: a table's own settings replace them, but
            // for `source`, whose keys merge (the file from the defaults, the sheet from the table).
            let defaults = top["defaults"]
            if let d = defaults, d.mapping == nil { r.fail(d, "defaults should be a mapping of table settings") }
            for node in seq {
                if let t = parseTable(defaults.map { node.withDefaults($0, deep: ["source"]) } ?? node, r, registry: registry) {
                    if tables.contains(where: { $0.id == t.id }) { r.fail(node, "table id '\(t.id)' is used twice") }
                    tables.append(t)
                }
            }
        }
        let total = top["total"].map { parseTotal($0, r, tables: tables) }
        let bulletin = top["bulletin"].flatMap { BulletinParser.parse($0, r, tables: tables, registry: registry) }
        if !r.errors.isEmpty { throw JobErrors(errors: r.errors) }
        var job = Job(path: path, period: period, assessment: assessment, output: output, registry: registry, registryPath: registryPath,
                      tables: tables, total: total, notApplicable: notApplicable, pdf: r.bool(top, "pdf") ?? false)
        job.warnings = r.warnings
        job.bulletin = bulletin
        job.periodForm = top["periods"].flatMap { Self.periodForm($0, r) }
        job.annual = top["annual"].flatMap { Self.parseAnnual($0, r, tables: tables, total: total, form: job.periodForm) }
        job.quarterly = top["quarterly"].flatMap { Self.parseAnnual($0, r, tables: tables, total: total, form: job.periodForm, span: .quarter) }
        job.giveClosingTablesTheirPeriods()
        if !r.errors.isEmpty { throw JobErrors(errors: r.errors) }
        return job
    }

    /// source: {file:, sheet:, title_contains:}.
    static func parseSource(_ m: SettingsReader.Map, _ node: SettingsNode, _ r: SettingsReader, id: String) -> (String, String?, String?) {
        guard let s = m["source"] else {
            r.fail(node, "table '\(id)' has no source (source: {file: …, sheet: …})")
            return ("", nil, nil)
        }
        let sm = r.mapping(s, "source", keys: ["file", "sheet", "title_contains"])
        return (r.string(sm, "file", required: true) ?? "", r.string(sm, "sheet"), r.string(sm, "title_contains"))
    }

    /// columns: {input name: header text}, in order.
    static func parseColumns(_ m: SettingsReader.Map, _ node: SettingsNode, _ r: SettingsReader, id: String) -> [(String, String)] {
        var columns: [(String, String)] = []
        if let c = m["columns"], let pairs = r.pairs(c, "columns") {
            for (k, v) in pairs { if let key = k.string, let h = r.scalarString(v, "header") { columns.append((key, h)) } }
        } else if m["columns"] == nil {
            r.fail(node, "table '\(id)' has no columns (input name: header text)")
        }
        return columns
    }

    /// grade_colors: {label: "#RRGGBB"} over the defaults.
    static func parseGradeColors(_ m: SettingsReader.Map, _ r: SettingsReader) -> [String: UInt32] {
        var gradeColors = GradeColors.defaults
        if let n = m["grade_colors"], let pairs = r.pairs(n, "grade_colors") {
            for (k, v) in pairs {
                guard let label = k.string, let t = r.scalarString(v, "colour") else { continue }
                if let c = GradeColors.parse(t) { gradeColors[label] = c } else { r.fail(v, "a colour is written #RRGGBB, got '\(t)'") }
            }
        }
        return gradeColors
    }

    /// rank: {score:, method:, order:, decimals:, published:, check_against:, tie_breakers:}.
    static func parseRank(_ rn: SettingsNode, _ r: SettingsReader, inputs: Set<String>, known: Set<String>) -> RankSpec? {
        let rm = r.mapping(rn, "rank", keys: ["score", "method", "order", "decimals", "published", "check_against", "tie_breakers"])
        guard let score = r.string(rm, "score", required: true) else { return nil }
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
        return RankSpec(column: score, ranker: Ranker(method: r.rankMethod(rm, "method") ?? .competition, order: order,
                                                      decimals: r.int(rm, "decimals") ?? 2),
                        tieBreakers: breakers, published: published, publishedScore: against)
    }

    /// An output column: {header:, value:, format:, width:, align:}, or just the value's name
    /// (`- 得分`). The header defaults to the header of the input it shows (`headers`), else to
    /// the value's own name (a score), 排名 (rank) or 等次 (grade).
    /// The format defaults to the score's decimals (0.00), whole numbers for ranks, else text.
    static func parseOutputColumn(_ o: SettingsNode, _ r: SettingsReader, known: Set<String>, headers: [String: String],
                                  formats: [String: ColumnFormat]) -> OutputColumn? {
        if let value = o.string {
            if !known.contains(value) { r.fail(o, "unknown value '\(value)' (not an input, a score, rank or grade)") }
            return OutputColumn(header: defaultHeader(value, headers: headers), value: OutputValue(value), format: formats[value] ?? .text, width: nil)
        }
        let om = r.mapping(o, "an output column", keys: ["header", "value", "format", "width", "align"])
        guard let value = r.string(om, "value", required: true) else { return nil }
        let header = r.string(om, "header") ?? defaultHeader(value, headers: headers)
        if !known.contains(value) { r.fail(om["value"]!, "unknown value '\(value)' (not an input, a score, rank or grade)") }
        let format = r.format(om, "format") ?? formats[value] ?? .text
        let alignLeft = r.choice(om, "align", "align is left or center", among: ["left": true, "center": false]) ?? false
        return OutputColumn(header: header, value: OutputValue(value), format: format, width: r.columnWidth(om, "width"), alignLeft: alignLeft)
    }

    /// An output column's header and format when the job gives none: the header of the input it
    /// shows (a score, the rank and the grade: the header of their published values' column),
    /// a score's decimals, whole numbers for ranks and counts.
    static func outputDefaults(columns: [(String, String)], unitColumn: String, subunit: String?, scores: [ComputedColumn],
                               rank: RankSpec?, grades: Grades?) -> (headers: [String: String], formats: [String: ColumnFormat]) {
        var headers = Dictionary(columns.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        headers["unit"] = headers[unitColumn]
        if let s = subunit { headers["subunit"] = headers[s] }
        for s in scores where headers[s.name] == nil { headers[s.name] = s.published.flatMap { headers[$0] } }
        if let p = rank?.published { headers[OutputValue.rank.name] = headers[p] }
        if let p = grades?.published { headers[OutputValue.grade.name] = headers[p] }
        var formats = Dictionary(uniqueKeysWithValues: [OutputValue.rank, .sequence, .subunits].map { ($0.name, ColumnFormat.integer) })
        for s in scores { formats[s.name] = .decimal(s.decimals ?? 2) }
        return (headers, formats)
    }

    /// excluded: {column:, contains:}: rows shown but not assessed.
    static func parseExcluded(_ m: SettingsReader.Map, _ r: SettingsReader, inputs: Set<String>) -> (String, String)? {
        guard let e = m["excluded"] else { return nil }
        let em = r.mapping(e, "excluded", keys: ["column", "contains"])
        guard let c = r.string(em, "column", required: true), let t = r.string(em, "contains", required: true) else { return nil }
        if !inputs.contains(c) { r.fail(em["column"]!, "unknown column '\(c)'") }
        return (c, t)
    }

    /// The header an output column shows when the job gives none.
    static func defaultHeader(_ value: String, headers: [String: String]) -> String {
        headers[value] ?? [OutputValue.rank.name: "排名", OutputValue.grade.name: "等次", OutputValue.subunits.name: "下属单位数"][value] ?? value
    }

    static func parseTable(_ node: SettingsNode, _ r: SettingsReader, registry: UnitRegistry) -> TableJob? {
        let m = r.mapping(node, "a table", keys: ["id", "title", "subtitle", "sheet_name", "source", "columns", "unit", "subunit", "excluded", "absent", "scores", "rollup", "show", "order", "group_headings", "grade_colors", "lead",
                                                  "orientation", "rank", "grades", "output", "notes", "expect_groups", "chart"])
        guard let id = r.string(m, "id", required: true) else { return nil }
        let title = r.string(m, "title", required: true) ?? id
        let (file, sheet, sheetTitle) = parseSource(m, node, r, id: id)
        let columns = parseColumns(m, node, r, id: id)
        let inputs = Set(columns.map(\.0))
        let unitColumn = r.string(m, "unit") ?? "unit"
        if !columns.isEmpty, !inputs.contains(unitColumn) {
            r.fail(m["unit"] ?? m["columns"] ?? node, "table '\(id)': the unit column '\(unitColumn)' is not among the columns")
        }
        let excluded = parseExcluded(m, r, inputs: inputs)
        let absent: AbsentRule? = r.choice(m, "absent", "absent is base, zero or not_assessed")
        let showPublished = r.choice(m, "show", "show is computed or published", among: ["computed": false, "published": true]) ?? false
        let order: RowOrder = r.choice(m, "order", "order is registry, rank or input") ?? .registry
        let gradeColors = parseGradeColors(m, r)
        var known = inputs
        var scores: [ComputedColumn] = []
        if let seq = r.sequence(m, "scores", required: true) {
            for s in seq {
                if var col = parseScore(s, r, known: known) {
                    col.showPublished = showPublished
                    scores.append(col)
                }
                // A score whose rule has a mistake is still a name later rules may use: its
                // mistake is reported once, not again at every use.
                if let name = s.value(forKey: "name")?.string { known.insert(name) }
            }
        }
        var rollup: SubunitRollup? = nil
        let subunit = r.string(m, "subunit")
        if let sub = subunit, !inputs.contains(sub) { r.fail(m["subunit"]!, "the sub-unit column '\(sub)' is not among the columns") }
        if let node = m["rollup"] {
            rollup = SubunitRollup.parse(node, r, known: known)
            if subunit == nil { r.fail(node, "rollup needs subunit: the column naming each sub-unit (村, 科室 …)") }
            if let ru = rollup { known.insert(ru.name) }
            known.insert(OutputValue.subunits.name)
        }
        if subunit != nil { known.insert(OutputValue.subunit.name) }
        let rank = m["rank"].flatMap { parseRank($0, r, inputs: inputs, known: known) }
        if rank != nil { known.insert("rank") }
        defer { if absent == .base { checkAbsentBase(m, scores: scores, rank: rank, r) } }
        let grades = parseGrades(m, r, inputs: inputs, rank: rank)
        if m["grades"] != nil { known.insert("grade") }
        known.insert("unit")
        known.insert("序号")
        var output: [OutputColumn] = []
        if let seq = r.sequence(m, "output", required: true) {
            let (headers, formats) = outputDefaults(columns: columns, unitColumn: unitColumn, subunit: subunit, scores: scores,
                                                    rank: rank, grades: grades)
            output = seq.compactMap { parseOutputColumn($0, r, known: known, headers: headers, formats: formats) }
        }
        if order == .rank, rank == nil { r.fail(m["order"]!, "order: rank needs the table's rank (rank: {score: …})") }
        let expect = r.strings(m, "expect_groups") ?? []
        for g in expect where !registry.groups.contains(g) { r.fail(m["expect_groups"]!, "unknown group '\(g)'") }
        let chart = r.string(m, "chart")
        if let c = chart, !known.contains(c) { r.fail(m["chart"]!, "unknown score '\(c)'") }
        return TableJob(id: id, title: title, subtitle: r.string(m, "subtitle"), sheetName: r.string(m, "sheet_name"), file: file, sheet: sheet,
                        sheetTitleContains: sheetTitle, columns: columns, unitColumn: unitColumn, subunitColumn: subunit,
                        excluded: excluded, absent: absent, rollup: rollup,
                        scores: scores, rank: rank, grades: grades, output: output, notes: r.strings(m, "notes") ?? [],
                        expectGroups: expect, chart: chart, line: node.line, order: order,
                        groupHeadings: r.bool(m, "group_headings") ?? false, gradeColors: gradeColors, lead: r.string(m, "lead"),
                        orientation: r.choice(m, "orientation", "orientation is rows (one row per unit) or columns (one column per unit)"))
    }

    /// grades: by thresholds, ranks, counts or shares; those by rank need the table's rank.
    static func parseGrades(_ m: SettingsReader.Map, _ r: SettingsReader, inputs: Set<String>, rank: RankSpec?) -> Grades? {
        guard let g = m["grades"] else { return nil }
        let grades = Grades.parse(g, r, known: inputs)
        if let gr = grades, gr.needsRanks, rank == nil {
            r.fail(g, "grades by \(gr.basis.rawValue) need the table's rank (rank: {score: …})")
        }
        return grades
    }

    /// A table's full marks from its main score's rule, where the rule says them.
    static func fullMarks(_ t: TableJob) -> Decimal? {
        let main = t.rank?.column ?? t.scores.last?.name
        return t.scores.first(where: { $0.name == main })?.rule.rule.fullMarks
    }

    /// `absent: base` takes the base of the table's main score, so that score must be an
    /// adjustments score.
    static func checkAbsentBase(_ m: SettingsReader.Map, scores: [ComputedColumn], rank: RankSpec?, _ r: SettingsReader) {
        let main = rank?.column ?? scores.last?.name
        guard let score = scores.first(where: { $0.name == main }), score.rule.rule.baseScore != nil else {
            r.fail(m["absent"]!, "absent: base needs the table's main score to be an adjustments score (the base is its base)")
            return
        }
    }

    static let scoreKeys = ["name", "decimals", "published", "tolerance", "empty_is_zero"]

    /// A score: its name and options here, its rule read by the rule itself (Rule.registry).
    static func parseScore(_ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> ComputedColumn? {
        let ruleKeys = Rule.keys
        let m = r.mapping(node, "a score", keys: scoreKeys + ruleKeys)
        guard let name = r.string(m, "name", required: true) else { return nil }
        let present = ruleKeys.filter { m[$0] != nil }
        // An unknown key (a misspelt rule) was reported already; do not add "no rule" to it.
        let rawKeys: [String] = node.mapping.map { $0.map(\.key).compactMap(\.string) } ?? []
        let unknownKeys = rawKeys.filter { !(scoreKeys + ruleKeys).contains($0) && $0 != "<<" }
        guard present.count == 1 else {
            if unknownKeys.isEmpty {
                r.fail(node, present.isEmpty
                       ? "score '\(name)' has no rule (one of: \(ruleKeys.joined(separator: ", ")))"
                       : "score '\(name)' has more than one rule: \(present.joined(separator: ", "))")
            }
            return nil
        }
        guard let rule = Rule.parse(key: present[0], m[present[0]]!, r, known: known) else { return nil }

        let published = r.string(m, "published")
        if let p = published, !known.contains(p) { r.fail(m["published"]!, "unknown name '\(p)'") }
        let tolerance = r.decimalValue(m, "tolerance")
        if tolerance != nil, published == nil { r.fail(m["tolerance"]!, "tolerance applies to the published check: give published too") }
        return ComputedColumn(name: name, rule: rule, decimals: m["decimals"] == nil ? type(of: rule.rule).defaultDecimals : r.int(m, "decimals"),
                              published: published, emptyIsZero: r.bool(m, "empty_is_zero") ?? false, tolerance: tolerance)
    }

    public static func parseRegistry(_ text: String, path: String) throws(JobErrors) -> UnitRegistry {
        let r = SettingsReader(file: path)
        guard let root = YAMLSettings.document(text, r) else { throw JobErrors(errors: r.errors) }
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
                    seen[key] = u.line
                }
                units.append(UnitRegistry.Unit(name: name, aliases: aliases, group: group))
            }
        }
        if !r.errors.isEmpty { throw JobErrors(errors: r.errors) }
        return UnitRegistry(groups: groups, units: units)
    }
}

/// The YAML side of reading a job: Yams composes the text, and the tree becomes settings
/// nodes (with their lines and columns) that the job parser and each rule read.
enum YAMLSettings {
    static func document(_ text: String, _ r: SettingsReader) -> SettingsNode? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                r.errors.append(SettingsError(file: r.file, line: 1, column: 1, "the file is empty"))
                return nil
            }
            var pool: [String: String] = [:]
            return convert(node, pool: &pool)
        } catch let e as YamlError {
            switch e {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
                r.errors.append(SettingsError(file: r.file, line: mark.line, column: mark.column, "not valid YAML: \(problem)"))
            default:
                r.errors.append(SettingsError(file: r.file, line: 1, column: 1, "not valid YAML: \(e)"))
            }
            return nil
        } catch {
            r.errors.append(SettingsError(file: r.file, line: 1, column: 1, "not valid YAML: \(error)"))
            return nil
        }
    }

    /// The YAML tree as settings nodes. Equal scalars share one string (`pool`): the names a
    /// job repeats (an input in `columns`, in a rule, in `output`) are then one copy, and the
    /// dictionaries keyed by them compare a stored name with a looked-up one at once, instead
    /// of through Unicode normalization (a few per cent of a night's work).
    static func convert(_ node: Yams.Node, pool: inout [String: String]) -> SettingsNode {
        let line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
        switch node {
        case .scalar(let s):
            let text = pool[s.string] ?? s.string
            pool[text] = text
            return SettingsNode(.scalar(text), line: line, column: column, isQuoted: s.style == .singleQuoted || s.style == .doubleQuoted)
        case .sequence(let seq):
            return SettingsNode(.sequence(seq.map { convert($0, pool: &pool) }), line: line, column: column)
        case .mapping(let m):
            return SettingsNode(.mapping(m.map { SettingsNode.Pair(key: convert($0.key, pool: &pool), value: convert($0.value, pool: &pool)) }),
                                line: line, column: column)
        }
    }
}

extension SettingsReader {
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

extension SettingsReader {
    /// One of a few words, each standing for a value; a word not among them is reported as
    /// "`message`, got '…'" and gives nil.
    func choice<T>(_ m: Map, _ key: String, _ message: String, among values: [String: T]) -> T? {
        guard let n = m[key], let t = scalarString(n, key) else { return nil }
        if let v = values[t] { return v }
        fail(n, "\(message), got '\(t)'")
        return nil
    }

    /// One of an enumeration's raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ m: Map, _ key: String, _ message: String) -> T? where T.RawValue == String {
        choice(m, key, message, among: Dictionary(uniqueKeysWithValues: T.allCases.map { ($0.rawValue, $0) }))
    }

    /// A column width in Excel character units: layout, not a score, so a binary double
    /// (what the writer hands libxlsxwriter) and outside KaoheScoring.
    func columnWidth(_ m: Map, _ key: String) -> Double? {
        guard let n = m[key], let t = scalarString(n, key) else { return nil }
        guard let v = Double(t) else { fail(n, "\(key) should be a number, got '\(t)'"); return nil }
        return v
    }
}
