import Foundation
import KaoheJobs
import KaoheScoring

/// The bulletin of a job that declares none: how many units were assessed, by group; the first
/// and last three of each ranked table (per group); grades and their counts; tables and units
/// not received; and, where the ledger has the period before, whose rank rose or fell.
enum BulletinDefault {
    static func spec(_ run: AssessmentRun, previousRanks: [String: [String: Int]]?) -> BulletinSpec {
        var fields: [BulletinField] = []
        var paragraphs = [opening(run)]
        func field(_ kind: BulletinField.Kind) -> String {
            let name = "字段\(fields.count + 1)"
            fields.append(BulletinField(name: name, kind: kind))
            return "{\(name)}"
        }
        paragraphs += totalSentences(run)
        var section = paragraphs.count > 1 ? 1 : 0
        for t in run.tables where t.result != nil && (t.table.rank != nil || t.table.grades != nil) {
            section += 1
            paragraphs.append("\(chineseNumeral(section))、\(t.table.sheetName ?? t.table.title)")
            paragraphs += rankSentences(t, run: run, field: field)
            if let grades = gradeSentence(t, field: field) { paragraphs.append(grades) }
            if let change = rankChange(t, previous: previousRanks?[t.table.id], run: run) { paragraphs.append(change) }
        }
        if let gaps = gapSentence(run, field: field) {
            section += 1
            paragraphs += ["\(chineseNumeral(section))、报送情况", gaps]
        }
        return BulletinSpec(title: nil, number: nil, addressees: nil, signer: nil, fields: fields, paragraphs: paragraphs)
    }

    /// 巴中市2021年度政务目标考核共考核单位57个，其中市直部门51个、县（区）6个；共12张考核表，收到12张。
    /// (The period leads, 2012年1月，…, where the assessment's name does not hold it.)
    static func opening(_ run: AssessmentRun) -> String {
        let registry = run.job.registry
        let byGroup = registry.groups.map { g in (g, registry.units.filter { $0.group == g }.count) }.filter { $0.1 > 0 }
        let groups = byGroup.count > 1 ? "，其中" + byGroup.map { "\($0.0)\($0.1)个" }.joined(separator: "、") : ""
        let job = run.job
        let lead = !job.hasPeriod || job.assessment.contains(job.period) ? job.assessment : job.period + "，" + job.assessment
        return "\(lead)共考核单位\(registry.units.count)个\(groups)；共\(run.tables.count)张考核表，收到\(run.tables.filter { $0.result != nil }.count)张。"
    }

    /// Per group of a ranked table: 区级部门前三位是…，后三位是…。
    static func rankSentences(_ t: TableRun, run: AssessmentRun, field: (BulletinField.Kind) -> String) -> [String] {
        guard let rank = t.table.rank else { return [] }
        let groups = run.job.registry.groups.filter { g in t.result!.rows.contains { $0.group == g && $0.rank != nil } }
        return (groups.isEmpty ? [nil] : groups.map(Optional.some)).map { g in
            let set = BulletinUnits(tables: [t.table.id], group: g)
            let ranked = t.result!.rows.filter { ($0.group == g || g == nil) && $0.rank != nil }.count
            let count = field(.count(set))
            // Six units or fewer: all of them in order, not a top three and a bottom three that overlap.
            guard ranked > 6 else {
                let all = field(.list(set, order: .by(.rank, descending: false), cap: 6, style: .plain))
                return "\(g ?? "")按\(rank.column)排名（共\(count)个单位），依次为\(all)。"
            }
            let top = field(.list(set, order: .by(.rank, descending: false), cap: 3, style: .plain))
            let bottom = field(.list(set, order: .by(.rank, descending: true), cap: 3, style: .plain))
            return "\(g ?? "")按\(rank.column)排名（共\(count)个单位），前三位是\(top)；末三位（从末位起）是\(bottom)。"
        }
    }

