import Foundation

/// One 加/扣 amount found in reason text, with where it came from.
public struct Adjustment: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        /// Counted in the score.
        case amount
        /// A 共/合计 total equal to the amounts just before it: shown, not counted again.
        case subtotal
        /// A 共/合计 total that matches no run of amounts before it, so counted as an amount
        /// (玉山镇 "…各通报1次，合计扣1分").
        case totalCountedAsAmount
    }

    /// Signed amount: 加 is positive, 扣 negative.
    public var value: Decimal
    public var role: Role
    /// Character offsets of the matched text in the reason (for highlighting).
    public var range: Range<Int>
    /// The matched text itself, e.g. "共加1.5分".
    public var text: String

    public init(value: Decimal, role: Role, range: Range<Int>, text: String) {
        self.value = value
        self.role = role
        self.range = range
        self.text = text
    }
}

/// The result of reading a reason text.
public struct AdjustmentParse: Sendable, Equatable {
    public var items: [Adjustment]

    /// The sum of everything counted (amounts and totals counted as amounts).
    public var total: Decimal {
        items.filter { $0.role != .subtotal }.reduce(Decimal(0)) { $0 + $1.value }
    }
}

/// Reads 加/扣 amounts out of free reason text (DOMAIN.md §2.4, seed 002).
///
/// - An amount is the number right after 加 (+) or 扣 (−), optionally after spaces, and right
///   before 分. Other numbers ("满意率达100%", "5篇", "12345热线", "１例") are not amounts.
/// - "共加X分", "共扣X分", "合计加X分", "合计扣X分" is a subtotal when it equals the sum of
///   a run of amounts ending right before it, within the amounts since the previous subtotal
///   (登科街道: −0.9, +2, −0.5, 共加1.5 = +2 − 0.5 → 100.6). Otherwise it is an amount itself
///   (玉山镇: −0.5, 合计扣1, +2, +2 → 102.5).
/// - Full-width digits and points are read as ASCII.
public enum AdjustmentParser {
    public static func parse(_ text: String) -> AdjustmentParse {
        let chars = Array(TextNormalizer.foldFullWidth(text))
        var raw: [(value: Decimal, isTotal: Bool, range: Range<Int>)] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "加" || c == "扣" else { i += 1; continue }
            let sign: Decimal = c == "加" ? 1 : -1
            var j = i + 1
            while j < chars.count, chars[j] == " " { j += 1 }
            let numberStart = j
            var sawDigit = false
            var sawPoint = false
            while j < chars.count {
                let d = chars[j]
                if d.isASCII, d.isNumber { sawDigit = true; j += 1; continue }
                if d == ".", !sawPoint, sawDigit { sawPoint = true; j += 1; continue }
                break
            }
            var numberEnd = j
            if numberEnd > numberStart, chars[numberEnd - 1] == "." { numberEnd -= 1 } // "加2.分"
            var k = numberEnd
            while k < chars.count, chars[k] == " " { k += 1 }
            guard sawDigit, k < chars.count, chars[k] == "分",
                  let magnitude = Decimal(strict: String(chars[numberStart..<numberEnd])) else {
                i += 1
                continue
            }
            // A total is introduced by 共 or 合计 right before 加/扣.
            var start = i
            var isTotal = false
            if i >= 1, chars[i - 1] == "共" { isTotal = true; start = i - 1 }
            else if i >= 2, chars[i - 2] == "合", chars[i - 1] == "计" { isTotal = true; start = i - 2 }
            raw.append((sign * magnitude, isTotal, start..<(k + 1)))
            i = k + 1
        }

        let original = Array(text)
        var items: [Adjustment] = []
        var runStart = 0 // index into `items` of the first amount since the previous subtotal
        for r in raw {
            let matchedText = String(original[r.range])
            guard r.isTotal else {
                items.append(Adjustment(value: r.value, role: .amount, range: r.range, text: matchedText))
                continue
            }
            // Does some run of amounts ending right here sum to the total?
            var sum = Decimal(0)
            var isSubtotal = false
            var index = items.count - 1
            while index >= runStart {
                if items[index].role != .subtotal {
                    sum += items[index].value
                    if sum == r.value { isSubtotal = true; break }
                }
                index -= 1
            }
            if isSubtotal {
                items.append(Adjustment(value: r.value, role: .subtotal, range: r.range, text: matchedText))
                runStart = items.count
            } else {
                items.append(Adjustment(value: r.value, role: .totalCountedAsAmount, range: r.range, text: matchedText))
            }
        }
        return AdjustmentParse(items: items)
    }
}
