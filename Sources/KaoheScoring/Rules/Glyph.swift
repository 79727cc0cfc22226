/// One character of a reason text, compared quickly. Comparing two `Character`s of Chinese text
/// goes through Unicode normalization (a fifth of reading a night's reasons went there); most
/// characters of a reason are ASCII, CJK punctuation, unified ideographs or full-width forms,
/// where no two different scalars are canonically equivalent, so comparing their one scalar is
/// comparing the characters. Any other character compares as a `Character`, exactly.
struct Glyph: Equatable, ExpressibleByExtendedGraphemeClusterLiteral {
    let character: Character
    /// The character's one scalar when it lies in those ranges; 0 otherwise.
    let fast: UInt32

    init(_ c: Character) {
        character = c
        let scalars = c.unicodeScalars
        var fast: UInt32 = 0
        if let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex {
            let v = first.value
            if v < 0x80 || (0x3000...0x303F).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xFF00...0xFFEF).contains(v) {
                fast = v
            }
        }
        self.fast = fast
    }

    init(extendedGraphemeClusterLiteral c: Character) { self.init(c) }

    @inline(__always)
    static func == (a: Glyph, b: Glyph) -> Bool {
        if a.fast != 0 && b.fast != 0 { return a.fast == b.fast }
        return a.character == b.character
    }

    /// The glyphs of a text, one per character.
    static func of(_ text: String) -> [Glyph] { text.map { Glyph($0) } }

    /// An ASCII digit.
    var isDigit: Bool { fast >= 0x30 && fast <= 0x39 }

    /// An ASCII letter or digit (part of a code such as A3 or 2a).
    var isLetterOrDigitASCII: Bool { isDigit || (fast >= 0x41 && fast <= 0x5A) || (fast >= 0x61 && fast <= 0x7A) }
}

extension Array where Element == Glyph {
    /// The text the glyphs stand for.
    var text: String { String(map(\.character)) }
}

extension ArraySlice where Element == Glyph {
    var text: String { String(map(\.character)) }
}
