import Foundation
import KaoheFormat

/// One input value of a unit in an assessment table, as the scoring engine sees it.
public enum Value: Sendable, Equatable, CustomStringConvertible {
    case number(Decimal)
    case text(String)
    /// "——" or another marker the job declares: the item does not apply to this unit.
    case notApplicable
    /// Nothing was given.
    case missing

    public var number: Decimal? {
        if case .number(let d) = self { return d }
        return nil
    }

    public var text: String? {
        switch self {
        case .text(let s): return s
        case .number(let d): return d.plainText
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .number(let d): return d.plainText
        case .text(let s): return s
        case .notApplicable: return "——"
        case .missing: return ""
        }
    }

    /// Reads what a cell's text says: a number (full-width digits, a percentage written as
    /// "79.17%"), a not-applicable marker, empty, or text.
    public static func parse(_ raw: String, notApplicableMarkers: Set<String> = Value.defaultNotApplicableMarkers) -> Value {
        let trimmed = TextNormalizer.foldFullWidth(raw).trimmed
        if trimmed.isEmpty { return .missing }
        // Markers are short: a longer text is not hashed to find that out (cells hold reasons).
        let length = trimmed.utf8.count
        if notApplicableMarkers.contains(where: { $0.utf8.count >= length }), notApplicableMarkers.contains(trimmed) {
            return .notApplicable
        }
        if let d = Decimal(strict: trimmed) { return .number(d) }
        if trimmed.hasSuffix("%"), let d = Decimal(strict: String(trimmed.dropLast())) {
            return .number(d / 100)
        }
        return .text(raw)
    }

    public static let defaultNotApplicableMarkers: Set<String> = ["——", "—", "--", "-", "／", "/", "不适用"]
}
