import Foundation
import KaoheFormat

/// A cell a workbook formula refers to: 0-based row and column, whether each is written with
/// `$`, and the sheet it names ('汇总'!B3), nil for the formula's own sheet.
public struct FormulaReference: Hashable, Sendable {
    public var sheet: String?
    public var row: Int
    public var column: Int
    public var absoluteRow: Bool
    public var absoluteColumn: Bool

    public init(sheet: String? = nil, row: Int, column: Int, absoluteRow: Bool = false, absoluteColumn: Bool = false) {
        self.sheet = sheet
        self.row = row
        self.column = column
        self.absoluteRow = absoluteRow
        self.absoluteColumn = absoluteColumn
    }

    /// "B3", "$B$3" (without the sheet).
    public var name: String {
        (absoluteColumn ? "$" : "") + FormulaReference.columnName(column) + (absoluteRow ? "$" : "") + String(row + 1)
    }

    static func columnName(_ column: Int) -> String { A1.column(column) }
}

/// A formula as a workbook cell holds it (=C14+D14, =ROUND(SUM(B3:F3)*50%,2), ='汇总'!B3):
/// parsed, moved to another cell as a shared formula is, written back as Excel writes it, and
/// computed (`evaluate`, in CellFormulaEvaluation.swift) from the values of the cells it names.
/// Any function name parses; which ones compute is the evaluation's business.
public indirect enum CellFormula: Sendable, Equatable, CustomStringConvertible {
    /// A number as written ("0.5", "1E3").
    case number(Decimal, written: String)
    case text(String)
    case bool(Bool)
    /// An error written into the formula (#REF!, #N/A).
    case error(ExcelErrorValue)
    case reference(FormulaReference)
    case range(FormulaReference, FormulaReference)
    /// A defined name (税率): not computed here.
    case name(String)
    case negate(CellFormula)
    case plus(CellFormula)
    case percent(CellFormula)
    case parenthesized(CellFormula)
    case binary(Operator, CellFormula, CellFormula)
    /// A function and its arguments (nil: an argument left empty, IF(A1,,1)).
    case call(Function, [CellFormula?])

    /// An operator between two operands, written as Excel writes it.
    public enum Operator: String, Sendable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^", concatenate = "&"
        case equal = "=", notEqual = "<>", less = "<", greater = ">", lessOrEqual = "<=", greaterOrEqual = ">="
    }

    /// A function a formula calls: the ones `evaluate` computes, and any other name (VLOOKUP),
    /// which parses and is written back as it was, in upper case.
    public enum Function: Sendable, Hashable, RawRepresentable {
        case sum, average, min, max, count, round, roundUp, roundDown, `if`, abs
        case other(String)

        /// The functions `evaluate` computes.
        public static let computed: [Function] = [.sum, .average, .min, .max, .count, .round, .roundUp, .roundDown, .if, .abs]

        /// The function a name in a formula calls, in any case ("sum" is SUM).
        public init(_ written: String) { self.init(rawValue: written.uppercased()) }

        /// The function named `rawValue` (upper case, as Excel writes it).
        public init(rawValue: String) {
            self = Self.computed.first { $0.rawValue == rawValue } ?? .other(rawValue)
        }

        /// The name as Excel writes it.
        public var rawValue: String {
            switch self {
            case .sum: return "SUM"
            case .average: return "AVERAGE"
            case .min: return "MIN"
            case .max: return "MAX"
            case .count: return "COUNT"
            case .round: return "ROUND"
            case .roundUp: return "ROUNDUP"
            case .roundDown: return "ROUNDDOWN"
            case .if: return "IF"
            case .abs: return "ABS"
            case .other(let name): return name
            }
        }

        /// `.other("SUM")` made by hand is `.sum`.
        public static func == (a: Function, b: Function) -> Bool { a.rawValue == b.rawValue }
        public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    }

    /// Parses a formula with or without its leading "=".
    public static func parse(_ text: String) throws(FormulaSyntaxError) -> CellFormula {
        var p = FormulaParser(Array(text.unicodeScalars))
        return try p.all()
    }

    /// The formula as Excel writes it, without "=".
    public var description: String {
        switch self {
        case .number(_, let written): return written
        case .text(let s): return "\"" + Self.doubling("\"", in: s) + "\""
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .error(let e): return e.rawValue
        case .reference(let r): return Self.sheetPrefix(r.sheet) + r.name
        case .range(let a, let b): return Self.sheetPrefix(a.sheet) + a.name + ":" + b.name
        case .name(let n): return n
        case .negate(let x): return "-" + x.description
        case .plus(let x): return "+" + x.description
        case .percent(let x): return x.description + "%"
        case .parenthesized(let x): return "(" + x.description + ")"
        case .binary(let op, let a, let b): return a.description + op.rawValue + b.description
        case .call(let f, let args): return f.rawValue + "(" + args.map { $0?.description ?? "" }.joined(separator: ",") + ")"
        }
    }

    static func sheetPrefix(_ sheet: String?) -> String {
        guard let sheet else { return "" }
        let plain = !sheet.isEmpty && !(sheet.unicodeScalars.first!.properties.numericType != nil)
            && sheet.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" }
        return plain ? sheet + "!" : "'" + doubling("'", in: sheet) + "'!"
    }

    /// `text` with each `quote` written twice, scalar by scalar (a quote followed by a
    /// combining mark is one Character, and would escape a Character-wise replacement).
    static func doubling(_ quote: Unicode.Scalar, in text: String) -> String {
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            if u == quote { out.append(u) }
            out.append(u)
        }
        return String(out)
    }

    /// The formula as it reads in a cell `rows` down and `columns` right of the one it was
    /// written for (a shared formula's other cells): references without `$` move, those
    /// with `$` stay; one moved off the sheet is #REF!, as in Excel.
    public func moved(rows: Int, columns: Int) -> CellFormula {
        func move(_ r: FormulaReference) -> FormulaReference? {
            var m = r
            if !r.absoluteRow { m.row += rows }
            if !r.absoluteColumn { m.column += columns }
            return m.row >= 0 && m.row < 1_048_576 && m.column >= 0 && m.column < 16_384 ? m : nil
        }
        switch self {
        case .number, .text, .bool, .error, .name: return self
        case .reference(let r): return move(r).map(CellFormula.reference) ?? .error(.reference)
        case .range(let a, let b):
            guard let ma = move(a), let mb = move(b) else { return .error(.reference) }
            return .range(ma, mb)
        case .negate(let x): return .negate(x.moved(rows: rows, columns: columns))
        case .plus(let x): return .plus(x.moved(rows: rows, columns: columns))
        case .percent(let x): return .percent(x.moved(rows: rows, columns: columns))
        case .parenthesized(let x): return .parenthesized(x.moved(rows: rows, columns: columns))
        case .binary(let op, let a, let b): return .binary(op, a.moved(rows: rows, columns: columns), b.moved(rows: rows, columns: columns))
        case .call(let f, let args): return .call(f, args.map { $0?.moved(rows: rows, columns: columns) })
        }
    }
}

