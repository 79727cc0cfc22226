import Testing
@testable import KaoheWriter

/// Column widths and row heights come from each text's display width, measured over its
/// UTF-8 bytes for every cell written.
@Suite struct LayoutTests {
    @Test("display width: CJK and full-width count two, other scalars one, the widest line counts")
    func metrics() {
        #expect(Layout.metrics("") == (0, 1))
        #expect(Layout.metrics("12.50") == (5, 1))
        #expect(Layout.metrics("市财政局") == (8, 1))
        #expect(Layout.metrics("ab\n市财政局12") == (10, 2))
        #expect(Layout.metrics("扣0.5分；") == (9, 1)) // ； is full-width
        #expect(Layout.metrics("é\u{301}") == (2, 1)) // two scalars of two bytes each
        #expect(Layout.metrics("\u{20000}x") == (3, 1)) // a four-byte CJK extension B character
        #expect(Layout.metrics("😀") == (1, 1))
        #expect(Layout.metrics("\u{10FF}\u{1100}") == (3, 1)) // the first Hangul Jamo is wide
        #expect(Layout.metrics("a\n\n") == (1, 3))
    }
}
