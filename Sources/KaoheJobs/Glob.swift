import Foundation
import KaoheScoring
import KaoheFormat

/// File-name patterns: `*` any run of characters, `?` one character, `{period}` a run of
/// characters captured as the period; compared after the same normalisation as unit names
/// (full-width forms folded, spaces removed), so 政务公开（市定）.xlsx matches 政务公开(市定).xlsx.
public enum Glob {
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        match(pattern, name) != nil
    }

    /// nil when `name` does not match; otherwise the text `{period}` stood for (nil when the
    /// pattern has none).
    public static func match(_ pattern: String, _ name: String) -> String?? {
        Pattern(pattern).match(Name(name))
    }

    /// A pattern normalised once, to match many names.
    public struct Pattern: Sendable {
        static let marker: Character = "\u{1}"
        let p: [Character]

        public init(_ pattern: String) {
            p = Array(TextNormalizer.key(pattern.replacingOccurrences(of: "{period}", with: String(Self.marker))))
        }

        /// As `Glob.match`.
        public func match(_ name: Name) -> String?? {
            let s = name.s
            var captured: String? = nil
            func go(_ pi: Int, _ si: Int) -> Bool {
                if pi == p.count { return si == s.count }
                switch p[pi] {
                case "*":
                    for k in si...s.count where go(pi + 1, k) { return true }
                    return false
                case Self.marker:
                    guard si < s.count else { return false }
                    for k in (si + 1)...s.count where go(pi + 1, k) {
                        captured = String(s[si..<k])
                        return true
                    }
                    return false
                case "?":
                    return si < s.count && go(pi + 1, si + 1)
                default:
                    return si < s.count && s[si] == p[pi] && go(pi + 1, si + 1)
                }
            }
            return go(0, 0) ? .some(captured) : nil
        }
    }

    /// A file name normalised once, to be matched against many patterns.
    public struct Name: Sendable {
        let s: [Character]
        public init(_ name: String) { s = Array(TextNormalizer.key(name)) }
    }
}
