/// One row of a sheet, reused from row to row while streaming: copy what you keep.
public final class Row {
    enum Kind: UInt8 { case number, date, shared, inline, bool, error, isoDate }

    struct RawCell {
        var column: Int32
        var kind: Kind
        /// Arena range, or the shared-string index in `start`.
        var start: Int32
        var length: Int32
        /// The cell format (s= attribute).
        var style: Int32 = 0
    }

    // The scanner points these at its own row buffers for the length of one call of the body
    // (and back at nothing after it), so reading a cell is a load, not a retain and a release.
    /// 0-based row index.
    public internal(set) var index = 0
    var cells = UnsafeBufferPointer<RawCell>(start: nil, count: 0)
    var arena = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    let strings: SharedStrings
    let date1904: Bool
    let formatCodes: [String?]

    init(strings: SharedStrings, date1904: Bool, formatCodes: [String?]) {
        self.strings = strings
        self.date1904 = date1904
        self.formatCodes = formatCodes
    }

    /// Cells with a value in this row.
    public var count: Int { cells.count }

    @inline(__always)
    private func cell(_ i: Int) -> RawCell {
        precondition(i >= 0 && i < cells.count, "cell index out of range (a Row is valid only inside the body)")
        return cells[i]
    }

    /// 0-based column of cell i.
    public func column(_ i: Int) -> Int { Int(cell(i).column) }

    private func bytes(_ c: RawCell) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: arena[Int(c.start)..<Int(c.start + c.length)])
    }

    private func text(_ c: RawCell) -> String { String(decoding: bytes(c), as: UTF8.self) }

    /// The number format code of cell i ("0.00"); nil for General.
    public func numberFormat(_ i: Int) -> String? {
        let s = Int(cell(i).style)
        return s < formatCodes.count ? formatCodes[s] : nil
    }

    /// The value of cell i.
    public func value(_ i: Int) -> CellValue {
        let c = cell(i)
        switch c.kind {
        case .number: return .number(text(c))
        case .date:
            let t = text(c)
            if let serial = Double(t), let iso = ExcelDate.iso(serial: serial, date1904: date1904) { return .date(iso) }
            return .number(t)
        case .shared: return .string(strings.string(Int(c.start)))
        case .inline: return .string(text(c))
        case .bool: return .bool(text(c) == "1" || text(c) == "true")
        case .error: return .error(text(c))
        case .isoDate: return .date(text(c))
        }
    }

    /// Appends cell i as a CSV field.
    public func appendCSV(_ i: Int, to out: inout [UInt8]) {
        let c = cell(i)
        switch c.kind {
        case .number, .error, .isoDate:
            out.append(contentsOf: bytes(c))
        case .shared:
            let r = strings.range(Int(c.start))
            if strings.needsQuoting[Int(c.start)] {
                Self.appendQuoted(strings.bytes[r], to: &out)
            } else {
                out.append(contentsOf: strings.bytes[r])
            }
        case .inline:
            let slice = bytes(c)[...]
            if CSV.needsQuoting(slice) { Self.appendQuoted(slice, to: &out) } else { out.append(contentsOf: slice) }
        case .bool, .date:
            out.append(contentsOf: value(i).text.utf8)
        }
    }

    static func appendQuoted<C: Collection<UInt8>>(_ bytes: C, to out: inout [UInt8]) {
        out.append(0x22)
        for b in bytes {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        out.append(0x22)
    }
}

/// Streams one worksheet part: <row>, <c> with its <v> or <is>, <mergeCell>, <dimension>.
struct SheetReader: ~Copyable {
    var sc: XMLScanner
    let strings: SharedStrings
    let isDateStyle: [Bool]
    let formatCodes: [String?]
    let date1904: Bool
    let sheet: String
    let maxCellCharacters: Int
    let maxExpandedText: Int
    /// Bytes of cell text the workbook may still expand to (ReaderLimits.maxExpandedText).
    var textBudget: Int
    /// Whether common cells are read in one step (`XMLScanner.simpleCell`).
    var simpleCells = true
    /// Whether cells' formulas are kept (`SheetMetadata.formulas`); a streaming read that
    /// only wants values skips them.
    var keepFormulas = false

