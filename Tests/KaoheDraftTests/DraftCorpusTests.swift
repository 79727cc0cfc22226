import Foundation
import KaoheDraft
import KaoheAssessment
import KaoheJobs
import KaoheScoring
import KaoheTestSupport
import Testing

/// Issue 32: drafts of real published result tables the draft was never tuned to (typed in by
/// scripts/make_draft_corpus.py, sources in Fixtures/corpus/README.md), run unedited on the
/// same workbooks. Every figure a rule can derive is reproduced by a rule the draft found; what
/// no rule on the sheet derives is said to be not explained.
@Suite struct DraftCorpusTests {
    static func corpus(_ name: String) -> String { repoPath("Tests/KaoheDraftTests/Fixtures/corpus/" + name) }

    /// The draft's summary, the figures its job reproduces run unedited, and the run's findings
    /// (unit: message).
    static func drafted(_ name: String) throws -> (summary: [String], figures: Int, findings: [String]) {
        let draft = try Draft.make(paths: [corpus(name)], date: Drafted.date)
        let run = Assessor.run(try Drafted.job(draft), files: [corpus(name)])
        let findings = run.tables.flatMap { $0.result?.findings ?? [] }.filter { $0.kind != .note }.map { "\($0.unit): \($0.message)" }
        return (draft.summary.map(\.english), Reproduction.figures(run).count, findings)
    }