    /// 总表: per group, the first and last three by the weighted total (or all, six or fewer).
    static func totalSentences(_ run: AssessmentRun) -> [String] {
        guard let total = run.job.total, !run.totals.isEmpty else { return [] }
        let registry = run.job.registry
        var out: [String] = []
        for g in registry.groups {
            let ranked = run.totals.filter { $0.group == g && $0.rank != nil }.sorted { ($0.rank!, $0.unit) < ($1.rank!, $1.unit) }
            guard !ranked.isEmpty else { continue }
            let names = ranked.map { registry.shortName($0.unit) }
            if names.count <= 6 {
                out.append("\(g)按加权总分排名（共\(names.count)个单位），依次为\(names.joined(separator: "、"))。")
            } else {
                out.append("\(g)按加权总分排名（共\(names.count)个单位），前三位是\(names.prefix(3).joined(separator: "、"))；"
                           + "末三位（从末位起）是\(names.reversed().prefix(3).joined(separator: "、"))。")
            }
        }
        return out.isEmpty ? [] : ["\(chineseNumeral(1))、\(total.title)"] + out
    }

    /// 等次：优秀12个、良好20个、一般5个。
    static func gradeSentence(_ t: TableRun, field: (BulletinField.Kind) -> String) -> String? {
        guard let grades = t.table.grades else { return nil }
        // The job's grades in their order (优秀, 良好, …, the fallback), then any other given.
        var labels = (grades.bands.map(\.label) + [grades.fallback]).filter { l in t.result!.rows.contains { $0.grade == l } }
        for r in t.result!.rows { if let g = r.grade, !labels.contains(g) { labels.append(g) } }
        guard !labels.isEmpty else { return nil }
        let parts = labels.map { label in
            let c = BulletinCondition(value: .grade, op: .equal, number: nil, text: label, source: "grade = \(label)")
            return label + field(.count(BulletinUnits(tables: [t.table.id], conditions: [c]))) + "个"
        }
        return "评定等次：" + parts.joined(separator: "、") + "。"
    }

    /// 与上期相比，名次上升的有…，下降的有…。 (nil without a period before)
    static func rankChange(_ t: TableRun, previous: [String: Int]?, run: AssessmentRun) -> String? {
        guard let previous, !previous.isEmpty, let result = t.result else { return nil }
        var up: [(String, Int)] = [], down: [(String, Int)] = []
        for r in result.rows {
            guard let now = r.rank, let before = previous[r.unit], now != before else { continue }
            if now < before { up.append((r.unit, before - now)) } else { down.append((r.unit, now - before)) }
        }
        func text(_ list: [(String, Int)], _ word: String) -> String {
            guard !list.isEmpty else { return "名次\(word)的单位没有" }
            let named = list.sorted { $0.1 > $1.1 }.prefix(3).map { "\(run.job.registry.shortName($0.0))（\(word)\($0.1)位）" }
            return "名次\(word)的有\(named.joined(separator: "、"))" + (list.count > 1 ? "等\(list.count)个单位" : "")
        }
        return "与上期相比，" + text(up, "上升") + "；" + text(down, "下降") + "。"
    }

    /// Tables not received and units a table leaves out of its expected groups.
    static func gapSentence(_ run: AssessmentRun, field: (BulletinField.Kind) -> String) -> String? {
        var parts: [String] = []
        if run.tables.contains(where: { $0.result == nil }) {
            parts.append("尚未收到" + field(.notReceived(tables: run.tables.map(\.table.id))))
        }
        for t in run.tables where t.result != nil {
            let name = "表“\(t.table.sheetName ?? t.table.title)”"
            if !t.table.expectGroups.isEmpty {
                let listed = Set(t.result!.rows.compactMap { run.job.registry.unit(named: $0.unit)?.name })
                guard run.job.registry.units.contains(where: { t.table.expectGroups.contains($0.group) && !listed.contains($0.name) }) else { continue }
                parts.append(name + "未列入" + field(.missing(tables: [t.table.id], group: nil, cap: 3, style: .counted)) + "单位")
            } else if case let units = run.unitsMissing(from: t), !units.isEmpty {
                // Units 总表 weighs this table for that it gives no score, and no absent: rule explains.
                let shown = units.prefix(3).map(run.job.registry.shortName).joined(separator: "、")
                parts.append(name + "没有" + shown + (units.count > 3 ? "等\(units.count)个单位" : "") + "的得分（总表暂不给出其加权总分和排名）")
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "；") + "。"
    }

    static func chineseNumeral(_ n: Int) -> String {
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        if n <= 10 { return digits[n] }
        if n < 20 { return "十" + digits[n - 10] }
        return digits[n / 10] + "十" + digits[n % 10]
    }
}
