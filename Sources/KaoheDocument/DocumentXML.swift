import Foundation
import KaoheWriter

/// word/document.xml: the bulletin's text, then each attachment on a page of its own.
enum DocumentXML {
    /// A4 in twips, GB/T 9704's margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm):
    /// a text area 156 mm wide.
    static let page = (width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1588, right: 1474)
    static var textWidth: Int { page.width - page.left - page.right }

    static func document(_ doc: WordDocument) -> String {
        var body = ""
        body += paragraph(doc.number, align: "center", border: true)
        body += paragraph("", align: nil)
        body += titleParagraph(doc.title)
        body += paragraph("", align: nil)
        if let a = doc.addressees { body += paragraph(a + "：", align: "both") }
        for p in doc.paragraphs {
            body += p.isHeading ? paragraph(p.text, style: "Heading1") : paragraph(p.text, align: "both", indent: true)
        }
        if !doc.attachments.isEmpty {
            body += paragraph("", align: nil)
            body += attachmentList(doc.attachments)
        }
        body += paragraph("", align: nil) + paragraph("", align: nil)
        if let s = doc.signer { body += paragraph(s, align: "right", rightIndent: 1280) }
        body += paragraph(doc.date, align: "right", rightIndent: 1280)
        for (i, sheet) in doc.attachments.enumerated() { body += TableXML.attachment(sheet, number: i + 1, width: textWidth) }
        return Parts.header + "<w:document xmlns:w=\"\(Parts.w)\" xmlns:r=\"\(Parts.r)\"><w:body>" + body + sectionProperties + "</w:body></w:document>"
    }

    /// The title over as many lines as it needs (18 characters of 二号 a line, to be sure), the lines
    /// of even length, never broken inside a number: no line of one lonely character.
    static func titleParagraph(_ title: String) -> String {
        let lines = titleLines(title)
        let runs = lines.map { "<w:t xml:space=\"preserve\">\(XML.escape($0))</w:t>" }.joined(separator: "<w:br/>")
        return "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r>\(runs)</w:r></w:p>"
    }

    static func titleLines(_ title: String, perLine: Double = 36) -> [String] {
        let chars = Array(title)
        let width = Layout.displayWidth(title)
        let count = Int((width / perLine).rounded(.up))
        guard count > 1 else { return [title] }
        var lines: [String] = []
        var current = ""
        for (i, ch) in chars.enumerated() {
            current.append(ch)
            let target = width * Double(lines.count + 1) / Double(count)
            let done = Layout.displayWidth(lines.joined() + current)
            let inNumber = ch.isASCII && ch.isLetter || ch.isNumber
            let nextInNumber = i + 1 < chars.count && (chars[i + 1].isASCII && chars[i + 1].isLetter || chars[i + 1].isNumber)
            if done >= target - 1, lines.count < count - 1, !(inNumber && nextInNumber) {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// 附件：1. 区级部门报送 …, each on its own line under the first, as GB/T 9704 lists them.
    static func attachmentList(_ sheets: [ReportSheet]) -> String {
        sheets.enumerated().map { i, s in
            let label = (i == 0 ? "附件：" : "　　　") + (sheets.count > 1 ? "\(i + 1). " : "") + s.title
            return paragraph(label, align: "left", leftIndent: 640)
        }.joined()
    }

    static var sectionProperties: String {
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/>"
            + "<w:pgSz w:w=\"\(page.width)\" w:h=\"\(page.height)\"/>"
            + "<w:pgMar w:top=\"\(page.top)\" w:right=\"\(page.right)\" w:bottom=\"\(page.bottom)\" w:left=\"\(page.left)\" "
            + "w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>"
            + "<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"579\" w:charSpace=\"0\"/></w:sectPr>"
    }

    /// One paragraph of the text: a style or an alignment, a first-line indent of two
    /// characters, a red rule under it (the 文号 line).
    static func paragraph(_ text: String, style: String? = nil, align: String? = nil, indent: Bool = false, border: Bool = false,
                          leftIndent: Int? = nil, rightIndent: Int? = nil, pageBreakBefore: Bool = false, runProperties: String = "") -> String {
        var p = ""
        if let style { p += "<w:pStyle w:val=\"\(style)\"/>" }
        if pageBreakBefore { p += "<w:pageBreakBefore/>" }
        if border { p += "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"FF0000\"/></w:pBdr>" }
        if indent || leftIndent != nil || rightIndent != nil {
            var ind = "<w:ind"
            if indent { ind += " w:firstLineChars=\"200\" w:firstLine=\"640\"" }
            if let l = leftIndent { ind += " w:left=\"\(l)\"" }
            if let r = rightIndent { ind += " w:right=\"\(r)\"" }
            p += ind + "/>"
        }
        if let align { p += "<w:jc w:val=\"\(align)\"/>" }
        let run = text.isEmpty ? "" : "<w:r>\(runProperties)<w:t xml:space=\"preserve\">\(XML.escape(text))</w:t></w:r>"
        return "<w:p>" + (p.isEmpty ? "" : "<w:pPr>\(p)</w:pPr>") + run + "</w:p>"
    }
}
