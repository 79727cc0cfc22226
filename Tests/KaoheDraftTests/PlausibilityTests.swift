import Foundation
@testable import KaoheDraft
import Testing

@Suite struct PlausibilityTests {
    @Test func significantDigits() {
        #expect(Plausibility.significantDigits(100) == 1)
        #expect(Plausibility.significantDigits(Decimal(string: "0.3")!) == 1)
        #expect(Plausibility.significantDigits(Decimal(string: "0.75")!) == 2)
        #expect(Plausibility.significantDigits(6664) == 4)
        #expect(Plausibility.isPlainPoints(Decimal(string: "0.5")!) && Plausibility.isPlainPoints(-3))
        #expect(!Plausibility.isPlainPoints(Decimal(string: "0.75")!) && !Plausibility.isPlainPoints(45))
    }

    /// 接通得分（30分） equals min(30, 接通数 ÷ 来电数 × 90) on every row, but 90 is on no header: the
    /// rule is not kept, the column is said not to be explained and why, and 合计 is the sum of
    /// the two scores as printed.
    @Test func oddConstantRejected() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("tempting/倍数列.xlsx")], date: Drafted.date)
        let t = Drafted.table(draft, "Sheet1")
        #expect(t.contains("# 未能解释：“接通得分（30分）”，能重现它的规则不合情理：接通得分 = min(30, 接通数 ÷ 来电数 × 90)（空的接通数按 0 计）"
            + "（常数 90 不在表中）；按输入读取，不核对。"))
        #expect(t.contains("- {name: 合计, expression: 接通得分 + 办结得分, published: 公布合计}"))
        #expect(!t.contains { $0.contains("quota:") })
    }

    /// 完成率 is 100 % for every unit and 序号 numbers the rows: 序号 is not a rank of 完成率 (ties
    /// in row order would make it one), and 完成数 is not 任务数 × 1.
    @Test func constantColumnRanksNothing() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("tempting/常数列.xlsx")], date: Drafted.date)
        let t = Drafted.table(draft, "Sheet1")
        #expect(draft.summary.map(\.english) == ["table Sheet1: recomputes 完成率 (8/8); inputs: 原序号, 任务数, 完成数"])
        #expect(t.contains("- {name: 完成率, completion: {count: 完成数, quota: 任务数}, published: 公布完成率, empty_is_zero: true}"))
        #expect(t.contains("# 输入（照表读取，不重新计算）：“序号”（行序号）、“任务数”、“完成数”。"))
        #expect(!t.contains { $0.hasPrefix("rank:") })
    }

    /// Four points per item solved from four of six rows and checked on two reproduce them all,
    /// but three rows cannot give them again (hold-out): on six units 合计 is not explained; on
    /// twelve the same points are found from every other row and kept.
    @Test func holdOut() throws {
        let draft = try Draft.make(paths: [Drafted.fixture("tempting/少行多项.xlsx")], date: Drafted.date)
        #expect(draft.summary.map(\.english) == ["table 六个单位: nothing recomputed; inputs: 主条, 简讯, 图片, 约稿; not explained: 合计",
                                                 "table 十二个单位: recomputes 合计 (12/12); inputs: 主条, 简讯, 图片, 约稿"])
        #expect(Drafted.lines(draft).contains("# 未能解释：“合计”，能重现它的规则不合情理：合计 = 主条 × 2 + 简讯 × 3 + 图片 × 1 + 约稿 × 5（空格按 0 计；"
            + "分值由各行数据解出）（由一半的行找不到在其余行也成立的同类规则）；按输入读取，不核对。"))
        #expect(Drafted.table(draft, "十二个单位").contains("- {name: 合计, points: {主条: 2, 简讯: 3, 图片: 1, 约稿: 5}, published: 公布合计, empty_is_zero: true}"))
    }
}
