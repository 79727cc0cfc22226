/// A sheet as listed in xl/workbook.xml.
public struct SheetInfo: Equatable, Sendable {
    public enum State: String, Sendable { case visible, hidden, veryHidden }
    public enum Kind: String, Sendable { case worksheet, chartsheet, dialogsheet, macrosheet }

    public var name: String
    public var state: State
    public var kind: Kind
    /// The part holding the sheet (xl/worksheets/sheet1.xml), resolved from the relationships.
    public var part: String
}

/// What a sheet says about itself besides its cells.
public struct SheetMetadata: Equatable, Sendable {
    /// The <dimension> as written (it may be missing or wrong; the cells decide).
    public var declaredDimension: CellRange?
    /// The range actually covered by cells with values.
    public var usedRange: CellRange?
    public var mergedRanges: [CellRange] = []
    /// Every cell's formula, in file order (`SheetFormula`): a side table, so a sheet without
    /// formulas costs nothing.
    public var formulas: [SheetFormula] = []
}

/// A whole sheet in memory, for the small tables jobs read (header detection needs merges).
public struct SheetGrid: Equatable, Sendable {
    public var name: String
    public var cells: [Cell]
    public var metadata: SheetMetadata

    /// The sheet's formulas (`SheetMetadata.formulas`).
    public var formulas: [SheetFormula] { metadata.formulas }

    /// The cell at (row, column), if it has a value.
    public func value(row: Int, column: Int) -> CellValue? {
        cells.first { $0.row == row && $0.column == column }?.value
    }

    /// Rows of values, `nil` for empty cells, from row 0 to the last row with a value; each
    /// row runs from column 0 to its own last value, so memory follows the cells present, not
    /// the extent (one stray value at XFD1048576 costs one long row, not a 17-billion-cell grid).
    public var rows: [[CellValue?]] {
        guard let used = metadata.usedRange else { return [] }
        var out = [[CellValue?]](repeating: [], count: used.lastRow + 1)
        for c in cells {
            if out[c.row].count <= c.column { out[c.row].append(contentsOf: repeatElement(nil, count: c.column + 1 - out[c.row].count)) }
            out[c.row][c.column] = c.value
        }
        return out
    }
}

/// An .xlsx workbook opened for reading. Sheets are streamed row by row on demand.
public final class Workbook {
    public let path: String
    public let sheets: [SheetInfo]
    /// The 1904 date system (<workbookPr date1904="1"/>).
    public let date1904: Bool
    let archive: Archive
    let limits: ReaderLimits
    private let sharedStringsPart: String?
    private let stylesPart: String?
    /// The custom document properties part the package relationships name, read with them.
    let customPropertiesPart: String
    private var loadedStrings: SharedStrings?
    private var loadedStyles: Styles?
    /// What is left of `limits.maxExpandedText` over every read of this workbook.
    private var textBudget: Int
    /// Bytes the sheet scanner reads at a time (tests make it tiny to cross every boundary).
    var chunkSize = 1 << 18
    /// Parts at least this large (inflated) are inflated on a second thread.
    var readAheadThreshold = 8 << 20
    /// Bytes the read-ahead thread inflates at a time (tests make it tiny).
    var readAheadChunk = 1 << 20
    /// Whether common cells are read in one step (tests turn it off to compare with the
    /// token-by-token read).
    var simpleCells = true

    public init(path: String, limits: ReaderLimits = .default) throws(ReaderError) {
        self.path = path
        self.limits = limits
        self.textBudget = limits.maxExpandedText
        let archive = try Archive(path: path, limits: limits)
        self.archive = archive

        // The package relationships name the workbook part.
        var workbookPart = "xl/workbook.xml"
        var customPart = "docProps/custom.xml"
        if archive.contains("_rels/.rels") {
            let rels = try Self.relationships(archive, part: "_rels/.rels", base: "")
            if let main = rels.first(where: { $0.type.hasSuffix("/officeDocument") }) { workbookPart = main.target }
            if let custom = rels.first(where: { $0.type.hasSuffix("/custom-properties") }) { customPart = custom.target }
        }
        customPropertiesPart = customPart
        guard archive.contains(workbookPart) else {
            if archive.contains("word/document.xml") {
                throw ReaderError(.missingWorkbook, file: path, "this is a Word document, not an Excel workbook")
            }
            throw ReaderError(.missingWorkbook, file: path, part: workbookPart,
                              "the archive has no workbook part, so it is not an .xlsx workbook")
        }
        let base = Self.directory(of: workbookPart)
        let relsPart = base + "_rels/" + Self.fileName(of: workbookPart) + ".rels"
        let rels = archive.contains(relsPart) ? try Self.relationships(archive, part: relsPart, base: base) : []
        sharedStringsPart = rels.first { $0.type.hasSuffix("/sharedStrings") }?.target
            ?? (archive.contains(base + "sharedStrings.xml") ? base + "sharedStrings.xml" : nil)
        stylesPart = rels.first { $0.type.hasSuffix("/styles") }?.target
            ?? (archive.contains(base + "styles.xml") ? base + "styles.xml" : nil)

        var sc = XMLScanner(source: try archive.open(workbookPart), file: path, part: workbookPart, limits: limits, chunk: 1 << 16)
        (self.sheets, self.date1904) = try Self.workbookPart(&sc, rels: rels, file: path, part: workbookPart)
    }

