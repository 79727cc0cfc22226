/// The shared-string table, every string stored once in one byte arena. The count attributes
/// of <sst> are never trusted for allocation.
struct SharedStrings {
    private(set) var bytes: [UInt8] = []
    /// Start of string i in `bytes`; string i ends at starts[i + 1] (or bytes.count).
    private(set) var starts: [Int] = []
    /// Whether string i needs quoting as a CSV field.
    private(set) var needsQuoting: [Bool] = []
    /// Strings that cannot stand in a cell (too long for Excel, or holding a NUL), by index:
    /// an error only for the cells that use them.
    private(set) var problems: [Int: CellTextProblem] = [:]
    private var maxCellCharacters = ReaderLimits.default.maxCellCharacters
    /// Each string decoded once: every cell that uses it shares the same storage.
    private let decoded = DecodedStrings()

    var count: Int { starts.count }

    func range(_ i: Int) -> Range<Int> {
        starts[i]..<(i + 1 < starts.count ? starts[i + 1] : bytes.count)
    }

    func string(_ i: Int) -> String {
        precondition(i >= 0 && i < starts.count, "shared string index out of range")
        let slots = decoded.slots(starts.count)
        if let s = slots[i] { return s }
        let s = bytes.withUnsafeBufferPointer { p in
            String(decoding: UnsafeBufferPointer(rebasing: p[range(i)]), as: UTF8.self)
        }
        slots[i] = s
        return s
    }

    /// Reads <sst>: each <si> is its <t>, or the concatenated <t> of its <r> runs; phonetic
    /// runs (<rPh>) are left out.
    init(scanner sc: inout XMLScanner, limits: ReaderLimits) throws(ReaderError) {
        self.maxCellCharacters = limits.maxCellCharacters
        var inSI = false
        var inT = false
        var phonetic = 0
        var siStart = 0
        var tStart = 0
        var preserve = false
        while true {
            switch try sc.next() {
            case .start:
                if sc.nameIs("si") {
                    // Excel never nests <si>; if one does, the open string ends where the next begins.
                    if inSI { finish(from: siStart) }
                    inSI = true
                    inT = false
                    siStart = bytes.count
                    if sc.selfClosing {
                        finish(from: siStart)
                        inSI = false
                        if starts.count > limits.maxSharedStrings { throw Self.tooMuch(&sc, "more than \(limits.maxSharedStrings) strings") }
                    }
                } else if sc.nameIs("rPh") {
                    if !sc.selfClosing { phonetic += 1 }
                } else if sc.nameIs("t"), inSI, phonetic == 0 {
                    inT = !sc.selfClosing
                    tStart = bytes.count
                    preserve = try sc.preservesSpace()
                }
            case .text:
                if inT {
                    try sc.appendText(into: &bytes)
                    if bytes.count > limits.maxSharedStringBytes { throw Self.tooMuch(&sc, "more than \(limits.maxSharedStringBytes >> 20) MB of text") }
                }
            case .end:
                if sc.nameIs("t"), inT {
                    inT = false
                    if !preserve { XMLScanner.trimSpace(&bytes, from: tStart) }
                }
                else if sc.nameIs("rPh") { phonetic -= 1 }
                else if sc.nameIs("si"), inSI {
                    finish(from: siStart)
                    inSI = false
                    inT = false
                    if starts.count > limits.maxSharedStrings { throw Self.tooMuch(&sc, "more than \(limits.maxSharedStrings) strings") }
                }
            case .eof:
                return
            }
        }
    }

    init() {}

    static func tooMuch(_ sc: inout XMLScanner, _ what: String) -> ReaderError {
        var e = sc.error("the shared-string table holds \(what); real workbooks hold far less")
        e.kind = .tooMuchText
        return e
    }

