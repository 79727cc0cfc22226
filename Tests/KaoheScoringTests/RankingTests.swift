import Foundation
import Testing
@testable import KaoheScoring

@Suite struct RankingTests {
    func ranks(_ values: [String?], _ method: RankMethod, order: RankOrder = .descending, decimals: Int? = 2) -> [Int?] {
        Ranker(method: method, order: order, decimals: decimals).rank(values.map { Ranker.Entry(value: $0.map(d)) })
    }

    @Test("competition 1,2,2,4; dense 1,2,2,3; ordinal 1,2,3,4")
    func methods() {
        let v = ["105.1", "103", "103", "101"]
        #expect(ranks(v, .competition) == [1, 2, 2, 4])
        #expect(ranks(v, .dense) == [1, 2, 2, 3])
        #expect(ranks(v, .ordinal) == [1, 2, 3, 4])
        #expect(ranks(v, .competition, order: .ascending) == [4, 2, 2, 1])
    }

    @Test("ties are judged on the rounded value, not on what lies below it")
    func roundedTies() {
        #expect(ranks(["99.994", "99.99", "99.986"], .competition) == [1, 1, 1])
        #expect(ranks(["99.994", "99.99", "99.986"], .competition, decimals: nil) == [1, 2, 3])
    }

    @Test("units with no value are not ranked and take no place")
    func unranked() {
        #expect(ranks(["1", nil, "0.5"], .competition) == [1, nil, 2])
    }

    @Test("groups are ranked on their own")
    func groups() {
        let entries = [Ranker.Entry(value: 5, group: "镇（街道）"), Ranker.Entry(value: 9, group: "区级部门"),
                       Ranker.Entry(value: 7, group: "镇（街道）"), Ranker.Entry(value: 8, group: "区级部门")]
        #expect(Ranker().rank(entries) == [2, 1, 1, 2])
    }

    @Test("ordinal ties use the tie-breakers, then input order")
    func ordinalTieBreakers() {
        let entries = [Ranker.Entry(value: 1, tieBreakers: [3]), Ranker.Entry(value: 1, tieBreakers: [5]),
                       Ranker.Entry(value: 1, tieBreakers: [5]), Ranker.Entry(value: 2, tieBreakers: [0])]
        #expect(Ranker(method: .ordinal).rank(entries) == [4, 2, 3, 1])
    }
}

/// Properties checked over generated cases (a fixed seed, so a failure is reproducible).
@Suite struct RankingPropertyTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Values with many ties: a few distinct scores with 0–3 decimals.
    static func cases() -> [[Decimal]] {
        var rng = SplitMix(state: 20_261_122)
        return (0..<300).map { _ in
            let n = Int.random(in: 1...40, using: &rng)
            let pool = (0..<Int.random(in: 1...8, using: &rng)).map { _ in
                Decimal(Int.random(in: 0...12000, using: &rng)) / Decimal([1, 10, 100, 1000][Int.random(in: 0...3, using: &rng)])
            }
            return (0..<n).map { _ in pool.randomElement(using: &rng)! }
        }
    }

    @Test("dense ranks are contiguous from 1")
    func denseContiguous() {
        for values in Self.cases() {
            let ranks = Ranker(method: .dense).rank(values.map { Ranker.Entry(value: $0) }).map { $0! }
            let distinct = Set(values.map { $0.roundedHalfUp(2) }).count
            #expect(Set(ranks) == Set(1...distinct))
        }
    }

    @Test("competition ranks skip by the size of each tie")
    func competitionSkips() {
        for values in Self.cases() {
            let ranks = Ranker(method: .competition).rank(values.map { Ranker.Entry(value: $0) }).map { $0! }
            let rounded = values.map { $0.roundedHalfUp(2) }
            for (i, v) in rounded.enumerated() {
                // rank = 1 + number of strictly better values
                #expect(ranks[i] == 1 + rounded.filter { $0 > v }.count)
            }
        }
    }

    @Test("competition and dense ranks do not depend on input order")
    func orderIndependent() {
        var rng = SplitMix(state: 7)
        for values in Self.cases() {
            for method in [RankMethod.competition, .dense] {
                let ranker = Ranker(method: method)
                let base = ranker.rank(values.map { Ranker.Entry(value: $0) })
                let permutation = Array(values.indices).shuffled(using: &rng)
                let shuffled = ranker.rank(permutation.map { Ranker.Entry(value: values[$0]) })
                for (k, original) in permutation.enumerated() { #expect(shuffled[k] == base[original]) }
            }
        }
    }

    @Test("rescaling with nothing not-applicable changes nothing")
    func rescalingNoop() {
        var rng = SplitMix(state: 99)
        for _ in 0..<300 {
            let maxima = (0..<Int.random(in: 1...7, using: &rng)).map { _ in Decimal(Int.random(in: 1...40, using: &rng)) }
            let categories = maxima.enumerated().map { Category(name: "c\($0.offset)", maximum: $0.element) }
            var values: [String: Value] = [:]
            var sum = Decimal(0)
            for c in categories {
                let v = Decimal(Int.random(in: 0...Int(truncating: NSDecimalNumber(decimal: c.maximum * 100)), using: &rng)) / 100
                values[c.name] = .number(v)
                sum += v
            }
            let t = CategoryRule.total(values, categories: categories)
            #expect(t.factor == 1)
            #expect(t.exact == sum)
        }
    }

    @Test("half-up rounding of x.xx5 always rounds away from zero")
    func halfUpAwayFromZero() {
        var rng = SplitMix(state: 5)
        for _ in 0..<2000 {
            let cents = Int.random(in: -1_000_000...1_000_000, using: &rng)
            let x = Decimal(cents) / 100 + (cents < 0 ? Decimal(string: "-0.005")! : Decimal(string: "0.005")!)
            let expected = Decimal(cents) / 100 + (cents < 0 ? Decimal(string: "-0.01")! : Decimal(string: "0.01")!)
            #expect(x.roundedHalfUp(2) == expected, "\(x)")
        }
    }
}