    init(scanner: consuming XMLScanner, strings: SharedStrings, styles: Styles, date1904: Bool, sheet: String,
         limits: ReaderLimits, textBudget: Int) {
        self.maxCellCharacters = limits.maxCellCharacters
        self.maxExpandedText = limits.maxExpandedText
        self.textBudget = textBudget
        self.sc = scanner
        self.strings = strings
        self.isDateStyle = styles.isDate
        self.formatCodes = styles.formatCodes
        self.date1904 = date1904
        self.sheet = sheet
    }

    enum CellType { case number, shared, inline, formulaString, bool, error, isoDate }

    /// An error about one cell, naming the sheet and the cell.
    mutating func cellError(_ kind: ReaderError.Kind, row: Int, column: Int, _ message: String) -> ReaderError {
        var e = sc.error(message)
        e.kind = kind
        e.sheet = sheet
        e.cell = CellReference.name(row: row, column: column)
        return e
    }

    mutating func check(_ problem: CellTextProblem?, row: Int, column: Int) throws(ReaderError) {
        guard let problem else { return } // every text cell comes here: name the cell only for a problem
        let name = CellReference.name(row: row, column: column)
        switch problem {
        case .tooLong(let n):
            throw cellError(.cellTooLong, row: row, column: column,
                            "cell \(name) holds \(n) characters; Excel allows at most \(maxCellCharacters)")
        case .nul:
            throw cellError(.invalidCharacter, row: row, column: column, "cell \(name) holds a NUL character (U+0000)")
        }
    }

    mutating func spend(_ bytes: Int) throws(ReaderError) {
        textBudget -= bytes
        if textBudget < 0 {
            var e = sc.error("the cells' text adds up to more than the workbook's budget of \(maxExpandedText >> 20) MB (one string used by very many cells, or one sheet listed many times?)")
            e.kind = .tooMuchText
            e.sheet = sheet
            throw e
        }
    }

    mutating func run(_ body: (Row) throws -> Void) throws -> SheetMetadata {
        let row = Row(strings: strings, date1904: date1904, formatCodes: formatCodes)
        var s = ScanState()
        s.cells.reserveCapacity(64)
        s.arena.reserveCapacity(4096)
        var tag = XMLScanner.CellTag()
        while true {
            if simpleCells, !s.cellOpen, sc.simpleCell(&tag) { // most cells: <c …/> or <c …><v>TEXT</v></c> in one step
                try openCell(ref: tag.ref, at: tag.position, type: tag.type, style: tag.style, styleValue: tag.styleValue,
                             selfClosing: tag.value.start < 0, &s)
                if tag.value.start >= 0 {
                    sc.skipSimpleValue(tag)
                    try closeCell(value: tag.value, &s)
                }
                continue
            }
            switch try sc.next() {
            case .start:
                if sc.nameIs("c") {
                    try cellStartTag(&s)
                } else if s.cellOpen && sc.nameIs("v") {
                    s.inV = !sc.selfClosing
                    s.vStart = s.arena.count; s.vEnd = s.vStart
                } else if s.cellOpen && sc.nameIs("is") {
                    s.inIs = !sc.selfClosing
                    s.isStart = s.arena.count; s.isEnd = s.isStart
                } else if keepFormulas && s.cellOpen && sc.nameIs("f") {
                    try formulaStartTag(&s)
                } else if s.inIs && sc.nameIs("rPh") {
                    if !sc.selfClosing { s.phonetic += 1 }
                } else if s.inIs && s.phonetic == 0 && sc.nameIs("t") {
                    s.inT = !sc.selfClosing
                    s.tStart = s.arena.count
                    s.preserve = try sc.preservesSpace()
                } else if sc.nameIs("row") {
                    try emit(row, &s, body)
                    try openRow(&s)
                } else if sc.nameIs("mergeCell") {
                    if let ref = try sc.attribute("ref") {
                        guard let range = CellRange(ref) else { throw sc.error("bad merged range '\(ReaderError.quote(ref))'") }
                        s.meta.mergedRanges.append(range)
                    }
                } else if sc.nameIs("dimension") {
                    s.meta.declaredDimension = try sc.attribute("ref").flatMap(CellRange.init)
                }
            case .text:
                if s.inV {
                    try sc.appendText(into: &s.arena); s.vEnd = s.arena.count
                } else if s.inT {
                    try sc.appendText(into: &s.arena); s.isEnd = s.arena.count
                } else if s.inF {
                    try sc.appendText(into: &s.formulaText)
                }
            case .end:
                try endTag(row, &s, body)
            case .eof:
                try emit(row, &s, body)
                s.meta.formulas = s.formulas.finish()
                if s.maxRow >= 0 {
                    s.meta.usedRange = CellRange(firstRow: s.minRow, firstColumn: s.minCol, lastRow: s.maxRow, lastColumn: s.maxCol)
                }
                return s.meta
            }
        }
    }

