import Foundation

/// Text as a YAML scalar in a flow collection: plain where YAML reads it back as the same
/// string, double-quoted otherwise.
enum YAMLText {
    static func scalar(_ text: String) -> String {
        let special: Set<Character> = [":", "{", "}", "[", "]", ",", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "?", "-", "~"]
        let plain = !text.isEmpty && !text.contains(where: { special.contains($0) || $0.isNewline })
            && text.trimmingCharacters(in: .whitespaces) == text
            && Decimal(string: text) == nil && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"].contains(text.lowercased())
        if plain { return text }
        var out = "\""
        for ch in text {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += ""
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
