import Foundation
import KaoheWriter

/// A bulletin as a Word document (.docx) set as Chinese government documents are (GB/T 9704 as
/// a guide): A4, the 文号 line over a red rule, the title in 小标宋/黑体, the addressees, the
/// paragraphs in 仿宋 三号 (headings 黑体), the signer and a date to fill in, then each table as
/// an attachment (附件) laid out as its summary sheet.
public struct WordDocument: Sendable {
    public var title: String
    public var number: String
    public var addressees: String?
    public var paragraphs: [Paragraph]
    public var signer: String?
    /// The date line under the signer; a blank one to fill in by default.
    public var date: String
    public var attachments: [ReportSheet]
    /// The document's properties (title) and every part's time: fixed for reproducible files.
    public var modified: Date

    public struct Paragraph: Sendable, Equatable {
        public var text: String
        public var isHeading: Bool
        public init(_ text: String, isHeading: Bool = false) {
            self.text = text
            self.isHeading = isHeading
        }
    }

    public init(title: String, number: String, addressees: String?, paragraphs: [Paragraph], signer: String?,
                date: String = "    年  月  日", attachments: [ReportSheet], modified: Date) {
        self.title = title
        self.number = number
        self.addressees = addressees
        self.paragraphs = paragraphs
        self.signer = signer
        self.date = date
        self.attachments = attachments
        self.modified = modified
    }
}

/// Why a document could not be written (the path, and what failed).
public struct DocumentError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
