// The reader benchmark's reading-only side (bench/reader.sh): every cell of one sheet read
// and turned into its value, nothing printed but the counts. KaoheReader alone, without
// Foundation, so its peak RSS is the reader's and not the CLI's.
import KaoheReader
#if canImport(Glibc)
import Glibc
#endif

let args = CommandLine.arguments
guard args.count == 3 else {
    print("usage: kaohe-reader-bench WORKBOOK.xlsx SHEET")
    exit(2)
}
do {
    let workbook = try Workbook(path: args[1])
    guard let sheet = workbook.sheet(named: args[2]) else { print("no sheet named \(args[2])"); exit(2) }
    var numbers = 0, strings = 0, others = 0, textBytes = 0
    try workbook.read(sheet) { row in
        for i in 0..<row.count {
            switch row.value(i) {
            case .number: numbers += 1
            case .string(let s): strings += 1; textBytes += s.utf8.count
            default: others += 1
            }
        }
    }
    print("\(numbers) numbers, \(strings) strings (\(textBytes) bytes), \(others) others")
} catch {
    print("kaohe-reader-bench: \(error)")
    exit(1)
}
