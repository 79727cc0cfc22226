import Foundation
import KaoheJobs

/// Text as a YAML scalar in a flow collection: plain where YAML reads it back as the same
/// string, double-quoted (JSON's escapes, which YAML reads too) otherwise.
enum YAMLText {
    static func scalar(_ text: String) -> String {
        let special: Set<Character> = [":", "{", "}", "[", "]", ",", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "?", "-", "~"]
        let plain = !text.isEmpty && !text.contains(where: { special.contains($0) || $0.isNewline || $0.unicodeScalars.contains { $0.value < 0x20 } })
            && text.trimmingCharacters(in: .whitespaces) == text
            && Decimal(string: text) == nil && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"].contains(text.lowercased())
        if plain { return text }
        return QuotedText.json(text)
    }
}
