import Foundation
import KaoheJobs
import KaoheReport
import KaoheReader
import KaoheScoring

/// Routing: the jobs, periods and tables each claimed workbook is for.
extension Runner {
    /// A rejection's reason, as the error side of `destination(of:report:)`.
    struct Rejection: Error { var reason: String }

    /// The jobs, periods and tables a claimed workbook is for, or why it is returned: by its
    /// name, else by its content; a dead letter, an unreadable file or one fitting nothing or
    /// several tables is returned.
    func destination(of c: Claimed, report: inout RunReport) -> Result<[Match], Rejection> {
        if c.deadLetter { return .failure(Rejection(reason: c.unreadable ?? RejectionNote.fault)) }
        if c.unreadable == nil, let routed = byIdentity(c, report: &report) { return .success([routed]) }
        var matches = match(c.matchName)
        if matches.isEmpty, let why = unreadablePeriod(c.matchName) { return .failure(Rejection(reason: why)) }
        if matches.isEmpty, c.unreadable == nil {
            // Named differently: a workbook whose content fits exactly one table is taken for it.
            switch Routing.byContent(c.path, jobs: options.jobs) {
            case .one(let job, let tables, let why):
                matches = [Match(job: job, period: job.period, tables: tables.map(\.id))]
                report.routed.append("\(c.originalName)：文件名不符合任何报送文件名，按内容（标题、表头、单位）判断为 \(job.name) 表“"
                                     + tables.map { $0.sheetName ?? $0.title }.joined(separator: "、") + "”（" + why.joined(separator: "；") + "）")
            case .several(let candidates):
                return .failure(Rejection(reason: "文件名“\(c.originalName)”不符合任何报送文件名，按内容它同时符合多个表（\(candidates.joined(separator: "、"))），"
                                          + "无法确定；请按所报的表改名后重新报送"))
            case .none:
                break
            }
        }
        // A file that cannot be read is returned for that, whatever its name.
        if let why = c.unreadable { return .failure(Rejection(reason: why)) }
        if matches.isEmpty {
            var reason = "文件名“\(c.originalName)”不符合任何考核任务的报送文件名，内容也不符合任何表（" + Routing.plausiblePatterns(c.originalName, jobs: options.jobs) + "）"
            let ext = (c.originalName as NSString).pathExtension.lowercased()
            if ["xls", "et", "ett", "xlsm", "xlsb", "csv", "ods"].contains(ext) {
                reason += "。本系统只接收 .xlsx 工作簿，请用 Excel 或 WPS 将 .\(ext) 文件另存为 .xlsx 后重新报送"
            }
            return .failure(Rejection(reason: reason))
        }
        return .success(matches)
    }

    /// A filled template is taken for what it says it is (its document properties), whatever
    /// its name; when the name is not the one the job expects, the report says what it was taken
    /// for and the name to use next time.
    func byIdentity(_ c: Claimed, report: inout RunReport) -> Match? {
        guard let (job, tables, period) = c.identity?.resolve(in: options.jobs) else { return nil }
        // A template filled for one period and reused for another: the name the lead unit typed
        // is the better witness of the period (it never replaces another period's table).
        if let named = match(c.matchName).first(where: { $0.job.path == job.path && $0.period != period && !Set($0.tables).isDisjoint(with: tables) }) {
            report.routed.append("\(c.originalName)：文件名写的是 \(named.period)，所用模板是为 \(period) 制作的；按文件名作为 \(job.name) \(named.period) 表“"
                                 + named.tables.compactMap { id in job.tables.first { $0.id == id }.map { $0.sheetName ?? $0.title } }.joined(separator: "、")
                                 + "”处理（下次请使用本期的模板）")
            return named
        }
        var found = Match(job: job, period: period, tables: tables)
        let byName = match(c.matchName).first { $0.job.path == job.path && $0.period == period }
        found.byTemplateOnly = byName == nil
        guard byName.map({ Set($0.tables) != Set(tables) }) ?? true else { return found }
        let expected = Templates.fileName(job.tables.first { $0.id == tables[0] }!.file, period: period)
        report.routed.append("\(c.originalName)：按模板中记录的考核任务、表和期间，作为 \(job.name) \(period) 表“"
                             + tables.compactMap { id in job.tables.first { $0.id == id }.map { $0.sheetName ?? $0.title } }.joined(separator: "、")
                             + "”处理；下次请命名为“\(expected)”")
        return found
    }

    /// Why a workbook taken for a period by its template alone is not used, when that period's
    /// tables were already processed: a template filled again for another period and sent under
    /// a name that does not say which must never change a summary reviewers may have received.
    /// A correction says so in its name.
    func templateForClosedPeriod(_ c: Claimed, _ m: Match, ledger: Ledger) throws -> String? {
        let current = try ledger.current(job: m.job.name, period: m.period)
        guard let table = m.tables.first(where: { current[$0] != nil }), let earlier = current[table],
              let spec = m.job.tables.first(where: { $0.id == table }) else { return nil }
        let name = Templates.fileName(spec.file, period: m.period) as NSString
        let correction = name.deletingPathExtension + "（更正）." + name.pathExtension
        return "文件名“\(c.originalName)”没有写明期间，按其中的模板信息是 \(m.job.name) \(m.period) 表“\(spec.sheetName ?? spec.title)”的报送，"
            + "但该期间的这张表已于第 \(earlier.runId) 次运行收到并处理（\(earlier.originalName)）；为免改动已生成的汇总表，本文件未采用。"
            + "如是该期间的更正，请命名为“\(correction)”后重新报送；如是其他期间的数据，请使用该期间的模板，或按“\(Templates.fileName(spec.file, period: "期间"))”的格式命名"
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
    func unreadablePeriod(_ name: String) -> String? {
        let n = Glob.Name(name)
        for (job, patterns) in zip(options.jobs, patterns) {
            guard let (raw, table) = job.unreadablePeriod(in: n, patterns: patterns), let form = job.periodForm else { continue }
            return "文件名“\(name)”中的期间“\(raw)”无法识别（\(job.name) 的期间应写作“\(form.example)”这样的形式）；"
                + "请按“\(job.expectedName(table, period: form.example))”的格式命名后重新报送"
        }
        return nil
    }
}
