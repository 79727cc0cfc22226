import Foundation
import KaoheJobs
import KaoheScoring

/// A bulletin (通报) drafted from a run: its lines and paragraphs with every field filled in,
/// and what each number was counted from (the summary's 通报 sheet writes those as formulas).
public struct Bulletin: Sendable {
    public var title: String
    /// The 文号 line; a blank one to fill in when the job gives none.
    public var number: String
    public var addressees: String?
    public var signer: String?
    public var paragraphs: [Paragraph]
    /// Fields that could not be backed (a unit without the value, a table not received): each a
    /// finding, and the text says 【待核】 where it stands.
    public var findings: [AuditFinding]

    /// The blank 文号 line a clerk fills in.
    public static let blankNumber = "〔    〕    号"
    /// Where the audit sheet lists a bulletin's findings.
    public static let findingTable = "通报"

    public struct Paragraph: Sendable, Equatable {
        public var pieces: [Piece]
        /// 一、报送情况: set in 黑体 as a first-level heading.
        public var isHeading: Bool
        public var text: String { pieces.map(\.text).joined() }

        public init(pieces: [Piece], isHeading: Bool) {
            self.pieces = pieces
            self.isHeading = isHeading
        }
    }

    public enum Piece: Sendable, Equatable {
        case text(String)
        case field(FieldValue)
        public var text: String {
            switch self {
            case .text(let t): return t
            case .field(let f): return f.text
            }
        }
    }

    /// A field as the text shows it, and, where a formula can say it, what it counted.
    public struct FieldValue: Sendable, Equatable {
        public var name: String
        public var text: String
        public var source: Source?
    }

    /// What a number was computed from: cells of the table sheets (table id, value, units).
    public enum Source: Sendable, Equatable {
        /// How many of the units meet the conditions (none: how many units).
        case count([Cells], conditions: [BulletinCondition])
        /// The sum of the cells.
        case sum([Cells])
    }

    public struct Cells: Sendable, Equatable {
        public var table: String
        public var values: [String]
        public var units: [String]
    }

    public var text: String { paragraphs.map(\.text).joined(separator: "\n") }
}

extension Bulletin {
    /// A paragraph opening with 一、…十、 and holding no full stop is a heading.
    static func isHeading(_ text: String) -> Bool {
        guard let i = text.firstIndex(of: "、"), text.distance(from: text.startIndex, to: i) <= 2 else { return false }
        return text[..<i].allSatisfy { "一二三四五六七八九十".contains($0) } && !text.contains("。") && text.count <= 30
    }

    /// The default title: 关于{assessment}情况的通报, with the period when the name lacks it (情况 once).
    static func title(_ spec: BulletinSpec, job: Job) -> String {
        let fill = { (t: String) in t.replacingOccurrences(of: "{period}", with: job.period).replacingOccurrences(of: "{assessment}", with: job.assessment) }
        if let t = spec.title { return fill(t) }
        let withPeriod = !job.hasPeriod || job.assessment.contains(job.period) ? job.assessment : job.period + job.assessment
        return "关于" + withPeriod + (withPeriod.hasSuffix("情况") ? "" : "情况") + "的通报"
    }
}
