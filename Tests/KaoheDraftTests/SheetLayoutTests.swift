import Foundation
@testable import KaoheDraft
import KaoheReader
import Testing

@Suite struct SheetLayoutTests {
    static func layout(_ path: String, _ sheet: String) throws -> SheetLayout? {
        let workbook = try Workbook(path: path)
        let info = workbook.sheet(named: sheet)!
        return LayoutReader(try workbook.grid(info)).read(file: (path as NSString).lastPathComponent, oneOfSeveral: workbook.sheets.count > 1)
    }

    /// Seed 004: title and subtitle, a two-row header under spanning cells, group rows, the note.
    @Test func seed004() throws {
        let l = try #require(try Self.layout(Drafted.seedInbox("004")[0], "1月"))
        #expect(l.title == "2012年度全市政务信息目标任务完成情况（示例数据）")
        #expect(l.subtitle == "（1月）")
        #expect((l.headerRow, l.headerRows) == (2, 2))
        #expect(l.columns.map(\.header) == ["单位", "目标分值", "《达州政务快讯》采用（条）/主条", "《达州政务快讯》采用（条）/问题与建议",
                                            "《达州政务快讯》采用（条）/简讯", "《达州政务快讯》采用（条）/图片新闻", "《达州政务快讯》采用（条）/市领导批示",
                                            "上报省办信息（条）/动态类", "上报省办信息（条）/专题综合类", "上报省办信息（条）/省办采用",
                                            "上报省办信息（条）/省领导批示", "约稿不报或迟报（次）"])
        #expect(l.columns.map(\.name) == ["单位", "目标分值", "主条", "问题与建议", "简讯", "图片新闻", "市领导批示", "动态类", "专题综合类",
                                          "省办采用", "省领导批示", "约稿不报或迟报"])
        #expect(l.groupHeadings.map(\.name) == ["区县", "市级部门"])
        #expect(l.units.count == 63)
        #expect(l.notes.count == 1 && l.notes[0].hasPrefix("说明：目标分值为"))
    }

    /// Seed 000: a header over 过程管控（45%） with 理由 and 得分 under it; a unit name broken
    /// across lines is read whole.
    @Test func seed000TwoRowNames() throws {
        let path = Drafted.seedInbox("000").first { $0.hasSuffix("政务联络（市定）.xlsx") }!
        let l = try #require(try Self.layout(path, "政务联络（市定）"))
        #expect(l.columns.map(\.name) == ["被考核单位", "过程管控理由", "过程管控", "年终考核理由", "年终考核", "市政府领导班子评价得分", "最终得分", "名次"])
        #expect(l.units.map(\.name).first == "市政府驻北京联络处")
    }

    /// A cover sheet has no table: it is named in the job's header comment, not drafted.
    @Test func coverSheetSkipped() throws {
        #expect(try Self.layout(Drafted.fixture("综合考核结果.xlsx"), "封面") == nil)
        let draft = try Draft.make(paths: [Drafted.fixture("综合考核结果.xlsx")], date: Drafted.date)
        #expect(Drafted.lines(draft).contains("# 没有表格、未起草的工作表：综合考核结果.xlsx 工作表“封面”。"))
    }
}
