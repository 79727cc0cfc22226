import Foundation
import Testing
@testable import KaoheScoring
import PropertyBased

/// DOMAIN.md §2.4: base score plus the 加/扣 amounts written in reason text.
@Suite struct AdjustmentTests {
    @Test("登科街道 (002): −0.9, +2, −0.5, 共加1.5 is a subtotal of the last two → 100.6")
    func dengke() throws {
        let text = "主动评价率扣0.9分。\n半年12345热线省级件回访满意率达100%加2分，工作整改要求不落实扣0.5分。共加1.5分。"
        let parse = AdjustmentParser.parse(text)
        #expect(parse.items.map(\.value) == [d("-0.9"), d("2"), d("-0.5"), d("1.5")])
        #expect(parse.items.map(\.role) == [.amount, .amount, .amount, .subtotal])
        #expect(parse.items.map(\.text) == ["扣0.9分", "加2分", "扣0.5分", "共加1.5分"])
        #expect(100 + parse.total == d("100.6"))
        // The span points at the text a reviewer sees.
        let subtotal = parse.items[3]
        #expect(String(Array(text)[subtotal.range]) == "共加1.5分")
    }

    @Test("玉山镇 (002): 合计扣1分 matches no run before it, so it is an amount → 102.5")
    func yushan() {
        let text = "主动评价率扣0.5分；\n完善便民服务体系工作推进不力，市政务中心、区两改办各通报1次，合计扣1分；\n通过”三化“试点工作验收加2分；\n半年12345热线省级件回访满意率达100%加2分。"
        let parse = AdjustmentParser.parse(text)
        #expect(parse.items.map(\.role) == [.amount, .totalCountedAsAmount, .amount, .amount])
        #expect(100 + parse.total == d("102.5"))
    }

    @Test("关公镇 (002): a wrong 共加0.1分 still matches the last item and does no harm → 105.1")
    func guangong() {
        let text = "便民服务体系工作被市中心表彰加2分；报送先进经验做法信息1篇加0.1分。共加0.1分。\n半年12345热线省级件回访满意率达100%加2分，市级件回访满意率达100%加1分。共加3分。"
        let parse = AdjustmentParser.parse(text)
        #expect(parse.items.map(\.role) == [.amount, .amount, .subtotal, .amount, .amount, .subtotal])
        #expect(100 + parse.total == d("105.1"))
    }

    @Test("区农业农村局 (002): the run for a subtotal starts after the previous subtotal → 101")
    func agriculture() {
        let text = "分管领导坐窗口1次加1分；主动评价率100%加2分，共加3分。\n半年12345热线省级件回访满意率达100%加2分，市级件回访满意率达100%加1分，市级通报扣5分。共扣2分。"
        let parse = AdjustmentParser.parse(text)
        #expect(parse.items.map(\.role) == [.amount, .amount, .subtotal, .amount, .amount, .amount, .subtotal])
        #expect(100 + parse.total == d("101"))
    }

    @Test("文电办理 (000): full-width １例 is not an amount; base 1 − 0.02 → 0.98")
    func documentHandling() {
        let single = AdjustmentParser.parse("前三季度出现１例公文错情，扣0.01分")
        #expect(single.items.map(\.value) == [d("-0.01")])
        #expect(1 + AdjustmentParser.parse("前三季度出现2例公文错情，扣0.02分").total == d("0.98"))
    }

    @Test("numbers that are not amounts: 100%, 5篇, 12345热线, 年度得分0.96分")
    func nonAmounts() {
        #expect(AdjustmentParser.parse("满意率达100%，报送5篇，12345热线").items.isEmpty)
        let info = AdjustmentParser.parse("仅完成政务信息目标任务95.7%，年度得分0.96分，扣0.04分")
        #expect(info.items.map(\.value) == [d("-0.04")])
        #expect(AdjustmentParser.parse("无加扣分").items.isEmpty)
        #expect(AdjustmentParser.parse("报送先进经验做法信息2篇0.2分").items.isEmpty)
    }

    @Test("full-width amounts and spaces: 加 ２ 分, 扣０．５分")
    func fullWidthAmounts() {
        let parse = AdjustmentParser.parse("加 ２ 分；扣０．５分")
        #expect(parse.items.map(\.value) == [d("2"), d("-0.5")])
        #expect(parse.items.map(\.text) == ["加 ２ 分", "扣０．５分"])
    }

