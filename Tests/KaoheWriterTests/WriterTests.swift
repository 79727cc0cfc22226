import Foundation
import KaoheFormat
import KaoheScoring
import KaoheTestSupport
import Testing
@testable import KaoheReader
@testable import KaoheWriter

/// A report shaped like seed 000's 市定 composite tables and seed 002's grouped table.
enum Sample {
    static func d(_ s: String) -> Decimal { Decimal(string: s)! }

    static var composite: ReportSheet {
        ReportSheet(
            name: "政务公开（市定重点目标）",
            title: "2021年度政务公开和政府网站与政务新媒体考核情况汇总表",
            subtitle: "（市定重点目标）",
            columns: [ReportColumn(.text), ReportColumn(.text), ReportColumn(.decimal(2)), ReportColumn(.text, width: 40),
                      ReportColumn(.decimal(2)), ReportColumn(.decimal(2)), ReportColumn(.decimal(2)), ReportColumn(.integer)],
            header: [
                [HeaderCell("被考核单位", rows: 2), HeaderCell("过程管控（45%）", columns: 2), HeaderCell("年终考核（50%）", columns: 2),
                 HeaderCell("领导班子评价得分（5%）", rows: 2), HeaderCell("最终得分", rows: 2), HeaderCell("名次", rows: 2)],
                [HeaderCell("加扣分理由及分值"), HeaderCell("得分"), HeaderCell("加扣分理由及分值"), HeaderCell("得分")],
            ],
            body: [
                .cells([.text("市发展改革委"), .empty, .number(45),
                        .text("政务公开和政府网站与政务新媒体未完成目标任务扣0.83分；利用图文开展政策文件解读加0.3分。"),
                        .formula("ROUND((100-0.83+0.3)*50%,2)", cached: d("49.74")), .number(5),
                        .formula("C5+E5+F5", cached: d("99.74")), .number(2)]),
                .cells([.text("市经济和信息\n化局"), .empty, .number(45), .text("=扣2.13分（以等号开头的文字）"),
                        .number(d("48.94")), .number(5), .formula("C6+E6+F6", cached: d("98.94")), .number(3)]),
                .cells([.text("市民政局"), .text("+1"), .number(45), .text("@备注"), .number(50), .number(5),
                        .formula("C7+E7+F7", cached: d("100")), .number(1)]),
            ],
            notes: ["注：年终考核得分 =（100 ± 加扣分）× 50%，四舍五入保留两位小数。"],
            chart: ChartSpec(title: "最终得分", categoryColumn: 0, valueColumn: 6, groups: [ChartSpec.Group(name: nil, axisMinimum: 98)]))
    }

    static var grouped: ReportSheet {
        ReportSheet(
            name: "政务服务[亮牌]/半年",
            title: "巴中市恩阳区下半年目标绩效考核亮牌情况汇总表",
            subtitle: "（政务服务）",
            columns: [ReportColumn(.integer), ReportColumn(.text), ReportColumn(.decimal(2)), ReportColumn(.percent(2)), ReportColumn(.integer)],
            header: [[HeaderCell("序号"), HeaderCell("被考核单位"), HeaderCell("得分"), HeaderCell("完成率"), HeaderCell("排名")]],
            body: [
                .group("镇（街道）"),
                .cells([.number(1), .text("登科街道"), .number(d("100.6")), .number(d("0.7917")), .number(5)]),
                .cells([.number(2), .text("文治街道"), .marked(.number(d("105.1")), comment: "需人工核对：“0.2分”前没有加、扣等字样"),
                        .number(d("3.5")), .number(1)]),
                .group("区级部门"),
                .cells([.number(1), .text("区残联"), .number(105), .number(1), .number(1)]),
            ],
            chart: ChartSpec(title: "得分", categoryColumn: 1, valueColumn: 2,
                             groups: [ChartSpec.Group(name: "镇（街道）"), ChartSpec.Group(name: "区级部门")]))
    }

    static var workbook: ReportWorkbook {
        ReportWorkbook(title: "考核汇总", sheets: [composite, grouped, composite])
    }
}

@Suite struct WriterTests {
    func tempDir() throws -> URL { URL(fileURLWithPath: try temporaryFolder("kaohe-writer")) }