    private mutating func finish(from start: Int) {
        let unescaped = Escapes.unescapeX(Array(bytes[start...]))
        if let unescaped {
            bytes.removeSubrange(start...)
            bytes.append(contentsOf: unescaped)
        }
        starts.append(start)
        needsQuoting.append(CSV.needsQuoting(bytes[start...]))
        if let problem = CellTextProblem.check(bytes[start...], maxCharacters: maxCellCharacters) {
            problems[starts.count - 1] = problem
        }
    }
}

/// The decoded shared strings, filled as cells ask for them (one workbook is read on one
/// thread at a time).
final class DecodedStrings: @unchecked Sendable {
    /// One slot per shared string, allocated at the first use (a plain buffer: looking a
    /// string up costs no retain of an array).
    private var storage: UnsafeMutableBufferPointer<String?>?

    func slots(_ count: Int) -> UnsafeMutableBufferPointer<String?> {
        if let storage { return storage }
        let s = UnsafeMutableBufferPointer<String?>.allocate(capacity: count)
        s.initialize(repeating: nil)
        storage = s
        return s
    }

    deinit {
        guard let storage else { return }
        storage.deinitialize()
        storage.deallocate()
    }
}

/// Why a text cannot stand in a cell.
enum CellTextProblem: Equatable, Sendable {
    /// More than Excel's 32,767 characters.
    case tooLong(characters: Int)
    /// A NUL character (U+0000), which no Excel cell holds.
    case nul

    static func check<C: Collection>(_ bytes: C, maxCharacters: Int) -> CellTextProblem? where C.Element == UInt8 {
        if bytes.contains(0) { return .nul }
        // UTF-8 never has fewer bytes than UTF-16 units: count only when it may be too long.
        guard bytes.count > maxCharacters else { return nil }
        let units = String(decoding: Array(bytes), as: UTF8.self).utf16.count
        return units > maxCharacters ? .tooLong(characters: units) : nil
    }
}

enum Escapes {
    /// Decodes Excel's `_xHHHH_` escapes (`_x000D_` → CR; `_x005F_` → a literal `_`, so
    /// `_x005F_x000D_` stays as the text "_x000D_"). Returns nil when there is none.
    static func unescapeX(_ s: [UInt8]) -> [UInt8]? {
        guard s.count >= 7, s.contains(0x5F) else { return nil }
        func hex(_ b: UInt8) -> UInt32? {
            switch b {
            case 0x30...0x39: return UInt32(b - 0x30)
            case 0x41...0x46: return UInt32(b - 0x41 + 10)
            case 0x61...0x66: return UInt32(b - 0x61 + 10)
            default: return nil
            }
        }
        func code(at i: Int) -> UInt32? {
            guard i + 6 < s.count, s[i] == 0x5F, s[i + 1] == 0x78 || s[i + 1] == 0x58, s[i + 6] == 0x5F,
                  let a = hex(s[i + 2]), let b = hex(s[i + 3]), let c = hex(s[i + 4]), let d = hex(s[i + 5]) else { return nil }
            return a << 12 | b << 8 | c << 4 | d
        }
        var out: [UInt8] = []
        var changed = false
        var i = 0
        while i < s.count {
            if let u = code(at: i) {
                changed = true
                if u == 0x5F {
                    out.append(0x5F)
                    // A literal "_xHHHH_" follows: copy its leading part so it is not decoded.
                    i += 7
                    if i < s.count, s[i] == 0x78 || s[i] == 0x58 { out.append(s[i]); i += 1 }
                    continue
                }
                if (0xD800...0xDBFF).contains(u), let low = code(at: i + 7), (0xDC00...0xDFFF).contains(low) {
                    let scalar = Unicode.Scalar(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00))!
                    UTF8.encode(scalar) { out.append($0) }
                    i += 14
                    continue
                }
                if let scalar = Unicode.Scalar(u) { UTF8.encode(scalar) { out.append($0) } }
                i += 7
                continue
            }
            out.append(s[i])
            i += 1
        }
        return changed ? out : nil
    }
}

enum CSV {
    static func needsQuoting<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    }
}