    /// With 渔溪镇's unsigned 0.2分 read through the 共加2.2分 it completes, all 60 rows of
    /// seed 002 agree with their published scores; the reading is a note, not a mismatch.
    @Test("seed 002: all 60 rows agree; 渔溪镇's 0.2分 is counted as 加 through its subtotal, with a note")
    func seed002Audit() throws {
        let rows = Seeds.seed002
        #expect(rows.count == 60)
        let spec = TableSpec(name: "政务服务", columns: [
            ComputedColumn(name: "得分", rule: .adjustments(base: 100, reason: "理由"), decimals: 2, published: "公布得分"),
        ])
        let units = rows.map { UnitRow(unit: $0.cells[1], group: $0.group,
                                       inputs: ["理由": .text($0.cells[2]), "公布得分": .cell($0.cells[3])]) }
        let result = TableScorer.score(spec, rows: units)
        for (row, r) in zip(rows, result.rows) {
            #expect(r.computed["得分"] == .number(d(row.cells[3])), "\(r.unit)")
            #expect(r.review.isEmpty, "\(r.unit)")
        }
        #expect(result.findings.count == 1)
        let note = try #require(result.findings.first)
        #expect(note.unit == "渔溪镇")
        #expect(note.kind == .note)
        #expect(!note.needsReview)
        #expect(note.item == "理由")
        #expect(note.message == "“0.2分”没有写加或扣，按其后的“共加2.2分”计为加0.2分")
        let yuxi = try #require(result.rows.first { $0.unit == "渔溪镇" }?.details["得分"] as? AdjustmentParse)
        #expect(yuxi.items.map(\.text) == ["扣0.2分", "加2分", "0.2分", "共加2.2分", "加2分", "加1分", "共加3分", "加0.1分"])
        #expect(yuxi.items.map(\.role) == [.amount, .amount, .signedBySubtotal, .subtotal, .amount, .amount, .subtotal, .amount])
    }

    /// Counting only amounts with a 加/扣 of their own and never a total agrees on 58 of 60
    /// (DOMAIN.md); the subtotal rule brings it to 59 (玉山镇), and reading 渔溪镇's unsigned
    /// amount through its subtotal to 60. This guards both rules against being simplified away.
    @Test("seed 002: 58 rows without the subtotal rule, 59 without the unsigned reading, 60 with both")
    func eachRuleCounts() {
        var naive = 0, withoutUnsigned = 0, full = 0
        for row in Seeds.seed002 {
            let parse = AdjustmentParser.parse(row.cells[2])
            let published = d(row.cells[3])
            let own = parse.items.filter { $0.role == .amount }.reduce(Decimal(100)) { $0 + $1.value }
            if own == published { naive += 1 }
            let yuxiWithoutUnsigned = parse.items.contains { $0.role == .signedBySubtotal }
                ? own + parse.items.filter { $0.role == .subtotal && $0.text == "共加2.2分" }.reduce(Decimal(0)) { $0 + $1.value }
                : 100 + parse.total
            if yuxiWithoutUnsigned == published { withoutUnsigned += 1 }
            if 100 + parse.total == published { full += 1 }
        }
        #expect(naive == 58)
        #expect(withoutUnsigned == 59)
        #expect(full == 60)
    }

    @Test("seed 002: dense ranks within 镇（街道） and 区级部门 are the published ones")
    func seed002DenseRanks() {
        let rows = Seeds.seed002
        let ranker = Ranker(method: .dense, order: .descending, decimals: 2)
        let ranks = ranker.rank(rows.map { Ranker.Entry(value: d($0.cells[3]), group: $0.group) })
        #expect(ranks == rows.map { Int($0.cells[4]) })
        let towns = rows.filter { $0.group == "镇（街道）" }
        #expect(Set(towns.map { $0.cells[3] }) == ["105.1", "103", "102.5", "101", "100.6", "95"])
    }

    @Test("seed 000 省定 政务公开: base 100 with adjustments gives every published score")
    func seed000ProvincialOpenness() {
        let rows = Seeds.table("000", titleContains: "政务公开", subtitle: "（省定政务目标）")
        #expect(rows.count == 6)
        for r in rows {
            #expect(100 + AdjustmentParser.parse(r[1]).total == d(r[2]), "\(r[0])")
        }
    }

    @Test("seed 000 文电办理: base 1 with adjustments gives every published score")
    func seed000DocumentHandlingTable() {
        let rows = Seeds.table("000", titleContains: "文电办理")
        #expect(rows.count == 29)
        let spec = TableSpec(name: "文电办理", columns: [
            ComputedColumn(name: "得分", rule: .adjustments(base: 1, reason: "理由"), decimals: 2, published: "公布"),
        ])
        let result = TableScorer.score(spec, rows: rows.map {
            UnitRow(unit: $0[0], inputs: ["理由": .text($0[1]), "公布": .cell($0[2])])
        })
        #expect(result.findings.isEmpty)
        #expect(result.rows.first { $0.unit == "南江县人民政府" }?.computed["得分"] == .number(d("0.98")))
    }
}