    /// Reads the workbook part: its sheets (name, state, kind and part, through the
    /// relationships) and the date system.
    static func workbookPart(_ sc: inout XMLScanner, rels: [Relationship], file path: String,
                             part workbookPart: String) throws(ReaderError) -> (sheets: [SheetInfo], date1904: Bool) {
        var sheets: [SheetInfo] = []
        var date1904 = false
        loop: while true {
            switch try sc.next() {
            case .start:
                if sc.nameIs("workbookPr") {
                    let v = try sc.attribute("date1904")
                    date1904 = v == "1" || v == "true"
                } else if sc.nameIs("sheet") {
                    guard let name = try sc.attribute("name") else { throw sc.error("a <sheet> without a name") }
                    var rid: String? = nil
                    var state = SheetInfo.State.visible
                    try sc.forEachAttribute { (ns, ne, vs, ve) throws(ReaderError) in
                        if sc.bytesEqual(ns, ne, "id") { var o: [UInt8] = []; try sc.appendDecoded(vs, ve, into: &o); rid = String(decoding: o, as: UTF8.self) }
                        if sc.bytesEqual(ns, ne, "state") {
                            if sc.bytesEqual(vs, ve, "hidden") { state = .hidden }
                            if sc.bytesEqual(vs, ve, "veryHidden") { state = .veryHidden }
                        }
                    }
                    guard let rel = rels.first(where: { $0.id == rid }) else {
                        throw ReaderError(.missingPart, file: path, part: workbookPart,
                                          "sheet '\(ReaderError.quote(name))' points to relationship '\(ReaderError.quote(rid ?? ""))', which does not exist")
                    }
                    let kind: SheetInfo.Kind = rel.type.hasSuffix("/chartsheet") ? .chartsheet
                        : rel.type.hasSuffix("/dialogsheet") ? .dialogsheet
                        : rel.type.hasSuffix("/xlMacrosheet") ? .macrosheet : .worksheet
                    sheets.append(SheetInfo(name: name, state: state, kind: kind, part: rel.target))
                }
            case .eof:
                break loop
            default:
                break
            }
        }
        return (sheets, date1904)
    }

    public func sheet(named name: String) -> SheetInfo? { sheets.first { $0.name == name } }

    // MARK: Relationships

    struct Relationship { var id: String; var type: String; var target: String }

    static func relationships(_ archive: Archive, part: String, base: String) throws(ReaderError) -> [Relationship] {
        var sc = XMLScanner(source: try archive.open(part), file: archive.path, part: part, limits: archive.limits, chunk: 1 << 16)
        return try relationships(&sc, base: base)
    }

    static func relationships(_ sc: inout XMLScanner, base: String) throws(ReaderError) -> [Relationship] {
        var out: [Relationship] = []
        while true {
            switch try sc.next() {
            case .start where sc.nameIs("Relationship"):
                if try sc.attribute("TargetMode") == "External" { continue }
                guard let id = try sc.attribute("Id"), let target = try sc.attribute("Target") else { continue }
                out.append(Relationship(id: id, type: try sc.attribute("Type") ?? "", target: resolve(target, base: base)))
            case .eof:
                return out
            default:
                continue
            }
        }
    }

    /// Resolves a relationship target against the folder of the part that holds it.
    /// "/xl/worksheets/sheet1.xml" is absolute; "worksheets/sheet1.xml" and "../x" are relative.
    static func resolve(_ target: String, base: String) -> String {
        let t = String(target.map { $0 == "\\" ? "/" : $0 })
        var parts: [Substring] = t.hasPrefix("/") ? [] : base.split(separator: "/")
        for p in t.split(separator: "/") {
            if p == "." { continue }
            if p == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(p)
        }
        return parts.joined(separator: "/")
    }

