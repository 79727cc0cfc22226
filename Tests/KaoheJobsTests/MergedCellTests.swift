import Foundation
import KaoheReader
import Testing
@testable import KaoheJobs

/// Issue 21 §4: cells are bound as they are displayed.
@Suite struct MergedCellTests {
    @Test("a town's name merged down over its village rows names each village row; a merged input is read in every row it covers")
    func mergedDown() throws {
        let registry = "groups: [镇]\nunits:\n  - {name: 渔溪镇, group: 镇}\n  - {name: 花丛镇, group: 镇}\n"
        let job = try JobParser.parse("""
        assessment: 村级考核
        output: 汇总.xlsx
        registry: units.yaml
        tables:
          - id: 村
            title: 村级考核表
            source: {file: "村.xlsx"}
            subunit: 村
            columns: {unit: 乡镇, 村: 村, 得分: 得分, 类别: 类别}
            scores:
              - {name: 村得分, expression: "得分"}
            rollup: {of: 村得分, method: mean, name: 乡镇得分}
            output:
              - {header: 乡镇, value: unit}
        """, path: "job.yaml") { p in (p, registry) }
        let s = CellValue.string, n = CellValue.number
        let cells: [[CellValue?]] = [
            [s("乡镇"), s("村"), s("得分"), s("类别")],
            [s("渔溪镇"), s("一村"), n("90"), s("甲")],
            [nil, s("二村"), n("80"), nil],
            [nil, s("三村"), n("70"), nil],
            [s("花丛镇"), s("四村"), n("60"), s("乙")],
        ]
        let merges = [CellRange(firstRow: 1, firstColumn: 0, lastRow: 3, lastColumn: 0),
                      CellRange(firstRow: 1, firstColumn: 3, lastRow: 3, lastColumn: 3)]
        let view = SheetBinding(table: job.tables[0], registry: job.registry, markers: ["——"], fileName: "村.xlsx", sheet: "村",
                                namesSheet: false, cells: cells, merges: merges)
        let header = try view.header()
        var rows: [BoundRow] = []
        var findings: [AuditFinding] = []
        for block in header.blocks { view.readRows(block, below: header.bottom, of: header.blocks.count, into: &rows, &findings) }
        #expect(findings.map(\.finding.message) == [])
        #expect(rows.map(\.row.unit) == ["渔溪镇", "渔溪镇", "渔溪镇", "花丛镇"])
        #expect(rows.map { $0.row.inputs["类别"]?.text } == ["甲", "甲", "甲", "乙"])
    }

    @Test("rows the job names as excluded are never findings: without a unit name, or with one not in the registry")
    func excludedRows() throws {
        let registry = "groups: [镇]\nunits:\n  - {name: 渔溪镇, group: 镇}\n"
        let job = try JobParser.parse("""
        assessment: 考核
        output: 汇总.xlsx
        registry: units.yaml
        tables:
          - id: 镇
            title: 镇考核表
            source: {file: "镇.xlsx"}
            columns: {unit: 单位, 得分: 得分, 备注: 备注}
            excluded: {column: 备注, contains: 不参评}
            scores:
              - {name: 总分, expression: "得分"}
            output:
              - {header: 单位, value: unit}
        """, path: "job.yaml") { p in (p, registry) }
        let s = CellValue.string, n = CellValue.number
        let cells: [[CellValue?]] = [
            [s("单位"), s("得分"), s("备注")],
            [s("渔溪镇"), n("90"), nil],
            [nil, n("0"), s("本行不参评")],
            [s("县机关事务中心"), nil, s("不参评")],
            [nil, n("5"), s("漏填单位")],
        ]
        let view = SheetBinding(table: job.tables[0], registry: job.registry, markers: ["——"], fileName: "镇.xlsx", sheet: "镇",
                                namesSheet: false, cells: cells, merges: [])
        let header = try view.header()
        var rows: [BoundRow] = []
        var findings: [AuditFinding] = []
        for block in header.blocks { view.readRows(block, below: header.bottom, of: header.blocks.count, into: &rows, &findings) }
        #expect(findings.map(\.finding.message) == ["第 5 行有数据但没有单位名称，未计入"])
        #expect(rows.map(\.row.unit) == ["渔溪镇", "县机关事务中心"])
        #expect(rows.map(\.row.excludedReason) == [nil, "不参评"])
    }
}