@Suite struct PublishedRankTests {
    /// Checked against the published scores, the published ranks of seed 002 all hold, and the
    /// recomputed ranks are the published ones.
    @Test("seed 002: published ranks checked against published scores give no rank finding")
    func seed002Ranks() {
        let spec = TableSpec(name: "政务服务", columns: [
            ComputedColumn(name: "得分", rule: .adjustments(base: 100, reason: "理由"), decimals: 2, published: "公布得分"),
        ], rank: RankSpec(column: "得分", ranker: Ranker(method: .dense), published: "公布排名", publishedScore: "公布得分"))
        let rows = Seeds.seed002.map { UnitRow(unit: $0.cells[1], group: $0.group,
            inputs: ["理由": .text($0.cells[2]), "公布得分": .cell($0.cells[3]), "公布排名": .cell($0.cells[4])]) }
        let result = TableScorer.score(spec, rows: rows)
        #expect(result.findings.filter(\.needsReview).isEmpty)
        #expect(result.findings.map(\.unit) == ["渔溪镇"])
        // The rank column follows the recomputed scores, which are now the published ones.
        #expect(result.rows.map(\.rank) == Seeds.seed002.map { Int($0.cells[4]) })
    }
}

/// How an experienced assessment clerk reads reason text (issue 11): each wording with the
/// score it gives on a base of 100, the amounts counted, the numbers set aside and why, and
/// what a reviewer is asked to check.
@Suite struct ReasonWordingTests {
    struct Wording: CustomTestStringConvertible, Sendable {
        var text: String
        var score: String
        var counted: [String]
        var shownNotCounted: [String] = []
        var setAside: [String] = []
        var doubts: [Doubt.Kind] = []
        var testDescription: String { text }
    }

    static func w(_ text: String, _ score: String, counted: [String], shown: [String] = [], setAside: [String] = [],
                  doubts: [Doubt.Kind] = []) -> Wording {
        Wording(text: text, score: score, counted: counted, shownNotCounted: shown, setAside: setAside, doubts: doubts)
    }

