// The writer benchmark's Swift side: 200,000 × 12 cells through KaoheWriter's streaming API in
// constant-memory mode, the same cells and formats as bench/c/write_bench.c.
import Foundation
import KaoheFormat
import KaoheWriter

/// The scores a summary writes arrive as decimals already; they are made here from their parts
/// (as the C program makes its doubles with one division), not through Foundation's generic
/// initialisers, which are no part of what this measures.
func decimal(_ mantissa: Int, exponent: Int) -> Decimal {
    DecimalLayout.make(negative: false, mantissa: UInt64(mantissa), exponent: exponent)
}

let args = CommandLine.arguments
guard args.count >= 3, let rows = Int(args[2]) else {
    FileHandle.standardError.write(Data("usage: kaohe-writer-bench OUT.xlsx ROWS\n".utf8))
    exit(2)
}
do {
    let book = try StreamingWorkbook(path: args[1], title: "大表", options: WriterOptions(constantMemory: true))
    // No title rows or header: exactly the cells the C program writes.
    try book.beginBodyOnlySheet(name: "大表", columns: [ReportColumn(.text, width: 20), ReportColumn(.text, width: 30)]
        + Array(repeating: ReportColumn(.decimal(2), width: 10), count: 10))
    var cells = [ReportCell](repeating: .empty, count: 12)
    for r in 0..<rows {
        cells[0] = .text("市发展改革委\(r % 500)")
        cells[1] = .text("扣0.\(r % 10)分；加0.\((r / 10) % 10)分。")
        for c in 2..<11 {
            cells[c] = .number(decimal((r * 7 + c * 13) % 10000, exponent: -2))
        }
        cells[11] = .number(decimal(r + 1, exponent: 0))
        try book.append(.cells(cells))
    }
    try book.close()
} catch {
    FileHandle.standardError.write(Data("kaohe-writer-bench: \(error)\n".utf8))
    exit(1)
}
