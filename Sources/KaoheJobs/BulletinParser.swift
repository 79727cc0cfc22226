import Foundation
import KaoheScoring

/// Reads `bulletin:`: its title and lines, its fields (each checked against the tables it
/// names: a table, a value or a group that does not exist is a mistake with its line), and its
/// paragraphs (each `{name}` a field).
enum BulletinParser {
    static let fieldKinds = ["count", "sum", "list", "top", "bottom", "missing", "not_received", "share"]
    static let fieldKeys = fieldKinds + ["in", "of", "where", "group", "order", "by", "cap", "count_suffix", "decimals"]

    static func parse(_ node: SettingsNode, _ r: SettingsReader, tables: [TableJob], registry: UnitRegistry) -> BulletinSpec? {
        let m = r.mapping(node, "bulletin", keys: ["title", "number", "addressees", "signer", "fields", "paragraphs"])
        var fields: [BulletinField] = []
        var declared: Set<String> = ["period", "assessment"] // and fields whose mistakes were reported already
        if let f = m["fields"], let pairs = r.pairs(f, "fields") {
            let context = Context(r: r, tables: tables, registry: registry)
            for (k, v) in pairs {
                guard let name = k.string else { r.fail(k, "a field's name is text"); continue }
                if fields.contains(where: { $0.name == name }) || ["period", "assessment"].contains(name) {
                    r.fail(k, "field '\(name)' is given twice (period and assessment are given already)")
                    continue
                }
                if let kind = context.field(v, earlier: fields) { fields.append(BulletinField(name: name, kind: kind, line: k.line)) } else { declared.insert(name) }
            }
        }
        let paragraphs = r.sequence(m, "paragraphs", required: true) ?? []
        var texts: [String] = []
        for p in paragraphs {
            guard let text = r.scalarString(p, "a paragraph") else { continue }
            for name in placeholders(text) where !fields.contains(where: { $0.name == name }) && !declared.contains(name) {
                r.fail(p, "unknown field '{\(name)}' (fields: \(fields.map(\.name).joined(separator: ", ")))")
            }
            texts.append(text)
        }
        return BulletinSpec(title: r.string(m, "title"), number: r.string(m, "number"),
                            addressees: r.string(m, "addressees"), signer: r.string(m, "signer"),
                            fields: fields, paragraphs: texts, line: node.line)
    }

    /// The `{name}`s of a paragraph, in order.
    static func placeholders(_ text: String) -> [String] {
        var names: [String] = []
        var current: String? = nil
        for ch in text {
            if ch == "{" { current = "" } else if ch == "}", let c = current { names.append(c); current = nil } else { current?.append(ch) }
        }
        return names
    }

    /// What a field reads its settings against: the job's tables and registry.
    struct Context {
        let r: SettingsReader
        let tables: [TableJob]
        let registry: UnitRegistry

        func field(_ node: SettingsNode, earlier: [BulletinField]) -> BulletinField.Kind? {
            let m = r.mapping(node, "a field", keys: BulletinParser.fieldKeys)
            let present = fieldKinds.filter { m[$0] != nil }
            guard present.count == 1 else {
                r.fail(node, present.isEmpty ? "a field needs one of: \(fieldKinds.joined(separator: ", "))"
                                             : "a field has one kind, got \(present.joined(separator: ", "))")
                return nil
            }
            switch present[0] {
            case "count": return units(m, "count").map { .count($0) }
            case "sum": return sum(m)
            case "list": return list(m)
            case "top", "bottom": return top(m, present[0])
            case "missing": return missing(m)
            case "not_received": return notReceived(m)
            default: return share(m, earlier: earlier)
            }
        }

        /// Table ids under `key`, each checked; `all` stands for every table.
        func tableIds(_ m: SettingsReader.Map, _ key: String) -> [String]? {
            guard let node = m[key], let ids = r.strings(m, key) else { return nil }
            if ids == ["all"] { return tables.map(\.id) }
            for id in ids where !tables.contains(where: { $0.id == id }) {
                r.fail(node, "no table with id '\(id)' (tables: \(tables.map(\.id).joined(separator: ", ")))")
                return nil
            }
            return ids
        }

        /// The values a table's rows carry: its inputs, its scores, rank and grade.
        func known(_ id: String) -> Set<String> {
            guard let t = tables.first(where: { $0.id == id }) else { return [] }
            var names = Set(t.columns.map(\.input) + t.scores.map(\.name))
            if t.rank != nil { names.insert(OutputValue.rank.name) }
            if t.grades != nil { names.insert(OutputValue.grade.name) }
            if let r = t.rollup { names.insert(r.name) }
            return names
        }

        /// 名次 and 排名 stand for rank, 等次 for grade, where no input of the tables is so named.
        func canonical(_ value: String, in ids: [String]) -> String {
            let word = ["名次": OutputValue.rank.name, "排名": OutputValue.rank.name, "等次": OutputValue.grade.name][value]
            guard let word, ids.allSatisfy({ !known($0).contains(value) && known($0).contains(word) }) else { return value }
            return word
        }