    static let wordings: [Wording] = [
        // Verbs
        w("减0.3分", "99.7", counted: ["减0.3分"]),
        w("扣除0.5分", "99.5", counted: ["扣除0.5分"]),
        w("扣减0.2分", "99.8", counted: ["扣减0.2分"]),
        w("倒扣0.5分", "99.5", counted: ["倒扣0.5分"]),
        w("减少0.5分", "99.5", counted: ["减少0.5分"]),
        w("奖励1分", "101", counted: ["奖励1分"]),
        w("奖励加0.5分", "100.5", counted: ["奖励加0.5分"]),
        w("加上0.2分", "100.2", counted: ["加上0.2分"]),
        w("扣分0.5分", "99.5", counted: ["扣分0.5分"]),
        w("被扣了0.5分", "99.5", counted: ["扣了0.5分"]),
        w("被评为先进单位加2分", "102", counted: ["加2分"]),
        w("半年12345热线省级件回访满意率达85.71%扣2.4分", "97.6", counted: ["扣2.4分"]),
        // Signs
        w("信息报送不及时（-1分）", "99", counted: ["-1分"]),
        w("信息报送不及时（－1分）", "99", counted: ["－1分"]),
        w("迟报(−0.5分)", "99.5", counted: ["−0.5分"]),
        w("被省政府办公厅采用+2分", "102", counted: ["+2分"]),
        w("被市政府采用＋１分", "101", counted: ["＋１分"]),
        // Chinese numerals
        w("扣一分", "99", counted: ["扣一分"]),
        w("加两分", "102", counted: ["加两分"]),
        w("扣半分", "99.5", counted: ["扣半分"]),
        w("扣零点五分", "99.5", counted: ["扣零点五分"]),
        w("扣一点五分", "98.5", counted: ["扣一点五分"]),
        w("加十分", "110", counted: ["加十分"]),
        w("扣二十分", "80", counted: ["扣二十分"]),
        w("工作十分突出加2分", "102", counted: ["加2分"]),
        w("三分之一的信息迟报扣0.5分", "99.5", counted: ["扣0.5分"]),
        w("5分钟内未响应扣0.2分", "99.8", counted: ["扣0.2分"]),
        // Several amounts after one verb
        w("两次通报分别扣0.5分、0.3分", "99.2", counted: ["扣0.5分", "0.3分"]),
        w("分别加1分和0.5分", "101.5", counted: ["加1分", "0.5分"]),
        w("两次通报分别扣0.5分，0.3分", "99.2", counted: ["扣0.5分", "0.3分"]),
        w("迟报、漏报扣0.5分、0.3分", "99.2", counted: ["扣0.5分", "0.3分"]),
        // Totals after their items
        w("迟报扣0.5分，漏报扣0.5分，共计扣1分", "99", counted: ["扣0.5分", "扣0.5分"], shown: ["共计扣1分"]),
        w("迟报扣0.5分，漏报扣0.5分，累计扣1分", "99", counted: ["扣0.5分", "扣0.5分"], shown: ["累计扣1分"]),
        w("迟报扣0.5分，漏报扣0.5分，小计扣1分", "99", counted: ["扣0.5分", "扣0.5分"], shown: ["小计扣1分"]),
        w("迟报扣0.5分，漏报扣0.5分，总计扣1分", "99", counted: ["扣0.5分", "扣0.5分"], shown: ["总计扣1分"]),
        w("迟报扣0.5分，漏报扣0.5分，合计扣1分", "99", counted: ["扣0.5分", "扣0.5分"], shown: ["合计扣1分"]),
        w("迟报扣0.5分，漏报扣0.5分，共扣1分", "99", counted: ["扣0.5分", "扣0.5分"], shown: ["共扣1分"]),
        w("迟报扣0.5分，漏报扣0.5分，合计1分", "99", counted: ["扣0.5分", "扣0.5分"], shown: ["合计1分"]),
        w("加2分，扣0.5分，共加1.5分", "101.5", counted: ["加2分", "扣0.5分"], shown: ["共加1.5分"]),
        w("受到省总工会表彰1次加4分；窗口考核扣6分；共扣2分。", "98", counted: ["加4分", "扣6分"], shown: ["共扣2分"]),
        w("主动评价率扣0.5分；两单位各通报1次，合计扣1分；验收加2分", "100.5", counted: ["扣0.5分", "合计扣1分", "加2分"]),
        w("加2分；报送信息2篇0.2分。共加2.2分。", "102.2", counted: ["加2分", "0.2分"], shown: ["共加2.2分"]),
        w("扣0.3分；漏报信息1条0.2分，共扣0.5分", "99.5", counted: ["扣0.3分", "0.2分"], shown: ["共扣0.5分"]),
        // Totals before their items, in brackets
        w("扣1.5分（其中迟报扣0.5分，漏报扣1分）", "98.5", counted: ["扣1.5分"], shown: ["扣0.5分", "扣1分"]),
        w("共扣1.5分（迟报扣0.5分，漏报扣1分）", "98.5", counted: ["共扣1.5分"], shown: ["扣0.5分", "扣1分"]),
        w("扣1.5分（迟报0.5分，漏报1分）", "98.5", counted: ["扣1.5分"], shown: ["0.5分", "1分"]),
        w("加3分(其中省级采用加2分、市级采用加1分)", "103", counted: ["加3分"], shown: ["加2分", "加1分"]),
        w("扣1分（迟报（-0.5分），漏报（-0.5分））", "99", counted: ["扣1分"], shown: ["-0.5分", "-0.5分"]),
        w("扣1.5分（其中迟报扣0.5分，漏报扣0.5分）", "98.5", counted: ["扣1.5分"], shown: ["扣0.5分", "扣0.5分"],
          doubts: [.breakdownMismatch(items: d("1"))]),
        w("扣0.5分（恩两改办【2021】7号通报）", "99.5", counted: ["扣0.5分"]),
        w("扣0.5分（另：报送信息加0.2分）", "99.7", counted: ["扣0.5分", "加0.2分"]),
        // Rates and caps are rules, not amounts
        w("每条扣0.1分，共5条，扣0.5分", "99.5", counted: ["扣0.5分"], setAside: ["扣0.1分"]),
        w("每篇加0.1分，共3篇，加0.3分", "100.3", counted: ["加0.3分"], setAside: ["加0.1分"]),
        w("按每次0.5分计，共扣1分", "99", counted: ["共扣1分"], setAside: ["0.5分"]),
        w("扣0.5分/次，共2次，扣1分", "99", counted: ["扣1分"], setAside: ["扣0.5分/次"]),
        w("扣2分（该项最多扣2分）", "98", counted: ["扣2分"], setAside: ["最多扣2分"]),
        w("最多扣2分，本项扣1分", "99", counted: ["扣1分"], setAside: ["最多扣2分"]),
        w("该项最高加3分，实加2分", "102", counted: ["加2分"], setAside: ["最高加3分"]),
        w("最多可扣2分，扣1分", "99", counted: ["扣1分"], setAside: ["最多可扣2分"]),
        w("扣完为止，扣3分", "97", counted: ["扣3分"]),
        w("该项满分5分，扣1分", "99", counted: ["扣1分"], setAside: ["满分5分"]),
        w("分值5分，扣0.5分", "99.5", counted: ["扣0.5分"], setAside: ["分值5分"]),
        w("年度得分0.96分，扣0.04分", "99.96", counted: ["扣0.04分"], setAside: ["得分0.96分"]),
        w("每季度主动评价率100%加2分", "102", counted: ["加2分"]),
        // Numbers that are not points
        w("满意率达100%加2分", "102", counted: ["加2分"]),
        w("报送5篇，12345热线", "100", counted: []),
        w("无加扣分", "100", counted: []),
        w("无扣分", "100", counted: []),
        w("前三季度出现１例公文错情，扣0.01分", "99.99", counted: ["扣0.01分"]),
        w("第三季度亮红牌加0.1分", "100.1", counted: ["加0.1分"]),
        w("1.通过验收加2分；\n2.回访满意加1分", "103", counted: ["加2分", "加1分"]),
        w("10月12日迟报扣0.2分", "99.8", counted: ["扣0.2分"]),
        w("窗口工作人员考核中有扣分的同时计入窗口扣分，扣1分；", "99", counted: ["扣1分"]),
        // Full-width forms and spaces
        w("加 ２ 分；扣０．５分", "101.5", counted: ["加 ２ 分", "扣０．５分"]),
        w("扣 0.5 分", "99.5", counted: ["扣 0.5 分"]),
        w("加2.分", "102", counted: ["加2.分"]),
        // What needs a reviewer
        w("报送先进经验做法信息2篇0.2分", "100", counted: [], doubts: [.noDirection]),
        w("加2分，另有0.5分", "102", counted: ["加2分"], doubts: [.noDirection]),
        w("因工作失误被通报批评，扣分", "100", counted: [], doubts: [.noAmount]),
        w("给予扣分处理。加1分", "101", counted: ["加1分"], doubts: [.noAmount]),
        w("扣0.5-1分", "100", counted: [], doubts: [.range]),
        w("扣0.5至1分", "100", counted: [], doubts: [.range]),
        w("扣0.5～1分", "100", counted: [], doubts: [.range]),
        w("经复核，不扣分", "100", counted: [], doubts: [.reversal]),
        w("扣0.5分，经复核，不扣分", "99.5", counted: ["扣0.5分"], doubts: [.reversal]),
        w("不予扣0.5分", "100", counted: [], doubts: [.reversal]),
        w("撤销加2分", "102", counted: ["加2分"], doubts: [.reversal]),
        w("每条扣0.1分", "100", counted: [], setAside: ["扣0.1分"], doubts: [.rateWithoutAmount]),
        w("每次通报各扣0.5分", "100", counted: [], setAside: ["扣0.5分"], doubts: [.rateWithoutAmount]),
        // Seed texts (002)
        w("主动评价率扣0.9分。\n半年12345热线省级件回访满意率达100%加2分，工作整改要求不落实扣0.5分。共加1.5分。", "100.6",
          counted: ["扣0.9分", "加2分", "扣0.5分"], shown: ["共加1.5分"]),
        w("主动评价率扣0.1分。\n完善便民服务体系工作推进不力，扣0.5分（恩两改办【2021】7号通报）\n通过”三化“试点工作验收加2分；\n半年12345热线省级件回访满意率达100%加2分，市级件回访满意率达93.41%扣0.4分，工作整改要求不落实扣0.5分。共加1.1分。",
          "102.5", counted: ["扣0.1分", "扣0.5分", "加2分", "加2分", "扣0.4分", "扣0.5分"], shown: ["共加1.1分"]),
        w("便民服务体系工作被市中心表彰加2分；报送先进经验做法信息1篇加0.1分。共加0.1分。\n半年12345热线省级件回访满意率达100%加2分，市级件回访满意率达100%加1分。共加3分。",
          "105.1", counted: ["加2分", "加0.1分", "加2分", "加1分"], shown: ["共加0.1分", "共加3分"]),
    ]

