import Foundation
import KaoheTestSupport
import Testing
@_spi(Parts) @testable import KaoheReader

/// Custom document properties (docProps/custom.xml), where templates carry who they are.
@Suite struct CustomPropertiesTests {
    func read(_ xml: String) throws -> [String: String] {
        var sc = PartReading.scanner(Array(xml.utf8), part: "docProps/custom.xml", limits: .default)
        return try Workbook.customProperties(&sc)
    }

    @Test("text properties as Excel writes them (vt: prefix) and as a bare namespace; numbers, dates and booleans left out")
    func textOnly() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" \
        xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
        <property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KaoheJob"><vt:lpwstr>003-雁江区</vt:lpwstr></property>\
        <property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="KaoheTables"><vt:lpwstr>部门报送&#10;镇街报送</vt:lpwstr></property>\
        <property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="4" name="Count"><vt:i4>7</vt:i4></property>\
        <property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="5" name="Checked"><vt:bool>true</vt:bool></property>\
        <property pid="6" name="Old"><bstr>A &amp; B</bstr></property></Properties>
        """
        #expect(try read(xml) == ["KaoheJob": "003-雁江区", "KaoheTables": "部门报送\n镇街报送", "Old": "A & B"])
    }

    @Test("a value over 4096 bytes is an error naming the limit; a text outside a property is ignored")
    func limits() throws {
        let long = String(repeating: "长", count: 1400)
        let e = Fixtures.readerError { _ = try read("<Properties><property name=\"a\"><vt:lpwstr>\(long)</vt:lpwstr></property></Properties>") }
        #expect(e?.message == "a document property longer than 4096 bytes")
        #expect(try read("<Properties><vt:lpwstr>stray</vt:lpwstr><property name=\"b\"/></Properties>") == [:])
    }

    @Test("a workbook with no properties part has none; kaohe's templates have theirs")
    func inWorkbooks() throws {
        #expect(try Workbook(path: repoPath("Workbooks/inbox/002-恩阳区-政务服务亮牌情况.xlsx")).customProperties() == [:])
        let template = try Workbook(path: repoPath("Tests/KaoheJobsTests/Fixtures/templates/blank/003-雁江区-政务信息采用.xlsx"))
        #expect(try template.customProperties() == ["KaoheJob": "003-雁江区-政务信息", "KaoheAssessment": "雁江区2020年三季度政务信息考核",
                                                    "KaoheTables": "部门采用\n镇街采用", "KaohePeriod": "2020年三季度"])
    }
}
