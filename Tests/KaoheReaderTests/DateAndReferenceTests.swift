import Testing
@testable import KaoheReader

@Suite struct DateAndReferenceTests {
    @Test("1900 system, with Excel's fictitious 1900-02-29")
    func dates1900() {
        #expect(ExcelDate.iso(serial: 1, date1904: false) == "1900-01-01")
        #expect(ExcelDate.iso(serial: 59, date1904: false) == "1900-02-28")
        #expect(ExcelDate.iso(serial: 60, date1904: false) == "1900-02-29")
        #expect(ExcelDate.iso(serial: 61, date1904: false) == "1900-03-01")
        #expect(ExcelDate.iso(serial: 44561, date1904: false) == "2021-12-31")
        #expect(ExcelDate.iso(serial: 44260.520833333336, date1904: false) == "2021-03-05T12:30:00")
        #expect(ExcelDate.iso(serial: 0.5, date1904: false) == "12:00:00")
        #expect(ExcelDate.iso(serial: -1, date1904: false) == nil)
    }

    @Test("1904 system")
    func dates1904() {
        #expect(ExcelDate.iso(serial: 0, date1904: true) == "1904-01-01")
        #expect(ExcelDate.iso(serial: 43099, date1904: true) == "2021-12-31")
    }

    @Test("date format codes")
    func formats() {
        #expect(Styles.isDateFormat("yyyy-mm-dd"))
        #expect(Styles.isDateFormat("yyyy\"年\"m\"月\"d\"日\""))
        #expect(Styles.isDateFormat("[$-804]yyyy\"年\"m\"月\";@"))
        #expect(Styles.isDateFormat("h:mm:ss AM/PM"))
        #expect(!Styles.isDateFormat("0.00"))
        #expect(!Styles.isDateFormat("#,##0.00_);[Red](#,##0.00)"))
        #expect(!Styles.isDateFormat("0.00\"分\""))
        #expect(!Styles.isDateFormat("General"))
        #expect(!Styles.isDateFormat("[h]:mm:ss"))
        #expect(Styles.isBuiltInDate(14) && Styles.isBuiltInDate(22) && Styles.isBuiltInDate(57))
        #expect(!Styles.isBuiltInDate(2) && !Styles.isBuiltInDate(49))
    }

    @Test("cell references and ranges")
    func references() {
        #expect(CellReference.parse("A1")! == (0, 0))
        #expect(CellReference.parse("$AB$12")! == (11, 27))
        #expect(CellReference.parse("XFD1048576")! == (1_048_575, 16383))
        #expect(CellReference.parse("A0") == nil)
        #expect(CellReference.parse("1A") == nil)
        #expect(CellReference.columnName(0) == "A" && CellReference.columnName(25) == "Z" && CellReference.columnName(26) == "AA")
        #expect(CellRange("C1:A3")!.description == "A1:C3")
        #expect(CellRange("B2")!.description == "B2")
        #expect(CellRange("A1:") == nil)
    }

    @Test("_xHHHH_ escapes")
    func escapes() {
        func u(_ s: String) -> String { Escapes.unescapeX(Array(s.utf8)).map { String(decoding: $0, as: UTF8.self) } ?? s }
        #expect(u("a_x000D_b") == "a\rb")
        #expect(u("_x005F_x000D_") == "_x000D_")
        #expect(u("_xD83D__xDE00_") == "😀")
        #expect(u("_x00zz_") == "_x00zz_")
    }
}