    /// A <c> start tag the one-step read left (other attributes, a prefix, a formula …).
    private mutating func cellStartTag(_ s: inout ScanState) throws(ReaderError) {
        var ref = (-1, -1), type = (-1, -1), style = (-1, -1)
        try sc.forEachAttribute { (ns, ne, vs, ve) throws(ReaderError) in
            guard ne - ns == 1 else { return }
            switch sc.byte(ns) {
            case 0x72: ref = (vs, ve) // r
            case 0x74: type = (vs, ve) // t
            case 0x73: style = (vs, ve) // s
            default: break
            }
        }
        try openCell(ref: ref, at: nil, type: type, style: style, styleValue: nil, selfClosing: sc.selfClosing, &s)
        if simpleCells, s.cellOpen, let v = sc.simpleValue() { try closeCell(value: v, &s) }
    }

    /// An end tag: a value, text or cell ends; a row is handed out.
    private mutating func endTag(_ row: Row, _ s: inout ScanState, _ body: (Row) throws -> Void) throws {
        if s.inV && sc.nameIs("v") { s.inV = false }
        else if s.inT && sc.nameIs("t") {
            s.inT = false
            if !s.preserve { XMLScanner.trimSpace(&s.arena, from: s.tStart); s.isEnd = s.arena.count }
        }
        else if s.inF && sc.nameIs("f") { s.inF = false }
        else if s.inIs && sc.nameIs("rPh") { s.phonetic -= 1 }
        else if s.inIs && sc.nameIs("is") { s.inIs = false }
        else if s.cellOpen && sc.nameIs("c") {
            s.cellOpen = false
            s.lastColumn = s.cellColumn
            let before = s.cells.count
            try finishCell(&s)
            if s.hasFormula { try keepFormula(cached: s.cells.count > before, &s) }
        } else if sc.nameIs("row") {
            s.nextRow = s.rowIndex + 1
            try emit(row, &s, body)
        }
    }

    /// Hands the row read so far to the body (rows without cells are not handed out).
    private mutating func emit(_ row: Row, _ s: inout ScanState, _ body: (Row) throws -> Void) throws {
        guard s.rowOpen else { return }
        s.rowOpen = false
        if s.cells.isEmpty { return }
        s.lastRow = s.rowIndex
        row.index = s.rowIndex
        try s.cells.withUnsafeBufferPointer { cells in
            try s.arena.withUnsafeBufferPointer { arena in
                row.cells = cells
                row.arena = arena
                defer {
                    row.cells = UnsafeBufferPointer(start: nil, count: 0)
                    row.arena = UnsafeBufferPointer(start: nil, count: 0)
                }
                try body(row)
            }
        }
    }

    private mutating func beginRow(_ index: Int, _ s: inout ScanState) throws(ReaderError) {
        guard index < ReaderLimits.maxRows else { throw sc.error("more than \(ReaderLimits.maxRows) rows") }
        guard index > s.lastRow else {
            throw sc.error("row \(index + 1) comes after row \(s.lastRow + 1) (rows out of order)")
        }
    }

    /// A <row> start tag: its r= (or the next row) begins a row.
    private mutating func openRow(_ s: inout ScanState) throws(ReaderError) {
        var r = -1
        try sc.forEachAttribute { (ns, ne, vs, ve) throws(ReaderError) in
            if ne - ns == 1, sc.byte(ns) == 0x72 {
                var v = 0, k = vs
                while k < ve {
                    let b = sc.byte(k)
                    guard b >= 0x30 && b <= 0x39 else { throw sc.error("bad row number '\(sc.quoted(vs, ve))'", at: vs) }
                    v = v * 10 + Int(b - 0x30); k += 1
                    if v > 1_048_576 { throw sc.error("row number out of range", at: vs) }
                }
                r = v - 1
            }
        }
        s.rowIndex = r >= 0 ? r : s.nextRow
        try beginRow(s.rowIndex, &s)
        s.cells.removeAll(keepingCapacity: true)
        s.arena.removeAll(keepingCapacity: true)
        s.rowOpen = true
        s.lastColumn = -1
        if sc.selfClosing { s.rowOpen = false; s.nextRow = s.rowIndex + 1 }
    }

