import Foundation
import KaoheFormat
import KaoheScoring

/// Whether a rule that reproduces a column is one a person would write (issue 32): its
/// constants are on the sheet (a header's weight or maximum, a number in a note or the title)
/// or small and round, and the columns it needs vary. A rule with an odd constant
/// (min(1, A ÷ B × 6664)) reproduces the rows by coincidence and is wrong on the next file.
struct Plausibility {
    /// Numbers the sheet states: header maxima and weights (as 0.5 and 50), numbers in the
    /// title and the notes.
    let stated: Set<Decimal>

    init(_ layout: SheetLayout) {
        var numbers: Set<Decimal> = []
        for c in layout.columns {
            if let m = Finders.headerMaximum(c.header) { numbers.insert(m) }
            if let w = Finders.headerPercent(c.header) { numbers.insert(w); numbers.insert(w * 100) }
        }
        let text = ([layout.title, layout.subtitle].compactMap { $0 } + layout.notes).joined(separator: " ")
        let regex = try! NSRegularExpression(pattern: #"[0-9]+(\.[0-9]+)?"#)
        for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            if let r = Range(m.range, in: text), let d = Decimal(strict: String(text[r])) { numbers.insert(d) }
        }
        stated = numbers
    }

    /// Significant digits of a number as written: 100 → 1, 0.75 → 2, 6664 → 4.
    static func significantDigits(_ d: Decimal) -> Int {
        var digits = abs(d).plainText.filter(\.isNumber)
        while digits.hasPrefix("0") { digits.removeFirst() }
        while digits.hasSuffix("0") { digits.removeLast() }
        return digits.count
    }

    /// A base, scale or cap: on the sheet, or one significant digit (100, 40, 5, 1, 0.3).
    func isPlainConstant(_ d: Decimal) -> Bool { stated.contains(d) || Self.significantDigits(d) <= 1 }

    /// Points per item: from a note, or whole or half points up to 30 (2, 0.5, −3).
    static func isPlainPoints(_ d: Decimal) -> Bool { abs(d) <= 30 && (d * 2).roundedDown(0) == d * 2 }

    /// Why `candidate` is not a rule a person would write; nil when it is.
    func objection(_ candidate: Candidate) -> String? {
        if let odd = candidate.constants.first(where: { !isPlainConstant($0) }) {
            return "常数 \(odd.plainText) 既不在表中，也不是整齐的数"
        }
        if let odd = candidate.points.first(where: { !Self.isPlainPoints($0) }) {
            return "每项分值 \(odd.plainText) 不是整分或半分"
        }
        return nil
    }
}

/// Whether a column varies: a column with one value for every unit cannot be what a rule
/// needs to tell units apart (a rate over a constant, a rank of 100 % everywhere).
enum Variation {
    static func varies(_ values: [Decimal?]) -> Bool { Set(values.compactMap { $0 }).count >= 2 }
}
