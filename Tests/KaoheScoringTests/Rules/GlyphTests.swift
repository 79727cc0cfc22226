import Testing
@testable import KaoheScoring

/// Glyphs compare exactly as the characters they hold, canonical equivalents included.
@Suite struct GlyphTests {
    static let alphabet: [Character] = [
        "分", "扣", "零", "\u{F9B2}", ";", "\u{037E}", "é", "e\u{301}", "e", "，", ",", "；", "Ａ", "A", "1", "１",
        "　", " ", "\u{2126}", "\u{03A9}", "十", "\u{F973}", "👍", "👍🏽", "\n", "\r\n", "各", "。",
    ]

    @Test("== is Character ==, over every pair of a mixed alphabet")
    func sameAsCharacters() {
        var wrong: [String] = []
        for a in Self.alphabet {
            for b in Self.alphabet where (Glyph(a) == Glyph(b)) != (a == b) {
                wrong.append("\(a.unicodeScalars.map { String($0.value, radix: 16) }) vs \(b.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
        #expect(wrong == [])
    }

    @Test("the fast scalar is kept only where it decides equality")
    func fastOnlyWhereSafe() {
        #expect(Glyph("分").fast == 0x5206)
        #expect(Glyph(";").fast == 0x3B)
        #expect(Glyph("\u{037E}").fast == 0) // Greek question mark: canonically ";"
        #expect(Glyph("\u{F9B2}").fast == 0) // a compatibility ideograph: canonically 零
        #expect(Glyph("e\u{301}").fast == 0)
        #expect(Glyph("\u{037E}") == Glyph(";"))
        #expect(Glyph("\u{F9B2}") == Glyph("零"))
    }

    @Test("digits and text")
    func digitsAndText() {
        #expect(Glyph.of("扣0.5分").map(\.isDigit) == [false, true, false, true, false])
        #expect(Glyph.of("扣0.5分").text == "扣0.5分")
        #expect(Glyph.of("扣0.5分")[1..<4].text == "0.5")
    }
}