    /// A <c> start tag, given the buffer ranges of its r=, t= and s= (start -1: absent), and
    /// the column and row r= gives when already read.
    private mutating func openCell(ref: (Int, Int), at position: (column: Int, row: Int)?, type: (Int, Int), style: (Int, Int),
                                   styleValue: Int?, selfClosing: Bool, _ s: inout ScanState) throws(ReaderError) {
        if !s.rowOpen { // a cell outside any <row>: start one
            s.rowIndex = s.nextRow; s.cells.removeAll(keepingCapacity: true); s.arena.removeAll(keepingCapacity: true)
            s.rowOpen = true; s.lastColumn = -1
            try beginRow(s.rowIndex, &s)
        }
        if s.cellOpen { throw sc.error("a cell inside a cell") }
        s.cellColumn = s.lastColumn + 1
        s.cellRow = -1
        s.cellStartRow = s.rowIndex
        s.cellType = .number
        s.cellStyle = 0
        s.vStart = -1; s.isStart = -1
        s.hasFormula = false; s.inF = false
        if let position {
            s.cellRef = ref
            s.cellColumn = position.column
            s.cellRow = position.row
        } else if ref.0 >= 0 {
            try readReference(ref.0, ref.1, &s)
        }
        if type.0 >= 0 { s.cellType = try cellType(type.0, type.1) }
        if let styleValue {
            s.cellStyle = styleValue
        } else if style.0 >= 0 {
            var value = 0, k = style.0
            while k < style.1 { let b = sc.byte(k); if b >= 0x30 && b <= 0x39 { value = value * 10 + Int(b - 0x30) }; k += 1; if value > 1 << 24 { break } }
            s.cellStyle = value
        }
        if s.cellRow >= 0, s.cellRow != s.rowIndex {
            // A <row> without r=, or cells without rows: the cell says where it is.
            guard s.cells.isEmpty, s.lastColumn < 0 else {
                throw sc.error("cell \(sc.quoted(s.cellRef.0, s.cellRef.1)) is inside row \(s.rowIndex + 1)")
            }
            s.rowIndex = s.cellRow
            try beginRow(s.rowIndex, &s)
        }
        guard s.cellColumn < ReaderLimits.maxColumns else { throw sc.error("a cell beyond column XFD") }
        guard s.cellColumn > s.lastColumn else {
            throw sc.error("cell \(CellReference.name(row: s.rowIndex, column: s.cellColumn)) comes after column \(CellReference.columnName(s.lastColumn)) in its row (cells out of order)")
        }
        s.cellOpen = !selfClosing
        if !s.cellOpen { s.lastColumn = s.cellColumn }
    }

    /// A cell's r= ("B7", "$B$7"): its column and row.
    @inline(__always)
    private mutating func readReference(_ vs: Int, _ ve: Int, _ s: inout ScanState) throws(ReaderError) {
        s.cellRef = (vs, ve)
        if let (col, r) = CellReference.plain(sc.bytes(vs, ve)) {
            s.cellColumn = col
            s.cellRow = r
            return
        }
        var col = 0, r = 0, k = vs
        while k < ve {
            let b = sc.byte(k)
            if b >= 0x41 && b <= 0x5A { col = col * 26 + Int(b - 0x40) }
            else if b >= 0x61 && b <= 0x7A { col = col * 26 + Int(b - 0x60) }
            else if b >= 0x30 && b <= 0x39 { r = r * 10 + Int(b - 0x30) }
            else if b != 0x24 { throw sc.error("bad cell reference '\(sc.quoted(vs, ve))'", at: vs) }
            if col > 16384 || r > 1_048_576 { throw sc.error("cell reference out of range '\(sc.quoted(vs, ve))'", at: vs) }
            k += 1
        }
        if col > 0 { s.cellColumn = col - 1 }
        if r > 0 { s.cellRow = r - 1 }
    }