    @Test("each wording reads as a clerk reads it", arguments: wordings)
    func reads(_ w: Wording) {
        let parse = AdjustmentParser.parse(w.text)
        #expect(100 + parse.total == d(w.score))
        #expect(parse.countedTexts == w.counted)
        #expect(parse.items.filter { !$0.isCounted }.map(\.text) == w.shownNotCounted)
        #expect(parse.setAside.map(\.text) == w.setAside)
        #expect(parse.doubts.map(\.kind) == w.doubts)
    }

    @Test("there are at least 80 wordings")
    func enough() { #expect(Self.wordings.count >= 80) }

    @Test("set-aside numbers say why: a rate, a cap, a stated score")
    func setAsideReasons() {
        #expect(AdjustmentParser.parse("每条扣0.1分，共5条，扣0.5分").setAside.map(\.reason) == [.rate])
        #expect(AdjustmentParser.parse("扣2分（该项最多扣2分）").setAside.map(\.reason) == [.cap])
        #expect(AdjustmentParser.parse("年度得分0.96分，扣0.04分").setAside.map(\.reason) == [.statedScore])
    }

    @Test("a doubt explains itself in one Chinese clause")
    func explanations() {
        #expect(AdjustmentParser.parse("报送信息2篇0.2分").doubts.map(\.explanation)
                == ["“0.2分”前没有加、扣等字样，无法判断加分还是扣分，未计入"])
        #expect(AdjustmentParser.parse("因工作失误被通报批评，扣分").doubts.map(\.explanation)
                == ["“因工作失误被通报批评，扣分”没有写出分值，未计入"])
        #expect(AdjustmentParser.parse("扣0.5-1分").doubts.map(\.explanation) == ["“扣0.5-1分”是分值范围，未计入"])
        #expect(AdjustmentParser.parse("经复核，不扣分").doubts.map(\.explanation)
                == ["“经复核，不扣分”表示不予加扣或撤销，请核对已计入的分值"])
        #expect(AdjustmentParser.parse("扣1.5分（其中迟报扣0.5分，漏报扣0.5分）").doubts.map(\.explanation)
                == ["“扣1.5分”后括号内各项之和为1分，与其不符，按“扣1.5分”计入"])
        #expect(AdjustmentParser.parse("每条扣0.1分").doubts.map(\.explanation)
                == ["“扣0.1分”是扣分标准，本句没有写出实际分值，未计入"])
    }

    /// A doubt makes a finding that quotes the text and lists what was counted, and marks the
    /// score and every column computed from it for a reviewer.
    @Test("a row with a doubt gets a finding and its cells are marked for review")
    func findingAndMark() throws {
        let spec = TableSpec(name: "政务信息", columns: [
            ComputedColumn(name: "年终原始分", rule: .adjustments(base: 100, reason: "理由"), decimals: nil),
            ComputedColumn(name: "年终考核", rule: .expression(try Expression.parse("round(年终原始分 * 50%, 2)"))),
            ComputedColumn(name: "过程", rule: .expression(try Expression.parse("过程管控"))),
        ])
        let result = TableScorer.score(spec, rows: [
            UnitRow(unit: "市审计局", inputs: ["理由": .text("迟报扣0.5分；报送信息2篇0.2分"), "过程管控": .number(45)]),
            UnitRow(unit: "市统计局", inputs: ["理由": .text("加1分"), "过程管控": .number(45)]),
        ])
        #expect(result.findings.count == 1)
        let f = try #require(result.findings.first)
        #expect(f.kind == .reasonUnclear)
        #expect(f.needsReview)
        #expect(f.unit == "市审计局")
        #expect(f.item == "理由")
        #expect(f.message == "理由“迟报扣0.5分；报送信息2篇0.2分”未能完全识别：“0.2分”前没有加、扣等字样，无法判断加分还是扣分，未计入。已计入：扣0.5分，年终原始分按 100 − 0.5 = 99.5 计算，请人工核对")
        let audit = result.rows[0]
        #expect(audit.computed["年终原始分"] == .number(d("99.5")))
        #expect(audit.review["年终原始分"] == "“0.2分”前没有加、扣等字样，无法判断加分还是扣分，未计入")
        #expect(audit.review["年终考核"] == "所用的年终原始分需人工核对")
        #expect(audit.review["过程"] == nil)
        #expect(result.rows[1].review.isEmpty)
    }

    @Test("a long reason is quoted in at most 60 characters on one line")
    func shortQuote() throws {
        let text = String(repeating: "工作推进不力，", count: 12) + "\n扣分"
        let result = TableScorer.score(TableSpec(name: "t", columns: [
            ComputedColumn(name: "得分", rule: .adjustments(base: 100, reason: "理由")),
        ]), rows: [UnitRow(unit: "甲", inputs: ["理由": .text(text)])])
        let message = try #require(result.findings.first?.message)
        #expect(!message.contains("\n"))
        let quoted = try #require(message.split(separator: "”").first).dropFirst(3)
        #expect(quoted.count == 59)
        #expect(quoted.hasSuffix("…"))
    }
}

