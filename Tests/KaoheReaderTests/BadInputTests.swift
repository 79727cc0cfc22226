import Foundation
import Testing
@testable import KaoheReader

/// Bad input: a distinct, clear error naming the file and the part, never a crash or a hang.
@Suite struct BadInputTests {
    func error(_ name: String, limits: ReaderLimits = .default) -> ReaderError? {
        Fixtures.readerError {
            let wb = try Fixtures.workbook("generated/bad/\(name)", limits: limits)
            for s in wb.sheets { _ = try wb.grid(s) }
        }
    }

    func file(_ name: String) -> String { Fixtures.path("generated/bad/\(name)") }

    @Test("not a zip")
    func notAZip() {
        #expect(error("not_a_zip.xlsx") == ReaderError(.notAZip, file: file("not_a_zip.xlsx"), "not a zip archive, so not an .xlsx workbook"))
    }

    @Test("a truncated zip")
    func truncated() {
        #expect(error("truncated.xlsx") == ReaderError(.truncated, file: file("truncated.xlsx"),
            "the zip archive is truncated or damaged (its central directory is missing); send the file again"))
    }

    @Test("a legacy .xls and a WPS .et: save it as .xlsx")
    func legacy() {
        #expect(error("legacy.xls") == ReaderError(.legacyXLS, file: file("legacy.xls"),
            "this is a legacy Excel 97–2003 workbook (.xls); save it as .xlsx"))
        #expect(error("wps.et") == ReaderError(.wpsET, file: file("wps.et"), "this is a WPS spreadsheet (.et); save it as .xlsx"))
    }

    @Test("an encrypted workbook (calamine's pass_protected.xlsx)")
    func encrypted() {
        let e = Fixtures.readerError { _ = try Fixtures.workbook("calamine/pass_protected.xlsx") }
        #expect(e?.kind == .encrypted)
        #expect(e?.message == "the workbook is password-protected (encrypted); remove the password and save it again as .xlsx")
    }

    @Test("a zip without xl/workbook.xml")
    func noWorkbook() {
        #expect(error("no_workbook.xlsx") == ReaderError(.missingWorkbook, file: file("no_workbook.xlsx"), part: "xl/workbook.xml",
            "the archive has no workbook part, so it is not an .xlsx workbook"))
    }

    @Test("a missing sheet part")
    func missingSheetPart() {
        #expect(error("missing_sheet_part.xlsx") == ReaderError(.missingPart, file: file("missing_sheet_part.xlsx"),
            part: "xl/worksheets/sheet1.xml", "the part of sheet 'Sheet1' is missing"))
    }

    @Test("malformed sheet XML says the part and the byte offset")
    func malformed() {
        let e = error("malformed.xlsx")
        #expect(e == ReaderError(.malformedXML, file: file("malformed.xlsx"), part: "xl/worksheets/sheet1.xml", offset: 251,
            "end tag </row> does not match the open element"))
        #expect(e?.description == file("malformed.xlsx") + " [xl/worksheets/sheet1.xml at byte 251]: end tag </row> does not match the open element")
    }

    @Test("a DOCTYPE in any part is refused")
    func doctype() {
        #expect(error("doctype.xlsx") == ReaderError(.doctype, file: file("doctype.xlsx"),
            part: "xl/sharedStrings.xml", offset: 22, "a DOCTYPE declaration is not allowed in a workbook part"))
    }

    @Test("a zip bomb: over the ratio limit, and over a size limit a caller sets")
    func zipBomb() {
        #expect(error("zip_bomb.xlsx") == ReaderError(.tooLarge, file: file("zip_bomb.xlsx"), part: "xl/worksheets/sheet1.xml",
            "compression ratio over 1000:1 (zip bomb?)"))
        let small = ReaderLimits(maxPartSize: 1 << 20)
        #expect(error("zip_bomb.xlsx", limits: small) == ReaderError(.tooLarge, file: file("zip_bomb.xlsx"), part: "xl/worksheets/sheet1.xml",
            "inflates to more than 1048576 bytes (zip bomb?)"))
    }

    @Test("an unknown entity and a shared-string index past the table")
    func badReferences() {
        #expect(error("bad_entity.xlsx") == ReaderError(.malformedXML, file: file("bad_entity.xlsx"), part: "xl/worksheets/sheet1.xml",
            offset: 264, "unknown entity &nbsp;"))
        #expect(error("bad_shared_index.xlsx") == ReaderError(.malformedXML, file: file("bad_shared_index.xlsx"),
            part: "xl/worksheets/sheet1.xml", offset: 261, "cell B7: shared string 5 does not exist (the table has 1)"))
    }

    @Test("a file that does not exist")
    func missingFile() {
        let e = Fixtures.readerError { _ = try Workbook(path: "/nonexistent/政务公开.xlsx") }
        #expect(e?.kind == .fileNotFound)
        #expect(e?.file == "/nonexistent/政务公开.xlsx")
    }

    @Test("a sheet name that is not there lists the sheets")
    func sheetNotFound() {
        let e = Fixtures.readerError { _ = try Fixtures.workbook("generated/openpyxl.xlsx").grid(named: "汇总") }
        #expect(e?.message == "no sheet named '汇总' (sheets: 政务公开, 隐藏表, VeryHidden, Errors)")
    }
}
