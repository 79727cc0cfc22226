import Testing
@testable import KaoheWriter

/// Column widths and row heights come from each text's display width, measured over its
/// UTF-8 bytes for every cell written.
@Suite struct LayoutTests {
    /// The writer skips measuring texts short enough in bytes: whatever it skips, measuring
    /// would have said the same (wraps only in a left-aligned column, one line). Every text
    /// here against widths around its own, left-aligned and not.
    @Test("a text short in bytes is not measured, and would have measured the same")
    func shortTextsNeedNoMeasure() {
        let texts = ["", "a", "0123456789", "市发展改革委1", "扣0.3分；加0.4分。", "一二三四五", "abc\ndef", "Ａ１２", "é́", "👍🏽 ok", "1234567890123"]
        var wrong: [String] = []
        for t in texts {
            for tenth in 5...160 {
                let width = Double(tenth) / 10 * 2
                for alignLeft in [false, true] {
                    let m = Layout.metrics(t)
                    let wraps = m.width > width || alignLeft
                    let expected = (wraps, wraps || m.lines > 1 ? Layout.wrappedLines(t, width: width, metrics: m) : 1)
                    let got = Layout.bodyText(t, width: width, fit: Layout.oneLineBytes(width), alignLeft: alignLeft)
                    if got != expected { wrong.append("\(t) width \(width) alignLeft \(alignLeft): \(got) not \(expected)") }
                }
            }
        }
        #expect(wrong == [])
        #expect(Layout.bodyText("0123456789", width: 10, fit: Layout.oneLineBytes(10), alignLeft: true) == (true, 2))
    }

    /// Seed 001's 发布解读（40分） in a column of 12: published tables break it before the
    /// bracket; left to the renderer it broke as "发布解读（40分" / "）".
    @Test("a header that wraps breaks before its bracketed part when both parts then fit", arguments: [
        ("发布解读（40分）", 11.0, "发布解读\n（40分）"), ("总分（110分）", 11.0, "总分\n（110分）"),
        ("发布解读（40分）", 20.0, "发布解读（40分）"), // fits on one line
        ("市政府领导班子评价得分（5%）", 19.0, "市政府领导班子评价得分（5%）"), // the name alone would still wrap
        ("加扣分原因及分值", 8.0, "加扣分原因及分值"), ("（说明）", 4.0, "（说明）"), ("已经\n分行（条）", 4.0, "已经\n分行（条）"),
        ("Score (points)", 9.0, "Score\n(points)"),
    ])
    func headerBreaks(_ text: String, _ width: Double, _ expected: String) {
        #expect(Layout.headerText(text, width: width) == expected)
    }

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

    static func table(rows: Int, longText: Bool = false) -> ReportSheet {
        ReportSheet(name: "表", title: "汇总表", columns: [ReportColumn(.text, width: 16), ReportColumn(.text, width: 20), ReportColumn(.decimal(2))],
                    header: [[HeaderCell("单位"), HeaderCell("理由"), HeaderCell("得分")]],
                    body: (0..<rows).map { r in
                        .cells([.text("单位\(r)"), .text(longText ? String(repeating: "扣分理由", count: 12) : "无"), .number(1)])
                    })
    }

    @Test("print height: one-line rows at the default height, wrapped rows at their lines; fitted to one page only when close")
    func pageFit() {
        let widths = [16.0, 20, 10]
        // Title 30, one header row 30, 40 one-line rows of 13.8 pt (a line of 10.5 pt 宋体).
        #expect(Layout.oneLineHeight == 13.8)
        #expect(Layout.estimatedHeight(Self.table(rows: 40), widths: widths) == 612)
        // 48 CJK characters (96 display units, each CJK character 10.5 pt = 2 width units) in
        // a 20-unit column less half a unit of padding: 5 lines of 15.225 pt (1.45 × 10.5: Noto
        // Sans CJK's line, as LibreOffice sets it), plus 1.
        #expect(Layout.wrappedLines(String(repeating: "扣分理由", count: 12), width: 20) == 5)
        let wrapped: Double = 60 + 2 * Layout.rowHeight(lines: 5)
        #expect(Layout.estimatedHeight(Self.table(rows: 2, longText: true), widths: widths) == wrapped)
        #expect(Layout.rowHeight(lines: 5) == 5 * 15.225 + 1)
        // Portrait A4 inside half-inch margins holds 763 pt: 52 rows (778 pt) spill a little and
        // are fitted; 20 rows fit as they are; 80 rows (1164 pt) are printed over two pages.
        #expect(Layout.page(Self.table(rows: 52), widths: widths) == Layout.Page(paper: 9, landscape: false, pagesTall: 1))
        #expect(Layout.page(Self.table(rows: 20), widths: widths).pagesTall == 0)
        #expect(Layout.page(Self.table(rows: 80), widths: widths).pagesTall == 0)
        // The title and header print again on every page: 100 rows (1,440 pt) take the first
        // page's 763 pt, then pages of 763 − 60.
        #expect(abs(Layout.estimatedPages(Self.table(rows: 100), widths: widths).pages - (1 + 677.0 / 703)) < 1e-9)
        // A long table whose last page holds a few rows goes into one page fewer, if its text
        // stays about 9 pt (a scale of 9/10.5): 2.3 pages into 2 (0.87), 2.4 not (0.83).
        #expect(Layout.pagesTall(1.5) == 0)
        #expect(Layout.pagesTall(2.3) == 2)
        #expect(Layout.pagesTall(2.4) == 0)
        #expect(Layout.pagesTall(3.45) == 3)
        #expect(Layout.pagesTall(3.6) == 0)
    }
}
