import Foundation
import KaoheFormat
import KaoheJobs
import KaoheScoring

/// A computation as a reviewer checks it by hand: the rule with every value filled in, its exact
/// result and the rounding, (100 − 0.31 + 0.3) × 0.5 = 49.995 → 50.00（四舍五入）.
enum Computation {
    static func text(_ score: ComputedColumn, bound: BoundRow, result: RowResult, table: TableJob) -> String? {
        // Shown columns are named (then written as their values); unshown earlier scores are
        // spelt out as their own computation.
        guard let body = ReportBuilder.scoringFormula(score, bound: bound, result: result, table: table, index: ReportBuilder.TableNames(table),
                                                      rounded: false)
        else { return nil }
        var env = bound.row.inputs
        for (k, v) in result.computed where k != score.name { env[k] = v }
        if let earlier = table.scores.firstIndex(where: { $0.name == score.name }) {
            // Earlier scores as computed, not as shown (a shown published value would differ).
            for s in table.scores[..<earlier] { if let v = result.differs[s.name], s.showPublished { env[s.name] = .number(v) } }
        }
        guard let exact = score.rule.rule.evaluate(RuleContext(env: env, column: score.name, emptyIsZero: score.emptyIsZero,
                                                               unit: result.unit)).value else { return nil }
        let shown = pretty(stripRounding(body.text { name in
            switch env[name] ?? result.computed[name] ?? .missing {
            case .number(let d): return d.plainText
            case .missing, .notApplicable: return "0"
            case .text(let t): return t
            }
        }))
        guard let d = score.decimals else { return "\(shown) = \(plain(exact))" }
        let rounded = exact.roundedHalfUp(d)
        if rounded == exact { return "\(shown) = \(rounded.formatted(decimals: d))" }
        return "\(shown) = \(plain(exact)) → \(rounded.formatted(decimals: d))（四舍五入）"
    }

    /// ROUND(x,2) as (x): the rounding is said once, at the end.
    static func stripRounding(_ text: String) -> String {
        var chars = Array(text)
        while let start = find(Array("ROUND("), in: chars) {
            var depth = 0, close = start + 5, comma = -1
            for i in (start + 5)..<chars.count {
                if chars[i] == "(" { depth += 1 }
                if chars[i] == ")" { depth -= 1; if depth == 0 { close = i; break } }
                if chars[i] == ",", depth == 1 { comma = i }
            }
            guard comma > 0 else { break }
            var inner = Array(chars[(start + 6)..<comma])
            if inner.first == "(", inner.last == ")", balanced(Array(inner.dropFirst().dropLast())) { inner = Array(inner.dropFirst().dropLast()) }
            let wrapped = start > 0 && chars[start - 1] == "(" && close + 1 < chars.count && chars[close + 1] == ")"
            chars.replaceSubrange(start...close, with: wrapped ? inner : ["("] + inner + [")"])
        }
        var out = String(chars)
        if out.hasPrefix("("), out.hasSuffix(")"), balanced(Array(out.dropFirst().dropLast())) { out = String(out.dropFirst().dropLast()) }
        return out
    }

    static func find(_ word: [Character], in chars: [Character]) -> Int? {
        guard chars.count >= word.count else { return nil }
        for i in 0...(chars.count - word.count) where Array(chars[i..<(i + word.count)]) == word { return i }
        return nil
    }

    static func balanced(_ chars: [Character]) -> Bool {
        var depth = 0
        for c in chars {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1; if depth < 0 { return false } }
        }
        return depth == 0
    }

    /// Operators as written by hand: × ÷ + −, spaced.
    static func pretty(_ formula: String) -> String {
        var out = ""
        var previous: Character? = nil
        for ch in formula {
            switch ch {
            case "*": out += " × "
            case "/": out += " ÷ "
            case "+": out += " + "
            case "-": out += (previous == nil || previous == "(" || previous == ",") ? "−" : " − "
            default: out.append(ch)
            }
            previous = ch
        }
        return out
    }

    /// A decimal with at most six places, … when cut.
    static func plain(_ d: Decimal) -> String {
        let cut = d.roundedHalfUp(6)
        return cut == d ? d.plainText : cut.plainText + "…"
    }
}
