/// Each XML part read on its own, from bytes in memory, as the workbook reader reads it inside
/// a zip. The fuzz targets (Fuzz/) and the regression tests feed parts here directly: deflate
/// hides a part's structure from a mutating fuzzer, so the XML is mutated as XML.
///
/// Every function either returns or throws a `ReaderError`; none may trap, hang or grow
/// without bound on any input.
@_spi(Parts)
public enum PartReading {
    public enum Part: String, CaseIterable, Sendable {
        case sheet, sharedStrings, styles, workbook, relationships, properties
    }

    /// Small scanner chunks, so that inputs cross buffer boundaries as big parts do.
    static let chunk = 61

    /// Reads one part of the given kind. A sheet is read with `strings` as its shared-string
    /// part (when given) and visits every cell's value and CSV text. Returns how many values
    /// (cells, strings, formats, sheets or relationships) it read.
    @discardableResult
    public static func read(_ part: Part, _ bytes: [UInt8], strings: [UInt8]? = nil,
                            limits: ReaderLimits = .default) throws(ReaderError) -> Int {
        var sc = scanner(bytes, part: part.rawValue, limits: limits)
        switch part {
        case .sharedStrings:
            let s = try SharedStrings(scanner: &sc, limits: limits)
            for i in 0..<s.count { _ = s.string(i) }
            return s.count
        case .styles:
            return try Styles(scanner: &sc).formatCodes.count
        case .workbook:
            let rels = [Workbook.Relationship(id: "rId1", type: "/worksheet", target: "xl/worksheets/sheet1.xml")]
            return try Workbook.workbookPart(&sc, rels: rels, file: "fuzz", part: part.rawValue).sheets.count
        case .relationships:
            return try Workbook.relationships(&sc, base: "xl/").count
        case .properties:
            return try Workbook.customProperties(&sc).count
        case .sheet:
            return try sheet(consume sc, strings: try sharedStrings(strings, limits: limits), limits: limits)
        }
    }

    /// A sheet part read whole into a grid, as `Workbook.grid` reads one inside a zip.
    public static func grid(_ bytes: [UInt8], strings: [UInt8]? = nil, limits: ReaderLimits = .default) throws(ReaderError) -> SheetGrid {
        let table = try sharedStrings(strings, limits: limits)
        var reader = SheetReader(scanner: scanner(bytes, part: Part.sheet.rawValue, limits: limits), strings: table, styles: Styles(),
                                 date1904: false, sheet: "fuzz", limits: limits, textBudget: limits.maxExpandedText)
        reader.keepFormulas = true
        var cells: [Cell] = []
        do {
            let meta = try reader.run { row in
                for i in 0..<row.count {
                    cells.append(Cell(row: row.index, column: row.column(i), value: row.value(i), numberFormat: row.numberFormat(i)))
                }
            }
            return SheetGrid(name: "fuzz", cells: cells, metadata: meta)
        } catch let e as ReaderError {
            throw e
        } catch {
            preconditionFailure("the sheet reader threw a \(type(of: error)), not a ReaderError")
        }
    }

    /// The shared-string table a sheet part is read with: `strings` read as the part, or none.
    static func sharedStrings(_ strings: [UInt8]?, limits: ReaderLimits) throws(ReaderError) -> SharedStrings {
        guard let strings else { return SharedStrings() }
        var sc = scanner(strings, part: Part.sharedStrings.rawValue, limits: limits)
        return try SharedStrings(scanner: &sc, limits: limits)
    }

    static func scanner(_ bytes: [UInt8], part: String, limits: ReaderLimits) -> XMLScanner {
        XMLScanner(source: MemorySource(bytes), file: "fuzz", part: part, limits: limits, chunk: chunk)
    }

    static func sheet(_ sc: consuming XMLScanner, strings: SharedStrings, limits: ReaderLimits) throws(ReaderError) -> Int {
        var reader = SheetReader(scanner: sc, strings: strings, styles: Styles(), date1904: false, sheet: "fuzz",
                                 limits: limits, textBudget: limits.maxExpandedText)
        reader.keepFormulas = true
        var cells = 0
        var csv: [UInt8] = []
        do {
            _ = try reader.run { row in
                for i in 0..<row.count {
                    _ = row.value(i)
                    _ = row.numberFormat(i)
                    csv.removeAll(keepingCapacity: true)
                    row.appendCSV(i, to: &csv)
                    cells += 1
                }
            }
        } catch let e as ReaderError {
            throw e
        } catch {
            preconditionFailure("the sheet reader threw a \(type(of: error)), not a ReaderError")
        }
        return cells
    }
}
