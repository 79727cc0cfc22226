import Foundation
import KaoheRunner

/// What the CLI says to people: Chinese under a Chinese locale (LANG=zh_CN.UTF-8, as on an
/// office's machine), English otherwise. Logs for operators stay English.
enum Language {
    static let chinese: Bool = {
        let env = ProcessInfo.processInfo.environment
        let locale = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? ""
        return locale.lowercased().hasPrefix("zh")
    }()

    /// The message in the reader's language.
    static func say(_ english: String, _ chinese: String) -> String { self.chinese ? chinese : english }

    /// A time as local time: 2026-11-30 02:00:13.
    static func local(_ date: Date) -> String {
        let f = DateFormatter()
        f.timeZone = .current
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date)
    }

    /// A ledger time (ISO 8601, UTC) as local time.
    static func local(iso: String) -> String {
        let p = ISO8601DateFormatter()
        p.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let d = p.date(from: iso) ?? ISO8601DateFormatter().date(from: iso) else { return iso }
        return local(d)
    }

    /// Run statuses in words.
    static func status(_ s: RunStatus) -> String { chinese ? s.chinese : s.rawValue }
}
