/// The custom document properties (docProps/custom.xml): name → text, as Excel, WPS and
/// LibreOffice keep them when they save a workbook again. Kaohe's templates carry which job,
/// tables and period they are for here. Only text properties are read; the part is small, and
/// its size and every text in it are limited.
extension Workbook {
    /// The most properties, and characters of one value, that are read.
    static let maxCustomProperties = 256
    static let maxPropertyText = 4096

    /// The workbook's custom text properties; none when it has no such part.
    public func customProperties() throws(ReaderError) -> [String: String] {
        let part = customPropertiesPart
        guard archive.contains(part) else { return [:] }
        var sc = XMLScanner(source: try archive.open(part), file: path, part: part, limits: limits, chunk: 1 << 14)
        return try Self.customProperties(&sc)
    }

    /// Reads a custom-properties part: each <property name="…"> with a text value (<vt:lpwstr>
    /// or <vt:bstr>).
    static func customProperties(_ sc: inout XMLScanner) throws(ReaderError) -> [String: String] {
        var properties: [String: String] = [:]
        var name: String? = nil
        var text: [UInt8]? = nil
        loop: while true {
            switch try sc.next() {
            case .start:
                if sc.nameIs("property") {
                    name = try sc.attribute("name")
                } else if name != nil, sc.nameIs("lpwstr") || sc.nameIs("bstr") {
                    text = []
                }
            case .text:
                if text != nil {
                    try sc.appendText(into: &text!)
                    if text!.count > maxPropertyText { throw sc.error("a document property longer than \(maxPropertyText) bytes") }
                }
            case .end:
                if sc.nameIs("property") {
                    name = nil
                    text = nil
                } else if let n = name, let t = text, sc.nameIs("lpwstr") || sc.nameIs("bstr") {
                    guard properties.count < maxCustomProperties else { throw sc.error("more than \(maxCustomProperties) document properties") }
                    properties[n] = String(decoding: t, as: UTF8.self)
                    text = nil
                }
            case .eof:
                break loop
            }
        }
        return properties
    }
}
