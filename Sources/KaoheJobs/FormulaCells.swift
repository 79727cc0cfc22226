import Foundation
import KaoheFormat
import KaoheReader
import KaoheScoring

/// The formulas of a sheet being bound (issue 28): a formula whose result the file does not
/// hold (openpyxl and other scripts save `=C14+D14` without one) is computed from the cells of
/// the same workbook where the formula is one Kaohe computes (`CellFormula.evaluate`); a
/// formula whose saved result differs from what its inputs' saved values give is found out.
/// Other sheets of the workbook are read only when a formula names them.
final class FormulaCells {
    private struct Key: Hashable { var sheet: String; var row: Int; var column: Int }

    private struct SheetCells {
        var name: String
        var rows: [[CellValue?]]
        var formulas: [Int: [Int: SheetFormula]]
    }

    /// The bound sheet's key in `sheets`.
    private let own: String
    private var sheets: [String: SheetCells?] = [:]
    private let otherSheet: (String) -> SheetGrid?
    private var results: [Key: Result<FormulaResult, FormulaFailure>] = [:]
    private var visiting: Set<Key> = []

    /// `rows`: the grid's rows, as the binding already has them; `otherSheet`: another sheet of
    /// the workbook by name (nil: there is none, or it cannot be read).
    init(grid: SheetGrid, rows: [[CellValue?]], otherSheet: @escaping (String) -> SheetGrid?) {
        own = Self.key(grid.name)
        self.otherSheet = otherSheet
        sheets[own] = SheetCells(name: grid.name, rows: rows, formulas: Self.index(grid.formulas))
    }

    static func key(_ sheet: String) -> String { sheet.lowercased() }

    private static func index(_ formulas: [SheetFormula]) -> [Int: [Int: SheetFormula]] {
        var out: [Int: [Int: SheetFormula]] = [:]
        for f in formulas { out[f.row, default: [:]][f.column] = f }
        return out
    }

    /// The bound sheet's formula in a cell, if it has one.
    func formula(row: Int, column: Int) -> SheetFormula? { sheets[own]??.formulas[row]?[column] }

    /// The formula as its cell reads it: as written ("=C14+D14"), or for a cell of a shared
    /// formula with its own references (one that does not parse: as written for its first
    /// cell, which it names).
    func text(of f: SheetFormula) -> String {
        guard f.isShared else { return "=" + f.text }
        guard let parsed = try? CellFormula.parse(f.text) else {
            return "=\(f.text)（\(CellReference.name(row: f.anchorRow, column: f.anchorColumn)) 的共享公式）"
        }
        return "=" + parsed.moved(rows: f.row - f.anchorRow, columns: f.column - f.anchorColumn).description
    }

    /// The bound sheet's formula computed from the values the workbook holds (for a cell of
    /// the formula's inputs without a saved result, from its own formula in turn).
    func compute(_ f: SheetFormula) -> Result<FormulaResult, FormulaFailure> {
        compute(f, key: Key(sheet: own, row: f.row, column: f.column))
    }

    private func compute(_ f: SheetFormula, key: Key) -> Result<FormulaResult, FormulaFailure> {
        if let done = results[key] { return done }
        guard !visiting.contains(key) else { return .failure(FormulaFailure("公式循环引用了自身")) }
        visiting.insert(key)
        defer { visiting.remove(key) }
        let result: Result<FormulaResult, FormulaFailure>
        do {
            let parsed = try CellFormula.parse(f.text).moved(rows: f.row - f.anchorRow, columns: f.column - f.anchorColumn)
            result = .success(try parsed.evaluate { (r: FormulaReference) throws(FormulaFailure) -> FormulaValue in
                try self.value(r, from: key.sheet)
            })
        } catch let e as FormulaSyntaxError {
            result = .failure(FormulaFailure("公式无法识别（\(e.message)）"))
        } catch let e as FormulaFailure {
            result = .failure(e)
        } catch {
            result = .failure(FormulaFailure("\(error)"))
        }
        results[key] = result
        return result
    }

