import Foundation
import KaoheScoring

/// `kaohe validate --upgrade`: a job rewritten in today's spelling, line by line, so that its
/// comments, order and layout stay as the office wrote them. Each older spelling's warning
/// carries its fix (`SettingsError.Fix`); a job with none comes back unchanged.
public enum JobUpgrade {
    /// The job's text with every warning's fix applied, and how many were applied.
    public static func upgraded(_ text: String, warnings: [SettingsError]) -> (text: String, applied: Int) {
        var lines = text.components(separatedBy: "\n")
        var applied = 0
        // Later positions first, so that earlier ones keep their lines.
        let values = warnings.compactMap { w -> (Int, Int, String)? in
            if case .replaceValue(let v)? = w.fix { return (w.line, w.column, v) } else { return nil }
        }
        for (line, column, value) in values.sorted(by: { ($0.0, $0.1) > ($1.0, $1.1) }) where replaceValue(&lines, line: line, column: column, with: value) {
            applied += 1
        }
        var marks: [(String, String)] = []
        for w in warnings { if case .addFullMarks(let t, let v)? = w.fix, !marks.contains(where: { $0.0 == t }) { marks.append((t, v)) } }
        if !marks.isEmpty, addFullMarks(&lines, marks) { applied += marks.count }
        return (lines.joined(separator: "\n"), applied)
    }

    /// Replaces the value starting at (line, column), both from 1: a flow list `[…]` up to its
    /// closing bracket, or a block list (`- …` lines) down to the first line indented less.
    static func replaceValue(_ lines: inout [String], line: Int, column: Int, with value: String) -> Bool {
        let l = line - 1
        guard lines.indices.contains(l) else { return false }
        let chars = Array(lines[l])
        let c = column - 1
        guard chars.indices.contains(c) else { return false }
        if chars[c] == "[" {
            // The closing bracket, across lines if need be, quotes and nesting minded.
            var depth = 0, quote: Character? = nil
            var (i, j) = (l, c)
            while lines.indices.contains(i) {
                let row = Array(lines[i])
                while j < row.count {
                    let ch = row[j]
                    if let q = quote { if ch == q { quote = nil } } else if ch == "\"" || ch == "'" { quote = ch } else if ch == "[" || ch == "{" {
                        depth += 1
                    } else if ch == "]" || ch == "}" {
                        depth -= 1
                        if depth == 0 {
                            let head = String(chars[..<c]), tail = String(row[(j + 1)...])
                            lines.replaceSubrange(l...i, with: [head + value + tail])
                            return true
                        }
                    }
                    j += 1
                }
                (i, j) = (i + 1, 0)
            }
            return false
        }
        guard chars[c] == "-" else { return false }
        var end = l + 1
        while end < lines.count {
            let t = lines[end]
            let indent = t.prefix { $0 == " " }.count
            if !t.trimmingCharacters(in: .whitespaces).isEmpty, indent <= c, !(indent == c && t.dropFirst(indent).hasPrefix("-")) { break }
            end += 1
        }
        // The list's comments stay, on lines of their own above the value.
        let pad = String(repeating: " ", count: c)
        let comments = lines[l..<end].compactMap { t -> String? in
            let trimmed = t.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") { return pad + trimmed }
            return t.range(of: " #").map { pad + String(t[t.index(after: $0.lowerBound)...]) }
        }
        lines.replaceSubrange(l..<end, with: comments + [pad + value])
        return true
    }

    /// Adds the tables' full marks under `total:`: into its `full_marks: {…}` line when it has
    /// one, else as a new line after `total:`, indented as its other settings.
    static func addFullMarks(_ lines: inout [String], _ marks: [(String, String)]) -> Bool {
        guard let total = lines.firstIndex(where: { $0.hasPrefix("total:") }) else { return false }
        let entries = marks.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
        var i = total + 1
        var indent: Int? = nil
        while i < lines.count {
            let t = lines[i]
            let trimmed = t.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, !trimmed.hasPrefix("#") {
                let n = t.prefix { $0 == " " }.count
                if n == 0 { break }
                indent = indent ?? n
                if trimmed.hasPrefix("full_marks:"), let close = t.lastIndex(of: "}") {
                    let inside = t[t.index(after: t.firstIndex(of: "{") ?? close)..<close].trimmingCharacters(in: .whitespaces)
                    lines[i] = String(t[..<close]) + (inside.isEmpty ? "" : ", ") + entries + String(t[close...])
                    return true
                }
            }
            i += 1
        }
        lines.insert(String(repeating: " ", count: indent ?? 2) + "full_marks: {\(entries)}", at: total + 1)
        return true
    }
}
