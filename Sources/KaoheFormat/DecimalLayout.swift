import Foundation

/// A decimal's parts read straight from its memory, for the hot paths that would otherwise go
/// through `description` (formula literals, cell text) or text parsing (the writer's doubles):
/// Foundation's Decimal formats by repeated long division, about a microsecond a value.
///
/// Reads the memory as swift-foundation lays it out (an 8-bit exponent; a byte with the 4-bit
/// length in its high nibble and the sign in bit 3; two reserved bytes; eight 16-bit mantissa
/// words), but only where `checked` confirmed that layout on known values at start-up;
/// otherwise every caller takes its slow, plain path.
public enum DecimalLayout {
    /// Sign, mantissa and exponent when the mantissa fits 64 bits; nil otherwise (NaN too).
    @inlinable
    public static func parts(_ d: Decimal) -> (negative: Bool, mantissa: UInt64, exponent: Int)? {
        checked ? partsOfChecked(d) : nil
    }

    /// `parts` for a caller that has read `checked` itself (once, not at every value).
    @inlinable
    public static func partsOfChecked(_ d: Decimal) -> (negative: Bool, mantissa: UInt64, exponent: Int)? {
        withUnsafeBytes(of: d) { raw in
            let flags = raw[1]
            let length = Int(flags >> 4)
            // NaN is a zero length with the sign bit (as Foundation's isNaN reads it).
            guard length <= 4, length > 0 || flags & 0x08 == 0 else { return nil }
            // The first four 16-bit words, little-endian, as one load; the unused ones masked off.
            let words = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt64.self))
            let mantissa = length == 4 ? words : words & ((1 << (16 * UInt64(length))) - 1)
            return (flags & 0x08 != 0, mantissa, Int(Int8(bitPattern: raw[0])))
        }
    }

    /// The value as a whole number of 10^-scale units (49.74 at scale 2 → 4974) when it is one
    /// and fits 64 bits; nil otherwise (more decimals than `scale`, too large, NaN).
    @inlinable
    public static func units(_ d: Decimal, scale: Int) -> Int64? {
        guard let (negative, mantissa, exponent) = parts(d) else { return nil }
        if mantissa == 0 { return 0 }
        let shift = exponent + scale
        guard shift >= 0, let m = scaledUp(mantissa, by: shift), m <= UInt64(Int64.max) else { return nil }
        return negative ? -Int64(m) : Int64(m)
    }

    /// a + b as Foundation adds them (exact, compacted), worked out on 64-bit integers when both
    /// fit and the sum does; nil otherwise (the caller adds with Foundation).
    @inlinable
    public static func sum(_ a: Decimal, _ b: Decimal) -> Decimal? {
        guard let x = parts(a), let y = parts(b) else { return nil }
        if x.mantissa == 0 || y.mantissa == 0 { return nil } // zeros: Foundation's own forms
        let e = min(x.exponent, y.exponent)
        guard let mx = scaledUp(x.mantissa, by: x.exponent - e), let my = scaledUp(y.mantissa, by: y.exponent - e) else { return nil }
        if x.negative == y.negative {
            let (m, overflow) = mx.addingReportingOverflow(my)
            guard !overflow else { return nil }
            return make(negative: x.negative, mantissa: m, exponent: e)
        }
        if mx == my { return nil } // zero
        return mx > my ? make(negative: x.negative, mantissa: mx - my, exponent: e) : make(negative: y.negative, mantissa: my - mx, exponent: e)
    }

    /// a × b as Foundation multiplies them (exact, compacted), on 64-bit integers when the
    /// product fits; nil otherwise.
    @inlinable
    public static func product(_ a: Decimal, _ b: Decimal) -> Decimal? {
        guard let x = parts(a), let y = parts(b), x.mantissa != 0, y.mantissa != 0 else { return nil }
        let (m, overflow) = x.mantissa.multipliedReportingOverflow(by: y.mantissa)
        guard !overflow else { return nil }
        return make(negative: x.negative != y.negative, mantissa: m, exponent: x.exponent + y.exponent)
    }

    /// d rounded half away from zero to `scale` decimals (NSDecimalRound .plain), on 64-bit
    /// integers when d's mantissa fits; nil otherwise.
    @inlinable
    public static func roundedHalfUp(_ d: Decimal, scale: Int) -> Decimal? {
        guard let x = parts(d), x.mantissa != 0 else { return nil }
        if x.exponent >= -scale { return d }
        let drop = -scale - x.exponent
        guard drop <= 19 else { return nil }
        var divisor: UInt64 = 1
        for _ in 0..<drop { divisor &*= 10 }
        var q = x.mantissa / divisor
        let r = x.mantissa % divisor
        if r >= divisor - r { q += 1 } // r ≥ divisor / 2, without overflow
        if q == 0 { return nil } // rounds to zero: Foundation's own form
        return make(negative: x.negative, mantissa: q, exponent: -scale)
    }

    /// m × 10^k, nil when it does not fit 64 bits.
    @usableFromInline
    static func scaledUp(_ m: UInt64, by k: Int) -> UInt64? {
        guard k <= 19 else { return nil }
        var m = m
        for _ in 0..<k {
            let (p, overflow) = m.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            m = p
        }
        return m
    }

    /// mantissa × 10^exponent, negated when `negative`: the value Foundation's
    /// `Decimal(sign:exponent:significand:)` makes (trailing zeros moved into the exponent, the
    /// compact flag set), written straight into its memory where `checked`; through Foundation
    /// otherwise.
    @inlinable
    public static func make(negative: Bool, mantissa: UInt64, exponent: Int) -> Decimal {
        var m = mantissa, e = exponent
        while m != 0 && m % 10 == 0 && e < 127 { m /= 10; e += 1 }
        guard checked, m != 0, (-128...127).contains(e) else {
            return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(mantissa))
        }
        let length = UInt64((64 - m.leadingZeroBitCount + 15) / 16)
        // exponent, flags (length, sign, compact), two reserved bytes, then the mantissa's
        // 16-bit words from the lowest: 20 bytes, little-endian.
        let head = UInt64(UInt8(bitPattern: Int8(e))) | (length << 12 | (negative ? 0x08 : 0) << 8 | 0x04 << 8) | m << 32
        let middle = m >> 32
        return unsafeBitCast((head, middle, UInt32(0)), to: Decimal.self)
    }

    /// Whether Decimal's memory has the layout `parts` reads.
    public static let checked: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        func fields(_ d: Decimal) -> (Int8, UInt8, UInt16, UInt16) {
            withUnsafeBytes(of: d) { r in (Int8(bitPattern: r[0]), r[1], UInt16(r[4]) | UInt16(r[5]) << 8, UInt16(r[6]) | UInt16(r[7]) << 8) }
        }
        let a = fields(Decimal(sign: .minus, exponent: -2, significand: Decimal(4974)))
        let b = fields(Decimal(sign: .plus, exponent: 3, significand: Decimal(65537)))
        let nan = fields(Decimal.nan), zero = fields(Decimal(0))
        return a.0 == -2 && a.1 >> 4 == 1 && a.1 & 0x08 != 0 && a.2 == 4974
            && b.0 == 3 && b.1 >> 4 == 2 && b.1 & 0x08 == 0 && b.2 == 1 && b.3 == 1
            && nan.1 >> 4 == 0 && nan.1 & 0x08 != 0 && zero.1 >> 4 == 0 && zero.1 & 0x08 == 0
    }()
}

