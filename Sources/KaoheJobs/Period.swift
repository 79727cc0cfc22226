import Foundation
import KaoheScoring
import KaoheFormat

/// Periods as values: the `{period}` part of a file name is read in the form the job's
/// periods take (`periods:` 年度, 半年, 季度, 月, or a list of names) and written one way
/// (2026年10月, 2026年第四季度, 2026年上半年, 2026年度). A correction mark — （更正）, 更正版,
/// 修改稿, 最终版, v2, (1) — is never part of a period: such a file is a resubmission of its
/// table and period, and the newest replaces the older.
public enum PeriodForm: Sendable, Equatable {
    case year, half, quarter, month
    case names([String])

    /// `periods:` as a job writes it.
    public init?(_ text: String) {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "年度", "年", "year": self = .year
        case "半年", "半年度", "half": self = .half
        case "季度", "季", "quarter": self = .quarter
        case "月", "月度", "month": self = .month
        default: return nil
        }
    }

    /// What a period of this form looks like, for notes ("2026年10月").
    public var example: String {
        switch self {
        case .year: return "2026年度"
        case .half: return "2026年上半年"
        case .quarter: return "2026年第四季度"
        case .month: return "2026年10月"
        case .names(let list): return list.first ?? ""
        }
    }

    /// The period a file name's text stands for, written one way; nil when it is not one.
    public func read(_ text: String) -> String? {
        let t = TextNormalizer.foldFullWidth(text).filter { !$0.isWhitespace }
        switch self {
        case .names(let list):
            return list.first { TextNormalizer.key($0) == TextNormalizer.key(t) }
        case .year:
            guard let (year, rest) = Self.year(t), ["", "年", "年度"].contains(rest) else { return nil }
            return "\(year)年度"
        case .month:
            guard let (year, rest) = Self.year(t) else { return nil }
            var r = rest
            for sep in ["年", ".", "-", "/", "_"] where r.hasPrefix(sep) { r.removeFirst(sep.count); break }
            if r.hasSuffix("月份") { r.removeLast(2) } else if r.hasSuffix("月") { r.removeLast() }
            guard let m = Self.number(r), (1...12).contains(m) else { return nil }
            return "\(year)年\(m)月"
        case .quarter:
            guard let (year, rest) = Self.year(t) else { return nil }
            var r = rest.hasPrefix("年") ? String(rest.dropFirst()) : rest
            for p in ["第", "Q", "q"] where r.hasPrefix(p) { r.removeFirst(p.count) }
            for s in ["季度", "季"] where r.hasSuffix(s) { r.removeLast(s.count); break }
            guard let q = Self.number(r), (1...4).contains(q) else { return nil }
            return "\(year)年第\(["一", "二", "三", "四"][q - 1])季度"
        case .half:
            guard let (year, rest) = Self.year(t) else { return nil }
            let r = rest.hasPrefix("年") ? String(rest.dropFirst()) : rest
            switch r {
            case "上半年", "上半年度", "H1", "h1", "上": return "\(year)年上半年"
            case "下半年", "下半年度", "H2", "h2", "下": return "\(year)年下半年"
            default: return nil
            }
        }
    }

    /// Where a period (as `read` writes it) falls among the job's periods: earlier periods
    /// order lower; nil when it is not one of this form.
    public func order(_ period: String) -> Int? {
        guard let normal = read(period) else { return nil }
        if case .names(let list) = self { return list.firstIndex(of: normal) }
        guard let (year, rest) = Self.year(normal) else { return nil }
        switch self {
        case .year: return year * 100
        case .month: return year * 100 + (Self.number(String(rest.dropFirst().dropLast())) ?? 0)
        case .quarter: return year * 100 + (Self.number(String(rest.dropFirst(2).dropLast(2))) ?? 0)
        case .half: return year * 100 + (rest.hasPrefix("年上") ? 1 : 2)
        case .names: return nil
        }
    }

    /// The period before `period` among `periods` (each once summarised): the latest earlier one
    /// in this form's order; nil when none is earlier, or when `period` is not of this form.
    public func previous(_ period: String, among periods: [String]) -> String? {
        guard let now = order(period) else { return nil }
        return periods.compactMap { p in order(p).map { (p, $0) } }.filter { $0.1 < now }.max { $0.1 < $1.1 }?.0
    }

    /// A leading four-digit year and what follows it.
    static func year(_ t: String) -> (Int, String)? {
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        guard digits.count >= 4, let y = Int(digits.prefix(4)), (2000...2099).contains(y) else { return nil }
        return (y, String(t.dropFirst(4)))
    }

    /// 10, 1, 01, 十, 十二, 四.
    static func number(_ s: String) -> Int? {
        if let n = Int(s) { return n }
        let digits: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        if s == "十" { return 10 }
        if s.count == 1, let d = digits[s.first!] { return d }
        if s.count == 2, s.first == "十", let d = digits[s.last!] { return 10 + d }
        return nil
    }
}

public enum Period {
    /// Correction marks offices add to a resubmitted file's name.
    static let marks = ["（更正）", "(更正)", "（更正版）", "(更正版)", "（修改稿）", "(修改稿)", "（修订）", "(修订)", "（最终版）", "(最终版)",
                        "更正版", "更正稿", "修改稿", "修订版", "修订稿", "最终版", "终版", "定稿", "更正", "-副本", "副本"]

    /// The period text without a correction mark, and whether it had one.
    public static func withoutCorrection(_ text: String) -> (period: String, corrected: Bool) {
        var t = text.trimmingCharacters(in: .whitespaces)
        var corrected = false
        var changed = true
        while changed {
            changed = false
            for m in marks where t.hasSuffix(m) && t.count > m.count {
                t.removeLast(m.count)
                t = t.trimmingCharacters(in: CharacterSet(charactersIn: " -_"))
                corrected = true
                changed = true
            }
            // v2, V3, (1), （2）, _2 at the end.
            if let r = t.range(of: #"([-_ ]?[vV]\d+|\(\d+\)|（\d+）)$"#, options: .regularExpression), r.lowerBound != t.startIndex {
                t.removeSubrange(r)
                corrected = true
                changed = true
            }
        }
        return (t, corrected)
    }
}
