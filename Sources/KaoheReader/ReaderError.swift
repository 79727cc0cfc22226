/// Why a workbook could not be read. Every case names the file; most name the part inside it.
/// Messages are English (operators read them); the runner translates them for office staff.
public struct ReaderError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, Codable {
        case fileNotFound
        case notAZip
        case truncated
        case encrypted
        case legacyXLS
        case wpsET
        case missingWorkbook
        case missingPart
        case malformedXML
        case doctype
        case tooLarge
        case zipError
        case sheetNotFound
        /// A cell's text is longer than Excel allows (32,767 characters).
        case cellTooLong
        /// A cell holds a character no Excel cell can (NUL).
        case invalidCharacter
        /// The cells' text expands past the workbook's budget (one shared string used by
        /// thousands of cells).
        case tooMuchText
    }

    public var kind: Kind
    /// The workbook file's path as given.
    public var file: String
    /// The part inside the zip (xl/worksheets/sheet1.xml), when there is one.
    public var part: String?
    /// Byte offset in the inflated part, for malformed XML.
    public var offset: Int?
    /// The sheet and cell (C5), where the error is about one cell.
    public var sheet: String?
    public var cell: String?
    public var message: String

    public init(_ kind: Kind, file: String, part: String? = nil, offset: Int? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.part = part
        self.offset = offset
        self.message = message
    }

    public var description: String {
        var s = file
        if let part { s += " [\(Self.quote(part, limit: 80))" + (offset.map { " at byte \($0)" } ?? "") + "]" }
        return s + ": " + message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// Limits that keep a hostile or broken file from taking unbounded time or memory. The cell
/// limits are Excel's own: a workbook beyond them cannot have come from Excel or WPS.
public struct ReaderLimits: Sendable, Equatable {
    /// Largest inflated size of any one part.
    public var maxPartSize: Int
    /// Largest inflated ÷ compressed ratio, applied to parts over `ratioFloor` bytes.
    public var maxCompressionRatio: Int
    public var ratioFloor: Int
    /// Longest single XML token (a tag or a run of text).
    public var maxTokenLength: Int
    /// Deepest nesting of XML elements (a real sheet needs fewer than 10 levels).
    public var maxDepth: Int
    /// Most characters (UTF-16 units, as Excel counts) in one cell.
    public var maxCellCharacters: Int
    /// Most bytes of cell text one opened workbook may expand to, counting a shared string once
    /// per cell that uses it: 110 KB can otherwise expand to gigabytes.
    public var maxExpandedText: Int
    /// Most bytes one opened workbook may inflate in all, over every part and every read.
    public var maxInflatedTotal: Int
    /// Most bytes of text (UTF-8) the shared-string table may hold, and most strings in it:
    /// the table is kept in memory while its workbook is read. Real workbooks hold well under
    /// 1 MB; this keeps a run's memory bounded whatever a file holds.
    public var maxSharedStringBytes: Int
    public var maxSharedStrings: Int

    public init(maxPartSize: Int = 2 << 30, maxCompressionRatio: Int = 1000, ratioFloor: Int = 16 << 20,
                maxTokenLength: Int = 64 << 20, maxDepth: Int = 256, maxCellCharacters: Int = 32_767,
                maxExpandedText: Int = 256 << 20, maxInflatedTotal: Int = 2 << 30,
                maxSharedStringBytes: Int = 48 << 20, maxSharedStrings: Int = 1_000_000) {
        self.maxPartSize = maxPartSize
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioFloor = ratioFloor
        self.maxTokenLength = maxTokenLength
        self.maxDepth = maxDepth
        self.maxCellCharacters = maxCellCharacters
        self.maxExpandedText = maxExpandedText
        self.maxInflatedTotal = maxInflatedTotal
        self.maxSharedStringBytes = maxSharedStringBytes
        self.maxSharedStrings = maxSharedStrings
    }

    public static let `default` = ReaderLimits()

    /// Excel's last row and column (1-based): 1,048,576 and 16,384 (XFD).
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384
}

extension ReaderError {
    /// Text from the file as an error message quotes it: on one line, at most about 60
    /// characters (a 100,000-character attribute is not echoed whole).
    public static func quote(_ text: String, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for ch in text.unicodeScalars {
            if count == limit { return out + "…" }
            switch ch {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 || ch.value == 0x7F { out += "\\u{" + String(ch.value, radix: 16, uppercase: true) + "}" } else { out.unicodeScalars.append(ch) }
            }
            count += 1
        }
        return out
    }
}
