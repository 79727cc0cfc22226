import Foundation
import Testing
@testable import KaoheRunner

/// The run report's JSON, its long lists encoded an element at a time.
@Suite struct RunReportTests {
    @Test("the JSON with its lists spliced in is byte for byte what one encoding of the whole report gives")
    func splicedJSON() throws {
        var report = RunReport(run: 7, started: Date(timeIntervalSince1970: 1_765_000_000), lockTakenOverFrom: nil)
        report.inputs = [
            .init(file: "政务服务-2026年1月.xlsx", sha256: "ab", outcome: .processed, job: "job", period: "2026年1月", tables: ["亮牌"], note: nil),
            .init(file: "坏/文件.xlsx", sha256: "cd", outcome: .rejected, job: nil, period: nil, tables: [], note: "不是 .xlsx 工作簿\n（第二行）"),
        ]
        report.outputs = [.init(job: "job", period: "2026年1月", path: "outbox/job/2026年1月/汇总.xlsx", findings: 2, tablesWithoutData: [],
                                inputs: ["政务服务-2026年1月.xlsx"], details: ["表“亮牌”2 项"], received: [], missing: ["表“采用”"])]
        report.waiting = ["复制中.xlsx"]
        report.finish(at: Date(timeIntervalSince1970: 1_765_000_060), status: .rejectedInputs, exitCode: 3)
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        let whole = String(decoding: try e.encode(report), as: UTF8.self) + "\n"
        #expect(report.json() == whole)
        #expect(report.json().contains("\"inputs\" : [\n    {\n      \"file\" : \"政务服务-2026年1月.xlsx\","))
    }
}
