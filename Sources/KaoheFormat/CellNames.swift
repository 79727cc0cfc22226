/// Excel's A1 names, written once for every stage: the reader naming a cell in a message, the
/// scoring writing a formula back, the writer placing cells, the report's audit locations.
public enum A1 {
    /// Column letters for a 0-based column: 0 → "A", 25 → "Z", 26 → "AA".
    public static func column(_ column: Int) -> String {
        var n = column + 1
        var letters: [UInt8] = []
        while n > 0 {
            letters.append(UInt8(65 + (n - 1) % 26))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// A cell's name for a 0-based row and column: (2, 1) → "B3".
    public static func cell(row: Int, column: Int) -> String { Self.column(column) + String(row + 1) }
}
