import Foundation

/// Text as a JSON string literal, which is also a YAML double-quoted scalar: quotes,
/// backslashes and control characters escaped (`kaohe inspect --format json`, drafted jobs).
public enum QuotedText {
    public static func json(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 { o += String(format: "\\u%04x", u.value) } else { o.unicodeScalars.append(u) }
            }
        }
        return o + "\""
    }
}
