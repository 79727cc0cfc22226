import Foundation
import Testing
import KaoheAssessment
import KaoheJobs
@testable import KaoheReport
import KaoheScoring
import KaoheWriter

/// A submitted workbook with mistakes (Tests/KaoheJobsTests/Fixtures/bad-inbox, written by
/// openpyxl through scripts/make_workbooks.py --fixtures): every mistake is a finding naming
/// the workbook and cell; nothing is dropped.
@Suite struct BadInboxTests {
    static let job = """
    assessment: 政务联络考核
    output: 汇总.xlsx
    registry: units.yaml
    tables:
      - id: 政务联络
        title: 2021年度政务联络考核情况汇总表
        source: {file: "政务联络*.xlsx"}
        columns:
          unit: 被考核单位
          过程管控: 过程管控（45%）/得分
          年终理由: 年终考核（50%）/加扣分理由及分值
          公布年终: 年终考核（50%）/得分
          领导评价: 市政府领导班子评价得分（5%）
          公布最终: 最终得分
        expect_groups: [驻外机构]
        scores:
          - {name: 年终原始分, adjustments: {base: 100, reason: 年终理由}}
          - {name: 年终考核, expression: "年终原始分 * 50%", published: 公布年终}
          - {name: 最终得分, expression: "过程管控 + 年终考核 + 领导评价", published: 公布最终}
        rank: {score: 最终得分}
        output:
          - {header: 被考核单位, value: unit}
          - {header: 过程管控, value: 过程管控}
          - {header: 最终得分, value: 最终得分, format: "0.00"}
          - {header: 名次, value: rank, format: integer}
      - id: 政务公开
        title: 政务公开考核情况汇总表
        source: {file: "政务公开*.xlsx"}
        columns: {unit: 被考核单位, 得分: 得分}
        scores: [{name: 分, expression: "得分"}]
        output: [{header: 被考核单位, value: unit}]
    """
    static let registry = """
    groups: [驻外机构]
    units:
      - {name: 市政府驻北京联络处, group: 驻外机构}
      - {name: 市政府驻成都办事处, group: 驻外机构}
      - {name: 市政府驻西安办事处, group: 驻外机构}
      - {name: 市政府驻重庆办事处, group: 驻外机构}
      - {name: 市政府驻上海联络处, group: 驻外机构}
      - {name: 市政府驻深圳办事处, group: 驻外机构}
    """

    @Test("not a number, unknown unit, duplicate, missing unit, missing workbook: one finding each, with its place")
    func findings() throws {
        let job = try JobParser.parse(Self.job, path: "job.yaml") { p in (p, Self.registry) }
        let run = Assessor.run(job, inbox: repoPath("Tests/KaoheJobsTests/Fixtures/bad-inbox"))
        let lines = run.findings.map { "\($0.table)｜\($0.finding.unit)｜\($0.finding.item)｜\($0.location ?? "")｜\($0.finding.message)" }
        #expect(lines == [
            "政务联络｜市政府驻广州办事处｜unit｜政务联络.xlsx!A10｜单位“市政府驻广州办事处”不在单位名册中，已按原名列出，不参加排名；请核对名称或补充名册",
            "政务联络｜市政府驻深圳办事处｜unit｜政务联络.xlsx!政务联络｜名册中的单位在本表中缺失",
            "政务联络｜市政府驻重庆办事处｜被考核单位｜政务联络.xlsx!A11｜单位在本表中重复出现",
            "政务联络｜市政府驻成都办事处｜过程管控｜政务联络.xlsx!C6｜过程管控不是数值：“四十五”，最终得分未计算",
            "政务公开｜—｜报送文件｜｜未收到报送文件（应为 政务公开*.xlsx）",
        ])
        // The unknown unit is listed under its own name, not dropped; the unreadable one has no score or rank.
        let rows = run.tables[0].result!.rows
        #expect(rows.count == 7)
        #expect(rows.first { $0.unit == "市政府驻广州办事处" }?.computed["最终得分"] == .number(Decimal(string: "99.8")!))
        #expect(rows.first { $0.unit == "市政府驻成都办事处" }?.rank == nil)
        #expect(rows.first { $0.unit == "市政府驻北京联络处" }?.rank == 1)
        #expect(rows.first { $0.unit == "市政府驻广州办事处" }?.rank == nil, "an unregistered unit is never ranked")
    }

    /// Issue 20 §1: each doubtful input and each score it stops is marked on its own cell.
    @Test("the table sheet marks the unreadable input, the score and rank it stops, and the unregistered unit, each with why")
    func doubtsOnTheirCells() throws {
        let job = try JobParser.parse(Self.job, path: "job.yaml") { p in (p, Self.registry) }
        let run = Assessor.run(job, inbox: repoPath("Tests/KaoheJobsTests/Fixtures/bad-inbox"))
        let sheet = try #require(ReportBuilder.workbook(run).sheets.first { $0.name.contains("政务联络") }, "\(ReportBuilder.workbook(run).sheets.map(\.name))")
        func row(_ unit: String) -> [ReportCell] {
            for case .cells(let cells) in sheet.body where cells.first?.unmarked == .text(unit) { return cells }
            return []
        }
        let chengdu = row("市政府驻成都办事处")
        let why = "过程管控不是数值：“四十五”，最终得分未计算"
        #expect(chengdu[1] == .marked(.text("四十五"), comment: "需人工核对：" + why))
        #expect(chengdu[2] == .marked(.empty, comment: "需人工核对：" + why))
        #expect(chengdu[3] == .marked(.empty, comment: "需人工核对：" + why + "，不参加排名"))
        let guangzhou = row("市政府驻广州办事处")
        #expect(guangzhou[0] == .marked(.text("市政府驻广州办事处"),
                                        comment: "需人工核对：单位“市政府驻广州办事处”不在单位名册中，已按原名列出，不参加排名；请核对名称或补充名册"))
        // One mark for its one finding: the name says it is not ranked.
        #expect(guangzhou[3] == .empty)
        #expect(row("市政府驻北京联络处")[3] == .number(1))
        // Every finding with a cell in the table is marked there; the cover counts them beside
        // all findings (深圳, missing from the table, is on the audit sheet only).
        // The duplicate (its second row, A11 of the workbook) is marked, not the first.
        let chongqing = sheet.body.compactMap { b -> [ReportCell]? in
            guard case .cells(let cells) = b, cells[0].unmarked == .text("市政府驻重庆办事处") else { return nil }
            return cells
        }
        #expect(chongqing.map { $0[0] } == [.text("市政府驻重庆办事处"),
                                            .marked(.text("市政府驻重庆办事处"), comment: "需人工核对：单位在本表中重复出现")])
        let cover = try #require(ReportBuilder.workbook(run).sheets.first)
        var counts: [ReportCell] = []
        for case .cells(let cells) in cover.body where cells[1].unmarked == .text(run.tables[0].table.title) { counts = Array(cells[5...6]) }
        // Four findings; five shaded cells, as the table's note says (成都's unreadable input marks
        // the input, the score and the rank it stops).
        #expect(counts == [.number(4), .number(5)])
        #expect(sheet.notes.contains("注：浅黄底色的 5 个单元格与公布值不一致或需要人工核对，原因见单元格批注和“校验结果”表。"))
    }
}
