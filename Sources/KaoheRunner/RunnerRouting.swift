import Foundation
import KaoheJobs
import KaoheReader
import KaoheScoring

/// Routing: the jobs, periods and tables each claimed workbook is for.
extension Runner {
    /// Why a workbook is returned, as the error side of `destination(of:report:)`.
    struct Unrouted: Error { var reason: ReturnReason }

    /// The jobs, periods and tables a workbook is for, and, when not by its name, how it was
    /// taken (for the report).
    struct Destination {
        var matches: [Match]
        var routed: String? = nil
    }

    /// The jobs, periods and tables a claimed workbook is for, or why it is returned: by its
    /// name, else by its content; a dead letter, an unreadable file or one fitting nothing or
    /// several tables is returned.
    func destination(of c: Claimed) -> Result<Destination, Unrouted> {
        if let dead = c.returned, dead.isDeadLetter { return .failure(Unrouted(reason: dead)) }
        if c.returned == nil, let routed = byIdentity(c) { return .success(routed) }
        var matches = match(c.matchName)
        var routed: String?
        if matches.isEmpty, let why = unreadablePeriod(c.matchName) { return .failure(Unrouted(reason: why)) }
        if matches.isEmpty, c.returned == nil {
            // Named differently: a workbook whose content fits exactly one table is taken for it.
            switch Routing.byContent(c.path, jobs: options.jobs) {
            case .one(let job, let tables, let why):
                matches = [Match(job: job, period: job.period, tables: tables.map(\.id))]
                routed = ("\(c.originalName)：文件名不符合任何报送文件名，按内容（标题、表头、单位）判断为 \(job.name) 表“"
                                     + tables.map { $0.sheetName ?? $0.title }.joined(separator: "、") + "”（" + why.joined(separator: "；") + "）")
            case .several(let candidates):
                return .failure(Unrouted(reason: .severalTablesMatched(file: c.originalName, candidates: candidates)))
            case .none:
                break
            }
        }
        // A file that cannot be read is returned for that, whatever its name.
        if let why = c.returned { return .failure(Unrouted(reason: why)) }
        if matches.isEmpty {
            let ext = (c.originalName as NSString).pathExtension.lowercased()
            return .failure(Unrouted(reason: .noTableMatched(
                file: c.originalName, patterns: Routing.plausiblePatterns(c.originalName, jobs: options.jobs),
                otherFormat: ["xls", "et", "ett", "xlsm", "xlsb", "csv", "ods"].contains(ext) ? ext : nil)))
        }
        return .success(Destination(matches: matches, routed: routed))
    }

    /// A filled template is taken for what it says it is (its document properties), whatever
    /// its name; when the name is not the one the job expects, the report says what it was taken
    /// for and the name to use next time.
    func byIdentity(_ c: Claimed) -> Destination? {
        guard let (job, tables, period) = c.identity?.resolve(in: options.jobs) else { return nil }
        // A template filled for one period and reused for another: the name the lead unit typed
        // is the better witness of the period (it never replaces another period's table).
        if let named = match(c.matchName).first(where: { $0.job.path == job.path && $0.period != period && !Set($0.tables).isDisjoint(with: tables) }) {
            return Destination(matches: [named], routed: "\(c.originalName)：文件名写的是 \(named.period)，所用模板是为 \(period) 制作的；按文件名作为 \(job.name) \(named.period) 表“"
                                 + named.tables.compactMap { id in job.tables.first { $0.id == id }.map { $0.sheetName ?? $0.title } }.joined(separator: "、")
                                 + "”处理（下次请使用本期的模板）")
        }
        var found = Match(job: job, period: period, tables: tables)
        let byName = match(c.matchName).first { $0.job.path == job.path && $0.period == period }
        found.byTemplateOnly = byName == nil
        guard byName.map({ Set($0.tables) != Set(tables) }) ?? true else { return Destination(matches: [found]) }
        let expected = TableJob.fileName(job.tables.first { $0.id == tables[0] }!.file, period: period)
        return Destination(matches: [found], routed: "\(c.originalName)：按模板中记录的考核任务、表和期间，作为 \(job.name) \(period) 表“"
                             + tables.compactMap { id in job.tables.first { $0.id == id }.map { $0.sheetName ?? $0.title } }.joined(separator: "、")
                             + "”处理；下次请命名为“\(expected)”")
    }

