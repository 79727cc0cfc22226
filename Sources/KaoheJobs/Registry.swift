import Foundation
import KaoheScoring
import KaoheFormat

/// The assessed units: canonical names, aliases, groups and display order.
public struct UnitRegistry: Sendable {
    public struct Unit: Sendable, Equatable {
        public var name: String
        public var aliases: [String]
        public var group: String

        public init(name: String, aliases: [String] = [], group: String) {
            self.name = name
            self.aliases = aliases
            self.group = group
        }
    }

    public var groups: [String]
    public var units: [Unit]
    private var byKey: [String: Int] = [:]

    public init(groups: [String], units: [Unit]) {
        self.groups = groups
        self.units = units
        for (i, u) in units.enumerated() {
            for n in [u.name] + u.aliases { byKey[TextNormalizer.key(n)] = i }
        }
    }

    /// The unit an input name stands for: spaces and line breaks removed, full-width forms
    /// folded, then matched against names and aliases.
    public func unit(named raw: String) -> Unit? {
        byKey[TextNormalizer.key(raw)].map { units[$0] }
    }

    /// The name a bulletin calls a unit by: the shortest of its name and aliases (区市场监管局
    /// for 区市场监督管理局), the name itself on a tie; an unknown name as it is.
    public func shortName(_ raw: String) -> String {
        guard let u = unit(named: raw) else { return raw }
        return u.aliases.reduce(u.name) { $1.count < $0.count ? $1 : $0 }
    }

    /// Position in display order (groups first, then file order).
    public func order(of unit: Unit) -> (Int, Int) {
        (groups.firstIndex(of: unit.group) ?? groups.count, byKey[TextNormalizer.key(unit.name)] ?? units.count)
    }
}
