import ArgumentParser
import KaoheJobs
import KaoheReader

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: Language.say("Show what the reader sees in a workbook: its sheets, or every cell of one sheet.", "显示程序从工作簿中读到的内容：各工作表，或某一工作表的每个单元格。")
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Argument(help: .init(Language.say("The .xlsx workbook.", "要查看的 .xlsx 工作簿。")))
    var file: String

    @Option(help: .init(Language.say("Print every cell of this sheet.", "列出该工作表的每个单元格。")))
    var sheet: String?

    @Option(help: .init(Language.say("Output format for --sheet: csv or json.", "--sheet 的输出格式：csv 或 json。")))
    var format: Format = .csv

    func run() throws {
        var out = Output()
        defer { out.flush() }
        do {
            let workbook = try Workbook(path: file)
            if let sheet {
                guard let info = workbook.sheet(named: sheet) else {
                    throw ReaderError(.sheetNotFound, file: file,
                                      "no sheet named '\(sheet)' (sheets: \(workbook.sheets.map(\.name).joined(separator: ", ")))")
                }
                switch format {
                case .csv: try CellDump.csv(workbook, info, &out)
                case .json: try CellDump.json(workbook, info, &out)
                }
            } else {
                try CellDump.listing(workbook, &out)
            }
        } catch let error as ReaderError {
            out.flush()
            printError(error.description)
            throw ExitCode(ExitCodes.unreadableInput)
        }
    }
}


enum CellDump {
    static func listing(_ workbook: Workbook, _ out: inout Output) throws {
        out.write("file: \(workbook.path)\n")
        out.write("date system: \(workbook.date1904 ? "1904" : "1900")\n")
        for (name, value) in try workbook.customProperties().sorted(by: { $0.key < $1.key }) {
            out.write("property: \(name) = \(value.replacingOccurrences(of: "\n", with: " · "))\n")
        }
        for (n, s) in workbook.sheets.enumerated() {
            let meta = try workbook.read(s) { _ in }
            out.write("sheet \(n + 1): \(s.name)\n")
            out.write("  state: \(s.state.rawValue)\n")
            if s.kind != .worksheet { out.write("  kind: \(s.kind.rawValue)\n") }
            out.write("  part: \(s.part)\n")
            out.write("  dimension: \(meta.declaredDimension?.description ?? "(none)")\n")
            out.write("  used range: \(meta.usedRange?.description ?? "(empty)")\n")
            out.write("  merged: \(meta.mergedRanges.isEmpty ? "(none)" : meta.mergedRanges.map(\.description).joined(separator: " "))\n")
        }
    }

    static func csv(_ workbook: Workbook, _ sheet: SheetInfo, _ out: inout Output) throws {
        var nextRow = 0
        try workbook.read(sheet) { row in
            out.append { buf in
                while nextRow < row.index { buf.append(0x0A); nextRow += 1 }
                var previous = 0
                for i in 0..<row.count {
                    // Before column c stand c separators in all; empty cells are empty fields.
                    let c = row.column(i)
                    // The reader hands out cells in increasing columns; never count below zero.
                    for _ in 0..<max(0, i == 0 ? c : c - previous) { buf.append(0x2C) }
                    row.appendCSV(i, to: &buf)
                    previous = c
                }
                buf.append(0x0A)
                nextRow = row.index + 1
            }
        }
    }

    static func json(_ workbook: Workbook, _ sheet: SheetInfo, _ out: inout Output) throws {
        out.write("{\"sheet\":\(quote(sheet.name)),\"cells\":[")
        var first = true
        let meta = try workbook.read(sheet) { row in
            for i in 0..<row.count {
                let v = row.value(i)
                let (type, value): (String, String)
                switch v {
                case .number(let s): (type, value) = ("number", quote(s))
                case .string(let s): (type, value) = ("string", quote(s))
                case .bool(let b): (type, value) = ("bool", b ? "true" : "false")
                case .error(let s): (type, value) = ("error", quote(s))
                case .date(let s): (type, value) = ("date", quote(s))
                }
                let ref = CellReference.name(row: row.index, column: row.column(i))
                out.write((first ? "\n" : ",\n") + "{\"ref\":\"\(ref)\",\"type\":\"\(type)\",\"value\":\(value)}")
                first = false
            }
        }
        out.write("\n],\"merged\":[" + meta.mergedRanges.map { "\"\($0)\"" }.joined(separator: ",") + "]}\n")
    }

    static func quote(_ s: String) -> String { QuotedText.json(s) }
}