/// Property: a text built from random items and a correct total always reads to the items'
/// sum, whatever the order, the verbs, the punctuation and where the total stands.
@Suite struct ReasonPropertyTests {
    static let labels = ["迟报", "漏报", "信息被采用", "工作推进不力", "被市政府通报表扬", "回访满意率达100%", "整改不到位", "报送5篇"]
    static let plusVerbs = ["加", "奖励", "加上", "奖励加", "加分"]
    static let minusVerbs = ["扣", "减", "扣除", "扣减", "倒扣", "扣分"]
    static let separators = ["，", "；", "。\n", "；\n", " ", "。"]
    static let totalMarkers = ["共", "合计", "共计", "累计", "小计", "总计"]

    /// One item from one random number: its signed value (in hundredths) and its text.
    static func item(_ n: Int) -> (Decimal, String) {
        let hundredths = n % 500 + 1
        let negative = (n / 500) % 2 == 1
        let verbs = negative ? minusVerbs : plusVerbs
        let label = labels[(n / 1000) % labels.count]
        let magnitude = Decimal(hundredths) / 100
        let form = (n / 9000) % (verbs.count + 1)
        let text = form == verbs.count
            ? "\(label)（\(negative ? "-" : "+")\(magnitude)分）"
            : "\(label)\(verbs[form])\(magnitude)分"
        return (negative ? -magnitude : magnitude, text)
    }