    /// Website assessments of ministries (2016, 2022): ranks printed dense (6, 6, 7), the total
    /// weighted from indices by weights the sheet does not state, so not explained.
    @Test func ministriesDenseRanks() throws {
        let a = try Self.drafted("01-部委网站2016.xlsx")
        #expect(a.summary == ["table Sheet1: recomputes 排名 (17/17); inputs: 政务公开指数, 政务服务指数, 互动交流指数, 日常保障指数, 功能与影响力指数, "
            + "优秀创新案例指数; not explained: 总分"])
        #expect((a.figures, a.findings) == (17, []))
        let c = try Self.drafted("03-部委网站2022.xlsx")
        #expect(c.summary == ["table Sheet1: recomputes 排名 (17/17); inputs: 资源汇聚能力指数, 数据应用能力指数, 资源融合能力指数, 资源传递能力指数, "
            + "诉求响应能力指数, 安全运维保障能力指数, 优秀创新案例指数; not explained: 总分"])
        #expect((c.figures, c.findings) == (17, []))
        let draft = try Draft.make(paths: [Self.corpus("03-部委网站2022.xlsx")], date: Drafted.date)
        #expect(Drafted.lines(draft).contains("rank: {score: 总分, method: dense, decimals: 1, published: 公布排名}"))
        #expect(Drafted.lines(draft).contains("# 未能解释：“总分”，找不到由其他列算出它的规则；按输入读取，不核对。"))
    }

    /// 2014's ministries (the 21 rows the stored page holds): competition ranks (9, 9, 11; 14, 14, 16).
    @Test func ministriesCompetitionRanks() throws {
        let b = try Self.drafted("02-部委网站2014.xlsx")
        #expect(b.summary == ["table Sheet1: recomputes 排名 (21/21); inputs: 信息公开指数, 办事服务指数, 互动交流指数, 舆论引导指数, 功能与管理指数; "
            + "not explained: 总分"])
        #expect((b.figures, b.findings) == (21, []))
    }

    /// Totals printed before their parts, whose stated maxima (30 + 25 + 10 + 20 + 15, or
    /// 77 + 9 + 7 + 4 + 3 written 得分(77)) add up to the total's 100: the total of the parts,
    /// and the rank of that total.
    @Test func totalsBeforeTheirParts() throws {
        let d = try Self.drafted("04-地级市网站2014.xlsx")
        #expect(d.summary == ["table Sheet1: recomputes 总得分 (10/10), 列2014年排名 (10/10); inputs: 信息公开, 在线服务, 互动交流, 用户满意, 国际化"])
        #expect((d.figures, d.findings) == (20, []))
        let e = try Self.drafted("05-国土政务公开2011.xlsx")
        #expect(e.summary == ["table Sheet1: recomputes 总得分 (21/21), 排名 (21/21); inputs: 政务公开及日常更新得分, 在线服务得分, 公众参与得分, 网站设计得分, 公开率得分"])
        #expect((e.figures, e.findings) == (42, []))
        let draft = try Draft.make(paths: [Self.corpus("05-国土政务公开2011.xlsx")], date: Drafted.date)
        #expect(Drafted.lines(draft).contains("- {name: 总得分, categories: [{name: 政务公开及日常更新得分, max: 77}, {name: 在线服务得分, max: 9}, "
            + "{name: 公众参与得分, max: 7}, {name: 网站设计得分, max: 4}, {name: 公开率得分, max: 3}], published: 公布总得分}"))
    }

    /// Ranks that do not follow the scores as printed (安徽 90.82 above 福建 91.11; 兵团 ranked with
    /// no index; 南京 96.46 ranked with two at 96.45): no rank is kept, and the draft says which
    /// columns it could not explain instead of writing a job that calls correct ranks wrong.
    @Test func ranksThatDoNotFollowTheirScores() throws {
        #expect {
            _ = try Draft.make(paths: [Self.corpus("06-网上政务服务能力2019.xlsx")], date: Drafted.date)
        } throws: { error in
            (error as? DraftError)?.english == "06-网上政务服务能力2019.xlsx: no column can be computed from the others, ranked or graded, and no note "
                + "gives points; nothing to draft (table 省级: nothing recomputed; inputs: 总体指数; not explained: 排名; table 重点城市: nothing recomputed; "
                + "inputs: 总体指数; not explained: 排名)"
        }
    }

    /// Dazhou's 2010 county scores: 得分 follows from neither count by any rule on the sheet (达县
    /// 144 adoptions score 264, 渠县 138 and 1 also 264): not explained, and no rule is forced on it.
    @Test func scoreNoRuleOnTheSheetGives() throws {
        #expect {
            _ = try Draft.make(paths: [Self.corpus("07-政务信息评分2010.xlsx")], date: Drafted.date)
        } throws: { error in
            (error as? DraftError)?.english == "07-政务信息评分2010.xlsx: no column can be computed from the others, ranked or graded, and no note "
                + "gives points; nothing to draft (table 县市区: nothing recomputed; inputs: 市政府办采用, 省政府办采用; not explained: 得分)"
        }
    }

    /// Ten towns ranked 1–10, then three zones ranked 1–3, no heading between them: the restart
    /// makes two groups, each ranked on its own, and the registry asks for their names.
    @Test func ranksStartingAgain() throws {
        let h = try Self.drafted("08-环境卫生考评2005.xlsx")
        #expect(h.summary == ["table Sheet1: recomputes 名次 (13/13); inputs: 分数"])
        #expect((h.figures, h.findings) == (13, []))
        let draft = try Draft.make(paths: [Self.corpus("08-环境卫生考评2005.xlsx")], date: Drafted.date)
        #expect(draft.registryText.contains("groups: [第1组, 第2组]"))
        #expect(draft.registryText.contains("  - {name: 中心工业区, group: 第2组}"))
    }

    /// 采纳率 printed 57.10% for 16 ÷ 28: rounded to a tenth of a per cent (decimals: 3), and
    /// 区统计局's 0 for 0 of 0 is a finding, not a rate.
    @Test func ratePrintedWithATrailingZero() throws {
        let i = try Self.drafted("09-网站信息报送2017.xlsx")
        #expect(i.summary == ["table Sheet1: recomputes 采纳率 (12/13); inputs: 原序号, 报送信息数, 采纳数"])
        #expect(i.figures == 12)
        let draft = try Draft.make(paths: [Self.corpus("09-网站信息报送2017.xlsx")], date: Drafted.date)
        #expect(Drafted.lines(draft).contains("- {name: 采纳率, completion: {count: 采纳数, quota: 报送信息数}, published: 公布采纳率, decimals: 3, empty_is_zero: true}"))
    }

    /// 南通's 2017 城市长效管理 results (the 19 rows the stored page holds): 总分 weighted by the
    /// percentages its parts' headers state (占40% / 占40% / 占20%), and the rank of that total.
    /// 金沙街道's 92.936 is printed 92.93, and 新开街道 (94.308) and 钟秀街道 (94.310), both printed
    /// 94.31, are ranked 4 and 5: the two printed figures no rule gives are the run's findings.
    @Test func partsWeightedAsTheirHeadersSay() throws {
        let j = try Self.drafted("10-城市长效管理2017.xlsx")
        #expect(j.summary == ["table Sheet1: recomputes 总分 (18/19), 排名 (18/19); inputs: 系统考核得分, 现场考核得分, 履职考核得分"])
        #expect(j.figures == 36)
        #expect(j.findings == ["金沙街道: 公布值 92.93 与重新计算值 92.94 不一致", "钟秀街道: 公布名次 5 与按公布得分排出的名次 4 不一致"])
        let draft = try Draft.make(paths: [Self.corpus("10-城市长效管理2017.xlsx")], date: Drafted.date)
        #expect(Drafted.lines(draft).contains(
            "- {name: 总分, expression: \"系统考核得分 * 40% + 现场考核得分 * 40% + 履职考核得分 * 20%\", published: 公布总分}"))
    }

    /// 济宁's 2017 城市文明程度指数, two sheets of one shape: 总分 is the sum of the two weighted
    /// parts (85% and 15%), which were rounded from finer scores than the printed ones, so six
    /// totals are a hundredth off the printed parts' sum and the draft takes them with
    /// tolerance: 0.01. The weighted parts themselves (原始得分 × the header's percentage) are read
    /// as inputs: no finder derives a column from one other column and its own header's weight.
    @Test func weightedPartsPrintedRounded() throws {
        let k = try Self.drafted("11-城市文明程度指数2017.xlsx")
        #expect(k.summary == [
            "table 主城区街道: recomputes 总分 (10/13, 3 one unit off); inputs: 实地考察原始得分, 实地考察加权得分, 问卷调查原始得分, 问卷调查加权得分",
            "table 非主城区镇街: recomputes 总分 (3/6, 3 one unit off); inputs: 实地考察原始得分, 实地考察加权得分, 问卷调查原始得分, 问卷调查加权得分",
        ])
        #expect(k.figures == 13)
        #expect(k.findings == [])
        let draft = try Draft.make(paths: [Self.corpus("11-城市文明程度指数2017.xlsx")], date: Drafted.date)
        #expect(Drafted.lines(draft).filter { $0.hasPrefix("- {name: 总分") } == Array(repeating:
            "- {name: 总分, expression: 实地考察加权得分 + 问卷调查加权得分, published: 公布总分, tolerance: 0.01}", count: 2))
    }

    /// The measure over the whole corpus: of the 178 figures a rule on the sheet derives
    /// (117 ranks of their tables' own scores, 31 totals of parts with stated maxima, 18 totals
    /// weighted as their parts' headers say, 12 rates; Fixtures/corpus/README.md), the drafts
    /// reproduce every one.
    @Test func everyDerivableFigure() throws {
        let names = ["01-部委网站2016.xlsx", "02-部委网站2014.xlsx", "03-部委网站2022.xlsx", "04-地级市网站2014.xlsx", "05-国土政务公开2011.xlsx",
                     "08-环境卫生考评2005.xlsx", "09-网站信息报送2017.xlsx", "10-城市长效管理2017.xlsx"]
        let reproduced = try names.map { try Self.drafted($0).figures }.reduce(0, +)
        #expect(reproduced == 178)
    }
}