/// Why a formula's text could not be parsed; `position` counts characters from 1.
public struct FormulaSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var position: Int
    public var description: String { "\(message) (character \(position))" }
}

/// Excel's formula grammar, as far as assessment sheets use it. Precedence, loosest first:
/// comparisons, &, + −, * /, ^, then − (negation) and % bind tightest (−2^2 is 4, as in Excel).
private struct FormulaParser {
    let s: [Unicode.Scalar]
    var pos = 0

    init(_ s: [Unicode.Scalar]) { self.s = s }

    func fail(_ message: String) -> FormulaSyntaxError { FormulaSyntaxError(message: message, position: pos + 1) }

    mutating func peek() -> Unicode.Scalar? {
        while pos < s.count, s[pos] == " " || s[pos] == "\n" || s[pos] == "\r" || s[pos] == "\t" { pos += 1 }
        return pos < s.count ? s[pos] : nil
    }

    mutating func take(_ text: String) -> Bool {
        guard peek() != nil else { return false }
        let t = Array(text.unicodeScalars)
        guard pos + t.count <= s.count, Array(s[pos..<(pos + t.count)]) == t else { return false }
        pos += t.count
        return true
    }

    mutating func all() throws(FormulaSyntaxError) -> CellFormula {
        _ = take("=")
        guard peek() != nil else { throw fail("empty formula") }
        let e = try comparison()
        guard peek() == nil else { throw fail("unexpected '\(s[pos])'") }
        return e
    }

