import Foundation
import KaoheScoring

/// A drafted table as job-file lines, with the comment that says what was found.
extension TableDraft {
    func comment(registry: DraftRegistry) -> [String] {
        var lines = ["工作表“\(layout.sheet)”（\(layout.file)）：表头在第 \(layout.headerRow + 1) 行\(layout.headerRows == 2 ? "（两行）" : "")，"
            + "\(layout.units.count) 个单位" + (layout.groupHeadings.isEmpty ? "。" : "，分组行：\(layout.groupHeadings.map(\.name).joined(separator: "、"))。")]
        for rule in rules { lines.append(rule.candidate.words + "：" + Self.fitWords(rule.fit)) }
        if let rank { lines.append(rankWords(rank, registry: registry)) }
        if let grade { lines.append(GradeFinder.words(grade) + "：" + Self.fitWords(grade.fit)) }
        if let unpublished { lines.append(unpublished.words + "：表中没有得分列，无法与公布数核对。") }
        if let excluded { lines.append("“\(excluded.column.header)”写有“\(excluded.word)”的单位只列出，不计分、不排名。") }
        lines += accountLines
        if !isDrafted { lines.append("本表没有可由其他列算出的列，也没有名次、等次或计分说明：未写入作业，请手工补写 scores。") }
        return lines.map { "  # " + $0 }
    }

    func rankWords(_ rank: FoundRank, registry: DraftRegistry) -> String {
        let method = ["competition": "名次并列时后续名次顺延", "dense": "中国式排名，并列后名次连续", "ordinal": "依次排序，并列时按表中顺序"][rank.method.rawValue]!
        let within = registry.groups.count > 1 ? "，各组分别排名" : ""
        let input = rules.contains { $0.column.index == rank.score.index } ? "" : "（\(rank.score.header)按表中的数读取）"
        if rank.column.index < 0 {
            return "表中没有名次栏：草稿按\(rank.score.header)从高到低排出名次\(input)（\(method)\(within)），供评定等次，不列出。"
        }
        var text = "\(rank.column.header) = 按\(rank.score.header)从高到低的名次\(input)（\(method)\(within)）："
            + (rank.published ? Self.fitWords(rank.fit) : "表中这一栏为空，名次由草稿排出，无法与公布值核对。")
        if !rank.splitTies.isEmpty {
            text += "其中" + rank.splitTies.joined(separator: "、") + "的\(rank.score.header)相同，公布的名次却不同：并列应同名次，运行时列为校验发现。"
        }
        return text
    }

    static func fitWords(_ fit: Fit) -> String {
        let head = "重新算出 \(fit.checked) 个公布值中的 \(fit.fitting) 个" + (fit.near.isEmpty ? "" : "，另有 \(fit.near.count) 个（\(fit.near.joined(separator: "、"))）只差末位 1")
        guard !fit.misfits.isEmpty else { return head + "。" }
        return head + "；" + fit.misfits.joined(separator: "、") + "的公布值与之不符，运行时列为校验发现。"
    }

    /// The name of a column's input in the job: the unit, the published value of a computed
    /// column or rank (公布…), or the column itself.
    func input(_ c: DraftColumn) -> String {
        if c.index == layout.unit { return "unit" }
        if rules.contains(where: { $0.column.index == c.index }) || rank?.column.index == c.index || grade?.column.index == c.index {
            return TableEvidence.publishedName(c.name)
        }
        return c.name
    }

    func yaml(registry: DraftRegistry, absent: Bool) -> [String] {
        var lines = comment(registry: registry)
        lines.append("  - id: \(YAMLText.scalar(id))")
        lines.append("    title: \(YAMLText.scalar(layout.title ?? layout.sheet))")
        if let subtitle = layout.subtitle { lines.append("    subtitle: \(YAMLText.scalar(subtitle))") }
        lines.append("    sheet_name: \(YAMLText.scalar(id))")
        lines.append("    source: {file: \(YAMLText.scalar(layout.file))" + (layout.oneOfSeveral ? ", sheet: \(YAMLText.scalar(layout.sheet))}" : "}"))
        if !layout.groupHeadings.isEmpty { lines.append("    group_headings: true") }
        lines.append("    columns:")
        for c in layout.columns { lines.append("      \(YAMLText.scalar(input(c))): \(YAMLText.scalar(c.header))") }
        if let excluded { lines.append("    excluded: {column: \(YAMLText.scalar(excluded.column.name)), contains: \(excluded.word)}") }
        if absent { lines.append("    absent: not_assessed  # 名册中本表未列出的单位不参评") }
        lines.append(hasScores ? "    scores:" : "    scores: []  # 本表没有由其他列算出的列")
        for score in rules.flatMap(\.candidate.scores) + (unpublished?.scores ?? []) { lines.append("      - " + score.yaml) }
        if let rank { lines.append("    rank: " + rankLine(rank)) }
        if let grade { lines.append("    grades: " + GradeFinder.yaml(grade)) }
        lines.append("    order: input  # 按工作簿中的顺序列出")
        lines.append("    output:")
        lines += output().map { "      - " + $0 }
        if !layout.notes.isEmpty { lines.append("    notes: [" + layout.notes.map(YAMLText.scalar).joined(separator: ", ") + "]") }
        if let rank { lines.append("    chart: \(YAMLText.scalar(rank.score.name))") }
        return lines
    }

    func rankLine(_ rank: FoundRank) -> String {
        var parts = ["score: \(YAMLText.scalar(rank.score.name))"]
        if rank.method != .competition { parts.append("method: \(rank.method.rawValue)") }
        if rank.score.decimals != 2 { parts.append("decimals: \(rank.score.decimals)") }
        if rank.published { parts.append("published: \(YAMLText.scalar(TableEvidence.publishedName(rank.column.name)))") }
        if rank.checkAgainstPublished { parts.append("check_against: \(YAMLText.scalar(TableEvidence.publishedName(rank.score.name)))") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// The summary's columns in the sheet's order: the rank, the unit, reason texts left-aligned
    /// and as wide as they need, counts as integers, computed columns in their own format.
    func output() -> [String] {
        var out: [String] = []
        for c in layout.columns {
            if c.index == layout.unit {
                out.append("{value: unit, width: \(min(30, max(10, c.longest + 2)))}")
            } else if rank?.column.index == c.index {
                out.append("rank")
            } else if grade?.column.index == c.index {
                out.append("grade")
            } else if c.kind == .text {
                out.append(c.longest > 16 ? "{value: \(YAMLText.scalar(c.name)), width: \(min(60, max(16, c.longest / 2))), align: left}" : YAMLText.scalar(c.name))
            } else if rules.contains(where: { $0.column.index == c.index }) {
                out.append(c.percent ? "{value: \(YAMLText.scalar(c.name)), format: \"\(c.decimals > 2 ? "0." + String(repeating: "0", count: c.decimals - 2) : "0")%\"}"
                           : YAMLText.scalar(c.name))
            } else {
                out.append(c.integral && c.kind == .number ? "{value: \(YAMLText.scalar(c.name)), format: integer}" : YAMLText.scalar(input(c)))
            }
        }
        if let unpublished { out += unpublished.scores.map { YAMLText.scalar($0.column.name) } }
        return out
    }
}
