import Foundation
import KaoheJobs

/// Names a job file can use for a sheet's columns, made from their headers: the words without
/// the bracketed notes ("报送任务（条）" → 报送任务), the lower header where it says something of
/// its own ("《达州政务快讯》采用（条）/主条" → 主条), the upper one joined where the lower is a
/// generic word ("过程管控（45%）/得分" → 过程管控, "…/加扣分理由及分值" → 过程管控理由), and
/// only letters, digits and _ (what a formula can name).
enum ColumnNames {
    static let generic = ["得分", "分值", "分数", "小计", "合计", "计分"]
    static let reasonWords = ["理由", "原因", "情况", "说明", "依据"]

    static func assign(_ columns: [DraftColumn]) -> [DraftColumn] {
        var out = columns
        var used: [String: Int] = [:]
        // How many columns (other than reason texts) share each upper header.
        let uppers = Dictionary(columns.filter { !isReason($0.header) }.map { (upper($0.header), 1) }, uniquingKeysWith: +)
        let lowers = Dictionary(columns.map { (clean(lower($0.header)), 1) }, uniquingKeysWith: +)
        for i in out.indices {
            let header = out[i].header
            var name = base(header, upperShared: (uppers[upper(header)] ?? 0) > 1, lowerShared: (lowers[clean(lower(header))] ?? 0) > 1)
            if name.isEmpty || name.first!.isNumber { name = "列" + name }
            if OutputValue.reservedNames.contains(name) { name = "原" + name }
            used[name, default: 0] += 1
            if used[name]! > 1 { name += "\(used[name]!)" }
            out[i].name = name
        }
        return out
    }

    static func upper(_ header: String) -> String { clean(String(header.split(separator: "/").first ?? "")) }
    static func isReason(_ header: String) -> Bool { header.contains("/") && reasonWords.contains(where: lower(header).contains) }

    static func lower(_ header: String) -> String { header.split(separator: "/").last.map(String.init) ?? header }

    static func base(_ header: String, upperShared: Bool, lowerShared: Bool) -> String {
        let parts = header.split(separator: "/").map { clean(String($0)) }
        guard parts.count == 2 else { return parts.first ?? "" }
        let (upper, lower) = (parts[0], parts[1])
        if reasonWords.contains(where: lower.contains) { return upper + "理由" }
        if generic.contains(lower) { return upperShared ? upper + lower : upper }
        return lowerShared ? upper + lower : lower
    }

    /// The header's words: bracketed notes dropped, then every character a formula cannot name.
    static func clean(_ text: String) -> String {
        var out = ""
        var depth = 0
        for ch in text {
            if "（([【《".contains(ch) { depth += 1; continue }
            if "）)]】》".contains(ch) { depth = max(0, depth - 1); continue }
            if depth == 0, ch.isLetter || ch.isNumber || ch == "_" { out.append(ch) }
        }
        if out.isEmpty {
            // A header that is all brackets ("（分）"): keep its words.
            out = String(text.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        }
        return out
    }
}
