/// Why a workbook could not be read. Every case names the file; most name the part inside it.
/// Messages are English (operators read them); the runner translates them for office staff.
public struct ReaderError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
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
    }

    public var kind: Kind
    /// The workbook file's path as given.
    public var file: String
    /// The part inside the zip (xl/worksheets/sheet1.xml), when there is one.
    public var part: String?
    /// Byte offset in the inflated part, for malformed XML.
    public var offset: Int?
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
        if let part { s += " [\(part)" + (offset.map { " at byte \($0)" } ?? "") + "]" }
        return s + ": " + message
    }
}

/// Limits that keep a hostile or broken file from taking unbounded time or memory.
public struct ReaderLimits: Sendable, Equatable {
    /// Largest inflated size of any one part.
    public var maxPartSize: Int
    /// Largest inflated ÷ compressed ratio, applied to parts over `ratioFloor` bytes.
    public var maxCompressionRatio: Int
    public var ratioFloor: Int
    /// Longest single XML token (a tag or a run of text).
    public var maxTokenLength: Int

    public init(maxPartSize: Int = 2 << 30, maxCompressionRatio: Int = 1000, ratioFloor: Int = 16 << 20,
                maxTokenLength: Int = 64 << 20) {
        self.maxPartSize = maxPartSize
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioFloor = ratioFloor
        self.maxTokenLength = maxTokenLength
    }

    public static let `default` = ReaderLimits()
}
