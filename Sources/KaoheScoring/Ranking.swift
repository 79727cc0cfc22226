import Foundation

/// How ties are ranked (DOMAIN.md §2.5).
public enum RankMethod: String, Sendable, CaseIterable {
    /// Excel RANK.EQ: 1, 2, 2, 4. The common default.
    case competition
    /// 中国式排名: 1, 2, 2, 3 (seed 002).
    case dense
    /// 1, 2, 3, 4: ties broken by the tie-breakers, then by input order (seed 003 序号).
    case ordinal
}

public enum RankOrder: String, Sendable {
    /// Highest value ranks 1.
    case descending
    /// Lowest value ranks 1.
    case ascending
}

/// Ranking within groups. Values are compared after rounding to `decimals` (ties are judged on
/// the published, rounded value, never on noise below it). Units with no value (未纳入, missing)
/// get no rank and do not take a place.
public struct Ranker: Sendable {
    public var method: RankMethod
    public var order: RankOrder
    public var decimals: Int?

    public init(method: RankMethod = .competition, order: RankOrder = .descending, decimals: Int? = 2) {
        self.method = method
        self.order = order
        self.decimals = decimals
    }

    /// One entry to rank.
    public struct Entry: Sendable {
        public var value: Decimal?
        public var group: String
        /// Compared in order when `value`s tie (used by `.ordinal`; each sorted in `order`).
        public var tieBreakers: [Decimal]

        public init(value: Decimal?, group: String = "", tieBreakers: [Decimal] = []) {
            self.value = value
            self.group = group
            self.tieBreakers = tieBreakers
        }
    }

    /// Ranks for `entries`, in the same order as given.
    public func rank(_ entries: [Entry]) -> [Int?] {
        var result = [Int?](repeating: nil, count: entries.count)
        var groups: [String: [Int]] = [:]
        var groupOrder: [String] = []
        for (i, e) in entries.enumerated() where e.value != nil {
            if groups[e.group] == nil { groupOrder.append(e.group) }
            groups[e.group, default: []].append(i)
        }
        // Each value rounded once, not at every comparison of the sort.
        let keys = entries.map { e in e.value.map { v in decimals.map { v.roundedHalfUp($0) } ?? v } }
        func key(_ i: Int) -> Decimal { keys[i]! }
        func better(_ a: Decimal, _ b: Decimal) -> Bool { order == .descending ? a > b : a < b }
        for g in groupOrder {
            let members = groups[g]!
            // Stable sort: by rounded value, then tie-breakers (for ordinal), then input order.
            let sorted = members.enumerated().sorted { lhs, rhs in
                let a = key(lhs.element), b = key(rhs.element)
                if a != b { return better(a, b) }
                if method == .ordinal {
                    let ta = entries[lhs.element].tieBreakers, tb = entries[rhs.element].tieBreakers
                    for (x, y) in zip(ta, tb) where x != y { return better(x, y) }
                }
                return lhs.offset < rhs.offset
            }.map(\.element)
            var previous: Decimal? = nil
            var currentRank = 0
            for (position, index) in sorted.enumerated() {
                let v = key(index)
                switch method {
                case .ordinal:
                    currentRank = position + 1
                case .competition:
                    if v != previous { currentRank = position + 1 }
                case .dense:
                    if v != previous { currentRank += 1 }
                }
                previous = v
                result[index] = currentRank
            }
        }
        return result
    }
}

