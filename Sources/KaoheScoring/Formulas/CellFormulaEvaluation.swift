import Foundation
import KaoheFormat

/// A value a workbook formula works with: a cell's, or one it computes.
public enum FormulaValue: Sendable, Equatable {
    case number(Decimal)
    case text(String)
    case bool(Bool)
    case empty
    /// An error value (#DIV/0!, #VALUE!): Excel's result, not a failure to compute.
    case error(ExcelErrorValue)
}

/// Why a formula cannot be computed here (a function Kaohe does not compute, a defined name,
/// a cell it refers to that cannot be read). Chinese: reviewers read it.
public struct FormulaFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A computed formula: its value, and whether that value is exact (no division that does not
/// come out even), so that comparing it with the result Excel saved may be exact too.
public struct FormulaResult: Sendable, Equatable {
    public var value: FormulaValue
    public var exact: Bool
}

extension CellFormula {
    /// Ranges are read cell by cell: one larger than this is not computed.
    public static let maxRangeCells = 100_000

    /// The formula's value, from `cell`'s value of each cell it names, as Excel computes it in
    /// decimal: empty cells count 0 in arithmetic and nothing in SUM/AVERAGE/MIN/MAX/COUNT,
    /// text that reads as a number counts as one in arithmetic, ROUND rounds half away from
    /// zero. Throws where it cannot say what Excel would.
    public func evaluate(_ cell: @escaping (FormulaReference) throws(FormulaFailure) -> FormulaValue) throws(FormulaFailure) -> FormulaResult {
        var e = FormulaEvaluator(cell: cell)
        let v = try e.value(self)
        return FormulaResult(value: v, exact: e.exact)
    }

    /// A decimal at Excel's precision: 15 significant digits.
    public static func excelPrecision(_ d: Decimal) -> Decimal {
        if d.isZero { return 0 }
        var magnitude = d < 0 ? -d : d
        var exponent = 0
        while magnitude >= 10 { magnitude /= 10; exponent += 1 }
        while magnitude < 1 { magnitude *= 10; exponent -= 1 }
        return d.roundedHalfUp(14 - exponent)
    }

    /// Whether the result a workbook saved for a formula is the one computed here from the
    /// values it saved for its inputs: at Excel's 15 significant digits where the computation
    /// is exact, within a millionth of a millionth (binary floating point's error) where not.
    public static func agrees(saved: Decimal, computed: Decimal, exact: Bool) -> Bool {
        if exact { return excelPrecision(saved) == excelPrecision(computed) }
        let difference = saved - computed
        let scale = max(1, computed < 0 ? -computed : computed)
        return (difference < 0 ? -difference : difference) <= scale * Decimal(string: "1e-12")!
    }
}

/// An error value met in arithmetic (#VALUE! for text), which becomes the result.
private struct ExcelError: Error { var value: ExcelErrorValue }

/// One computation of a formula: the cells' values, and whether it stayed exact.
private struct FormulaEvaluator {
    let cell: (FormulaReference) throws(FormulaFailure) -> FormulaValue
    var exact = true

    mutating func value(_ f: CellFormula) throws(FormulaFailure) -> FormulaValue {
        switch f {
        case .number(let d, _): return .number(d)
        case .text(let t): return .text(t)
        case .bool(let b): return .bool(b)
        case .error(let e): return .error(e)
        case .reference(let r): return try cell(r)
        case .range: throw FormulaFailure("区域引用只能用在 SUM、AVERAGE 等函数中")
        case .name(let n): throw FormulaFailure("公式用了名称“\(n)”，无法计算")
        case .parenthesized(let x), .plus(let x): return try value(x)
        case .negate(let x): return Self.arithmetic(try value(x)) { .number(-$0) }
        case .percent(let x): return try value(.binary(.divide, x, .number(100, written: "100")))
        case .binary(let op, let a, let b): return try binary(op, try value(a), try value(b))
        case .call(let name, let args): return try call(name, args)
        }
    }

    /// A number for arithmetic: empty is 0, TRUE 1, text only if it reads as a number.
    static func number(_ v: FormulaValue) -> Result<Decimal, ExcelError> {
        switch v {
        case .number(let d): return .success(d)
        case .empty: return .success(0)
        case .bool(let b): return .success(b ? 1 : 0)
        case .error(let e): return .failure(ExcelError(value: e))
        case .text(let t):
            switch Value.parse(t, notApplicableMarkers: []) {
            case .number(let d): return .success(d)
            default: return .failure(ExcelError(value: .value))
            }
        }
    }

    static func arithmetic(_ v: FormulaValue, _ body: (Decimal) -> FormulaValue) -> FormulaValue {
        switch number(v) {
        case .success(let d): return body(d)
        case .failure(let e): return .error(e.value)
        }
    }

    mutating func binary(_ op: CellFormula.Operator, _ a: FormulaValue, _ b: FormulaValue) throws(FormulaFailure) -> FormulaValue {
        if case .error(let e) = a { return .error(e) }
        if case .error(let e) = b { return .error(e) }
        switch op {
        case .concatenate: return .text(Self.text(a) + Self.text(b))
        case .equal: return .bool(Self.order(a, b) == 0)
        case .notEqual: return .bool(Self.order(a, b) != 0)
        case .less: return .bool(Self.order(a, b) < 0)
        case .greater: return .bool(Self.order(a, b) > 0)
        case .lessOrEqual: return .bool(Self.order(a, b) <= 0)
        case .greaterOrEqual: return .bool(Self.order(a, b) >= 0)
        case .add, .subtract, .multiply, .divide, .power: break
        }
        let x: Decimal, y: Decimal
        switch (Self.number(a), Self.number(b)) {
        case (.success(let p), .success(let q)): (x, y) = (p, q)
        case (.failure(let e), _), (_, .failure(let e)): return .error(e.value)
        }
        switch op {
        case .add: return Self.checked(x + y)
        case .subtract: return Self.checked(x - y)
        case .multiply: return Self.checked(try Self.product(x, y))
        case .divide: return try divide(x, y)
        default: return try power(x, y)
        }
    }

    /// A result beyond Decimal's range (NaN) is Excel's #NUM!.
    static func checked(_ d: Decimal) -> FormulaValue { d.isNaN ? .error(.number) : .number(d) }

    /// x × y, or x ÷ y, where the result's power of ten stays well inside Decimal's (whose
    /// underflow traps): no assessment sheet comes near 10^±50.
    static func product(_ x: Decimal, _ y: Decimal, dividing: Bool = false) throws(FormulaFailure) -> Decimal {
        guard !x.isZero, !y.isZero, !x.isNaN, !y.isNaN else { return dividing ? x / y : x * y }
        let power = x.exponent + (dividing ? -y.exponent : y.exponent)
        guard power > -80, power < 50 else { throw FormulaFailure("数值超出可计算的范围") }
        return dividing ? x / y : x * y
    }

    mutating func divide(_ x: Decimal, _ y: Decimal) throws(FormulaFailure) -> FormulaValue {
        if y.isZero { return .error(.divisionByZero) }
        let q = try Self.product(x, y, dividing: true)
        if q.isNaN { return .error(.number) }
        if q * y != x { exact = false }
        return .number(q)
    }

    /// x^n for a whole n (Excel's ^ with a fractional power is not computed here).
    mutating func power(_ x: Decimal, _ y: Decimal) throws(FormulaFailure) -> FormulaValue {
        guard !y.isNaN, y == y.roundedDown(0), abs(y) <= 64 else { throw FormulaFailure("只计算整数次方") }
        let n = NSDecimalNumber(decimal: abs(y)).intValue
        if x.isZero && y < 0 { return .error(.divisionByZero) }
        var p: Decimal = 1
        for _ in 0..<n where !p.isNaN { p = try Self.product(p, x) }
        if p.isNaN { return .error(.number) }
        return y < 0 ? try divide(1, p) : .number(p)
    }

    static func text(_ v: FormulaValue) -> String {
        switch v {
        case .number(let d): return CellFormula.excelPrecision(d).plainText
        case .text(let t): return t
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .empty: return ""
        case .error(let e): return e.rawValue
        }
    }

    /// Excel's order (-1, 0, 1): numbers before text before TRUE/FALSE; text compared ignoring
    /// case; an empty cell is 0 beside a number and "" beside text.
    static func order(_ a: FormulaValue, _ b: FormulaValue) -> Int {
        func rank(_ v: FormulaValue) -> Int {
            switch v { case .number, .empty: return 0; case .text: return 1; default: return 2 }
        }
        if let (x, y) = texts(a, b) {
            return x.lowercased() < y.lowercased() ? -1 : x.lowercased() == y.lowercased() ? 0 : 1
        }
        if rank(a) != rank(b) { return rank(a) < rank(b) ? -1 : 1 }
        let x = (try? number(a).get()) ?? 0, y = (try? number(b).get()) ?? 0
        return x < y ? -1 : x == y ? 0 : 1
    }

    static func texts(_ a: FormulaValue, _ b: FormulaValue) -> (String, String)? {
        switch (a, b) {
        case (.text(let x), .text(let y)): return (x, y)
        case (.text(let x), .empty): return (x, "")
        case (.empty, .text(let y)): return ("", y)
        default: return nil
        }
    }
}

extension FormulaEvaluator {
    mutating func call(_ function: CellFormula.Function, _ args: [CellFormula?]) throws(FormulaFailure) -> FormulaValue {
        switch function {
        case .sum, .average, .min, .max, .count: return try aggregate(function, args)
        case .round, .roundUp, .roundDown: return try round(function, args)
        case .if: return try condition(args)
        case .abs:
            guard args.count == 1 else { throw FormulaFailure("\(function.rawValue) 的参数个数不对") }
            return Self.arithmetic(try argument(args[0])) { .number($0 < 0 ? -$0 : $0) }
        case .other(let name): throw FormulaFailure("公式用了函数 \(name)，无法计算")
        }
    }

    /// An argument's value; an empty one (IF(A1,,1)) is 0.
    mutating func argument(_ a: CellFormula?) throws(FormulaFailure) -> FormulaValue {
        guard let a else { return .number(0) }
        return try value(a)
    }

    /// SUM, AVERAGE, MIN, MAX, COUNT: the numbers of the cells named (text, TRUE/FALSE and
    /// empty cells skipped, an error cell is the result) and of the values given.
    mutating func aggregate(_ function: CellFormula.Function, _ args: [CellFormula?]) throws(FormulaFailure) -> FormulaValue {
        let counting = function == .count
        var numbers: [Decimal] = []
        for a in args {
            switch a {
            case .reference(let r)?:
                switch try cell(r) {
                case .number(let d): numbers.append(d)
                case .error(let e) where !counting: return .error(e)
                default: break
                }
            case .range(let from, let to)?:
                for v in try cells(from, to) {
                    if case .number(let d) = v { numbers.append(d) } else if case .error(let e) = v, !counting { return .error(e) }
                }
            default:
                switch Self.number(try argument(a)) {
                case .success(let d): numbers.append(d)
                case .failure(let e): if !counting { return .error(e.value) }
                }
            }
        }
        switch function {
        case .sum: return Self.checked(numbers.reduce(0, +))
        case .count: return .number(Decimal(numbers.count))
        case .min: return .number(numbers.min() ?? 0)
        case .max: return .number(numbers.max() ?? 0)
        default:
            let sum = numbers.reduce(0, +)
            return numbers.isEmpty ? .error(.divisionByZero) : sum.isNaN ? .error(.number) : try divide(sum, Decimal(numbers.count))
        }
    }

    /// The values of a range's cells, row by row.
    func cells(_ from: FormulaReference, _ to: FormulaReference) throws(FormulaFailure) -> [FormulaValue] {
        let rows = min(from.row, to.row)...max(from.row, to.row), columns = min(from.column, to.column)...max(from.column, to.column)
        guard rows.count * columns.count <= CellFormula.maxRangeCells else {
            throw FormulaFailure("区域 \(from.name):\(to.name) 超过 \(CellFormula.maxRangeCells) 个单元格，未计算")
        }
        var out: [FormulaValue] = []
        for r in rows {
            for c in columns { out.append(try cell(FormulaReference(sheet: from.sheet, row: r, column: c))) }
        }
        return out
    }

    /// ROUND (half away from zero), ROUNDUP (away from zero), ROUNDDOWN (toward zero).
    mutating func round(_ function: CellFormula.Function, _ args: [CellFormula?]) throws(FormulaFailure) -> FormulaValue {
        guard args.count == 2 else { throw FormulaFailure("\(function.rawValue) 的参数个数不对") }
        let x: Decimal, digits: Decimal
        switch (Self.number(try argument(args[0])), Self.number(try argument(args[1]))) {
        case (.success(let p), .success(let q)): (x, digits) = (p, q)
        case (.failure(let e), _), (_, .failure(let e)): return .error(e.value)
        }
        let n = NSDecimalNumber(decimal: digits < 0 ? digits.roundedUp(0) : digits.roundedDown(0)).intValue
        guard abs(n) <= 30 else { throw FormulaFailure("\(function.rawValue) 的位数超出范围") }
        switch function {
        case .round: return .number(x.roundedHalfUp(n))
        case .roundUp: return .number(x < 0 ? x.roundedDown(n) : x.roundedUp(n))
        default: return .number(x < 0 ? x.roundedUp(n) : x.roundedDown(n))
        }
    }

    /// IF(condition, then, else): a number other than 0 or TRUE is true; text is #VALUE!.
    mutating func condition(_ args: [CellFormula?]) throws(FormulaFailure) -> FormulaValue {
        guard (1...3).contains(args.count) else { throw FormulaFailure("\(CellFormula.Function.if.rawValue) 的参数个数不对") }
        let truth: Bool
        switch try argument(args[0]) {
        case .bool(let b): truth = b
        case .number(let d): truth = !d.isZero
        case .empty: truth = false
        case .error(let e): return .error(e)
        case .text: return .error(.value)
        }
        if truth { return try args.count > 1 ? argument(args[1]) : .bool(true) }
        return try args.count > 2 ? argument(args[2]) : .bool(false)
    }
}
