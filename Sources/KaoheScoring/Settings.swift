import Foundation

/// A value from a settings file (a job's YAML), with where it stands: what rules and jobs
/// read, free of any YAML library (KaoheJobs converts the parsed YAML into these).
public struct SettingsNode: Sendable {
    public struct Pair: Sendable {
        public var key: SettingsNode
        public var value: SettingsNode
        public init(key: SettingsNode, value: SettingsNode) {
            self.key = key
            self.value = value
        }
    }

    public indirect enum Kind: Sendable {
        case scalar(String)
        case sequence([SettingsNode])
        case mapping([Pair])
    }

    public var kind: Kind
    public var line: Int
    public var column: Int
    /// A scalar written in quotes (its text starts one column later).
    public var isQuoted: Bool

    public init(_ kind: Kind, line: Int, column: Int, isQuoted: Bool = false) {
        self.kind = kind
        self.line = line
        self.column = column
        self.isQuoted = isQuoted
    }

    public var string: String? { if case .scalar(let s) = kind { return s } else { return nil } }

    /// This mapping with YAML merge keys (`<<: *cols`, `<<: [*a, *b]`) resolved, at any depth: the
    /// merged mappings' entries come first, as defaults, and the mapping's own keys override them.
    /// A `<<` whose value is not a mapping (or a list of them) is kept, for the reader to report.
    public func mergingKeys() -> SettingsNode {
        switch kind {
        case .scalar: return self
        case .sequence(let items): return SettingsNode(.sequence(items.map { $0.mergingKeys() }), line: line, column: column, isQuoted: isQuoted)
        case .mapping(let pairs):
            var own: [Pair] = []
            var merged: [Pair] = []
            for p in pairs {
                let value = p.value.mergingKeys()
                let sources = p.key.string == "<<" ? (value.mapping.map { [$0] } ?? value.sequence?.compactMap(\.mapping)) : nil
                guard let sources, !sources.isEmpty else { own.append(Pair(key: p.key, value: value)); continue }
                for source in sources {
                    for sp in source where !merged.contains(where: { $0.key.string == sp.key.string }) {
                        merged.append(Pair(key: sp.key, value: sp.value))
                    }
                }
            }
            let ownKeys = Set(own.compactMap(\.key.string))
            return SettingsNode(.mapping(merged.filter { !ownKeys.contains($0.key.string ?? "") } + own), line: line, column: column)
        }
    }

    /// `defaults` merged under this mapping: keys this mapping lacks are taken from `defaults`;
    /// a key it gives is its own, except those in `deep`, where both mappings are merged the
    /// same way (a table's `source: {title_contains: …}` keeps the defaults' file).
    public func withDefaults(_ defaults: SettingsNode, deep: Set<String>) -> SettingsNode {
        guard case .mapping(let own) = kind, case .mapping(let base) = defaults.kind else { return self }
        var out: [Pair] = []
        for b in base where !own.contains(where: { $0.key.string == b.key.string }) { out.append(b) }
        for o in own {
            if deep.contains(o.key.string ?? ""), let b = base.first(where: { $0.key.string == o.key.string }),
               o.value.mapping != nil, b.value.mapping != nil {
                out.append(Pair(key: o.key, value: o.value.withDefaults(b.value, deep: [])))
            } else {
                out.append(o)
            }
        }
        return SettingsNode(.mapping(out), line: line, column: column)
    }
    public var sequence: [SettingsNode]? { if case .sequence(let s) = kind { return s } else { return nil } }
    public var mapping: [(key: SettingsNode, value: SettingsNode)]? {
        if case .mapping(let m) = kind { return m.map { ($0.key, $0.value) } } else { return nil }
    }

    /// The value under a text key of a mapping.
    public func value(forKey key: String) -> SettingsNode? {
        mapping?.first { $0.key.string == key }?.value
    }
}

