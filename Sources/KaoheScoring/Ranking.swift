import Foundation
import KaoheFormat

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
        // Each value rounded once, not at every comparison of the sort; and compared as a whole
        // number of 10^-decimals units when every value is one (the usual case: two decimals
        // compare through normalising both, some hundreds of instructions; two integers, one).
        let keys = entries.map { e in e.value.map { v in decimals.map { v.roundedHalfUp($0) } ?? v } }
        let units: [Int64?]? = decimals.flatMap { scale in
            var out: [Int64?] = []
            out.reserveCapacity(keys.count)
            for k in keys {
                guard let k else { out.append(nil); continue }
                guard let u = DecimalLayout.units(k, scale: scale) else { return nil }
                out.append(u)
            }
            return out
        }
        func same(_ i: Int, _ j: Int) -> Bool { units.map { $0[i]! == $0[j]! } ?? (keys[i]! == keys[j]!) }
        func better(_ a: Decimal, _ b: Decimal) -> Bool { order == .descending ? a > b : a < b }
        func ranksBefore(_ i: Int, _ j: Int) -> Bool {
            if let units { return order == .descending ? units[i]! > units[j]! : units[i]! < units[j]! }
            return better(keys[i]!, keys[j]!)
        }
        for g in groupOrder {
            let members = groups[g]!
            // Stable sort: by rounded value, then tie-breakers (for ordinal), then input order.
            let sorted = members.enumerated().sorted { lhs, rhs in
                if !same(lhs.element, rhs.element) { return ranksBefore(lhs.element, rhs.element) }
                if method == .ordinal {
                    let ta = entries[lhs.element].tieBreakers, tb = entries[rhs.element].tieBreakers
                    for (x, y) in zip(ta, tb) where x != y { return better(x, y) }
                }
                return lhs.offset < rhs.offset
            }.map(\.element)
            var previous: Int? = nil
            var currentRank = 0
            for (position, index) in sorted.enumerated() {
                let tied = previous.map { same($0, index) } ?? false
                switch method {
                case .ordinal:
                    currentRank = position + 1
                case .competition:
                    if !tied { currentRank = position + 1 }
                case .dense:
                    if !tied { currentRank += 1 }
                }
                previous = index
                result[index] = currentRank
            }
        }
        return result
    }
}

