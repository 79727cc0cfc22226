import Foundation
@testable import KaoheDraft
import Testing

@Suite struct PointsFinderTests {
    /// Seed 003's department table: the published totals were made with 区采用信息 6 and 区简讯 3,
    /// not the note's 8 and 5; the points solved from the rows reproduce all 39.
    @Test func seed003PointsTheTotalsWereMadeWith() throws {
        let t = Drafted.table(try Drafted.seed("003"), "政务信息采用-区级部门")
        #expect(t.contains("- {name: 总分, points: {采编条数: 5, 区级采用信息: 6, 区级采用简讯: 3, 市级采用信息: 10, 市级采用简讯: 8, 省级采用: 20}, "
            + "published: 公布总分, empty_is_zero: true}"))
        #expect(t.contains { $0.hasSuffix("分值由各行数据解出）；与表下说明不同：“区级采用/信息”按 6，说明为 8、“区级采用/简讯”按 3，说明为 5：重新算出 39 个公布值中的 39 个。") })
    }

    /// Seed 003's town table: columns every town leaves empty (市级, 省级) take the note's points,
    /// read under their own upper header (市采用信息 10, 简讯 8; 省采用 20).
    @Test func seed003UntoldPointsFromTheNote() throws {
        let t = Drafted.table(try Drafted.seed("003"), "政务信息采用-镇街道")
        #expect(t.contains("- {name: 总分, points: {采编条数: 5, 区级采用信息: 8, 区级采用简讯: 5, 市级采用信息: 10, 市级采用简讯: 8, 省级采用: 20}, "
            + "published: 公布总分, empty_is_zero: true}"))
    }

    /// Seed 004 has no total column: the note's points per item (约稿不报或迟报 扣3分 → −3) make
    /// the score, said to be unchecked.
    @Test func seed004PointsFromTheNoteAlone() throws {
        let t = Drafted.table(try Drafted.seed("004"), "1月")
        #expect(t.contains("- {name: 得分, points: {主条: 2, 问题与建议: 3, 简讯: 1, 图片新闻: 1, 市领导批示: 2, 动态类: 2, 专题综合类: 4, 省办采用: 4, "
            + "省领导批示: 4, 约稿不报或迟报: -3}, empty_is_zero: true}"))
        #expect(t.contains { $0.hasSuffix("（空格按 0 计；分值取自表下说明）：表中没有得分列，无法与公布数核对。") })
    }

    @Test func notePoints() {
        func column(_ header: String, _ name: String) -> DraftColumn {
            DraftColumn(index: 0, header: header, name: name, kind: .number, decimals: 0, percent: false, longest: 0)
        }
        let parts = [column("区级采用/信息", "区信息"), column("区级采用/简讯", "区简讯"), column("市级采用/信息", "市信息"),
                     column("市级采用/简讯", "市简讯"), column("约稿不报或迟报（次）", "约稿")]
        let note = "说明：区采用信息计 8 分/条、简讯计 5 分/条，市采用信息计 10 分/条、简讯计 8 分/条；约稿不报或迟报每次扣3分。"
        #expect(PointsFinder.notePoints(parts, notes: [note]) == ["区信息": 8, "区简讯": 5, "市信息": 10, "市简讯": 8, "约稿": -3])
    }

    /// Exact elimination: three unknowns from four rows, one a slip that the second order skips.
    @Test func solver() {
        let a: [[Decimal]] = [[1, 0, 2], [0, 1, 1], [2, 1, 0], [1, 1, 1]]
        let b: [Decimal] = [11, 6, 8, 10]  // x = (3, 2, 4) fits every row but the last (9)
        #expect(LinearSolver.solve(a, b, rowOrder: [0, 1, 2, 3])! == [3, 2, 4])
        #expect(LinearSolver.solve([[1, 0], [2, 0]], [1, 2], rowOrder: [0, 1])! == [1, nil])
    }
}
