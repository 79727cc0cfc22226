import Foundation
import KaoheAssessment
import KaoheJobs
import KaoheScoring

/// A period's summary written again after reviewers may have received it: the earlier version is
/// kept beside it (历次版本/), and the new summary's cover and the night's report say which
/// workbooks changed it and which units' scores and ranks moved.
extension Runner {
    /// The folder beside a summary that keeps its earlier versions.
    static let earlierVersions = "历次版本"

    /// What a summary shows that a later one is compared with: each table's main score per unit
    /// (总表: the total, under `TotalJob.rankKey`), as the summary prints it; withheld totals are
    /// left out.
    static func shownScores(_ run: AssessmentRun) -> [(table: String, unit: String, value: String)] {
        var out: [(String, String, String)] = []
        for t in run.tables {
            guard let result = t.result, let main = t.mainScore else { continue }
            let decimals = t.table.scores.first { $0.name == main }?.decimals ?? 2
            for r in result.rows {
                if case .number(let v)? = r.computed[main] { out.append((t.table.id, r.unit, v.formatted(decimals: decimals))) }
            }
        }
        if let total = run.job.total {
            for r in run.totals where !r.unscored && !r.incomplete {
                out.append((TotalJob.rankKey, r.unit, r.total.formatted(decimals: total.decimals)))
            }
        }
        return out
    }

    /// Copies the summary about to be replaced to 历次版本/NAME（第K次运行）.xlsx beside it, once
    /// (a copy already there is that run's summary: a run that died after writing must not keep
    /// its own output as the earlier one). Returns the copy's path; nil when there was nothing
    /// to keep or it could not be kept (then the summary is not replaced).
    static func keepEarlier(_ outPath: String, writtenBy run: Int64) throws -> String? {
        let fm = FileManager.default
        guard fm.fileExists(atPath: outPath) else { return nil }
        let dir = (outPath as NSString).deletingLastPathComponent + "/" + earlierVersions
        let name = (outPath as NSString).lastPathComponent as NSString
        let kept = dir + "/" + name.deletingPathExtension + "（第\(run)次运行）." + name.pathExtension
        if fm.fileExists(atPath: kept) { return kept }
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // Copied under a hidden temporary name (".NAME.partial-PID-N", which the next run removes if
        // this one dies here) and renamed into place; a copy left by a run of an earlier version
        // ("NAME.partial") would make the copy fail every night, so it goes first.
        let temp = System.temporaryName(for: kept)
        for leftover in [temp, kept + ".partial"] where fm.fileExists(atPath: leftover) { try fm.removeItem(atPath: leftover) }
        try fm.copyItem(atPath: outPath, toPath: temp)
        if let error = System.rename(temp, kept) { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: error]) }
        return kept
    }

    /// Which units' scores and ranks moved, per table (and 总表), in job order: "营商环境考核表：
    /// 西山县 得分 （空）→ 98.00、名次 （无）→ 3".
    static func moved(from earlier: Ledger.EarlierSummary, to scores: [(table: String, unit: String, value: String)],
                      ranks: [(table: String, unit: String, rank: Int)], job: Job) -> [String] {
        var now: [String: [String: String]] = [:], nowRanks: [String: [String: Int]] = [:]
        for s in scores { now[s.table, default: [:]][s.unit] = s.value }
        for r in ranks { nowRanks[r.table, default: [:]][r.unit] = r.rank }
        let tables = job.tables.map { ($0.id, $0.sheetName ?? $0.title) } + (job.total.map { [(TotalJob.rankKey, $0.title)] } ?? [])
        var lines: [String] = []
        for (id, title) in tables {
            let units = job.registry.units.map(\.name) + Set((now[id] ?? [:]).keys).union((earlier.scores[id] ?? [:]).keys)
                .filter { u in !job.registry.units.contains { $0.name == u } }.sorted()
            if let line = movedLine(title, units: units, scores: (earlier.scores[id] ?? [:], now[id] ?? [:]),
                                    ranks: (earlier.ranks[id] ?? [:], nowRanks[id] ?? [:])) { lines.append(line) }
        }
        return lines
    }

    /// One table's moves, units in the order given, the first ten and how many more:
    /// "营商环境考核表：西山县 得分 （空） → 99.00，名次 （无） → 4；新城区 名次 5 → 6"; nil when none moved.
    static func movedLine(_ title: String, units: [String], scores: (before: [String: String], now: [String: String]),
                          ranks: (before: [String: Int], now: [String: Int])) -> String? {
        var changes: [String] = []
        for unit in units {
            var parts: [String] = []
            let (a, b) = (scores.before[unit], scores.now[unit])
            if a != b { parts.append("得分 \(a ?? "（空）") → \(b ?? "（空）")") }
            let (ra, rb) = (ranks.before[unit], ranks.now[unit])
            if ra != rb { parts.append("名次 \(ra.map(String.init) ?? "（无）") → \(rb.map(String.init) ?? "（无）")") }
            if !parts.isEmpty { changes.append(unit + " " + parts.joined(separator: "，")) }
        }
        guard !changes.isEmpty else { return nil }
        return "\(title)：" + changes.prefix(10).joined(separator: "；") + (changes.count > 10 ? "；另有 \(changes.count - 10) 个单位" : "")
    }

    /// Why the summary was written again: each new workbook, and the one it replaced; or the
    /// period before it, whose ranks moved.
    static func because(_ plan: GroupPlan, accepted: [Arrival]) -> [String] {
        if case .recompared(let before) = plan.why {
            return ["上一期（\(before)）的汇总表本次重新生成，名次有变动，本期的名次变化按其新的名次重新计算"]
        }
        return accepted.flatMap { a in
            a.match.tables.map { t -> String in
                let title = plan.match.job.tables.first { $0.id == t }.map { $0.sheetName ?? $0.title } ?? t
                guard let previous = plan.current[t] else { return "表“\(title)”收到 \(a.claim.originalName)" }
                return "表“\(title)”收到 \(a.claim.originalName)，替换第 \(previous.runId) 次运行收到的 \(previous.originalName)"
            }
        }
    }
}
