import Foundation

/// How a column's numbers are shown.
public enum ColumnFormat: Sendable, Equatable {
    /// Text, wrapped when long (unit names, reason text).
    case text
    /// A decimal with this many places: 0.00.
    case decimal(Int)
    /// A fraction shown as a percentage with this many places: 0.7917 → 79.17%.
    case percent(Int)
    /// A whole number (ranks, counts).
    case integer

    /// The Excel number format the writer gives the column's cells; nil for text.
    public var numberFormat: String? {
        switch self {
        case .text: return nil
        case .decimal(let n): return n == 0 ? "0" : "0." + String(repeating: "0", count: n)
        case .percent(let n): return (n == 0 ? "0" : "0." + String(repeating: "0", count: n)) + "%"
        case .integer: return "0"
        }
    }
}