    /// A cell's t=.
    private mutating func cellType(_ vs: Int, _ ve: Int) throws(ReaderError) -> CellType {
        if ve - vs == 1 {
            switch sc.byte(vs) {
            case 0x73: return .shared
            case 0x6E: return .number
            case 0x62: return .bool
            case 0x65: return .error
            case 0x64: return .isoDate
            default: break
            }
        } else if sc.bytesEqual(vs, ve, "str") {
            return .formulaString
        } else if sc.bytesEqual(vs, ve, "inlineStr") {
            return .inline
        }
        throw sc.error("unknown cell type '\(sc.quoted(vs, ve))'", at: vs)
    }

    /// Ends an open cell whose whole content was `<v>TEXT</v>` (buffer range, no decoding needed).
    private mutating func closeCell(value v: (start: Int, end: Int), _ s: inout ScanState) throws(ReaderError) {
        s.cellOpen = false
        s.lastColumn = s.cellColumn
        if s.cellType == .shared {
            try sharedCell(Self.sharedIndex(sc.bytes(v.start, v.end)), &s)
        } else {
            s.vStart = s.arena.count
            sc.appendRaw(v.start, v.end, into: &s.arena)
            s.vEnd = s.arena.count
            try finishCell(&s)
        }
    }

    /// A closed cell: its value (if any) joins the row.
    private mutating func finishCell(_ s: inout ScanState) throws(ReaderError) {
        var kind: Row.Kind
        var start = s.vStart, end = s.vEnd
        // A <row> or </c> in the wrong place can leave the value's bounds stale.
        guard s.vStart < 0 || (s.vStart <= s.vEnd && s.vEnd <= s.arena.count),
              s.isStart < 0 || (s.isStart <= s.isEnd && s.isEnd <= s.arena.count) else {
            throw sc.error("cell \(CellReference.name(row: s.cellStartRow, column: s.cellColumn)): its value is out of place (malformed cell)")
        }
        switch s.cellType {
        case .number:
            guard s.vStart >= 0, s.vEnd > s.vStart else { return }
            kind = s.cellStyle < isDateStyle.count && isDateStyle[s.cellStyle] ? .date : .number
        case .shared:
            guard s.vStart >= 0, s.vEnd > s.vStart else { return }
            let index = s.arena.withUnsafeBufferPointer { Self.sharedIndex(UnsafeBufferPointer(rebasing: $0[s.vStart..<s.vEnd])) }
            s.arena.removeLast(s.arena.count - s.vStart)
            try sharedCell(index, &s)
            return
        case .inline:
            if s.isStart >= 0 { start = s.isStart; end = s.isEnd }
            guard start >= 0 else { return }
            kind = .inline
        case .formulaString:
            guard s.vStart >= 0 else { return }
            kind = .inline
        case .bool:
            guard s.vStart >= 0, s.vEnd > s.vStart else { return }
            kind = .bool
        case .error:
            guard s.vStart >= 0, s.vEnd > s.vStart else { return }
            kind = .error
        case .isoDate:
            guard s.vStart >= 0, s.vEnd > s.vStart else { return }
            kind = .isoDate
        }
        if kind == .inline, end - start >= 7, let unescaped = Escapes.unescapeX(Array(s.arena[start..<end])) {
            s.arena.removeSubrange(start...)
            s.arena.append(contentsOf: unescaped)
            end = s.arena.count
        }
        if kind == .inline && end == start { return } // an empty string is no value
        if kind == .inline {
            try check(CellTextProblem.check(s.arena[start..<end], maxCharacters: maxCellCharacters), row: s.rowIndex, column: s.cellColumn)
            try spend(end - start)
        }
        s.cells.append(Row.RawCell(column: Int32(s.cellColumn), kind: kind, start: Int32(start), length: Int32(end - start),
                                 style: Int32(s.cellStyle)))
        track(&s)
    }