    mutating func comparison() throws(FormulaSyntaxError) -> CellFormula {
        var left = try concatenation()
        while true {
            let comparisons: [CellFormula.Operator] = [.lessOrEqual, .greaterOrEqual, .notEqual, .equal, .less, .greater]
            guard let op = comparisons.first(where: { take($0.rawValue) }) else { return left }
            left = .binary(op, left, try concatenation())
        }
    }

    mutating func concatenation() throws(FormulaSyntaxError) -> CellFormula {
        var left = try sum()
        while take(CellFormula.Operator.concatenate.rawValue) { left = .binary(.concatenate, left, try sum()) }
        return left
    }

    mutating func sum() throws(FormulaSyntaxError) -> CellFormula {
        var left = try product()
        while let op = [CellFormula.Operator.add, .subtract].first(where: { take($0.rawValue) }) {
            left = .binary(op, left, try product())
        }
        return left
    }

    mutating func product() throws(FormulaSyntaxError) -> CellFormula {
        var left = try power()
        while let op = [CellFormula.Operator.multiply, .divide].first(where: { take($0.rawValue) }) {
            left = .binary(op, left, try power())
        }
        return left
    }

    mutating func power() throws(FormulaSyntaxError) -> CellFormula {
        var left = try unary()
        while take(CellFormula.Operator.power.rawValue) { left = .binary(.power, left, try unary()) }
        return left
    }

    mutating func unary() throws(FormulaSyntaxError) -> CellFormula {
        if take("-") { return .negate(try unary()) }
        if take("+") { return .plus(try unary()) }
        var e = try primary()
        while take("%") { e = .percent(e) }
        return e
    }

    mutating func primary() throws(FormulaSyntaxError) -> CellFormula {
        guard let c = peek() else { throw fail("the formula ends too early") }
        switch c {
        case "(":
            pos += 1
            let e = try comparison()
            guard take(")") else { throw fail("expected ')'") }
            return .parenthesized(e)
        case "\"": return .text(try quoted("\""))
        case "#": return try errorLiteral()
        case "'":
            let sheet = try quoted("'")
            guard pos < s.count, s[pos] == "!" else { throw fail("expected '!' after a sheet name") }
            pos += 1
            return try referenceOrRange(sheet: sheet, word: word())
        case "0"..."9", ".": return try number()
        default:
            let w = word()
            guard !w.isEmpty else { throw fail("unexpected '\(c)'") }
            return try named(w)
        }
    }

    /// A word: a function, TRUE/FALSE, a cell, a sheet before '!', or a defined name.
    mutating func named(_ w: String) throws(FormulaSyntaxError) -> CellFormula {
        if pos < s.count, s[pos] == "!" {
            pos += 1
            return try referenceOrRange(sheet: w, word: word())
        }
        if take("(") { return .call(CellFormula.Function(w), try arguments()) }
        if w.uppercased() == "TRUE" || w.uppercased() == "FALSE" { return .bool(w.uppercased() == "TRUE") }
        if Self.cell(w) != nil { return try referenceOrRange(sheet: nil, word: w) }
        return .name(w)
    }

