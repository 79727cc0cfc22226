import Foundation
import KaoheFormat

/// Grades (等次, 亮牌 colours, reward bands) as assessment tables publish them:
///
/// - by score thresholds: `{thresholds: {优秀: 90, 良好: 80}, else: 一般}`;
/// - by rank within the group: `{ranks: {5000元: 1-2, 2000元: 3-7}}` (第1–2名 5000元 …);
/// - by count: `{counts: {优秀: 3, 良好: 5}}`: the best 3 units of each group, then the next 5;
/// - by share, as a quota: `{shares: {优秀: 30%}}` ("优秀不超过 30%"): at most ⌊30% × n⌋ units
///   of each group. Units tied at a count or share boundary all go to the lower band, unless
///   the job says `ties: upper`; the table's notes say which units that moved.
///
/// `published:` names an input holding the published grade, which is checked.
public struct Grades: Sendable, Equatable {
    public enum Basis: String, Sendable, Equatable, CaseIterable {
        case thresholds, ranks, counts, shares
    }

    public struct Band: Sendable, Equatable {
        public var label: String
        /// thresholds: the minimum score; counts: units; shares: a fraction of the group.
        public var limit: Decimal
        /// ranks: the first and last rank of the band.
        public var ranks: ClosedRange<Int>?

        public init(_ label: String, limit: Decimal = 0, ranks: ClosedRange<Int>? = nil) {
            self.label = label
            self.limit = limit
            self.ranks = ranks
        }
    }

    public var basis: Basis
    /// In the order they are given (thresholds: highest first; counts and shares: best first).
    public var bands: [Band]
    public var fallback: String
    /// Units tied across a count or share boundary all take the upper band (`ties: upper`).
    public var tiesGoUp: Bool
    /// An input holding the published grade.
    public var published: String?

    public init(_ basis: Basis, _ bands: [Band], fallback: String = "", tiesGoUp: Bool = false, published: String? = nil) {
        self.basis = basis
        self.bands = basis == .thresholds ? bands.sorted { $0.limit > $1.limit } : bands
        self.fallback = fallback
        self.tiesGoUp = tiesGoUp
        self.published = published
    }

    /// Whether the grade needs ranks.
    public var needsRanks: Bool { basis != .thresholds }

    /// The outcome of grading one table.
    public struct Assignment: Sendable, Equatable {
        public var grades: [String?]
        /// Units tied across a boundary and moved to the lower band (or, with `ties: upper`,
        /// taken into the upper one beyond its quota).
        public var movedByTies: [Int]
    }

    /// Grades for each unit from its value, its rank and its group. A unit with no value (not
    /// assessed, not computable) gets none.
    public func assign(values: [Decimal?], ranks: [Int?], groups: [String]) -> Assignment {
        var grades = [String?](repeating: nil, count: values.count)
        var moved: [Int] = []
        for i in values.indices where values[i] != nil {
            switch basis {
            case .thresholds:
                grades[i] = bands.first { values[i]! >= $0.limit }?.label ?? fallback
            case .ranks:
                guard let r = ranks[i] else { continue }
                grades[i] = bands.first { $0.ranks?.contains(r) == true }?.label ?? fallback
            case .counts, .shares:
                guard let r = ranks[i] else { continue }
                let members = values.indices.filter { groups[$0] == groups[i] && ranks[$0] != nil }
                let first = 1 + members.filter { ranks[$0]! < r }.count
                let last = first + members.filter { ranks[$0]! == r }.count - 1
                var cumulative = Decimal(0)
                grades[i] = fallback
                for b in bands {
                    cumulative += basis == .counts ? b.limit : b.limit * Decimal(members.count)
                    let places = Int(truncating: cumulative.roundedDown(0) as NSDecimalNumber)
                    if last <= places || (tiesGoUp && first <= places) {
                        grades[i] = b.label
                        if last > places { moved.append(i) }
                        break
                    }
                    if first <= places { moved.append(i) } // tied across this boundary: down
                }
            }
        }
        return Assignment(grades: grades, movedByTies: moved)
    }

    /// The table note for units moved by the tie rule.
    public func tieNote(_ units: [String]) -> String? {
        guard !units.isEmpty else { return nil }
        return tiesGoUp
            ? "注：\(units.joined(separator: "、")) 在名额边界并列，按规定均列入较高等次（超出名额）。"
            : "注：\(units.joined(separator: "、")) 在名额边界并列，按规定均列入较低等次。"
    }

    // MARK: Settings

    static let keys = ["thresholds", "ranks", "counts", "shares", "else", "ties", "published"]
    static let example = "e.g. {thresholds: {优秀: 90, 良好: 80}, else: 一般}, {ranks: {5000元: 1-2, 2000元: 3-7}}, "
        + "{counts: {优秀: 3}} or {shares: {优秀: 30%}}"

