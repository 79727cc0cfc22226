import Foundation
@testable import KaoheDraft
import KaoheJobs
import KaoheTestSupport

/// Drafts of the seeds' inbox workbooks and of the fixtures, made once per process.
enum Drafted {
    static let date = Date(timeIntervalSince1970: 1_763_856_000)

    static func seedInbox(_ seed: String) -> [String] {
        files(repoPath("Workbooks/inbox")).filter { $0.hasPrefix(seed + "-") }.sorted().map { repoPath("Workbooks/inbox/" + $0) }
    }

    static func fixture(_ name: String) -> String { repoPath("Tests/KaoheDraftTests/Fixtures/" + name) }

    static func seed(_ seed: String) throws -> Draft { try Draft.make(paths: seedInbox(seed), name: "draft\(seed)", date: date) }

    /// The drafted job's lines, without the leading spaces.
    static func lines(_ draft: Draft) -> [String] { draft.jobText.split(separator: "\n").map { $0.trimmed } }

    /// The draft's lines for one table: from its comment to the next table's.
    static func table(_ draft: Draft, _ id: String) -> [String] {
        let all = lines(draft)
        guard let start = all.firstIndex(of: "- id: \(id)") ?? all.firstIndex(of: "- id: \"\(id)\"") else { return [] }
        var first = start
        while first > 0, all[first - 1].hasPrefix("#"), !all[first - 1].hasPrefix("# 由") { first -= 1 }
        var end = start + 1
        while end < all.count, !all[end].hasPrefix("- id:") { end += 1 }
        while end > start, all[end - 1].hasPrefix("#") { end -= 1 }
        return Array(all[first..<end])
    }

    static func job(_ draft: Draft) throws -> Job {
        try JobParser.parse(draft.jobText, path: "/tmp/" + draft.jobFile) { rel in (rel, draft.registryText) }
    }
}