    /// A referenced cell's value: the one the file holds, or its formula's when it holds none.
    private func value(_ r: FormulaReference, from sheet: String) throws(FormulaFailure) -> FormulaValue {
        let key = r.sheet.map(Self.key) ?? sheet
        guard let cells = load(key, named: r.sheet) else { throw FormulaFailure("公式引用的工作表“\(r.sheet ?? "")”不存在") }
        let name = (r.sheet.map { $0 + "!" } ?? "") + CellReference.name(row: r.row, column: r.column)
        if r.row < cells.rows.count, r.column < cells.rows[r.row].count, let v = cells.rows[r.row][r.column] {
            switch v {
            case .number(let t): return Binder.decimal(excelNumber: t).map(FormulaValue.number) ?? .text(t)
            case .string(let s): return .text(s)
            case .bool(let b): return .bool(b)
            case .error(let e): return .error(ExcelErrorValue(rawValue: e))
            case .date: throw FormulaFailure("公式引用的 \(name) 是日期，未计算")
            }
        }
        guard let f = cells.formulas[r.row]?[r.column] else { return .empty }
        switch compute(f, key: Key(sheet: key, row: r.row, column: r.column)) {
        case .success(let result): return result.value
        case .failure(let e): throw FormulaFailure("公式引用的 \(name) 也是没有保存结果的公式，无法计算（\(e.reason)）")
        }
    }

    private func load(_ key: String, named name: String?) -> SheetCells? {
        if let known = sheets[key] { return known }
        let cells = name.flatMap(otherSheet).map { SheetCells(name: $0.name, rows: $0.rows, formulas: Self.index($0.formulas)) }
        sheets[key] = .some(cells)
        return cells
    }
}

extension SheetBinding {
    /// A bound cell's value with its formula accounted for: without a saved result, the one
    /// computed (a note says so) or none (a finding tells the lead unit to open and save the
    /// file in Excel or WPS); with one that its formula does not give, a finding. `r`, `c`:
    /// where the cell shows in the view (a merged range's first cell for the cells it covers).
    func withFormula(_ cell: CellValue?, _ r: Int, _ c: Int, unit: String, input: String, _ findings: inout [AuditFinding]) -> CellValue? {
        let (fr, fc) = original(r, c)
        guard let formulas, let f = formulas.formula(row: fr, column: fc) else { return cell }
        let ref = CellReference.name(row: fr, column: fc)
        func add(_ kind: Finding.Kind, _ message: String, saved: Decimal? = nil, computed: Decimal? = nil) {
            findings.append(AuditFinding(table: table.id, finding: Finding(kind: kind, unit: unit, item: input, published: saved,
                                                                           computed: computed, message: message), location: location(r, c)))
        }
        guard let cell else {
            guard case .success(let result) = formulas.compute(f) else {
                add(.missingValue, "单元格 \(ref) 是公式（\(formulas.text(of: f))），文件中没有保存它的计算结果；请用 Excel 或 WPS 打开并保存后重新报送")
                return nil
            }
            let value = Self.cellValue(result.value)
            add(.note, "单元格 \(ref) 的公式 \(formulas.text(of: f)) 在文件中没有保存计算结果，已按公式算得 \(value.text)")
            return value
        }
        guard case .number(let t) = cell, let saved = Binder.decimal(excelNumber: t),
              case .success(let result) = formulas.compute(f), case .number(let computed) = result.value,
              !CellFormula.agrees(saved: saved, computed: computed, exact: result.exact) else { return cell }
        let shown = CellFormula.excelPrecision(computed)
        add(.formulaMismatch, "单元格 \(ref) 的公式 \(formulas.text(of: f)) 按文件中的数值算得 \(shown.plainText)，文件中保存的结果却是 \(saved.plainText)"
            + "（可能是手动计算未更新）；请用 Excel 或 WPS 重新计算（F9）并保存后重新报送", saved: saved, computed: shown)
        return cell
    }

    /// A computed value as the cell would hold it (an empty result shows 0, as in Excel).
    static func cellValue(_ v: FormulaValue) -> CellValue {
        switch v {
        case .number(let d): return .number(CellFormula.excelPrecision(d).plainText)
        case .text(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .empty: return .number("0")
        case .error(let e): return .error(e.rawValue)
        }
    }
}