extension Decimal {
    /// self + other, exactly as `+` gives it, through 64-bit integers when the values allow.
    @inlinable @inline(__always)
    public func plus(_ other: Decimal) -> Decimal { DecimalLayout.sum(self, other) ?? self + other }

    /// self × other, exactly as `*` gives it, through 64-bit integers when the values allow.
    @inlinable @inline(__always)
    public func times(_ other: Decimal) -> Decimal { DecimalLayout.product(self, other) ?? self * other }

    /// Exactly `description` (plain notation: "49.6", "-0.005", "1000"), written directly from
    /// the parts when the mantissa fits 64 bits and has no trailing zero after the point (the
    /// form Foundation keeps its values in); anything else goes through `description`.
    public var plainText: String {
        guard let (negative, mantissa, exponent) = DecimalLayout.parts(self), mantissa != 0,
              exponent >= 0 || mantissa % 10 != 0, (-40...40).contains(exponent) else { return description }
        // At most 20 digits, 40 zeros, a sign, a point and a leading zero.
        return String(unsafeUninitializedCapacity: 64) { out in
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes: room for 20 digits
            let count = withUnsafeMutableBytes(of: &digits) { d -> Int in
                var m = mantissa, n = 0
                while m > 0 { d[n] = UInt8(m % 10) + 0x30; m /= 10; n += 1 }
                return n
            }
            return withUnsafeBytes(of: &digits) { d -> Int in
                var i = 0
                func put(_ b: UInt8) { out[i] = b; i += 1 }
                if negative { put(0x2D) }
                if exponent >= 0 {
                    for k in stride(from: count - 1, through: 0, by: -1) { put(d[k]) }
                    for _ in 0..<exponent { put(0x30) }
                } else if count <= -exponent {
                    put(0x30); put(0x2E)
                    for _ in 0..<(-exponent - count) { put(0x30) }
                    for k in stride(from: count - 1, through: 0, by: -1) { put(d[k]) }
                } else {
                    for k in stride(from: count - 1, through: -exponent, by: -1) { put(d[k]) }
                    put(0x2E)
                    for k in stride(from: -exponent - 1, through: 0, by: -1) { put(d[k]) }
                }
                return i
            }
        }
    }
}
