/// What the reader needs from styles.xml: which cell formats (<cellXfs>) show dates.
struct Styles {
    /// Whether cell format i (the s= attribute) is a date or time format.
    private(set) var isDate: [Bool] = []
    /// The number format code of cell format i ("0.00", "0.00%"); nil for General.
    private(set) var formatCodes: [String?] = []

    init() {}

    init(scanner sc: inout XMLScanner) throws(ReaderError) {
        var custom: [Int: String] = [:]
        var formatIDs: [Int] = []
        var inCellXfs = false
        while true {
            switch try sc.next() {
            case .start:
                if sc.nameIs("numFmt") {
                    if let id = try sc.attribute("numFmtId").flatMap({ Int($0) }), let code = try sc.attribute("formatCode") {
                        custom[id] = code
                    }
                } else if sc.nameIs("cellXfs") {
                    inCellXfs = !sc.selfClosing
                } else if sc.nameIs("xf"), inCellXfs {
                    formatIDs.append(try sc.attribute("numFmtId").flatMap { Int($0) } ?? 0)
                }
            case .end:
                if sc.nameIs("cellXfs") { inCellXfs = false }
            case .text:
                break
            case .eof:
                isDate = formatIDs.map { id in custom[id].map(Self.isDateFormat) ?? Self.isBuiltInDate(id) }
                formatCodes = formatIDs.map { id in custom[id] ?? Self.builtInFormats[id] }
                return
            }
        }
    }

    /// The built-in formats a writer refers to by number only (General is nil).
    static let builtInFormats: [Int: String] = [
        1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?",
        13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
        19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 37: "#,##0 ;(#,##0)",
        38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss",
        46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
    ]

    /// Built-in date and time formats: 14–22 and 45–47, and the East Asian ones
    /// (27–36, 50–58) that Chinese Excel writes for 年月日 dates.
    static func isBuiltInDate(_ id: Int) -> Bool {
        (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id) || (50...58).contains(id)
    }

    /// Whether a custom format code shows a date or time: after removing quoted text, escaped
    /// characters and [bracketed] parts, its first section has a y, m, d, h or s. Elapsed-time
    /// codes ([h]:mm) are durations, not dates.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var escaped = false
        var found = false
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket {
                if ch == "]" { inBracket = false }
                continue
            }
            switch ch {
            case "\"": inQuote = true
            case "\\", "_", "*": escaped = true
            case "[":
                inBracket = true
            case ";": return found
            case "y", "m", "d", "h", "s": found = true
            case "0", "#", "?", "@": if !found { return false }
            default: break
            }
        }
        if code.lowercased().contains("[h") || code.lowercased().contains("[m") || code.lowercased().contains("[s") {
            return false
        }
        return found
    }
}
