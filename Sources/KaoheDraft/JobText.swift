import Foundation
import KaoheJobs
import KaoheScoring

/// The drafted job file: a header comment saying where it came from and how to run it, the
/// assessment, its period (from the titles), and each table with its comment.
struct JobText {
    var tables: [TableDraft]
    var registry: DraftRegistry
    var registryFile: String
    var sources: [String]
    /// Sheets without a table (a cover, a 说明 sheet), named in the header comment.
    var skipped: [String]
    var date: Date

    var text: String {
        let files = sources.map { ($0 as NSString).lastPathComponent }
        let titles = tables.compactMap(\.layout.title)
        let assessment = titles.first.map(Self.assessment) ?? Draft.stem(sources[0])
        var lines = [
            "# 由 kaohe draft 于 \(LocalTime.text(date, year: true)) 根据 \(files.joined(separator: "、")) 起草。",
            "# 每张表前的注释说明找到的规则、重新算出的公布值和未能解释的列；正式使用前请逐条核对。",
            "# 试运行：kaohe run 本文件 --inbox 放工作簿的文件夹 --out 输出文件夹",
        ]
        if !skipped.isEmpty { lines.append("# 没有表格、未起草的工作表：\(skipped.joined(separator: "、"))。") }
        lines += [
            "assessment: \(YAMLText.scalar(assessment))",
            "period: \(YAMLText.scalar(titles.lazy.compactMap(Self.period).first ?? "本期"))",
            "output: \(YAMLText.scalar(assessment + "汇总.xlsx"))",
            "registry: \(YAMLText.scalar(registryFile))",
        ]
        let unscored = tables.filter { !$0.isDrafted }
        for t in unscored { lines += t.comment(registry: registry).map { String($0.dropFirst(2)) } }
        lines.append("tables:")
        for t in tables where t.isDrafted { lines += t.yaml(registry: registry, absent: absent(t)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The registry lists units of the table's groups that the table does not.
    func absent(_ t: TableDraft) -> Bool {
        let listed = Set(t.layout.units.map(\.name))
        let groups = Set(registry.units.filter { listed.contains($0.name) }.map(\.group))
        return registry.units.contains { groups.contains($0.group) && !listed.contains($0.name) }
    }

    /// The assessment's name: the title without the words that name the sheet (汇总表, 统计表 …).
    static func assessment(_ title: String) -> String {
        var t = LayoutReader.written(title)
        for word in ["情况汇总表", "汇总表", "统计表", "情况表", "结果"] where t.hasSuffix(word) && t.count > word.count {
            t = String(t.dropLast(word.count))
            break
        }
        return t
    }

    /// The period a title names: 2021年度, 2020年三季度, 2026年10月, 上半年 ….
    static func period(_ title: String) -> String? {
        let patterns = [#"[0-9]{4}年(度|上半年|下半年|[一二三四1-4]季度|第[一二三四]季度|[0-9]{1,2}月)?"#, "上半年|下半年"]
        let text = LayoutReader.written(title)
        for p in patterns {
            if let r = text.range(of: p, options: .regularExpression) { return String(text[r]) }
        }
        return nil
    }
}