    /// A group of items with its total, after them or before them with the items in brackets.
    static func group(_ seeds: [Int], layout: Int) -> (Decimal, String) {
        let items = seeds.map(item)
        let sum = items.reduce(Decimal(0)) { $0 + $1.0 }
        let separator = separators[layout % separators.count]
        let verb = sum < 0 ? "扣" : "加"
        let body = items.map(\.1).joined(separator: separator)
        if (layout / 10) % 2 == 0 {
            let marker = totalMarkers[(layout / 100) % totalMarkers.count]
            return (sum, body + separator + marker + verb + "\(abs(sum))分")
        }
        let ofWhich = (layout / 1000) % 2 == 0 ? "其中" : ""
        return (sum, "\(verb)\(abs(sum))分（\(ofWhich)\(body)）")
    }

    @Test("random items with a correct total read to the items' sum")
    func totalsNeverCountTwice() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...999_999).array(of: 1...5).array(of: 1...3),
                            Gen.int(in: 0...9999)) { groups, layout in
            var expected = Decimal(0)
            var parts: [String] = []
            for (i, seeds) in groups.enumerated() {
                let (sum, text) = Self.group(seeds, layout: layout + i * 7)
                expected += sum
                parts.append(text)
            }
            let text = parts.joined(separator: "。\n")
            let parse = AdjustmentParser.parse(text)
            #expect(parse.total == expected, "\(text)")
            #expect(parse.doubts.isEmpty, "\(text)")
        }
    }
}

/// Issue 20 §2: every number in a reason text is accounted for by the reading, or the row is
/// flagged.
@Suite struct ReasonNumbersTests {
    /// Issue 28 reads what issue 20 could only flag: a whole-number multiplier is multiplied,
    /// and a correction of the one amount before it replaces that amount (with a note). What
    /// is still unclear stays flagged: a multiplier that is not a count, a change with two
    /// amounts before it, a stray number.
    @Test("the texts of issue 20: a multiplier and the corrections are read (issue 28); what stays unclear is flagged")
    func issueTexts() {
        let multiplied = AdjustmentParser.parse("加1分*2")
        #expect(multiplied.total == 2 && multiplied.doubts.isEmpty)
        #expect(AdjustmentParser.parse("加1分*2.5").doubts.map(\.explanation) == ["“加1分*2.5”带有倍数，只按一倍计入，请核对"])
        let appeal = AdjustmentParser.parse("扣2分，后经申诉核减为扣1分")
        #expect(appeal.total == -1 && appeal.doubts.isEmpty)
        #expect(appeal.items.map(\.role) == [.replaced, .amount])
        #expect(appeal.notes == ["“核减为扣1分”更正了前面的“扣2分”，按扣1分计入，“扣2分”不再计入"])
        let review = AdjustmentParser.parse("原扣1分，复核后调整为扣0.5分")
        #expect(review.total == d("-0.5") && review.doubts.isEmpty)
        let two = AdjustmentParser.parse("迟报扣1分，漏报扣1分，复核后调整为扣0.5分")
        #expect(two.doubts.map(\.explanation) == ["“扣1分，漏报扣1分，复核后调整为扣0.5分”表示分值经过调整，调整前后的分值都已按原文计入，请核对"])
        let stray = AdjustmentParser.parse("扣0.5分，备注3")
        #expect(stray.doubts.map(\.explanation) == ["“3”中的数字不是分值，也不是次数、篇数或日期，未计入，请核对"])
    }