    mutating func arguments() throws(FormulaSyntaxError) -> [CellFormula?] {
        var args: [CellFormula?] = []
        if take(")") { return args }
        while true {
            if let c = peek(), c == "," || c == ")" { args.append(nil) } else { args.append(try comparison()) }
            if take(")") { return args }
            guard take(",") else { throw fail("expected ',' or ')'") }
        }
    }

    mutating func referenceOrRange(sheet: String?, word w: String) throws(FormulaSyntaxError) -> CellFormula {
        guard var first = Self.cell(w) else { throw fail("not a cell reference: '\(w)'") }
        first.sheet = sheet
        guard pos < s.count, s[pos] == ":" else { return .reference(first) }
        pos += 1
        guard var last = Self.cell(word()) else { throw fail("expected a cell after ':'") }
        last.sheet = sheet
        return .range(first, last)
    }

    /// Letters, digits, '_', '.', '$' and any other letter (a sheet named 汇总).
    mutating func word() -> String {
        let start = pos
        while pos < s.count {
            let c = s[pos]
            guard c == "_" || c == "." || c == "$" || c == "\\" || c.properties.isAlphabetic || c.properties.numericType != nil
            else { break }
            pos += 1
        }
        return String(String.UnicodeScalarView(s[start..<pos]))
    }

    /// "B3", "$B$3" → the cell; nil for anything else.
    static func cell(_ w: String) -> FormulaReference? {
        let u = Array(w.uppercased().unicodeScalars)
        var i = 0, column = 0, row = 0
        let absColumn = i < u.count && u[i] == "$"
        if absColumn { i += 1 }
        let letters = i
        while i < u.count, u[i] >= "A", u[i] <= "Z", i - letters < 3 { column = column * 26 + Int(u[i].value - 64); i += 1 }
        guard i > letters else { return nil }
        let absRow = i < u.count && u[i] == "$"
        if absRow { i += 1 }
        let digits = i
        while i < u.count, u[i] >= "0", u[i] <= "9", i - digits < 7 { row = row * 10 + Int(u[i].value - 48); i += 1 }
        guard i == u.count, i > digits, row >= 1, row <= 1_048_576, column <= 16_384 else { return nil }
        return FormulaReference(row: row - 1, column: column - 1, absoluteRow: absRow, absoluteColumn: absColumn)
    }

    mutating func number() throws(FormulaSyntaxError) -> CellFormula {
        let start = pos
        while pos < s.count, ("0"..."9").contains(s[pos]) || s[pos] == "." { pos += 1 }
        if pos < s.count, s[pos] == "E" || s[pos] == "e" {
            var k = pos + 1
            if k < s.count, s[k] == "+" || s[k] == "-" { k += 1 }
            if k < s.count, ("0"..."9").contains(s[k]) {
                pos = k
                while pos < s.count, ("0"..."9").contains(s[pos]) { pos += 1 }
            }
        }
        let written = String(String.UnicodeScalarView(s[start..<pos]))
        guard let d = Decimal(strict: written) else { throw fail("bad number '\(written)'") }
        return .number(d, written: written)
    }

    /// Text between `q`s, a doubled `q` standing for one.
    mutating func quoted(_ q: Unicode.Scalar) throws(FormulaSyntaxError) -> String {
        pos += 1
        var out = String.UnicodeScalarView()
        while pos < s.count {
            if s[pos] == q {
                if pos + 1 < s.count, s[pos + 1] == q { out.append(q); pos += 2; continue }
                pos += 1
                return String(out)
            }
            out.append(s[pos])
            pos += 1
        }
        throw fail("unterminated \(q == "'" ? "sheet name" : "text")")
    }

    mutating func errorLiteral() throws(FormulaSyntaxError) -> CellFormula {
        for e in ExcelErrorValue.literals where take(e.rawValue) { return .error(e) }
        throw fail("unknown error value")
    }
}
