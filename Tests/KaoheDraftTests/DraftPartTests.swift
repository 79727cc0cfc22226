import Foundation
@_spi(Parts) import KaoheDraft
import KaoheTestSupport
import Testing

/// The fuzz target's way in (scripts/fuzz draft): a sheet part's XML drafted as it is fed, and
/// every input the fuzzer ever kept (Fuzz/regressions/draft) replayed: each drafts, or says why
/// not, and never writes a job that does not validate.
@Suite struct DraftPartTests {
    static let folder = repoPath("Fuzz/regressions/draft")
    static let inputs = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()

    @Test func sheetPart() throws {
        let xml = """
        <worksheet><sheetData>
        <row r="1"><c r="A1" t="inlineStr"><is><t>单位</t></is></c><c r="B1" t="inlineStr"><is><t>任务数</t></is></c>\
        <c r="C1" t="inlineStr"><is><t>完成数</t></is></c><c r="D1" t="inlineStr"><is><t>完成率</t></is></c></row>
        <row r="2"><c r="A2" t="inlineStr"><is><t>城关镇</t></is></c><c r="B2"><v>20</v></c><c r="C2"><v>19</v></c><c r="D2"><v>0.95</v></c></row>
        <row r="3"><c r="A3" t="inlineStr"><is><t>新华镇</t></is></c><c r="B3"><v>16</v></c><c r="C3"><v>12</v></c><c r="D3"><v>0.75</v></c></row>
        <row r="4"><c r="A4" t="inlineStr"><is><t>和平乡</t></is></c><c r="B4"><v>25</v></c><c r="C4"><v>20</v></c><c r="D4"><v>0.8</v></c></row>
        </sheetData></worksheet>
        """
        let draft = try Draft.make(sheetPart: Array(xml.utf8), strings: nil)
        #expect(draft.summary.map(\.english) == ["table fuzz: recomputes 完成率 (3/3); inputs: 任务数, 完成数"])
        #expect(draft.jobText.contains("- {name: 完成率, completion: {count: 完成数, quota: 任务数}, published: 公布完成率, decimals: 2, empty_is_zero: true}"))
    }

    @Test(arguments: inputs) func replay(_ input: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + input)))
        let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        do { _ = try Draft.make(sheetPart: Array(parts[0]), strings: parts.count > 1 ? Array(parts[1]) : nil) } catch {
            #expect(!error.isDefect, "\(input): \(error.english)")
        }
    }
}

/// 小计 and 合计 lines inside the table are neither units of the registry nor rows a rule is
/// found on (合计 = 基础分 + 加分 on all ten towns).
@Suite struct DraftTotalRowsTests {
    @Test func totalRowsAreNotUnits() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("tempting/部分之和.xlsx")], date: Drafted.date)
        #expect(!draft.registryText.contains("小计") && !draft.registryText.contains("name: 合计"))
        #expect(Drafted.table(draft, "综合").first == "# 工作表“综合”（部分之和.xlsx）：表头在第 2 行，10 个单位。")
    }
}
