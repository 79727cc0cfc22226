import Foundation
import KaoheFormat
import KaoheScoring

/// The bulletin (通报) a job's results are published in: the office's own paragraphs, each
/// number and list in them a field computed from the period's tables (`bulletin:` in the job).
/// A job that declares none gets `BulletinSpec.standard` (BulletinDefault.swift).
public struct BulletinSpec: Sendable {
    /// 关于2020年三季度全区政务信息工作目标完成情况的通报; `{period}` and `{assessment}` are filled in.
    /// nil: 关于{assessment}情况的通报 (with the period when the assessment's name lacks it).
    public var title: String?
    /// The 文号 line (资雁府办发〔2020〕67号), left for the office to fill in when not given.
    public var number: String?
    /// 主送机关: 各镇人民政府、街道办事处，区政府各部门.
    public var addressees: String?
    /// 落款: the issuing office under the text.
    public var signer: String?
    public var fields: [BulletinField]
    /// Paragraphs in order; `{name}` stands for a field, `{period}` for the period. A short
    /// paragraph opening with 一、二、… is a heading.
    public var paragraphs: [String]
    /// Where `bulletin:` stands in the job file.
    public var line: Int

    public init(title: String? = nil, number: String? = nil, addressees: String? = nil, signer: String? = nil,
                fields: [BulletinField], paragraphs: [String], line: Int = 0) {
        self.title = title
        self.number = number
        self.addressees = addressees
        self.signer = signer
        self.fields = fields
        self.paragraphs = paragraphs
        self.line = line
    }
}

/// One computed field of a bulletin's text.
public struct BulletinField: Sendable {
    public var name: String
    public var kind: Kind
    public var line: Int

    public init(name: String, kind: Kind, line: Int = 0) {
        self.name = name
        self.kind = kind
        self.line = line
    }

    public enum Kind: Sendable {
        /// How many units meet the conditions (57; 41 with 完成率 ≥ 100%).
        case count(BulletinUnits)
        /// The sum of values over the units (报送条数 over both tables: 1386).
        case sum(values: [String], BulletinUnits)
        /// The units that meet the conditions, the first `cap` of them in `order`, by their
        /// short names: 区统计局、区市场监管局、区供销社等24个.
        case list(BulletinUnits, order: BulletinOrder, cap: Int, style: ListStyle)
        /// Registry units a table leaves out (not submitted), listed as `list` lists them.
        case missing(tables: [String], group: String?, cap: Int, style: ListStyle)
        /// Tables with no readable workbook, by sheet name.
        case notReceived(tables: [String])
        /// One count or sum field as a percentage of another (占35.09%).
        case share(field: String, of: String, decimals: Int)
    }

    /// How a list ends: 等24个 (`counted`), 等 when cut short (`etc`), or nothing (`plain`: top N).
    public enum ListStyle: String, Sendable {
        case counted, etc, plain
    }
}

/// The units a field is about: the rows of some tables, perhaps of one group, meeting every
/// condition.
public struct BulletinUnits: Sendable {
    public var tables: [String]
    public var group: String?
    public var conditions: [BulletinCondition]

    public init(tables: [String], group: String? = nil, conditions: [BulletinCondition] = []) {
        self.tables = tables
        self.group = group
        self.conditions = conditions
    }
}

/// The order of a list: the table's own rows, or a value from the highest or the lowest.
public enum BulletinOrder: Sendable, Equatable {
    case table
    case by(OutputValue, descending: Bool)
}

/// `完成率 >= 100%`, `总分 = 0`, `grade = 优秀`, `rank <= 3`: a value of the table compared with a
/// number, or a text for equality.
public struct BulletinCondition: Sendable, Equatable {
    public enum Operator: String, Sendable, CaseIterable {
        case greaterOrEqual = ">=", lessOrEqual = "<=", notEqual = "!=", greater = ">", less = "<", equal = "="
    }

    /// What it compares: rank, grade, a score or an input.
    public var value: OutputValue
    public var op: Operator
    public var number: Decimal?
    public var text: String?
    /// As written, for messages.
    public var source: String

    public init(value: OutputValue, op: Operator, number: Decimal?, text: String?, source: String) {
        self.value = value
        self.op = op
        self.number = number
        self.text = text
        self.source = source
    }

    /// Whether a number meets the condition.
    public func holds(_ x: Decimal) -> Bool {
        guard let n = number else { return false }
        switch op {
        case .greaterOrEqual: return x >= n
        case .lessOrEqual: return x <= n
        case .notEqual: return x != n
        case .greater: return x > n
        case .less: return x < n
        case .equal: return x == n
        }
    }

    /// Whether a text meets the condition (= and != only).
    public func holds(text t: String) -> Bool {
        guard let want = text ?? number?.plainText else { return false }
        switch op {
        case .equal: return t == want
        case .notEqual: return t != want
        default: return false
        }
    }

    /// Reads `完成率 >= 100%` (also ≥ ≤ ≠ and full-width ＞ ＜ ＝); nil when it has no operator.
    public static func parse(_ text: String) -> BulletinCondition? {
        let folded = text.replacingOccurrences(of: "≥", with: ">=").replacingOccurrences(of: "≤", with: "<=")
            .replacingOccurrences(of: "≠", with: "!=").replacingOccurrences(of: "＞", with: ">")
            .replacingOccurrences(of: "＜", with: "<").replacingOccurrences(of: "＝", with: "=")
            .replacingOccurrences(of: "==", with: "=")
        for op in Operator.allCases {
            guard let r = folded.range(of: op.rawValue) else { continue }
            let name = folded[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
            let rhs = folded[r.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !rhs.isEmpty else { return nil }
            var number: Decimal? = Decimal(strict: rhs)
            if number == nil, rhs.hasSuffix("%"), let d = Decimal(strict: String(rhs.dropLast())) { number = d / 100 }
            return BulletinCondition(value: OutputValue(name), op: op, number: number, text: number == nil ? rhs : nil, source: text)
        }
        return nil
    }
}
