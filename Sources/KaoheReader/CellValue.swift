import KaoheFormat

/// A cell's value as the file says it. Numbers keep the text written in the file ("49.735",
/// "1E-3"): converting them is the caller's business, so nothing is lost to binary floating
/// point here. Numbers stored as text and full-width digits come back as `.string`.
public enum CellValue: Equatable, Sendable, CustomStringConvertible {
    case number(String)
    case string(String)
    case bool(Bool)
    /// An error value such as "#N/A" or "#DIV/0!".
    case error(String)
    /// A date or time, as ISO 8601 text: "2021-03-05", "2021-03-05T12:30:00", "12:30:00".
    case date(String)

    public var description: String {
        switch self {
        case .number(let s), .string(let s), .error(let s), .date(let s): return s
        case .bool(let b): return b ? "TRUE" : "FALSE"
        }
    }

    /// The value's text, as a CSV field would show it.
    public var text: String { description }
}

/// A cell with its position (0-based row and column).
public struct Cell: Equatable, Sendable {
    public var row: Int
    public var column: Int
    public var value: CellValue
    /// The cell's number format code ("0.00", "0.00%"), nil for General.
    public var numberFormat: String?

    public init(row: Int, column: Int, value: CellValue, numberFormat: String? = nil) {
        self.row = row
        self.column = column
        self.value = value
        self.numberFormat = numberFormat
    }

    /// "A1"-style reference.
    public var reference: String { CellReference.name(row: row, column: column) }
}

/// A rectangular range of cells, 0-based and inclusive.
public struct CellRange: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var firstRow: Int
    public var firstColumn: Int
    public var lastRow: Int
    public var lastColumn: Int

    public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.firstRow = firstRow
        self.firstColumn = firstColumn
        self.lastRow = lastRow
        self.lastColumn = lastColumn
    }

    /// Parses "A1:C2" or "B3".
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
              let a = CellReference.parse(String(parts[0])),
              let b = parts.count == 2 ? CellReference.parse(String(parts[1])) : a else { return nil }
        self.init(firstRow: min(a.row, b.row), firstColumn: min(a.column, b.column),
                  lastRow: max(a.row, b.row), lastColumn: max(a.column, b.column))
    }

    public func contains(row: Int, column: Int) -> Bool {
        (firstRow...lastRow).contains(row) && (firstColumn...lastColumn).contains(column)
    }

    public var description: String {
        let a = CellReference.name(row: firstRow, column: firstColumn)
        if firstRow == lastRow && firstColumn == lastColumn { return a }
        return a + ":" + CellReference.name(row: lastRow, column: lastColumn)
    }
}

public enum CellReference {
    /// The 0-based column and row of a reference written as Excel writes it: one to three
    /// capital letters, then a row number of one to seven digits with no leading zero. Nil for
    /// anything else ("$B$7", lower case, out of range), which the careful reading handles.
    @inline(__always)
    static func plain(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var k = 0, col = 0
        while k < b.count, k < 3, b[k] &- 0x41 < 26 { col = col &* 26 &+ Int(b[k] &- 0x40); k += 1 }
        guard k > 0, k < b.count, b[k] != 0x30, b.count - k <= 7 else { return nil }
        var row = 0
        while k < b.count {
            let d = b[k] &- 0x30
            guard d < 10 else { return nil }
            row = row &* 10 &+ Int(d)
            k += 1
        }
        guard col <= 16384, row <= 1_048_576 else { return nil }
        return (col - 1, row - 1)
    }

    /// Column letters for a 0-based column: 0 → "A", 26 → "AA".
    public static func columnName(_ column: Int) -> String { A1.column(column) }

    public static func name(row: Int, column: Int) -> String { A1.cell(row: row, column: column) }

    /// Parses "AB12" (with optional `$`) into a 0-based row and column.
    public static func parse(_ text: String) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for u in text.utf8 {
            switch u {
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(u - 64); letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(u - 96); letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                row = row * 10 + Int(u - 48); digits += 1
            default: return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        return (row - 1, column - 1)
    }
}

/// Excel serial dates to ISO 8601 text.
enum ExcelDate {
    /// `serial` in the 1900 system (with Excel's fictitious 1900-02-29 at 60) or the 1904 one.
    static func iso(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86400).rounded())
        if seconds >= 86400 { days += 1; seconds -= 86400 }
        let time = seconds == 0 ? nil : pad(seconds / 3600) + ":" + pad(seconds / 60 % 60) + ":" + pad(seconds % 60)
        let date: String
        if date1904 {
            date = civil(daysFrom1970: days + daysFromEpoch(1904, 1, 1))
        } else if days == 0 {
            return time ?? "1900-01-00"
        } else if days == 60 {
            date = "1900-02-29"
        } else {
            date = civil(daysFrom1970: days + daysFromEpoch(1899, 12, days < 60 ? 31 : 30))
        }
        return time.map { date + "T" + $0 } ?? date
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Days from 1970-01-01 to y-m-d (proleptic Gregorian).
    static func daysFromEpoch(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(daysFrom1970 z0: Int) -> String {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return "\(y)-" + pad(m) + "-" + pad(d)
    }
}