    @Test("counts, dates, list numbers, file numbers and hotlines are accounted for: read exactly, no doubt")
    func knownNumbers() {
        let parse = AdjustmentParser.parse("1、迟报3次，扣0.3分；2、12345热线满意率达95.5%加1分（恩两改办【2021】7号通报，第4季度）。")
        #expect(parse.total == d("0.7"))
        #expect(parse.doubts.isEmpty, "\(parse.doubts)")
    }

    enum Extra: CaseIterable { case multiplier, superseded, count, stray }

    /// A generated text with one extra number of the given kind after its first amount.
    static func withExtra(_ extra: Extra, seeds: [Int], layout: Int, n: Int) -> (expected: Decimal, text: String) {
        let (sum, body) = ReasonPropertyTests.group(seeds, layout: layout)
        let k = n % 9 + 2
        switch extra {
        case .multiplier:
            let i = body.firstIndex(of: "分")!
            return (sum, String(body[...i]) + ["*", "×", "x"][n % 3] + "\(k)" + String(body[body.index(after: i)...]))
        case .superseded:
            return (sum, body + "，后经复核" + ["调整为", "改为", "核减为"][n % 3] + "扣0.\(k)分")
        case .count:
            return (sum, ["迟报", "通报", "报送信息"][n % 3] + "\(k)" + ["次", "篇", "条"][n % 3] + "，" + body)
        case .stray:
            return (sum, body + "。备注\(k)")
        }
    }

    @Test("generated texts with an extra number: counts read exactly; multipliers, changed amounts and stray numbers flagged")
    func everyNumberAccountedFor() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...999_999).array(of: 1...4), Gen.int(in: 0...9999),
                            Gen.int(in: 0...999)) { seeds, layout, n in
            for extra in Extra.allCases {
                let (expected, text) = Self.withExtra(extra, seeds: seeds, layout: layout, n: n)
                let parse = AdjustmentParser.parse(text)
                switch extra {
                case .count:
                    #expect(parse.total == expected && parse.doubts.isEmpty, "\(text): \(parse.doubts)")
                case .multiplier:
                    // Multiplied (issue 28), or flagged: never another number in silence.
                    let (_, body) = ReasonPropertyTests.group(seeds, layout: layout)
                    let first = AdjustmentParser.parse(body).items.min { $0.range.lowerBound < $1.range.lowerBound }!
                    let product = expected + first.value * Decimal(n % 9 + 1)
                    #expect(!parse.doubts.isEmpty || parse.total == product, "\(text) was read as \(parse.total) with no doubt")
                case .superseded, .stray:
                    // Never scored silently: flagged (it may also be read).
                    #expect(!parse.doubts.isEmpty, "\(text) was read as \(parse.total) with no doubt")
                }
            }
        }
    }
}

/// The adjustments rule: its settings, value, findings and formula.
@Suite struct AdjustmentsRuleTests {
    @Test("settings: base and reason; a missing or unknown name is reported where it stands")
    func settings() throws {
        let (rule, errors) = Settings.parse(AdjustmentsRule.self, Settings.map([("base", "100"), ("reason", "理由")], line: 7, column: 5),
                                            known: ["理由"])
        #expect(errors.isEmpty)
        #expect(rule?.base == 100 && rule?.reason == "理由")
        let (_, missing) = Settings.parse(AdjustmentsRule.self, Settings.map([("base", "1")], line: 3, column: 5), known: [])
        #expect(missing == ["job.yaml:3:5: missing 'reason'"])
        let (_, unknown) = Settings.parse(AdjustmentsRule.self, Settings.map([("base", "1"), ("reason", "原因")], line: 3, column: 5),
                                          known: ["理由"])
        #expect(unknown == ["job.yaml:4:13: unknown name '原因'"])
        let (_, bad) = Settings.parse(AdjustmentsRule.self, Settings.map([("base", "一百"), ("reason", "理由")], line: 3, column: 5),
                                      known: ["理由"])
        #expect(bad == ["job.yaml:3:11: base should be a number, got '一百'"])
    }

    @Test("value and formula: base then each counted amount; subtotals are not in the formula")
    func valueAndFormula() {
        let rule = AdjustmentsRule(base: 100, reason: "理由")
        let values: [String: Value] = ["理由": .text("主动评价率扣0.9分。加2分，扣0.5分。共加1.5分。")]
        let out = evaluate(rule, values)
        #expect(out.value == d("100.6"))
        #expect(out.findings.isEmpty)
        #expect(formula(rule, values, detail: out.detail) == "100-0.9+2-0.5")
    }
}