    /// Reads `grades:` from a job.
    public static func parse(_ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> Grades? {
        let m = r.mapping(node, "grades", keys: keys)
        let given = Basis.allCases.filter { m[$0.rawValue] != nil }
        guard given.count == 1, let basis = given.first else {
            r.fail(node, given.isEmpty ? "grades needs one of thresholds, ranks, counts or shares (\(example))"
                                       : "grades takes one of thresholds, ranks, counts or shares, not \(given.map(\.rawValue).joined(separator: " and "))")
            return nil
        }
        guard let bands = parseBands(m[basis.rawValue]!, basis, r) else { return nil }
        var tiesGoUp = false
        if let t = m["ties"], let text = r.scalarString(t, "ties") {
            switch text {
            case "lower": tiesGoUp = false
            case "upper": tiesGoUp = true
            default: r.fail(t, "ties is lower or upper, got '\(text)'")
            }
        }
        let published = r.string(m, "published")
        if let p = published, !known.contains(p) { r.fail(m["published"]!, "unknown column '\(p)'") }
        return Grades(basis, bands, fallback: r.string(m, "else") ?? "", tiesGoUp: tiesGoUp, published: published)
    }

    /// `{label: limit}` (or a list of `{label, min|ranks|count|share}`).
    static func parseBands(_ node: SettingsNode, _ basis: Basis, _ r: SettingsReader) -> [Band]? {
        if let list = node.sequence, !list.isEmpty, list.allSatisfy({ $0.mapping != nil }), basis == .thresholds || basis == .shares {
            return olderBands(list, basis, node, r)
        }
        guard let pairs = node.mapping else {
            r.fail(node, "\(basis.rawValue) should map each grade to its \(limitName(basis)) (\(example))")
            return nil
        }
        var bands: [Band] = []
        for (k, v) in pairs {
            guard let label = k.string else { continue }
            switch basis {
            case .ranks:
                guard let text = r.scalarString(v, "ranks"), let range = rankRange(text) else {
                    r.fail(v, "ranks are written 1-2 or 3, got '\(v.string ?? "")'")
                    continue
                }
                bands.append(Band(label, ranks: range))
            default:
                guard let d = r.decimal(v, limitName(basis)) else { continue }
                if basis == .shares, d <= 0 || d > 1 { r.fail(v, "a share is a percentage up to 100%, got '\(v.string ?? "")'") }
                bands.append(Band(label, limit: d))
            }
        }
        return bands
    }

    /// The spelling of jobs written before 2026-11-30, still read: a list of
    /// `{min: 90, label: 优秀}` (thresholds) or `{share: 30%, label: 优秀}` (shares).
    static func olderBands(_ list: [SettingsNode], _ basis: Basis, _ node: SettingsNode, _ r: SettingsReader) -> [Band]? {
        let key = basis == .thresholds ? "min" : "share"
        var bands: [Band] = []
        for item in list {
            let m = r.mapping(item, "a grade band", keys: [key, "label"])
            guard let limit = r.decimalValue(m, key, required: true), let label = r.string(m, "label", required: true) else { continue }
            bands.append(Band(label, limit: limit))
        }
        let now = bands.map { "\($0.label): \(basis == .shares ? "\($0.limit * 100)%" : "\($0.limit)")" }.joined(separator: ", ")
        r.warn(node, "\(basis.rawValue) as a list of {\(key), label} is an older spelling, still read; write {\(now)}", fix: .replaceValue("{\(now)}"))
        return bands
    }

    static func limitName(_ basis: Basis) -> String {
        switch basis {
        case .thresholds: return "minimum score"
        case .ranks: return "ranks"
        case .counts: return "count"
        case .shares: return "share"
        }
    }

    /// "1-2", "3–7", "第3至7名", "5".
    static func rankRange(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(whereSeparator: { "-–—~～至到".contains($0) }).map(String.init)
        let numbers = parts.compactMap(PublishedRank.read)
        guard numbers.count == parts.count, let a = numbers.first, let b = numbers.last, a <= b else { return nil }
        return a...b
    }
}

/// A published rank as tables write it: 9, ９, 第9名, 第九名, 九, 第十一位.
public enum PublishedRank {
    public static func read(_ value: Value) -> Int? {
        switch value {
        case .number(let d):
            guard d > 0, d == d.roundedDown(0) else { return nil }
            return Int(truncating: d as NSDecimalNumber)
        case .text(let t): return read(t)
        case .missing, .notApplicable: return nil
        }
    }

    public static func read(_ text: String) -> Int? {
        var t = TextNormalizer.key(text)
        for prefix in ["第"] where t.hasPrefix(prefix) { t.removeFirst(prefix.count) }
        for suffix in ["名次", "名", "位"] where t.hasSuffix(suffix) { t.removeLast(suffix.count); break }
        if let n = Int(t), n > 0 { return n }
        return chinese(t)
    }

    /// 一 … 九十九, 一百 … 九百九十九.
    static func chinese(_ t: String) -> Int? {
        let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        var total = 0, current = 0, sawAny = false
        for ch in t {
            if let d = digits[ch] { current = d; sawAny = true; continue }
            switch ch {
            case "十": total += (current == 0 && !sawAny ? 1 : current) * 10; current = 0; sawAny = true
            case "百": total += current * 100; current = 0
            default: return nil
            }
        }
        let n = total + current
        return sawAny && n > 0 ? n : nil
    }
}
