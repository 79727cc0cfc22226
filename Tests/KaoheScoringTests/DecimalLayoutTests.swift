import Foundation
import KaoheScoring
import Testing
@testable import KaoheFormat

/// `Decimal.plainText` writes what `description` writes, from the decimal's parts.
@Suite struct DecimalLayoutTests {
    @Test("the layout is the one DecimalLayout reads")
    func layout() {
        #expect(DecimalLayout.checked)
        let p = DecimalLayout.parts(Decimal(string: "-49.74")!)
        #expect(p?.negative == true && p?.mantissa == 4974 && p?.exponent == -2)
        #expect(DecimalLayout.parts(Decimal.nan) == nil)
        #expect(DecimalLayout.parts(Decimal(string: "123456789012345678901234567890")!) == nil) // past 64 bits
    }

    @Test("exact texts", arguments: [
        ("49.74", "49.74"), ("-0.005", "-0.005"), ("1000", "1000"), ("0", "0"), ("-0.5", "-0.5"),
        ("1.50", "1.5"), ("0.00012", "0.00012"), ("12e3", "12000"), ("99.999999999999999999", "99.999999999999999999"),
        ("18446744073709551615", "18446744073709551615"), ("1e-30", "0.000000000000000000000000000001"),
    ])
    func exact(_ input: String, _ text: String) {
        let d = Decimal(string: input)!
        #expect(d.plainText == text)
        #expect(d.description == text)
    }

    /// Sums, products, quotients and roundings of seeded random values: the forms scoring makes.
    @Test("as description on 100,000 computed values")
    func sameAsDescription() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        var mismatches: [String] = []
        for _ in 0..<12_500 {
            let a = Decimal(next(2_000_001) - 1_000_000) / Decimal([1, 10, 100, 1000, 3, 7][next(6)])
            let b = Decimal(sign: next(2) == 0 ? .plus : .minus, exponent: -next(8), significand: Decimal(next(100_000_000)))
            for v in [a, b, a + b, a - b, a * b, a.roundedHalfUp(2), b.roundedHalfUp(0), a * 1000, b / 8] where v.plainText != v.description {
                mismatches.append("\(v.description) → \(v.plainText)")
            }
        }
        #expect(mismatches == [])
    }
}

extension DecimalLayoutTests {
    /// `make` writes the bytes Foundation's initialiser writes, so arithmetic and comparison
    /// cannot tell the two apart.
    @Test("make gives Foundation's bytes", arguments: [
        (4974, -2, false), (100, 0, false), (100, -1, false), (1, 0, true), (70000, -3, false),
        (1 << 40, 0, false), (12, 3, false), (0, 0, false), (0, -2, true), (UInt64.max, -5, true), (65535, -18, false),
    ] as [(UInt64, Int, Bool)])
    func make(_ mantissa: UInt64, _ exponent: Int, _ negative: Bool) {
        let foundation = Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(mantissa))
        let made = DecimalLayout.make(negative: negative, mantissa: mantissa, exponent: exponent)
        #expect(withUnsafeBytes(of: made) { Array($0) } == withUnsafeBytes(of: foundation) { Array($0) })
        #expect(made == foundation)
    }
}

extension DecimalLayoutTests {
    /// Values with no more decimals than asked come back as they are; the others are rounded.
    @Test("half-up rounding with and without decimals to drop", arguments: [
        ("49.74", 2, "49.74"), ("49.745", 2, "49.75"), ("-49.745", 2, "-49.75"), ("48.925", 2, "48.93"),
        ("100", 0, "100"), ("0.5", 0, "1"), ("12000", 2, "12000"), ("2.5", 3, "2.5"),
    ])
    func roundedHalfUp(_ input: String, _ scale: Int, _ expected: String) {
        let d = Decimal(string: input)!
        var source = d, reference = Decimal()
        NSDecimalRound(&reference, &source, scale, .plain)
        #expect(d.roundedHalfUp(scale) == reference)
        #expect(d.roundedHalfUp(scale).plainText == expected)
    }
}

extension DecimalLayoutTests {
    @Test("whole units at a scale", arguments: [
        ("49.74", 2, Int64?(4974)), ("-0.5", 2, -50), ("100", 0, 100), ("0", 2, 0), ("49.745", 2, nil),
        ("12e3", 1, 120_000), ("9223372036854775807", 0, Int64.max), ("9223372036854775808", 0, nil), ("1", 19, nil),
    ])
    func units(_ input: String, _ scale: Int, _ expected: Int64?) {
        #expect(DecimalLayout.units(Decimal(string: input)!, scale: scale) == expected)
    }
}

extension DecimalLayoutTests {
    /// Sums, products and roundings on 64-bit integers give Foundation's values byte for byte
    /// (and fall back to Foundation where they cannot): seeded values of every sign, size and
    /// number of decimals, zeros and carries included.
    @Test("plus, times and roundedHalfUp as Foundation computes them")
    func arithmetic() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ n: UInt64) -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return (state >> 11) % n }
        func value() -> Decimal {
            let magnitude = [10, 1_000, 1_000_000, 1 << 40, UInt64.max / 3][Int(next(5))]
            return Decimal(sign: next(3) == 0 ? .minus : .plus, exponent: -Int(next(9)) + (next(8) == 0 ? 3 : 0),
                           significand: Decimal(next(magnitude)))
        }
        func bytes(_ d: Decimal) -> [UInt8] { withUnsafeBytes(of: d) { Array($0) } }
        var wrong: [String] = []
        for _ in 0..<20_000 {
            let a = value(), b = value(), scale = Int(next(4))
            if a.plus(b) != a + b || (DecimalLayout.sum(a, b).map { bytes($0) != bytes(a + b) } ?? false) { wrong.append("\(a) + \(b)") }
            if a.times(b) != a * b || (DecimalLayout.product(a, b).map { bytes($0) != bytes(a * b) } ?? false) { wrong.append("\(a) × \(b)") }
            var source = a, reference = Decimal()
            NSDecimalRound(&reference, &source, scale, .plain)
            if a.roundedHalfUp(scale) != reference || (DecimalLayout.roundedHalfUp(a, scale: scale).map { bytes($0) != bytes(reference) } ?? false) {
                wrong.append("round(\(a), \(scale))")
            }
        }
        #expect(wrong == [])
    }
}