/// A mistake in a settings file, with its place. Messages are for operators (English).
public struct SettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// For an older spelling's warning: how `kaohe validate --upgrade` writes it today.
    public var fix: Fix?

    /// A rewrite of the job's text that says the same thing in today's spelling.
    public enum Fix: Equatable, Sendable {
        /// The value at the warning's line and column (a flow or block list) becomes this text.
        case replaceValue(String)
        /// `total:` gains `full_marks: {table: value}`.
        case addFullMarks(table: String, value: String)
    }

    public init(file: String, line: Int, column: Int, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Reads settings (a job file's mappings), collecting every mistake with its line and column,
/// so one pass reports them all. Rules parse their own settings with it.
public final class SettingsReader {
    public let file: String
    public var errors: [SettingsError] = []
    /// Spellings still accepted but no longer written (a job that once validated keeps
    /// running): each says what to write now.
    public var warnings: [SettingsError] = []

    public init(file: String) { self.file = file }

    /// An older spelling, still read: the warning names today's.
    public func warn(_ node: SettingsNode, _ message: String, fix: SettingsError.Fix? = nil) {
        var w = SettingsError(file: file, line: node.line, column: node.column, message)
        w.fix = fix
        warnings.append(w)
    }

    public func fail(_ node: SettingsNode, _ message: String) {
        errors.append(SettingsError(file: file, line: node.line, column: node.column, message))
    }

    /// A mistake at a column inside a node's text (an expression's bad character).
    public func fail(_ node: SettingsNode, atOffset offset: Int, _ message: String) {
        errors.append(SettingsError(file: file, line: node.line, column: node.column + offset + (node.isQuoted ? 1 : 0), message))
    }

    /// A mapping's entries, with the mapping's own node for "missing key" messages.
    public struct Map {
        public var node: SettingsNode
        var entries: [String: SettingsNode]
        public subscript(_ key: String) -> SettingsNode? { entries[key] }
        public var keys: Dictionary<String, SettingsNode>.Keys { entries.keys }
    }

    /// A mapping's entries by key; unknown keys are errors.
    public func mapping(_ node: SettingsNode, _ what: String, keys: [String]) -> Map {
        Map(node: node, entries: entries(node, what, keys: keys))
    }

    private func entries(_ node: SettingsNode, _ what: String, keys: [String]) -> [String: SettingsNode] {
        guard let m = node.mapping else {
            fail(node, "\(what) should be a mapping (key: value)")
            return [:]
        }
        var out: [String: SettingsNode] = [:]
        // YAML merge keys (`<<: *table`): the merged mapping's entries are defaults that the
        // mapping's own keys override, so one table can reuse another's settings.
        var inherited: [String: SettingsNode] = [:]
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

    public func pairs(_ node: SettingsNode, _ what: String) -> [(SettingsNode, SettingsNode)]? {
        guard let m = node.mapping else { fail(node, "\(what) should be a mapping"); return nil }
        return m.map { ($0.key, $0.value) }
    }

    public func scalarString(_ node: SettingsNode, _ what: String) -> String? {
        guard let s = node.string else { fail(node, "\(what) should be a single value"); return nil }
        return s
    }

    public func string(_ m: Map, _ key: String, required: Bool = false) -> String? {
        guard let n = m[key] else {
            if required { missing(key, in: m) }
            return nil
        }
        return scalarString(n, key)
    }

    /// A required key is reported at the mapping that lacks it.
    public func missing(_ key: String, in m: Map) {
        fail(m.node, "missing '\(key)'")
    }

    public func strings(_ m: Map, _ key: String) -> [String]? {
        guard let n = m[key] else { return nil }
        if let s = n.string { return [s] }
        guard let seq = n.sequence else { fail(n, "\(key) should be a list"); return nil }
        return seq.compactMap { scalarString($0, key) }
    }

    public func sequence(_ m: Map, _ key: String, required: Bool = false) -> [SettingsNode]? {
        guard let n = m[key] else {
            if required { missing(key, in: m) }
            return nil
        }
        guard let seq = n.sequence else { fail(n, "\(key) should be a list"); return nil }
        return Array(seq)
    }

    public func decimal(_ n: SettingsNode, _ what: String) -> Decimal? {
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

    public func decimalValue(_ m: Map, _ key: String, required: Bool = false) -> Decimal? {
        guard let n = m[key] else {
            if required { missing(key, in: m) }
            return nil
        }
        return decimal(n, key)
    }

    public func int(_ m: Map, _ key: String) -> Int? {
        guard let n = m[key], let t = scalarString(n, key) else { return nil }
        guard let v = Int(t) else { fail(n, "\(key) should be a whole number, got '\(t)'"); return nil }
        return v
    }

    public func bool(_ m: Map, _ key: String) -> Bool? {
        guard let n = m[key], let t = scalarString(n, key) else { return nil }
        switch t { case "true", "yes": return true; case "false", "no": return false
        default: fail(n, "\(key) should be true or false, got '\(t)'"); return nil }
    }

    public func rankMethod(_ m: Map, _ key: String) -> RankMethod? {
        guard let n = m[key], let t = scalarString(n, key) else { return nil }
        guard let method = RankMethod(rawValue: t) else {
            fail(n, "unknown rank method '\(t)' (competition, dense or ordinal)")
            return nil
        }
        return method
    }
}
