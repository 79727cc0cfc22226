import Foundation
import Testing
import KaoheScoring
import KaoheFormat

/// `trimmed` and `isBlank` stand in for Foundation's trimming (which bridges to NSString) on
/// every cell: they must agree with it on the white space office staff type.
@Suite struct TrimmingTests {
    static let samples = [
        "", " ", "\u{3000}", "\n\t\r", "市财政局", " 市财政局 ", "\u{3000}市财政局\u{3000}", "\n市经济和信息\n化局\r\n",
        "\u{00A0}12.5\u{00A0}", "\u{2028}——\u{2029}", "\u{0085}加 2 分\u{000B}\u{000C}", "e\u{301} ", " 👨‍👩‍👧 ", "\u{200B}x\u{200B}", "\u{FEFF}x",
    ]

    @Test("agrees with trimmingCharacters(in: .whitespacesAndNewlines)", arguments: samples)
    func agreesWithFoundation(_ s: String) {
        let foundation = s.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(s.trimmed == foundation)
        #expect(s.isBlank == foundation.isEmpty)
    }

    @Test("exact results on the office's forms")
    func exact() {
        #expect("\u{3000}市财政局\n".trimmed == "市财政局")
        #expect(" \n ".isBlank)
        #expect("\u{200B}".isBlank) // a zero-width space, pasted from web pages, counts as white space
        #expect(!"\u{FEFF}x".isBlank)
        #expect(TextNormalizer.foldFullWidth("１２．５\u{3000}") == "12.5 ")
        #expect(TextNormalizer.foldFullWidth("市财政局") == "市财政局")
        #expect(TextNormalizer.key(" 市 财政局\u{3000}\n") == "市财政局")
        #expect(TextNormalizer.key("ＡＢ\u{00A0}1") == "AB1")
        #expect(TextNormalizer.key("市财政局") == "市财政局")
        #expect("市财政局".trimmed == "市财政局")
    }
}
