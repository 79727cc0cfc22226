import Foundation

/// A small arithmetic form for what the other rules do not cover, parsed once and evaluated in
/// decimal: `round(process + yearend * 50% + leader, 2)`.
///
/// Grammar: numbers (`45`, `0.5`, `1e2`), percentages (`50%`), names (letters of any script,
/// digits, `_`; not starting with a digit), `+ - * /`, unary minus, parentheses, and the
/// functions `round(x, n)` (half up), `floor(x[, n])`, `ceil(x[, n])`, `min(a, …)`,
/// `max(a, …)`, `abs(x)`.
public indirect enum Expression: Sendable, Equatable {
    case number(Decimal)
    case name(String)
    case negate(Expression)
    case binary(Operator, Expression, Expression)
    case call(Function, [Expression])

    public enum Operator: String, Sendable { case add = "+", subtract = "-", multiply = "*", divide = "/" }
    public enum Function: String, Sendable, CaseIterable { case round, floor, ceil, min, max, abs }

    /// Names the expression reads, in order of first use.
    public var names: [String] {
        var seen: [String] = []
        func walk(_ e: Expression) {
            switch e {
            case .number: break
            case .name(let n): if !seen.contains(n) { seen.append(n) }
            case .negate(let x): walk(x)
            case .binary(_, let a, let b): walk(a); walk(b)
            case .call(_, let args): args.forEach(walk)
            }
        }
        walk(self)
        return seen
    }
}

/// Why an expression could not be parsed. `column` is 1-based, in characters.
public struct ExpressionSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var column: Int
    public var description: String { "\(message) at column \(column)" }
}

/// Why an expression could not be evaluated for a unit.
public enum ExpressionEvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownName(String)
    case notANumber(String, Value)
    case divisionByZero

    public var description: String {
        switch self {
        case .unknownName(let n): return "unknown name '\(n)'"
        case .notANumber(let n, let v):
            switch v {
            case .missing: return "'\(n)' is missing"
            case .notApplicable: return "'\(n)' is not applicable"
            default: return "'\(n)' is not a number: \(v)"
            }
        case .divisionByZero: return "division by zero"
        }
    }
}

extension Expression {
    /// Parses `text`; `knownNames`, when given, makes an unknown name a syntax error.
    public static func parse(_ text: String, knownNames: Set<String>? = nil) throws(ExpressionSyntaxError) -> Expression {
        var p = ExpressionParser(chars: Array(text), knownNames: knownNames)
        return try p.parseAll()
    }

    /// Evaluates with names looked up in `lookup` (nil means the name is unknown).
    public func evaluate(_ lookup: (String) -> Value?) throws(ExpressionEvaluationError) -> Decimal {
        switch self {
        case .number(let d):
            return d
        case .name(let n):
            guard let v = lookup(n) else { throw .unknownName(n) }
            guard case .number(let d) = v else { throw .notANumber(n, v) }
            return d
        case .negate(let x):
            return -(try x.evaluate(lookup))
        case .binary(let op, let a, let b):
            let x = try a.evaluate(lookup)
            let y = try b.evaluate(lookup)
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide:
                guard y != 0 else { throw .divisionByZero }
                return x / y
            }
        case .call(let f, let args):
            var values: [Decimal] = []
            for a in args { values.append(try a.evaluate(lookup)) }
            let places = values.count > 1 ? Self.places(values[1]) : 0
            switch f {
            case .round: return values[0].roundedHalfUp(places)
            case .floor: return values[0].roundedDown(places)
            case .ceil: return values[0].roundedUp(places)
            case .min: return values.min()!
            case .max: return values.max()!
            case .abs: return values[0] < 0 ? -values[0] : values[0]
            }
        }
    }

    private static func places(_ d: Decimal) -> Int {
        NSDecimalNumber(decimal: d.roundedHalfUp(0)).intValue
    }

    /// The same computation as an Excel formula (without the leading "="), with each name
    /// replaced by `reference(name)`. Excel's ROUND is half away from zero, like `round` here.
    public func formula(_ reference: (String) -> Formula) -> Formula {
        func f(_ e: Expression, _ parentPrecedence: Int) -> Formula {
            switch e {
            case .number(let d): return .literal(d)
            case .name(let n): return reference(n)
            case .negate(let x): return "-" + f(x, 3)
            case .binary(let op, let a, let b):
                let p = (op == .add || op == .subtract) ? 1 : 2
                let s = f(a, p) + .text(op.rawValue) + f(b, p + 1)
                return p < parentPrecedence ? s.wrapped("(", ")") : s
            case .call(let fn, let args):
                let a = args.map { f($0, 0) }
                let n: Formula = a.count > 1 ? a[1] : "0"
                switch fn {
                case .round: return "ROUND(" + a[0] + "," + n + ")"
                case .floor: return "(INT((" + a[0] + ")*10^" + n + ")/10^" + n + ")"
                case .ceil: return "(-INT(-(" + a[0] + ")*10^" + n + ")/10^" + n + ")"
                case .min: return Formula.join(a, separator: ",").wrapped("MIN(", ")")
                case .max: return Formula.join(a, separator: ",").wrapped("MAX(", ")")
                case .abs: return a[0].wrapped("ABS(", ")")
                }
            }
        }
        return f(self, 0)
    }

    /// The formula as text, each name replaced by `reference(name)` (a cell address).
    public func excelFormula(_ reference: (String) -> String) -> String {
        formula { .text(reference($0)) }.text { $0 }
    }
}

/// `expression: "过程管控 + 年终考核 + 领导评价"`: any arithmetic over inputs and earlier scores.
public struct ExpressionRule: ScoringRule {
    public static let key = "expression"
    public var expression: Expression