        func checkValue(_ value: String, in ids: [String], at node: SettingsNode) -> Bool {
            for id in ids where !known(id).contains(value) {
                r.fail(node, "table '\(id)' has no value '\(value)' (\(known(id).sorted().joined(separator: ", ")))")
                return false
            }
            return true
        }

        /// The tables under `key` with `group:` and `where:`.
        func units(_ m: SettingsReader.Map, _ key: String) -> BulletinUnits? {
            guard let ids = tableIds(m, key) else { return nil }
            let group = r.string(m, "group")
            if let g = group, !registry.groups.contains(g) {
                r.fail(m["group"]!, "unknown group '\(g)' (groups: \(registry.groups.joined(separator: ", ")))")
            }
            var conditions: [BulletinCondition] = []
            for text in r.strings(m, "where") ?? [] {
                guard var c = BulletinCondition.parse(text) else {
                    r.fail(m["where"]!, "a condition is a value, an operator (>=, >, <=, <, =, !=) and a number or text, got '\(text)'")
                    continue
                }
                c.value = OutputValue(canonical(c.value.name, in: ids))
                if checkValue(c.value.name, in: ids, at: m["where"]!) { conditions.append(c) }
            }
            return BulletinUnits(tables: ids, group: group, conditions: conditions)
        }

        func sum(_ m: SettingsReader.Map) -> BulletinField.Kind? {
            guard let values = r.strings(m, "sum") else { return nil }
            guard m["in"] != nil else { r.missing("in", in: m); return nil }
            guard let set = units(m, "in") else { return nil }
            for v in values where !checkValue(v, in: set.tables, at: m["sum"]!) { return nil }
            return .sum(values: values, set)
        }

        func list(_ m: SettingsReader.Map) -> BulletinField.Kind? {
            guard let set = units(m, "list") else { return nil }
            var order = BulletinOrder.table
            if let text = r.string(m, "order"), text != "table" {
                let parts = text.split(separator: " ").map(String.init)
                guard parts.count == 2, ["descending", "ascending"].contains(parts[1]) else {
                    r.fail(m["order"]!, "order is table, or a value then descending or ascending (完成率 descending), got '\(text)'")
                    return nil
                }
                let value = canonical(parts[0], in: set.tables)
                guard checkValue(value, in: set.tables, at: m["order"]!) else { return nil }
                order = .by(OutputValue(value), descending: parts[1] == "descending")
            }
            return .list(set, order: order, cap: cap(m, default: 3), style: style(m))
        }

        func cap(_ m: SettingsReader.Map, default d: Int) -> Int {
            let c = r.int(m, "cap") ?? d
            if c < 1 { r.fail(m["cap"]!, "cap is at least 1") }
            return max(1, c)
        }

        func style(_ m: SettingsReader.Map) -> BulletinField.ListStyle {
            (r.bool(m, "count_suffix") ?? true) ? .counted : .etc
        }

        /// `top: 3, of: 表, by: 得分`: the first three by the value (the table's ranked score by default).
        func top(_ m: SettingsReader.Map, _ key: String) -> BulletinField.Kind? {
            guard let n = r.int(m, key) else { return nil }
            guard m["of"] != nil else { r.missing("of", in: m); return nil }
            guard let set = units(m, "of") else { return nil }
            let by = r.string(m, "by").map { canonical($0, in: set.tables) } ?? tables.first { $0.id == set.tables[0] }?.rank?.column
            guard let value = by else { r.fail(m[key]!, "\(key) needs by: the value to order by (the table has no rank)"); return nil }
            guard checkValue(value, in: set.tables, at: m["by"] ?? m[key]!) else { return nil }
            return .list(set, order: .by(OutputValue(value), descending: key == "top"), cap: max(1, n), style: .plain)
        }

        func missing(_ m: SettingsReader.Map) -> BulletinField.Kind? {
            guard let ids = tableIds(m, "missing") else { return nil }
            let group = r.string(m, "group")
            if let g = group, !registry.groups.contains(g) { r.fail(m["group"]!, "unknown group '\(g)'") }
            return .missing(tables: ids, group: group, cap: cap(m, default: 3), style: style(m))
        }

        func notReceived(_ m: SettingsReader.Map) -> BulletinField.Kind? {
            tableIds(m, "not_received").map { .notReceived(tables: $0) }
        }

        func share(_ m: SettingsReader.Map, earlier: [BulletinField]) -> BulletinField.Kind? {
            guard let part = r.string(m, "share") else { return nil }
            guard let whole = r.string(m, "of") else { r.missing("of", in: m); return nil }
            for (name, node) in [(part, m["share"]!), (whole, m["of"]!)] {
                guard let f = earlier.first(where: { $0.name == name }) else {
                    r.fail(node, "share needs a count or sum field given before it, got '\(name)'")
                    return nil
                }
                switch f.kind {
                case .count, .sum: continue
                default: r.fail(node, "field '\(name)' is not a count or a sum"); return nil
                }
            }
            return .share(field: part, of: whole, decimals: r.int(m, "decimals") ?? 2)
        }
    }
}
