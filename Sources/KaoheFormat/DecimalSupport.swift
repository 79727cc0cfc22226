import Foundation

/// Decimal helpers used by every rule. Scores are `Foundation.Decimal` (38 significant digits,
/// base 10): binary floating point never touches a score.
extension Decimal {
    /// Rounds half away from zero (四舍五入) to `scale` decimals.
    ///
    /// DOMAIN.md §2.1: 市科技局 年终考核 (100 − 2.15) × 50% = 48.925 → 48.93, where binary
    /// floating point gives 48.92 and banker's rounding 48.92.
    public func roundedHalfUp(_ scale: Int) -> Decimal {
        // Most values already have no more decimals than that (a score of 49.74 rounded to 2),
        // and most others fit 64-bit integers (48.925 → 48.93).
        if let fast = DecimalLayout.roundedHalfUp(self, scale: scale) { return fast }
        var source = self
        var result = Decimal()
        NSDecimalRound(&result, &source, scale, .plain)
        return result
    }

    /// Rounds toward negative infinity to `scale` decimals.
    public func roundedDown(_ scale: Int) -> Decimal {
        var source = self
        var result = Decimal()
        NSDecimalRound(&result, &source, scale, .down)
        return result
    }

    /// Rounds toward positive infinity to `scale` decimals.
    public func roundedUp(_ scale: Int) -> Decimal {
        var source = self
        var result = Decimal()
        NSDecimalRound(&result, &source, scale, .up)
        return result
    }

    /// The value written with exactly `scale` decimals ("49.60"), half-up rounded first.
    public func formatted(decimals scale: Int) -> String {
        let r = roundedHalfUp(scale)
        let negative = r < 0
        let magnitude = negative ? -r : r
        // `description` of a Decimal is plain notation without exponent ("49.6", "1000").
        var text = magnitude.plainText
        var intPart = text
        var frac = ""
        if let dot = text.firstIndex(of: ".") {
            intPart = String(text[..<dot])
            frac = String(text[text.index(after: dot)...])
        }
        if scale > 0 {
            if frac.count < scale { frac += String(repeating: "0", count: scale - frac.count) }
            text = intPart + "." + frac
        } else {
            text = intPart
        }
        return (negative && r != 0 ? "-" : "") + text
    }

    /// Parses a decimal number strictly: optional sign, digits with at most one point, an
    /// optional exponent. Full-width digits, sign and point (０-９, －, ＋, ．) are folded first.
    /// Anything else (including spaces inside, thousands separators or trailing text) gives nil.
    public init?(strict text: String) {
        if let fast = Self.plainDecimal(text) {
            self = fast
            return
        }
        let folded = TextNormalizer.foldFullWidth(text)
        var sawDigit = false
        var sawPoint = false
        var sawExponent = false
        var previous: Character? = nil
        for (i, ch) in folded.enumerated() {
            switch ch {
            case "0"..."9":
                sawDigit = true
            case "+", "-":
                guard i == 0 || previous == "e" || previous == "E" else { return nil }
            case ".":
                guard !sawPoint, !sawExponent else { return nil }
                sawPoint = true
            case "e", "E":
                guard sawDigit, !sawExponent else { return nil }
                sawExponent = true
                sawDigit = false
            default:
                return nil
            }
            previous = ch
        }
        guard sawDigit, let value = Decimal(string: folded, locale: Locale(identifier: "en_US_POSIX")) else {
            return nil
        }
        self = value
    }

    /// The common case without Foundation's string parser: ASCII "-12.345", at most 18 digits,
    /// no exponent. The value is built from an integer and a scale, trailing fraction zeros
    /// removed, so it is the same Decimal (value and description) `Decimal(string:)` gives.
    /// Anything else returns nil and takes the general path.
    static func plainDecimal(_ text: String) -> Decimal? {
        var mantissa: UInt64 = 0
        var digits = 0
        var anyDigit = false
        var scale = 0
        var negative = false
        var sawPoint = false
        var first = true
        for byte in text.utf8 {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                anyDigit = true
                if digits > 0 || byte != UInt8(ascii: "0") { digits += 1 }
                guard digits <= 18, scale < 18 else { return nil }
                mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                if sawPoint { scale += 1 }
            case UInt8(ascii: "."):
                guard !sawPoint else { return nil }
                sawPoint = true
            case UInt8(ascii: "-") where first:
                negative = true
            case UInt8(ascii: "+") where first:
                break
            default:
                return nil
            }
        }
        guard anyDigit else { return nil }
        while scale > 0 && mantissa % 10 == 0 && mantissa != 0 {
            mantissa /= 10
            scale -= 1
        }
        if mantissa == 0 { return Decimal(0) }
        return DecimalLayout.make(negative: negative, mantissa: mantissa, exponent: -scale)
    }
}

/// Folding of the forms office staff type: full-width digits and punctuation, spaces and
/// line breaks inside names.
public enum TextNormalizer {
    /// Folds full-width ASCII forms (U+FF01…U+FF5E) to ASCII and the ideographic space to a
    /// space. Every character maps to exactly one character, so offsets are preserved.
    public static func foldFullWidth(_ text: String) -> String {
        func folds(_ s: Unicode.Scalar) -> Bool { s.value == 0x3000 || (0xFF01...0xFF5E).contains(s.value) }
        guard text.unicodeScalars.contains(where: folds) else { return text }
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0xFF01...0xFF5E:
                scalars.append(Unicode.Scalar(s.value - 0xFEE0)!)
            case 0x3000:
                scalars.append(" ")
            default:
                scalars.append(s)
            }
        }
        return String(scalars)
    }

    /// A unit or header name as it is compared: full-width forms folded and every kind of
    /// white space (spaces, line breaks, tabs, ideographic space) removed.
    /// "市经济和信息\n化局" → "市经济和信息化局".
    public static func key(_ text: String) -> String {
        let folded = foldFullWidth(text)
        guard folded.unicodeScalars.contains(where: \.isWhiteSpace) else { return folded }
        return String(String.UnicodeScalarView(folded.unicodeScalars.filter { !$0.isWhiteSpace }))
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space and line breaks: the Unicode
    /// White_Space scalars and the zero-width space, which are what
    /// `CharacterSet.whitespacesAndNewlines` holds, found without bridging to NSString (a
    /// cell's text is trimmed several times per row).
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isTrimmed }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isTrimmed })!
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return String(self) }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// Nothing but white space and line breaks, or nothing at all.
    public var isBlank: Bool { unicodeScalars.allSatisfy(\.isTrimmed) }
}

extension Unicode.Scalar {
    /// White space as `CharacterSet.whitespacesAndNewlines` has it: White_Space and U+200B.
    var isTrimmed: Bool { value < 0x80 ? isASCIIWhiteSpace : properties.isWhitespace || value == 0x200B }

    /// Unicode White_Space, answered for ASCII without the property tables.
    var isWhiteSpace: Bool { value < 0x80 ? isASCIIWhiteSpace : properties.isWhitespace }

    private var isASCIIWhiteSpace: Bool { value == 0x20 || (0x09...0x0D).contains(value) }
}
