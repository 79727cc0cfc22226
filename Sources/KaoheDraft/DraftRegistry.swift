import Foundation
import KaoheJobs
import KaoheScoring

/// The units a draft found and their groups: the sub-headings above them (市直部门, 县（区）),
/// else the sheet they are on when a workbook's sheets list different units (区级部门 / 镇街道),
/// else one group.
struct DraftRegistry: Sendable {
    static let defaultGroup = "被考核单位"
    var groups: [String] = []
    var units: [(name: String, group: String)] = []
    /// How the groups were found, for the registry's comment.
    var how: String = ""

    init(_ layouts: [SheetLayout]) {
        var groupOf: [String: String] = [:]
        var order: [String] = []
        let bySheet = Self.sheetsPartitionUnits(layouts)
        for layout in layouts {
            for u in layout.units where groupOf[u.name] == nil {
                groupOf[u.name] = u.group ?? (bySheet ? LayoutReader.written(layout.sheet) : Self.defaultGroup)
                order.append(u.name)
            }
        }
        units = order.map { ($0, groupOf[$0]!) }
        for u in units where !groups.contains(u.group) { groups.append(u.group) }
        let headed = layouts.contains { !$0.groupHeadings.isEmpty }
        let restarted = layouts.contains { $0.groupHeadings.isEmpty && $0.units.contains { $0.group != nil } }
        how = headed ? "分组取自表中的分组行" : restarted ? "表中名次在中途重新从 1 排起：按此分为“第1组”“第2组”……，请改为正式的组名"
            : bySheet ? "分组取自工作表名（各工作表列出的单位互不相同）" : "表中没有分组行，所有单位同属一组“\(Self.defaultGroup)”"
    }

    /// Several sheets, none with sub-headings, and no unit on two of them.
    static func sheetsPartitionUnits(_ layouts: [SheetLayout]) -> Bool {
        let sheets = Dictionary(grouping: layouts, by: \.sheet)
        guard sheets.count > 1, layouts.allSatisfy({ $0.groupHeadings.isEmpty }) else { return false }
        var owner: [String: String] = [:]
        for layout in layouts {
            for u in layout.units {
                if let o = owner[u.name], o != layout.sheet { return false }
                owner[u.name] = layout.sheet
            }
        }
        return true
    }

    var registry: UnitRegistry {
        UnitRegistry(groups: groups, units: units.map { UnitRegistry.Unit(name: $0.name, aliases: [], group: $0.group) })
    }

    func yaml(sources: [String]) -> String {
        var lines = ["# 由 kaohe draft 根据 \(sources.joined(separator: "、")) 起草的单位名册：\(units.count) 个单位。",
                     "# \(how)。同一单位在各表中写法不同时，请把其他写法写进 aliases。",
                     "groups: [\(groups.map(YAMLText.scalar).joined(separator: ", "))]", "units:"]
        for u in units { lines.append("  - {name: \(YAMLText.scalar(u.name)), group: \(YAMLText.scalar(u.group))}") }
        return lines.joined(separator: "\n") + "\n"
    }
}