    /// Why a workbook taken for a period by its template alone is not used, when that period's
    /// tables were already processed: a template filled again for another period and sent under
    /// a name that does not say which must never change a summary reviewers may have received.
    /// A correction says so in its name.
    func templateForClosedPeriod(_ c: Claimed, _ m: Match, ledger: Ledger) throws -> ReturnReason? {
        let current = try ledger.current(job: m.job.name, period: m.period)
        guard let table = m.tables.first(where: { current[$0] != nil }), let earlier = current[table],
              let spec = m.job.tables.first(where: { $0.id == table }) else { return nil }
        let name = TableJob.fileName(spec.file, period: m.period) as NSString
        return .templateForProcessedPeriod(file: c.originalName, job: m.job.name, period: m.period, table: spec.sheetName ?? spec.title,
                                           earlierRun: earlier.runId, earlierFile: earlier.originalName,
                                           correctionName: name.deletingPathExtension + "（更正）." + name.pathExtension,
                                           pattern: TableJob.fileName(spec.file, period: "期间"))
    }

    /// The jobs and periods a file name is for.
    func match(_ name: String) -> [Match] {
        var out: [Match] = []
        let name = Glob.Name(name)
        for (job, patterns) in zip(options.jobs, patterns) {
            for (period, tables) in job.tables(fitting: name, patterns: patterns) {
                let period = period ?? job.period
                if let i = out.firstIndex(where: { $0.job.path == job.path && $0.period == period }) {
                    out[i].tables += tables
                } else {
                    out.append(Match(job: job, period: period, tables: tables))
                }
            }
        }
        return out
    }

    /// Why a name that fits a job's pattern gives no period of the job's form, if it does.
    func unreadablePeriod(_ name: String) -> ReturnReason? {
        let n = Glob.Name(name)
        for (job, patterns) in zip(options.jobs, patterns) {
            guard let (raw, table) = job.unreadablePeriod(in: n, patterns: patterns), let form = table.periodForm ?? job.periodForm else { continue }
            return .badPeriod(file: name, written: raw, job: job.name, example: form.example,
                              expectedName: table.expectedFile(period: form.example))
        }
        return nil
    }
}

extension Runner {
    /// The claimed workbooks sorted by what each is for.
    func sort(_ claimed: [Claimed], runId: Int64, ledger: Ledger) throws -> Sorted {
        var sorted = Sorted()
        let processed = try ledger.processed(sha256s: claimed.map(\.sha256))
        for c in claimed {
            let found: Destination
            switch destination(of: c) {
            case .failure(let rejection): sorted.returned.append(Returned(claim: c, reason: rejection.reason)); continue
            case .success(let d): found = d
            }
            if let m = found.matches.first, m.byTemplateOnly, let why = try templateForClosedPeriod(c, m, ledger: ledger) {
                sorted.returned.append(Returned(claim: c, reason: why))
                continue
            }
            sorted.routed += found.routed.map { [$0] } ?? []
            for m in found.matches {
                sorted.groups[m.key] = m
                if let earlier = processed[Ledger.processedKey(job: m.job.name, period: m.period, sha256: c.sha256)] {
                    sorted.duplicates.append(record(c, m, outcome: .duplicate, runId: runId,
                                                    note: "内容与 run \(earlier.runId) 已处理的 \(earlier.originalName) 相同，未重复处理"))
                    sorted.duplicateNotes.append(.init(file: c.originalName, job: m.job.name, period: m.period, earlierRun: earlier.runId))
                } else {
                    sorted.newByGroup[m.key, default: []].append(Arrival(claim: c, match: m))
                }
            }
        }
        return sorted
    }
}