    /// Writes the sample; with KAOHE_WRITER_CHECK_DIR set, also there for the openpyxl check.
    func writeSample(constantMemory: Bool = false) throws -> String {
        let path = try tempDir().appendingPathComponent("汇总.xlsx").path
        let options = WriterOptions(constantMemory: constantMemory)
        try XLSXWriter.write(Sample.workbook, to: path, options: options)
        if let dir = ProcessInfo.processInfo.environment["KAOHE_WRITER_CHECK_DIR"] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try XLSXWriter.write(Sample.workbook, to: dir + "/sample\(constantMemory ? "-constant-memory" : "").xlsx", options: options)
        }
        return path
    }

    /// Issue 20 §6: a chart per page, its data the table's own cells, every unit named, the axis
    /// from a stated minimum where the job's scores cluster.
    @Test("a chart sheet per group: categories and values refer to the table's cells; every unit named; the stated axis minimum")
    func charts() throws {
        let path = try writeSample()
        let archive = try Archive(path: path, limits: .default)
        let first = String(decoding: try archive.data("xl/charts/chart1.xml"), as: UTF8.self)
        #expect(first.contains("<c:f>'政务公开（市定重点目标）'!$A$5:$A$7</c:f>"))
        #expect(first.contains("<c:f>'政务公开（市定重点目标）'!$G$5:$G$7</c:f>"))
        #expect(first.contains("<c:min val=\"98\"/>"))
        #expect(first.contains("最终得分\n横轴自 98 起，条长只表示高低差距"))
        #expect(first.contains("<c:tickLblSkip val=\"1\"/>"), "every unit named")
        let towns = String(decoding: try archive.data("xl/charts/chart2.xml"), as: UTF8.self)
        #expect(towns.contains("<c:f>'政务服务_亮牌__半年'!$B$5:$B$6</c:f>"))
        #expect(towns.contains("<c:f>'政务服务_亮牌__半年'!$C$5:$C$6</c:f>"))
        #expect(towns.contains("<c:min val=\"0\"/>"))
        #expect(towns.contains("得分（镇（街道））"))
        #expect(!archive.contains("xl/charts/chart4.xml"), "区级部门, one unit, has no chart")
    }

    @Test("sheet names are made valid and unique, deterministically")
    func sheetNames() throws {
        #expect(Layout.sheetNames(["政务公开（市定重点目标）", "政务服务[亮牌]/半年", "政务公开（市定重点目标）"])
                == ["政务公开（市定重点目标）", "政务服务_亮牌__半年", "政务公开（市定重点目标） (2)"])
        let long = String(repeating: "考", count: 40)
        #expect(Layout.sheetNames([long, long]) == [String(repeating: "考", count: 31), String(repeating: "考", count: 27) + " (2)"])
        #expect(Layout.sheetNames(["History", "", "'引号'", "Sheet", "SHEET"]) == ["表1", "表2", "引号", "Sheet", "SHEET (2)"])
        // Each table's chart follows it on a sheet of its own, one per charted group of two or
        // more units (区级部门 has one), named unique beside the tables' names.
        let wb = try Workbook(path: try writeSample())
        #expect(wb.sheets.map(\.name) == ["政务公开（市定重点目标）", "图-政务公开（市定重点目标）", "政务服务_亮牌__半年",
                                          "图-政务服务_亮牌__半年（镇（街道））", "政务公开（市定重点目标） (2)", "图-政务公开（市定重点目标） (2)"])
    }

    @Test("title, subtitle, two header rows with merged spans, body, notes: read back cell by cell", arguments: [false, true])
    func readBack(constantMemory: Bool) throws {
        let wb = try Workbook(path: try writeSample(constantMemory: constantMemory))
        let g = try wb.grid(named: "政务公开（市定重点目标）")
        let v = g.byReference
        #expect(v["A1"] == .string("2021年度政务公开和政府网站与政务新媒体考核情况汇总表"))
        #expect(v["A2"] == .string("（市定重点目标）"))
        #expect(v["A3"] == .string("被考核单位"))
        #expect(v["B3"] == .string("过程管控（45%）"))
        #expect(v["D3"] == .string("年终考核（50%）"))
        #expect(v["F3"] == .string("领导班子评价得分（5%）"))
        #expect(v["H3"] == .string("名次"))
        #expect(v["B4"] == .string("加扣分理由及分值"))
        #expect(v["E4"] == .string("得分"))
        #expect(v["A5"] == .string("市发展改革委"))
        #expect(v["E5"] == .number("49.74"))
        #expect(v["G5"] == .number("99.74"))
        #expect(v["A6"] == .string("市经济和信息\n化局"))
        // Text that looks like a formula stays text.
        #expect(v["D6"] == .string("=扣2.13分（以等号开头的文字）"))
        #expect(v["B7"] == .string("+1"))
        #expect(v["D7"] == .string("@备注"))
        #expect(v["G7"] == .number("100"))
        #expect(v["A9"] == .string("注：年终考核得分 =（100 ± 加扣分）× 50%，四舍五入保留两位小数。"))
        let vertical: Set<String> = ["A3:A4", "F3:F4", "G3:G4", "H3:H4"]
        #expect(Set(g.metadata.mergedRanges.map(\.description))
                == Set(["A1:H1", "A2:H2", "B3:C3", "D3:E3", "A9:H9"]).union(constantMemory ? [] : vertical))
    }

    @Test("number formats by column: 0.00, 0.00%, 0; text cells General")
    func formats() throws {
        let wb = try Workbook(path: try writeSample())
        let cells = try wb.grid(named: "政务服务_亮牌__半年").cells
        func format(_ ref: String) -> String? { cells.first { $0.reference == ref }?.numberFormat }
        #expect(format("C5") == "0.00")
        // A cell marked for a reviewer keeps its column's number format (its fill and comment
        // are checked by scripts/check_writer_output.py through openpyxl).
        #expect(format("C6") == "0.00")
        #expect(format("D5") == "0.00%")
        #expect(format("E5") == "0")
        #expect(format("B5") == nil)
        let v = try wb.grid(named: "政务服务_亮牌__半年").byReference
        #expect(v["A4"] == .string("镇（街道）"))
        #expect(v["A7"] == .string("区级部门"))
        #expect(v["D5"] == .number("0.7917"))
        #expect(v["C6"] == .number("105.1"))
        let merged = try wb.grid(named: "政务服务_亮牌__半年").metadata.mergedRanges.map(\.description)
        #expect(merged.contains("A4:E4") && merged.contains("A7:E7"))
    }

    @Test("a failure leaves no file under the final name and no temporary file")
    func failureLeavesNothing() throws {
        let dir = try tempDir()
        let path = dir.appendingPathComponent("坏.xlsx").path
        var sheet = Sample.grouped
        sheet.body.append(.cells([.number(1), .text("含\u{0}空字符")]))
        #expect(throws: WriterError(sheet: "政务服务_亮牌__半年", cell: "B9", "text contains a NUL character")) {
            try XLSXWriter.write(ReportWorkbook(title: "t", sheets: [sheet]), to: path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
    }

    @Test("an existing output is replaced only when the new one is complete")
    func replaceAtomically() throws {
        let dir = try tempDir()
        let path = dir.appendingPathComponent("汇总.xlsx").path
        try XLSXWriter.write(Sample.workbook, to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        var bad = Sample.grouped
        bad.body.append(.cells([.number(Decimal.nan)]))
        #expect(throws: WriterError(sheet: "政务服务_亮牌__半年", cell: "A9", "not a finite number: NaN")) {
            try XLSXWriter.write(ReportWorkbook(title: "t", sheets: [bad]), to: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["汇总.xlsx"])
    }

    /// The runner keeps libxlsxwriter's scratch files in memory (/dev/shm): the workbook is the
    /// same wherever they go, none is left behind, and a scratch folder that cannot be used is
    /// no failure (libxlsxwriter falls back to the system's temporary folder).
    @Test("scratch files in another folder: the same workbook; in a missing one: still written")
    func temporaryDirectory() throws {
        let dir = try tempDir(), scratch = try tempDir()
        var options = WriterOptions()
        options.temporaryDirectory = scratch.path
        let path = dir.appendingPathComponent("汇总.xlsx").path
        try XLSXWriter.write(Sample.workbook, to: path, options: options)
        #expect(try Workbook(path: path).sheets.count == Sample.workbook.sheets.count + 3) // and three charts
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [])
        options.temporaryDirectory = "/nonexistent/kaohe-scratch"
        let other = dir.appendingPathComponent("另一个.xlsx").path
        try XLSXWriter.write(Sample.workbook, to: other, options: options)
        #expect(try Workbook(path: other).sheets.map(\.name) == Workbook(path: path).sheets.map(\.name))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["另一个.xlsx", "汇总.xlsx"])
    }

    @Test("a fixed creation date (SOURCE_DATE_EPOCH, read by the caller): in docProps/core.xml, and the same bytes each time")
    func createdDate() throws {
        let dir = try tempDir()
        var options = WriterOptions()
        options.created = Date(timeIntervalSince1970: 1_763_856_000)
        let first = dir.appendingPathComponent("一.xlsx").path, second = dir.appendingPathComponent("二.xlsx").path
        try XLSXWriter.write(Sample.workbook, to: first, options: options)
        try XLSXWriter.write(Sample.workbook, to: second, options: options)
        #expect(try Self.part(first, "docProps/core.xml").contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-11-23T00:00:00Z</dcterms:created>"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        let now = dir.appendingPathComponent("现在.xlsx").path
        try XLSXWriter.write(Sample.workbook, to: now)
        #expect(try !Self.part(now, "docProps/core.xml").contains("2025-11-23T00:00:00Z"))
    }

    /// A part of a written workbook, as text.
    static func part(_ path: String, _ name: String) throws -> String {
        let entry = try Archive(path: path, limits: .default).open(name)
        var bytes: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try buffer.withUnsafeMutableBufferPointer { try entry.read(into: $0.baseAddress!, count: $0.count) }
            if n == 0 { break }
            bytes += buffer[..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Excel refuses a workbook holding a formula longer than 8,192 characters: such a cell is
    /// written as its value, with a comment saying so (beside a reviewer's mark, when it has one).
    @Test("a formula too long for Excel: the value, and a comment saying why")
    func overlongFormula() throws {
        let long = ReportFormula([.text(Array(repeating: "1", count: 4200).joined(separator: "+"))])
        var sheet = Sample.grouped
        sheet.body.append(.cells([.number(1), .text("长公式"), .formula(long, cached: 4200)]))
        sheet.body.append(.cells([.number(2), .text("长公式加标记"), .marked(.formula(long, cached: 4200), comment: "公布值 4199")]))
        let path = try tempDir().appendingPathComponent("长公式.xlsx").path
        try XLSXWriter.write(ReportWorkbook(title: "t", sheets: [sheet]), to: path)
        let xml = try Self.part(path, "xl/worksheets/sheet1.xml")
        #expect(!xml.contains("1+1+1"))
        #expect(xml.contains("<v>4200</v>"))
        let comments = try Self.part(path, "xl/comments1.xml")
        #expect(comments.contains("公式超过 Excel 允许的 8192 个字符，此格只写入计算结果"))
        #expect(comments.contains("公布值 4199；公式超过 Excel 允许的 8192 个字符，此格只写入计算结果"))
        let cells = try Workbook(path: path).grid(Workbook(path: path).sheets[0]).cells.filter { $0.value == .number("4200") }
        #expect(cells.count == 2)
    }

    @Test("a missing output folder is a clear error")
    func missingFolder() {
        #expect(throws: WriterError("the output folder /nonexistent/outbox does not exist")) {
            try XLSXWriter.write(Sample.workbook, to: "/nonexistent/outbox/汇总.xlsx")
        }
    }

    @Test("CJK text counts double for column widths")
    func widths() {
        #expect(Layout.displayWidth("市发展改革委") == 12)
        #expect(Layout.displayWidth("abc") == 3)
        #expect(Layout.displayWidth("（45%）") == 7)
        #expect(Layout.displayWidth("一行\n两行文字") == 8)
    }

    @Test("streaming a large table in constant-memory mode")
    func streaming() throws {
        let path = try tempDir().appendingPathComponent("大表.xlsx").path
        let book = try StreamingWorkbook(path: path, title: "大表", options: WriterOptions(constantMemory: true))
        var layout = Sample.grouped
        layout.body = []
        layout.chart = nil
        try book.beginSheet(layout)
        for i in 0..<5000 {
            try book.append(.cells([.number(Decimal(i + 1)), .text("单位\(i)"), .number(Decimal(i) / 100), .number(Decimal(i) / 10000), .number(Decimal(5000 - i))]))
        }
        try book.close()
        let g = try Workbook(path: path).grid(named: "政务服务_亮牌__半年").byReference
        #expect(g["B4"] == .string("单位0"))
        #expect(g["C5003"] == .number("49.99"))
        #expect(g["E5003"] == .number("1"))
    }
}

extension SheetGrid {
    /// Values by reference; numbers as decimals read at Excel's 15 significant digits
    /// (libxlsxwriter stores 99.74 as "99.73999999999999", the same double).
    var byReference: [String: CellValue] {
        Dictionary(uniqueKeysWithValues: cells.map { c in
            if case .number(let t) = c.value, let d = Decimal(string: t) {
                var x = d, r = Decimal()
                let digits = 15 - (Int(log10(abs(Double(t)!) + 1e-300).rounded(.down)) + 1)
                NSDecimalRound(&r, &x, max(0, digits), .plain)
                return (c.reference, .number(r.description))
            }
            return (c.reference, c.value)
        })
    }
}

@Suite struct DecimalToDoubleTests {
    @Test("the fast path gives the same double as parsing the decimal's text")
    func sameAsText() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20000 {
            let significand = Decimal(Int64.random(in: -9_007_199_254_740_991...9_007_199_254_740_991, using: &rng))
            let d = Decimal(sign: .plus, exponent: Int.random(in: -22...22, using: &rng), significand: significand)
            if let fast = SheetWriter.fastDouble(d) { #expect(fast == Double(d.description)!, "\(d)") }
        }
        #expect(DecimalLayout.checked)
        #expect(SheetWriter.fastDouble(Decimal(string: "49.74")!) == 49.74)
        #expect(SheetWriter.fastDouble(Decimal(string: "-0.485")!) == -0.485)
        #expect(SheetWriter.fastDouble(Decimal.nan) == nil)
        #expect(SheetWriter.fastDouble(Decimal(string: "1e30")!) == nil)
    }
}
