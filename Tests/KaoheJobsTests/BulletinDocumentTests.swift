import Foundation
import Testing
@testable import KaoheDocument
import KaoheAssessment
import KaoheJobs
@testable import KaoheReport
import KaoheReader
import KaoheWriter
import ZIPFoundation

/// Seed 003's bulletin as the summary's 通报 sheet (paragraphs as formulas over the table
/// sheets) and as a Word document beside it. scripts/test reads both again with python-docx
/// and openpyxl, and has LibreOffice recalculate the sheet (scripts/check_bulletin_output.py).
@Suite struct BulletinDocumentTests {
    /// A part of a .docx, read back with ZIPFoundation.
    static func part(_ path: String, _ name: String) throws -> String {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        let entry = try #require(archive[name], "\(name) in \(path)")
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    @Test("003: the 通报 sheet's paragraphs are text formulas whose cached text is the bulletin's; counts are COUNTIFS, sums SUM")
    func bulletinSheet() throws {
        let s = try Summary(job: "003-雁江区-政务信息.yaml")
        #expect(s.workbook.sheets.map(\.name) == ["封面", "区级部门报送", "镇街道报送", "区级部门采用", "镇街道采用", "通报", "校验结果"])
        let rows = try s.rows("通报").map { $0[0] }
        let b = BulletinEvaluator.evaluate(s.run)
        #expect(rows[0] == b.title)
        #expect(rows[1] == "资雁府办发〔2020〕  号")
        #expect(rows[3] == "各镇人民政府、街道办事处，城东新区管委会，区政府各部门：")
        #expect(Array(rows[4..<13]) == b.paragraphs.map(\.text))
        let report = ReportBuilder.workbook(s.run)
        let sheet = try #require(report.sheets.first { $0.name == "通报" })
        guard case .cells(let cells) = sheet.body[3], case .textFormula(let f, let cached) = cells[0] else {
            Issue.record("the 报送情况 paragraph is not a formula: \(sheet.body[3])")
            return
        }
        #expect(cached == b.paragraphs[2].text)
        let text = f.description
        #expect(text.hasPrefix("\"2020年三季度全区政务信息工作共考核单位\"&(COUNTA({sheet 1 R2C1:R40C1})+COUNTA({sheet 2 R2C1:R19C1}))&\"个，\"&"))
        #expect(text.contains("(COUNTIFS({sheet 1 R2C5:R40C5},\">=1\")+COUNTIFS({sheet 2 R2C5:R19C5},\">=1\"))&\"个部门单位完成季度报送任务，\""))
        guard case .cells(let adoption) = sheet.body[5], case .textFormula(let g, _) = adoption[0] else {
            Issue.record("the 采用情况 paragraph is not a formula")
            return
        }
        #expect(g.description.hasPrefix("\"三季度各级各部门共上报信息\"&SUM({sheet 1 R2C3:R40C3},{sheet 2 R2C3:R19C3})&\"条，"))
    }

    @Test("003: the .docx holds the A4 page with GB/T 9704 margins, the 文号 over a red rule, the title, the paragraphs and four tables")
    func document() throws {
        let s = try Summary(job: "003-雁江区-政务信息.yaml")
        let path = ReportBuilder.documentPath(besides: s.path)
        #expect(path.hasSuffix("雁江区2020年三季度政务信息考核汇总（通报）.docx"))
        try DocxWriter.write(ReportBuilder.document(s.run, report: ReportBuilder.workbook(s.run)), to: path)
        if let dir = ProcessInfo.processInfo.environment["KAOHE_WRITER_CHECK_DIR"] {
            for (from, to) in [(path, "seed003.docx"), (s.path, "seed003-bulletin.xlsx")] {
                try? FileManager.default.removeItem(atPath: dir + "/" + to)
                try FileManager.default.copyItem(atPath: from, toPath: dir + "/" + to)
            }
        }
        let xml = try Self.part(path, "word/document.xml")
        #expect(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))
        #expect(xml.contains("<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\""))
        #expect(xml.contains("<w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"FF0000\"/></w:pBdr><w:jc w:val=\"center\"/></w:pPr><w:r><w:t xml:space=\"preserve\">资雁府办发〔2020〕  号</w:t>"))
        // The title over three even lines, none of one lonely character.
        #expect(xml.contains("<w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t xml:space=\"preserve\">资阳市雁江区人民政府办公室</w:t><w:br/>"
                             + "<w:t xml:space=\"preserve\">关于2020年三季度全区政务</w:t><w:br/><w:t xml:space=\"preserve\">信息工作目标完成情况的通报</w:t></w:r>"))
        #expect(DocumentXML.titleLines("关于巴中市2021年度政务目标考核情况的通报") == ["关于巴中市2021年度政", "务目标考核情况的通报"])
        #expect(DocumentXML.titleLines("关于某区2021年度考核情况的通报") == ["关于某区2021年度考核情况的通报"])
        #expect(xml.contains("三季度各级各部门共上报信息1386条，其中被区级采用信息81条，被市级采用信息14条，被省级采用信息2条。"))
        #expect(xml.components(separatedBy: "<w:tbl>").count - 1 == 4)
        // 区级采用 spans 信息 and 简讯; 序号 spans the two header rows.
        #expect(xml.contains("<w:gridSpan w:val=\"2\"/><w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"黑体\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr><w:t xml:space=\"preserve\">区级采用</w:t>"))
        #expect(xml.contains("<w:vMerge w:val=\"restart\"/>"))
        let styles = try Self.part(path, "word/styles.xml")
        #expect(styles.contains("w:eastAsia=\"仿宋\""))
        #expect(try Self.part(path, "word/footer1.xml").contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"))
    }
}
