import Foundation

/// Something a reviewer must look at. Messages are Chinese: they go on the audit sheet (校验结果).
public struct Finding: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, Codable {
        /// A published value differs from the recomputed one.
        case publishedMismatch
        /// A published value is empty where one can be computed.
        case publishedMissing
        /// A value is over its category maximum.
        case overMaximum
        /// An input needed for a score is missing or not a number.
        case missingValue
        /// The same unit appears twice in one table.
        case duplicateUnit
        /// A published rank differs from the recomputed one.
        case rankMismatch
        /// A published grade differs from the recomputed one.
        case gradeMismatch
        /// A published value (a rank written 第X名 …) that cannot be read.
        case unreadable
        /// Reason text holds something the reading could not account for (扣分 with no number,
        /// a range, an amount with no direction, a reversal): the score needs a reviewer.
        case reasonUnclear
        /// A formula's result saved in the workbook differs from what the formula gives from the
        /// values saved for its inputs (a sheet not recalculated).
        case formulaMismatch
        /// How the reading understood something a reviewer may want to check; not a problem
        /// (渔溪镇's 0.2分 counted as 加 through the subtotal it completes).
        case note
    }

    /// Whether a reviewer must act on it (notes are for information).
    public var needsReview: Bool { kind != .note }

    public var kind: Kind
    /// The unit it concerns, or `Finding.wholeTable` when it concerns the table, not one unit.
    public var unit: String
    /// The input or column the finding is about (得分, 办事服务 …).
    public var item: String
    public var published: Decimal?
    public var computed: Decimal?
    public var message: String

    public init(kind: Kind, unit: String, item: String, published: Decimal? = nil, computed: Decimal? = nil, message: String) {
        self.kind = kind
        self.unit = unit
        self.item = item
        self.published = published
        self.computed = computed
        self.message = message
    }

    public var description: String { "\(unit)｜\(item)｜\(message)" }

    /// The `unit` of a finding about the whole table (a column, the sheet, a file), as the
    /// audit sheet shows it.
    public static let wholeTable = "—"
    /// Whether it concerns the table rather than one unit.
    public var isAboutTheTable: Bool { unit == Self.wholeTable }
}