    public init(_ expression: Expression) { self.expression = expression }

    public static func parse(_ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> ExpressionRule? {
        guard let text = r.scalarString(node, "expression") else { return nil }
        do {
            return ExpressionRule(try Expression.parse(text, knownNames: known))
        } catch {
            // Point at the character inside the expression (past an opening quote).
            r.fail(node, atOffset: error.column - 1, "bad expression: \(error.message)")
            return nil
        }
    }

    public var inputs: [String] { expression.names }
    public var description: String { "expression(\(expression.excelFormula { $0 }))" }

    public func evaluate(_ c: RuleContext) -> RuleOutcome {
        do {
            return RuleOutcome(value: try expression.evaluate { name in
                let v = c.env[name]
                if v == nil || v == .missing, c.emptyIsZero { return .number(0) }
                return v ?? .missing
            })
        } catch {
            switch error {
            case .notANumber(let n, _), .unknownName(let n):
                return RuleOutcome(value: nil, findings: [c.missing(n)])
            case .divisionByZero:
                return RuleOutcome(value: nil, findings: [Finding(kind: .missingValue, unit: c.unit, item: c.column,
                                                                  message: "\(c.column)计算时除数为 0")])
            }
        }
    }

    public func formula(_ c: FormulaContext) -> Formula? {
        var ok = true
        let f = expression.formula { n in
            guard let r = c.reference(n) else { ok = false; return "0" }
            return r
        }
        return ok ? f : nil
    }
}

private struct ExpressionParser {
    let chars: [Character]
    let knownNames: Set<String>?
    var pos = 0

    init(chars: [Character], knownNames: Set<String>?) {
        self.chars = chars
        self.knownNames = knownNames
    }

    mutating func parseAll() throws(ExpressionSyntaxError) -> Expression {
        skipSpace()
        guard pos < chars.count else { throw fail("empty expression") }
        let e = try parseSum()
        skipSpace()
        guard pos == chars.count else { throw fail("unexpected '\(chars[pos])'") }
        return e
    }

    func fail(_ message: String, at position: Int? = nil) -> ExpressionSyntaxError {
        ExpressionSyntaxError(message: message, column: (position ?? pos) + 1)
    }

    mutating func skipSpace() {
        while pos < chars.count, chars[pos].isWhitespace { pos += 1 }
    }

    mutating func peek() -> Character? {
        skipSpace()
        return pos < chars.count ? chars[pos] : nil
    }

    mutating func parseSum() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseProduct()
        while let c = peek(), c == "+" || c == "-" {
            pos += 1
            let right = try parseProduct()
            left = .binary(c == "+" ? .add : .subtract, left, right)
        }
        return left
    }

    mutating func parseProduct() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseUnary()
        while let c = peek(), c == "*" || c == "/" || c == "×" || c == "÷" {
            pos += 1
            let right = try parseUnary()
            left = .binary((c == "*" || c == "×") ? .multiply : .divide, left, right)
        }
        return left
    }

    mutating func parseUnary() throws(ExpressionSyntaxError) -> Expression {
        if let c = peek(), c == "-" {
            pos += 1
            return .negate(try parseUnary())
        }
        if let c = peek(), c == "+" {
            pos += 1
            return try parseUnary()
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(ExpressionSyntaxError) -> Expression {
        guard let c = peek() else { throw fail("expression ends too early") }
        if c == "(" {
            pos += 1
            let e = try parseSum()
            guard peek() == ")" else { throw fail("expected ')'") }
            pos += 1
            return e
        }
        if c.isASCII, c.isNumber || c == "." {
            return try parseNumber()
        }
        if c.isLetter || c == "_" {
            let start = pos
            while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" { pos += 1 }
            let name = String(chars[start..<pos])
            if peek() == "(" {
                guard let fn = Expression.Function(rawValue: name.lowercased()) else {
                    throw fail("unknown function '\(name)'", at: start)
                }
                pos += 1
                var args: [Expression] = []
                if peek() != ")" {
                    args.append(try parseSum())
                    while peek() == "," { pos += 1; args.append(try parseSum()) }
                }
                guard peek() == ")" else { throw fail("expected ')' or ','") }
                pos += 1
                let arity: ClosedRange<Int>
                switch fn {
                case .round: arity = 2...2
                case .floor, .ceil: arity = 1...2
                case .abs: arity = 1...1
                case .min, .max: arity = 1...64
                }
                guard arity.contains(args.count) else {
                    throw fail("\(fn.rawValue) takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)") argument(s), got \(args.count)", at: start)
                }
                return .call(fn, args)
            }
            if let known = knownNames {
                guard let i = known.firstIndex(of: name) else { throw fail("unknown name '\(name)'", at: start) }
                return .name(known[i]) // the job's own copy of the name: lookups then compare equal at once
            }
            return .name(name)
        }
        throw fail("unexpected '\(c)'")
    }

    mutating func parseNumber() throws(ExpressionSyntaxError) -> Expression {
        let start = pos
        while pos < chars.count, chars[pos].isASCII, chars[pos].isNumber || chars[pos] == "." { pos += 1 }
        if pos < chars.count, chars[pos] == "e" || chars[pos] == "E" {
            var q = pos + 1
            if q < chars.count, chars[q] == "+" || chars[q] == "-" { q += 1 }
            if q < chars.count, chars[q].isASCII, chars[q].isNumber {
                pos = q
                while pos < chars.count, chars[pos].isASCII, chars[pos].isNumber { pos += 1 }
            }
        }
        let text = String(chars[start..<pos])
        guard var value = Decimal(strict: text) else { throw fail("bad number '\(text)'", at: start) }
        if pos < chars.count, chars[pos] == "%" {
            pos += 1
            value = value / 100
        }
        return .number(value)
    }
}
