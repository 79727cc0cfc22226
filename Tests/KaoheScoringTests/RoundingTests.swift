import Foundation
import Testing
@testable import KaoheFormat
@testable import KaoheScoring

/// DOMAIN.md §2.1: 四舍五入 in decimal, where floats and banker's rounding give wrong figures.
@Suite struct RoundingTests {
    @Test("市发展改革委 年终考核 (000): (100 − 0.83 + 0.3) × 50% = 49.735 → 49.74")
    func developmentCommission() {
        let exact = (d("100") - d("0.83") + d("0.3")) * d("0.5")
        #expect(exact == d("49.735"))
        #expect(exact.roundedHalfUp(2) == d("49.74"))
    }

    @Test("市科技局 年终考核 (000): (100 − 2.15) × 50% = 48.925 → 48.93")
    func scienceBureau() {
        #expect(((d("100") - d("2.15")) * d("0.5")).roundedHalfUp(2) == d("48.93"))
    }

    @Test("市教育体育局 年终考核 (000): (100 − 1.01 + 0.9) × 50% = 49.945 → 49.95")
    func educationBureau() {
        #expect(((d("100") - d("1.01") + d("0.9")) * d("0.5")).roundedHalfUp(2) == d("49.95"))
    }

    @Test("政务信息 48.5% completion × 1 point (000) → 0.49")
    func informationCompletion() {
        #expect((d("0.485") * 1).roundedHalfUp(2) == d("0.49"))
    }

    @Test("区投促局 占比 30/48 (003) = 62.5% → 63%")
    func investmentShare() {
        let share = d("30") / d("48")
        #expect(share == d("0.625"))
        #expect(share.roundedHalfUp(2) == d("0.63"))
        #expect((share * 100).roundedHalfUp(0) == d("63"))
    }

    @Test("negative halves round away from zero")
    func negativeHalves() {
        #expect(d("-2.345").roundedHalfUp(2) == d("-2.35"))
        #expect(d("-0.005").roundedHalfUp(2) == d("-0.01"))
        #expect(d("2.344999").roundedHalfUp(2) == d("2.34"))
    }

    @Test("formatted keeps the published decimals")
    func formatting() {
        #expect(d("49.6").formatted(decimals: 2) == "49.60")
        #expect(d("100").formatted(decimals: 2) == "100.00")
        #expect(d("-1.1").formatted(decimals: 2) == "-1.10")
        #expect(d("0.485").formatted(decimals: 2) == "0.49")
        #expect(d("3.5").formatted(decimals: 0) == "4")
        #expect(d("-0.001").formatted(decimals: 2) == "0.00")
    }

    @Test("strict parsing: full-width digits, exponents; trailing text is not a number")
    func strictParsing() {
        #expect(Decimal(strict: "１") == d("1"))
        #expect(Decimal(strict: "０．５") == d("0.5"))
        #expect(Decimal(strict: "1.5E-2") == d("0.015"))
        #expect(Decimal(strict: "-3") == d("-3"))
        #expect(Decimal(strict: "12abc") == nil)
        #expect(Decimal(strict: "1,000") == nil)
        #expect(Decimal(strict: "") == nil)
        #expect(Decimal(strict: ".") == nil)
        #expect(Decimal(strict: "1.2.3") == nil)
        #expect(Decimal(strict: "1e") == nil)
    }

    @Test("cell values: percentages as text, not-applicable markers, empty cells")
    func cellValues() {
        #expect(Value.parse("79.17%") == .number(d("0.7917")))
        #expect(Value.parse(" 4.86") == .number(d("4.86")))
        #expect(Value.parse("——") == .notApplicable)
        #expect(Value.parse("") == .missing)
        #expect(Value.parse("  \n") == .missing)
        #expect(Value.parse("未纳入") == .text("未纳入"))
        #expect(Value.parse("１２") == .number(d("12")))
    }
}

/// `Decimal(strict:)` reads plain numbers without Foundation's parser; it must give exactly what
/// the general path gives, in value and in description.
@Suite struct StrictDecimalTests {
    func general(_ text: String) -> Decimal? {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    @Test("plain numbers: same value and description as Decimal(string:)", arguments: [
        "0", "00", "0.0", "1", "-1", "+1", "45", "45.00", "49.735", "-0.83", "0.30", "100.6", "007.50",
        "123456789012345678", "12345678.9012345678", "0.000000000000000001", "-0", "99.73999999999999", "4.8600000000000003",
    ])
    func samePlain(_ text: String) {
        #expect(Decimal.plainDecimal(text) != nil, "\(text) takes the fast path")
        #expect(Decimal(strict: text) == general(text))
        #expect(Decimal(strict: text)?.description == general(text)?.description, "\(text)")
    }

    @Test("everything else takes the general path or is refused as before", arguments: [
        "", ".", "-", "+", "1.2.3", "1e3", "-2.5E-3", "１２", "－３．５", "1,000", "12 3", "1-2", "--1",
        "1234567890123456789", "0.0000000000000000001",
    ])
    func others(_ text: String) {
        #expect(Decimal.plainDecimal(text) == nil)
    }

    @Test("random plain numbers agree with Decimal(string:)")
    func random() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let whole = String(UInt64.random(in: 0..<1_000_000_000, using: &generator))
            let fraction = String(repeating: "0", count: Int.random(in: 0...3, using: &generator)) + String(UInt32.random(in: 0..<100_000, using: &generator))
            let sign = ["", "-", "+"].randomElement(using: &generator)!
            let text = sign + whole + (Bool.random(using: &generator) ? "." + fraction : "")
            #expect(Decimal(strict: text) == general(text), "\(text)")
            #expect(Decimal(strict: text)?.description == general(text)?.description, "\(text)")
        }
    }

    @Test("a published value is compared as shown: 15/19 kept unrounded under 0.00% is 78.95%, and agrees")
    func publishedComparedAtTheColumnsDecimals() {
        let spec = TableSpec(name: "完成情况", columns: [
            ComputedColumn(name: "完成率", rule: .completion(count: "完成数", quota: "任务数"), decimals: 4, published: "公布完成率"),
        ])
        let rows = [
            UnitRow(unit: "永兴镇", inputs: ["完成数": .number(15), "任务数": .number(19), "公布完成率": .number(d("0.7894736842105263"))]),
            UnitRow(unit: "太平乡", inputs: ["完成数": .number(14), "任务数": .number(21), "公布完成率": .number(d("0.6690"))]),
        ]
        let result = TableScorer.score(spec, rows: rows)
        #expect(result.rows[0].differs.isEmpty)
        #expect(result.rows[1].differs == ["完成率": d("0.669")])
        #expect(result.findings.map(\.message) == ["公布值 0.6690 与重新计算值 0.6667 不一致"])
    }
}
