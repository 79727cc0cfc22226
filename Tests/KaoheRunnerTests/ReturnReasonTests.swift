import Foundation
import Testing
import KaoheReader
import KaoheTestSupport
@testable import KaoheRunner

/// Why a workbook is returned: its code, its text for the lead unit, its JSON, and the
/// supervisor's `.blame` lines of both forms.
@Suite struct ReturnReasonTests {
    @Test("each reason has its stable code and the text the notes have always had")
    func codesAndTexts() {
        let period = ReturnReason.badPeriod(file: "政务服务-2026年13月.xlsx", written: "2026年13月", job: "月度考核", example: "2026年1月",
                                            expectedName: "政务服务-2026年1月.xlsx")
        #expect(period.code == .badPeriod && period.code.rawValue == "bad-period")
        #expect(period.text == "文件名“政务服务-2026年13月.xlsx”中的期间“2026年13月”无法识别（月度考核 的期间应写作“2026年1月”这样的形式）；"
                + "请按“政务服务-2026年1月.xlsx”的格式命名后重新报送")
        let none = ReturnReason.noTableMatched(file: "报表.xls", patterns: "可接收的文件名：a.xlsx", otherFormat: "xls")
        #expect(none.code.rawValue == "no-table-matched")
        #expect(none.text == "文件名“报表.xls”不符合任何考核任务的报送文件名，内容也不符合任何表（可接收的文件名：a.xlsx）。"
                + "本系统只接收 .xlsx 工作簿，请用 Excel 或 WPS 将 .xls 文件另存为 .xlsx 后重新报送")
        #expect(ReturnReason.noTableMatched(file: "b.xlsx", patterns: "可接收的文件名：a.xlsx", otherFormat: nil).text
                == "文件名“b.xlsx”不符合任何考核任务的报送文件名，内容也不符合任何表（可接收的文件名：a.xlsx）")
        #expect(ReturnReason.severalTablesMatched(file: "x.xlsx", candidates: ["甲 表“一”", "乙 表“二”"]).text
                == "文件名“x.xlsx”不符合任何报送文件名，按内容它同时符合多个表（甲 表“一”、乙 表“二”），无法确定；请按所报的表改名后重新报送")
        #expect(ReturnReason.didNotBind(["找不到工作表“一”", "缺少列“得分”"]).text == "找不到工作表“一”；缺少列“得分”")
        #expect(ReturnReason.notConverted(extension: "et", message: "转换失败").text
                == "无法把 .et 文件转换为 .xlsx（转换失败），请用 Excel 或 WPS 另存为 .xlsx 后重新报送")
        #expect(ReturnReason.fault(signal: 11).text == RejectionNote.fault)
        #expect(ReturnReason.timedOut(seconds: 2).text == RejectionNote.timedOut(seconds: 2))
        let reader = ReturnReason.unreadable(ReaderError(.encrypted, file: "a.xlsx", "encrypted"))
        #expect(reader == .unreadable(error: .encrypted, text: "工作簿设置了密码（已加密），请取消密码后另存为 .xlsx 重新报送"))
        #expect([reader.code, ReturnReason.recorded("旧").code, ReturnReason.fault(signal: 6).code, ReturnReason.timedOut(seconds: 1).code].map(\.rawValue)
                == ["unreadable", "recorded", "fault", "timed-out"])
        #expect(ReturnReason.fault(signal: 6).isDeadLetter && ReturnReason.timedOut(seconds: 1).isDeadLetter && !reader.isDeadLetter)
    }

    @Test("every code is in README's table of codes, and the table has no other")
    func readmeListsEveryCode() throws {
        let readme = try String(contentsOfFile: repoRoot + "/README.md", encoding: .utf8)
        let listed = readme.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  | `"), let end = line.dropFirst(5).firstIndex(of: "`") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 5)..<end])
        }
        let table = Array(listed.drop { $0 != "unreadable" }.prefix { ReturnReason.Code(rawValue: $0) != nil })
        #expect(table == ReturnReason.Code.allCases.map(\.rawValue))
    }

    @Test("in JSON a reason is its code, its text and its own fields, and reads back the same")
    func json() throws {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let timedOut = String(decoding: try e.encode(ReturnReason.timedOut(seconds: 300)), as: UTF8.self)
        #expect(timedOut == #"{"code":"timed-out","seconds":300,"text":""# + RejectionNote.timedOut(seconds: 300) + #""}"#)
        let bind = String(decoding: try e.encode(ReturnReason.didNotBind(["甲", "乙"])), as: UTF8.self)
        #expect(bind == #"{"code":"did-not-bind","errors":["甲","乙"],"text":"甲；乙"}"#)
        let all: [ReturnReason] = [
            .unreadable(error: .notAZip, text: "不是"), .unreadable(error: nil, text: "无法读取工作簿：x"), .notConverted(extension: "xls", message: "m"),
            .didNotBind(["a"]), .noTableMatched(file: "f", patterns: "p", otherFormat: nil), .noTableMatched(file: "f", patterns: "p", otherFormat: "et"),
            .severalTablesMatched(file: "f", candidates: ["a", "b"]), .badPeriod(file: "f", written: "w", job: "j", example: "e", expectedName: "n"),
            .fault(signal: 11), .timedOut(seconds: 5), .recorded("旧的说明"),
        ]
        #expect(try JSONDecoder().decode([ReturnReason].self, from: e.encode(all)) == all)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReturnReason.self, from: Data(#"{"code":"lost","text":"?"}"#.utf8)) }
    }

    @Test(".blame is one JSON object a line; the tab-separated lines of earlier versions are still understood")
    func blameLines() throws {
        let dir = try temporaryFolder("blame")
        let line = BlameList.line(.init(file: "甲.xlsx", reason: .fault(signal: 11)))
        #expect(line.hasPrefix(#"{"file":"甲.xlsx","reason":{"code":"fault","signal":11,"text":""#) && line.hasSuffix("}\n"))
        // A killed night under an earlier version left tab-separated lines; a line cut short is skipped.
        try (line + "乙.xlsx\ttimeout\t300\n丙.xlsx\tfault\t6\n丁.xlsx\tfau").write(toFile: dir + "/.blame", atomically: true, encoding: .utf8)
        #expect(BlameList.read(dir) == ["甲.xlsx": .fault(signal: 11), "乙.xlsx": .timedOut(seconds: 300), "丙.xlsx": .fault(signal: 6)])
    }
}