    static func directory(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    static func fileName(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return part }
        return String(part[part.index(after: slash)...])
    }

    // MARK: Shared parts

    /// Reads the parts every sheet needs (the shared-string table and the styles), so that a
    /// workbook whose shared parts cannot be read is known before any sheet is.
    public func checkSharedParts() throws(ReaderError) {
        _ = try sharedStrings()
        _ = try styles()
    }

    func sharedStrings() throws(ReaderError) -> SharedStrings {
        if let loadedStrings { return loadedStrings }
        var s = SharedStrings()
        if let part = sharedStringsPart, archive.contains(part) {
            var sc = XMLScanner(source: try archive.open(part), file: path, part: part, limits: limits, chunk: chunkSize)
            s = try SharedStrings(scanner: &sc, limits: limits)
        }
        loadedStrings = s
        return s
    }

    func styles() throws(ReaderError) -> Styles {
        if let loadedStyles { return loadedStyles }
        var s = Styles()
        if let part = stylesPart, archive.contains(part) {
            var sc = XMLScanner(source: try archive.open(part), file: path, part: part, limits: limits, chunk: 1 << 16)
            s = try Styles(scanner: &sc)
        }
        loadedStyles = s
        return s
    }

    // MARK: Reading sheets

    /// Streams the sheet's rows in file order to `body`, one reused `Row` at a time, and
    /// returns the sheet's metadata (merged ranges come after the cells in the file; the
    /// cells' formulas with `keepingFormulas`).
    @discardableResult
    public func read(_ sheet: SheetInfo, keepingFormulas: Bool = false, _ body: (Row) throws -> Void) throws -> SheetMetadata {
        guard sheet.kind == .worksheet || sheet.kind == .macrosheet else { return SheetMetadata() }
        guard archive.contains(sheet.part) else {
            throw ReaderError(.missingPart, file: path, part: sheet.part, "the part of sheet '\(ReaderError.quote(sheet.name))' is missing")
        }
        let strings = try sharedStrings()
        let styles = try styles()
        let entry = try archive.open(sheet.part)
        // Large parts inflate on a second thread. The body must not read this same workbook
        // meanwhile (one zip handle is not safe to use from two threads).
        let readAhead = entry.declaredSize >= readAheadThreshold ? ReadAheadSource.start(entry, chunk: readAheadChunk) : nil
        defer { readAhead?.finish() }
        let source: any ByteSource = readAhead ?? entry
        var reader = SheetReader(scanner: XMLScanner(source: source, file: path, part: sheet.part, limits: limits, chunk: chunkSize),
                                 strings: strings, styles: styles, date1904: date1904, sheet: sheet.name,
                                 limits: limits, textBudget: textBudget)
        reader.simpleCells = simpleCells
        reader.keepFormulas = keepingFormulas
        defer { textBudget = reader.textBudget }
        return try reader.run(body)
    }

    /// Reads a whole sheet into memory, with its formulas.
    public func grid(_ sheet: SheetInfo) throws -> SheetGrid {
        var cells: [Cell] = []
        let meta = try read(sheet, keepingFormulas: true) { row in
            for i in 0..<row.count {
                cells.append(Cell(row: row.index, column: row.column(i), value: row.value(i), numberFormat: row.numberFormat(i)))
            }
        }
        return SheetGrid(name: sheet.name, cells: cells, metadata: meta)
    }

    /// The cells of a sheet's first `rows` rows, reading no further into the part (a title
    /// search looks at a sheet's head without reading the whole sheet).
    public func head(_ sheet: SheetInfo, rows: Int) throws -> [Cell] {
        struct Enough: Error {}
        var cells: [Cell] = []
        do {
            try read(sheet) { row in
                if row.index >= rows { throw Enough() }
                for i in 0..<row.count {
                    cells.append(Cell(row: row.index, column: row.column(i), value: row.value(i), numberFormat: row.numberFormat(i)))
                }
            }
        } catch is Enough {}
        return cells
    }

    /// Reads a sheet by name.
    public func grid(named name: String) throws -> SheetGrid {
        guard let s = sheet(named: name) else {
            throw ReaderError(.sheetNotFound, file: path, "no sheet named '\(name)' (sheets: \(sheets.map(\.name).joined(separator: ", ")))")
        }
        return try grid(s)
    }
}
