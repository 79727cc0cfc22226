import Foundation
import KaoheJobs
import KaoheScoring
import KaoheFormat

/// Workbooks named differently from what the jobs expect (雁江区报送（10月12日）.xlsx): taken
/// for a table when their content — title text, headers, units — fits exactly one table of one
/// job; and the patterns a rejection note names when none does.
enum Routing {
    enum Outcome {
        /// The tables of one job that one workbook supplies (several share a workbook in seed
        /// 000), and why: for each, the sheet it was found on and how many of its units are known.
        case one(Job, [TableJob], why: [String])
        case several([String])
        case none
    }

    /// Binds the workbook to every table whose file pattern has no {period} (a period cannot be
    /// read from a name that does not fit), on every sheet; a table fits when it binds and most
    /// of its rows are its own units (registered, in its groups).
    static func byContent(_ path: String, jobs: [Job]) -> Outcome {
        Handling.during(path) { fitting(path, jobs: jobs) }
    }

    static func fitting(_ path: String, jobs: [Job]) -> Outcome {
        // Tables that expect the same workbook (one pattern of one job) are one destination.
        var destinations: [(job: Job, file: String, tables: [TableJob], why: [String])] = []
        let candidates = jobs.flatMap { job in job.tables.filter { !$0.file.contains("{period}") }.map { (job, $0) } }
        let bindings = Binder.bindAnywhere(candidates.map { ($0.1, $0.0.registry, $0.0.notApplicable) }, path: path)
        for ((job, table), bound) in zip(candidates, bindings) {
            guard let bound, !bound.rows.isEmpty else { continue }
            let known = Binder.ownUnits(bound, of: table)
            guard known * 2 >= bound.rows.count else { continue }
            let units = known == bound.rows.count ? "\(known) 个单位都在名册中" : "\(bound.rows.count) 个单位中 \(known) 个在名册中"
            let why = "工作表“\(bound.sheet)”表头相符，\(units)"
            if let i = destinations.firstIndex(where: { $0.job.path == job.path && $0.file == table.file }) {
                destinations[i].tables.append(table)
                destinations[i].why.append(why)
            } else {
                destinations.append((job, table.file, [table], [why]))
            }
        }
        switch destinations.count {
        case 0: return .none
        case 1: return .one(destinations[0].job, destinations[0].tables, why: destinations[0].why)
        default: return .several(destinations.map { d in "\(d.job.name) 表“" + d.tables.map { $0.sheetName ?? $0.title }.joined(separator: "、") + "”（" + d.why.joined(separator: "；") + "）" })
        }
    }

    /// The file-name patterns that could plausibly be meant (sharing four letters in a row with
    /// the name, digits and punctuation aside), with what `*` means; all of them when none is
    /// close.
    static func plausiblePatterns(_ name: String, jobs: [Job]) -> String {
        var patterns: [String] = []
        for p in jobs.flatMap({ $0.tables.map(\.file) }) where !patterns.contains(p) { patterns.append(p) }
        func letters(_ t: String) -> [Character] { TextNormalizer.key(t).filter { $0.isLetter } }
        let key = letters((name as NSString).deletingPathExtension)
        func close(_ pattern: String) -> Bool {
            let literal = pattern.replacingOccurrences(of: "{period}", with: "*").replacingOccurrences(of: ".xlsx", with: "")
            return literal.split(separator: "*").contains { part in shareFour(letters(String(part)), key) }
        }
        let shown = patterns.filter(close)
        let list = (shown.isEmpty ? patterns : shown).joined(separator: "、")
        var star = list.contains("*") ? "；其中 * 代表任意文字" : ""
        if list.contains("{period}") { star += (star.isEmpty ? "；其中 " : "，") + "{period} 代表考核期间（如 2024年10月）" }
        return "可接收的文件名：" + list + star
    }

    /// Whether two texts share four characters in a row (区政务 is in every office's names).
    static func shareFour(_ a: [Character], _ b: [Character]) -> Bool {
        guard a.count >= 4, b.count >= 4 else { return false }
        var grams: Set<String> = []
        for i in 0..<(a.count - 3) { grams.insert(String(a[i..<(i + 4)])) }
        for j in 0..<(b.count - 3) where grams.contains(String(b[j..<(j + 4)])) { return true }
        return false
    }
}
