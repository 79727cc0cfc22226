import Foundation
import Testing
@testable import KaoheScoring

/// Grades as tables publish them (issue 10 §5): thresholds, rank bands, counts, quota shares
/// with the tie rule, published grades checked; published ranks written 第九名, 九, ９.
@Suite struct GradesTests {
    static func assign(_ g: Grades, _ ranks: [Int], group: [String]? = nil) -> Grades.Assignment {
        g.assign(values: ranks.map { _ in Decimal(1) }, ranks: ranks, groups: group ?? ranks.map { _ in "" })
    }

    @Test("thresholds: the first band whose minimum the score reaches; no value, no grade")
    func thresholds() {
        let g = Grades(.thresholds, [.init("良好", limit: 80), .init("优秀", limit: 90)], fallback: "一般")
        #expect(g.assign(values: [90, d("89.99"), 10, nil], ranks: [nil, nil, nil, nil], groups: ["", "", "", ""]).grades
                == ["优秀", "良好", "一般", nil])
    }

    @Test("rank bands: 第1–2名 5000元, 第3–7名 2000元, the rest nothing")
    func rankBands() {
        let g = Grades(.ranks, [.init("5000元", ranks: 1...2), .init("2000元", ranks: 3...7)])
        #expect(Self.assign(g, [1, 2, 3, 7, 8, 2]).grades == ["5000元", "5000元", "2000元", "2000元", "", "5000元"])
    }

    @Test("counts: the best 3 of each group, then the next 2; a tie across the boundary goes down together")
    func counts() {
        let g = Grades(.counts, [.init("优秀", limit: 3), .init("良好", limit: 2)], fallback: "一般")
        #expect(Self.assign(g, [1, 2, 3, 4, 5, 6]).grades == ["优秀", "优秀", "优秀", "良好", "良好", "一般"])
        // 2 and 3 tie at places 3–4: both go down to 良好.
        let tied = Self.assign(g, [1, 2, 3, 3, 5, 6])
        #expect(tied.grades == ["优秀", "优秀", "良好", "良好", "良好", "一般"])
        #expect(tied.movedByTies == [2, 3])
    }

    @Test("shares are quotas: 优秀不超过 30% is at most ⌊30% × n⌋ per group; ties at the boundary go down unless ties: upper")
    func shares() {
        let g = Grades(.shares, [.init("优秀", limit: d("0.3"))], fallback: "良好")
        // 10 units: ⌊3⌋ = 3 优秀. 9 units: ⌊2.7⌋ = 2.
        #expect(Self.assign(g, Array(1...10)).grades.filter { $0 == "优秀" }.count == 3)
        #expect(Self.assign(g, Array(1...9)).grades.filter { $0 == "优秀" }.count == 2)
        // Ranks 1, 2, 3, 3 of 10: the two at place 3–4 straddle the quota of 3.
        let ranks = [1, 2, 3, 3, 5, 6, 7, 8, 9, 10]
        let down = Self.assign(g, ranks)
        #expect(down.grades.prefix(4) == ["优秀", "优秀", "良好", "良好"])
        #expect(g.tieNote(down.movedByTies.map { "单位\($0)" }) == "注：单位2、单位3 在名额边界并列，按规定均列入较低等次。")
        let upper = Grades(.shares, [.init("优秀", limit: d("0.3"))], fallback: "良好", tiesGoUp: true)
        let up = Self.assign(upper, ranks)
        #expect(up.grades.prefix(4) == ["优秀", "优秀", "优秀", "优秀"])
        #expect(upper.tieNote(up.movedByTies.map { "单位\($0)" }) == "注：单位2、单位3 在名额边界并列，按规定均列入较高等次（超出名额）。")
        // Per group: 4 towns and 10 departments.
        let groups = Array(repeating: "镇", count: 4) + Array(repeating: "部门", count: 10)
        let perGroup = Self.assign(g, Array(1...4) + Array(1...10), group: groups)
        #expect(perGroup.grades.prefix(4) == ["优秀", "良好", "良好", "良好"])
        #expect(perGroup.grades.suffix(10).filter { $0 == "优秀" }.count == 3)
    }

    @Test("a scored table: grades within groups from its ranks; the published grade is checked")
    func inTable() throws {
        let spec = TableSpec(name: "亮牌", columns: [ComputedColumn(name: "得分", rule: .adjustments(base: 100, reason: "理由"))],
                             rank: RankSpec(column: "得分", ranker: Ranker(method: .dense)),
                             grades: Grades(.shares, [.init("红牌", limit: d("0.5"))], fallback: "黑牌", published: "公布"))
        let result = TableScorer.score(spec, rows: [
            UnitRow(unit: "甲", group: "镇", inputs: ["理由": .text("加2分"), "公布": .text("红牌")]),
            UnitRow(unit: "乙", group: "镇", inputs: ["理由": .text("扣1分"), "公布": .text("红牌")]),
            UnitRow(unit: "丙", group: "部门", inputs: ["理由": .text(""), "公布": .missing]),
        ])
        #expect(result.rows.map(\.grade) == ["红牌", "黑牌", "黑牌"]) // 丙 alone: ⌊50% × 1⌋ = 0
        #expect(result.findings.map(\.kind) == [.gradeMismatch, .publishedMissing])
        #expect(result.findings.map(\.message) == ["公布等次“红牌”与重新计算的等次“黑牌”不一致", "公布等次为空，重新计算的等次为“黑牌”"])
    }

    /// Issue 22 §3: villages below every band get no grade; a blank published grade agrees.
    @Test("a blank published grade where the rule gives none is no finding; where it gives one, it is")
    func blankMeansNone() throws {
        let spec = TableSpec(name: "奖励金", columns: [ComputedColumn(name: "得分", rule: .adjustments(base: 100, reason: "理由"))],
                             grades: Grades(.thresholds, [.init("奖励", limit: 100)], fallback: "", published: "公布"))
        let result = TableScorer.score(spec, rows: [
            UnitRow(unit: "一村", group: "村", inputs: ["理由": .text("加1分"), "公布": .text("奖励")]),
            UnitRow(unit: "二村", group: "村", inputs: ["理由": .text("扣1分"), "公布": .missing]),
            UnitRow(unit: "三村", group: "村", inputs: ["理由": .text("加2分"), "公布": .missing]),
        ])
        #expect(result.rows.map(\.grade) == ["奖励", "", "奖励"])
        #expect(result.findings.map(\.message) == ["公布等次为空，重新计算的等次为“奖励”"])
        #expect(result.findings.map(\.unit) == ["三村"])
    }

    @Test("settings: a mapping of grade to limit; each mistake says what a setting looks like")
    func settings() {
        func parse(_ node: SettingsNode) -> (Grades?, [String]) {
            let r = SettingsReader(file: "job.yaml")
            return (Grades.parse(node, r, known: ["公布"]), r.errors.map(\.description))
        }
        let (g, ok) = parse(Settings.map([("thresholds", Settings.map([("优秀", "90"), ("良好", "80")], line: 4, column: 17)),
                                          ("else", Settings.scalar("一般"))], line: 3, column: 5))
        #expect(ok.isEmpty)
        #expect(g?.bands.map(\.label) == ["优秀", "良好"])
        #expect(g?.fallback == "一般")
        let (_, none) = parse(Settings.map([("else", "一般")], line: 3, column: 5))
        #expect(none == ["job.yaml:3:5: grades needs one of thresholds, ranks, counts or shares (e.g. {thresholds: {优秀: 90, 良好: 80}, else: 一般}, {ranks: {5000元: 1-2, 2000元: 3-7}}, {counts: {优秀: 3}} or {shares: {优秀: 30%}})"])
        let (_, list) = parse(Settings.map([("thresholds", Settings.seq([Settings.scalar("90")], line: 4, column: 17))], line: 3, column: 5))
        #expect(list.first?.hasPrefix("job.yaml:4:17: thresholds should map each grade to its minimum score (e.g.") == true)
        let (_, ranks) = parse(Settings.map([("ranks", Settings.map([("5000元", "前两名")], line: 4, column: 12))], line: 3, column: 5))
        #expect(ranks == ["job.yaml:4:19: ranks are written 1-2 or 3, got '前两名'"])
        let (_, share) = parse(Settings.map([("shares", Settings.map([("优秀", "130%")], line: 4, column: 13))], line: 3, column: 5))
        #expect(share == ["job.yaml:4:17: a share is a percentage up to 100%, got '130%'"])
        let (_, ties) = parse(Settings.map([("counts", Settings.map([("优秀", "3")], line: 4, column: 13)), ("ties", Settings.scalar("both"))],
                                           line: 3, column: 5))
        #expect(ties == ["job.yaml:4:11: ties is lower or upper, got 'both'"])
        let (rankRange, _) = parse(Settings.map([("ranks", Settings.map([("一等奖", "第1至3名")], line: 4, column: 12))], line: 3, column: 5))
        #expect(rankRange?.bands.first?.ranks == 1...3)
    }

    @Test("published ranks as tables write them: 9, ９, 第9名, 第九名, 九, 第十一位, 二十三, 一百零五")
    func publishedRanks() {
        for (text, n) in [("9", 9), ("第9名", 9), ("第九名", 9), ("九", 9), ("第十一位", 11), ("二十三", 23), ("一百零五", 105), ("第 3 名", 3), ("十", 10)] {
            #expect(PublishedRank.read(Value.cell(text)) == n, "\(text)")
        }
        #expect(PublishedRank.read(Value.cell("９")) == 9)
        for text in ["并列第三", "前三", "优秀", "0", "2.5"] { #expect(PublishedRank.read(Value.cell(text)) == nil, "\(text)") }
    }

    @Test("a published rank that cannot be read is a finding, never skipped; an empty one too")
    func unreadableRank() {
        let spec = TableSpec(name: "t", columns: [ComputedColumn(name: "得分", rule: .adjustments(base: 100, reason: "理由"))],
                             rank: RankSpec(column: "得分", published: "公布名次"))
        let result = TableScorer.score(spec, rows: [
            UnitRow(unit: "甲", inputs: ["理由": .text("加1分"), "公布名次": .cell("第一名")]),
            UnitRow(unit: "乙", inputs: ["理由": .text(""), "公布名次": .cell("并列第二")]),
            UnitRow(unit: "丙", inputs: ["理由": .text("扣1分"), "公布名次": .missing]),
            UnitRow(unit: "丁", inputs: ["理由": .text("扣2分"), "公布名次": .cell("第三名")]),
        ])
        #expect(result.findings.map(\.kind) == [.unreadable, .publishedMissing, .rankMismatch])
        #expect(result.findings.map(\.message) == ["公布名次“并列第二”无法识别，重新计算名次为 2", "公布名次为空，重新计算名次为 3",
                                                   "公布名次 3 与重新计算名次 4 不一致"])
    }
}
