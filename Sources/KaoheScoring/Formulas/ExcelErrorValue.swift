/// One of Excel's error values, in a formula (=#REF!+1) or as what it computes (#DIV/0!).
/// A formula can write only the seven `literals`; a cell can hold others that newer Excel
/// makes (#SPILL!, #CALC!, #GETTING_DATA), which a formula naming the cell carries as `.other`.
public enum ExcelErrorValue: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    case null, divisionByZero, value, reference, name, number, notAvailable
    /// An error a cell holds that is none of the seven, as the file writes it.
    case other(String)

    /// The error values a formula can write, in the order the parser tries them.
    public static let literals: [ExcelErrorValue] = [.null, .divisionByZero, .value, .reference, .name, .number, .notAvailable]

    /// The error value written `rawValue` ("#N/A"); one none of the seven is `.other`.
    public init(rawValue: String) {
        self = Self.literals.first { $0.rawValue == rawValue } ?? .other(rawValue)
    }

    /// The error value as Excel writes it.
    public var rawValue: String {
        switch self {
        case .null: return "#NULL!"
        case .divisionByZero: return "#DIV/0!"
        case .value: return "#VALUE!"
        case .reference: return "#REF!"
        case .name: return "#NAME?"
        case .number: return "#NUM!"
        case .notAvailable: return "#N/A"
        case .other(let written): return written
        }
    }

    public var description: String { rawValue }

    /// `.other("#N/A")` made by hand is `.notAvailable`.
    public static func == (a: ExcelErrorValue, b: ExcelErrorValue) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}