    /// A cell of type s whose <v> read as `index` (nil: not a number).
    private mutating func sharedCell(_ index: Int?, _ s: inout ScanState) throws(ReaderError) {
        guard let idx = index else {
            throw sc.error("cell \(CellReference.name(row: s.rowIndex, column: s.cellColumn)): bad shared-string index")
        }
        guard idx < strings.count else {
            throw sc.error("cell \(CellReference.name(row: s.rowIndex, column: s.cellColumn)): shared string \(idx) does not exist (the table has \(strings.count))")
        }
        let range = strings.range(idx)
        if range.isEmpty { return } // an empty string is no value
        if !strings.problems.isEmpty { try check(strings.problems[idx], row: s.rowIndex, column: s.cellColumn) }
        try spend(range.count)
        s.cells.append(Row.RawCell(column: Int32(s.cellColumn), kind: .shared, start: Int32(idx), length: 0, style: Int32(s.cellStyle)))
        track(&s)
    }

    /// An `<f>` start tag in a cell: its text follows (none for a cell of a shared formula,
    /// `t="shared" si="0"`, whose text is in the shared formula's first cell).
    private mutating func formulaStartTag(_ s: inout ScanState) throws(ReaderError) {
        var shared = false, index: Int? = nil
        try sc.forEachAttribute { (ns, ne, vs, ve) throws(ReaderError) in
            if sc.bytesEqual(ns, ne, "t") { shared = sc.bytesEqual(vs, ve, "shared") }
            if sc.bytesEqual(ns, ne, "si") { index = Self.sharedIndex(sc.bytes(vs, ve)) }
        }
        s.hasFormula = true
        s.formulaShared = shared ? index : nil
        s.inF = !sc.selfClosing
        s.formulaText.removeAll(keepingCapacity: true)
    }

    /// The closed cell's formula joins the sheet's formulas (its text counts against the
    /// workbook's text budget, as cell text does).
    private mutating func keepFormula(cached: Bool, _ s: inout ScanState) throws(ReaderError) {
        s.hasFormula = false
        if s.formulaText.isEmpty && s.formulaShared == nil { return } // <f/>: nothing to keep
        try spend(s.formulaText.count)
        s.formulas.add(row: s.rowIndex, column: s.cellColumn, text: s.formulaText, sharedIndex: s.formulaShared, cached: cached)
    }

    private mutating func track(_ s: inout ScanState) {
        if s.rowIndex < s.minRow { s.minRow = s.rowIndex }
        if s.rowIndex > s.maxRow { s.maxRow = s.rowIndex }
        if s.cellColumn < s.minCol { s.minCol = s.cellColumn }
        if s.cellColumn > s.maxCol { s.maxCol = s.cellColumn }
    }
}

extension SheetReader {
    /// A shared-string index written in decimal digits; nil for anything else (or too big).
    static func sharedIndex(_ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !digits.isEmpty else { return nil }
        var idx = 0
        for b in digits {
            guard b >= 0x30 && b <= 0x39, idx < 1 << 31 else { return nil }
            idx = idx * 10 + Int(b - 0x30)
        }
        return idx
    }
}

/// The scan's loop state, owned by `SheetReader.run` and handed to its helpers `inout`: plain
/// stored properties, so accesses are checked statically (variables captured by nested
/// functions would be boxed and checked at run time, about a quarter of a big sheet's read).
private struct ScanState {
    var meta = SheetMetadata()
    // The row's cells and bytes live here while it is read, and are swapped into the `Row`
    // only when it is handed out.
    var cells: [Row.RawCell] = []
    var arena: [UInt8] = []
    var rowIndex = 0
    var rowOpen = false
    var nextRow = 0
    var lastColumn = -1
    var minRow = Int.max, minCol = Int.max, maxRow = -1, maxCol = -1
    /// The last row that had cells, for the order check (Excel writes rows and cells in order).
    var lastRow = -1
    // The cell being read.
    var cellOpen = false
    var cellColumn = 0
    var cellRow = -1
    var cellStartRow = 0 // the row the cell began in, for messages
    var cellType = SheetReader.CellType.number
    var cellStyle = 0
    var cellRef = (0, 0) // buffer range of r= for messages
    var inV = false, inIs = false, inT = false
    var phonetic = 0
    var vStart = -1, vEnd = -1, isStart = -1, isEnd = -1
    var tStart = 0, preserve = false
    // The cell's <f>, if it has one: its text, and its shared formula's index.
    var hasFormula = false, inF = false
    var formulaShared: Int?
    var formulaText: [UInt8] = []
    var formulas = FormulaCollector()
}
