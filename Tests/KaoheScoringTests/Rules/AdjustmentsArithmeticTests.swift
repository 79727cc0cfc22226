import Foundation
import Testing
@testable import KaoheScoring
import PropertyBased

/// Issue 28: amounts per item times a count, net and corrected amounts, more verbs of
/// deduction. Each wording with its score on a base of 100, the amounts counted (as the text
/// writes them) and what a reviewer is asked to check.
///
/// Where the wordings come from. Real reason and rule texts found in public code (the index
/// of the search tool's `find_string`, cited by the id it gives):
/// - S1 (15379358155): 没有及时完成每次扣0.5分，累计扣分不超过1.5分 / 缺一个扣0.5分
/// - S2 (2766144555): 每人每次扣0.5分
/// - S3 (26317477792): 未出勤一次扣1分，态度不端每次扣0.5分
/// - S4 (41527128526): 无故不参加…的每次扣0.5分 / 酌情扣0.5－2分
/// - S5 (38010069213): 迟到、早退每次扣0.5分 / 內返每次扣0.5分，外返每次扣2分 / 每次扣1.5分
/// - S6 (51855235769): 月平均迟到{n}次，扣{x}分 (a reason generated per unit)
/// - S7 (59685446447): {原因} {n} 条，扣 {x} 分 (likewise)
/// - S8 (504258911): +2分/次, +2分/条
/// - S9 (11171721271): 到会迟到一次扣1分，无故缺席一次扣2分 / 缺稿一篇扣2分
/// - S10 (43523141163): 缺1项扣1分；…发现1次扣1分。最多扣3分。
/// - S11 (29215652293): 发现2个错别字，…每个错别字扣1分，共扣2分。
/// - S12 (49705845657, 62243907207): 未完成一项扣5分，扣完为止 / 每处残留扣 5 分，扣完为止
/// - S13 (15614560066): 每一项（次）扣1分 / 每次扣1分
/// - D: the seeds in shared/seeds (000 文电办理, 002 政务服务) and DOMAIN.md §2.4.
/// - I: the three texts of issue 28, verbatim.
/// - T: a tester's wordings (issue 28, item 6, second round; /tmp/review-s3/cases.py), verbatim.
/// Wordings marked "shape" combine those spellings the way reason columns write them (a
/// label, a count, a rate, a total); the spelling of each part is from the sources above.
@Suite struct ReasonArithmeticTests {
    struct Wording: CustomTestStringConvertible, Sendable {
        var text: String
        var score: String
        var counted: [String]
        var doubts: [Doubt.Kind] = []
        var testDescription: String { text }
    }

    static func w(_ text: String, _ score: String, _ counted: [String], doubts: [Doubt.Kind] = []) -> Wording {
        Wording(text: text, score: score, counted: counted, doubts: doubts)
    }

    static let wordings: [Wording] = [
        // I: the issue's three texts.
        w("扣0.1分×3次", "99.7", ["扣0.1分×3次"]),
        w("加0.5分×2", "101", ["加0.5分×2"]),
        w("扣1分，加0.5分，实际扣0.5分", "99.5", ["扣1分", "加0.5分"]),
        // Amount × count, the multiplier after (shape: S5's rates with a count).
        w("迟报信息扣0.1分×3次", "99.7", ["扣0.1分×3次"]),
        w("扣0.1分x3次", "99.7", ["扣0.1分x3次"]),
        w("扣0.1分X3", "99.7", ["扣0.1分X3"]),
        w("扣0.1分*3", "99.7", ["扣0.1分*3"]),
        w("扣0.1分＊3", "99.7", ["扣0.1分＊3"]),
        w("扣0.5分乘以2", "99", ["扣0.5分乘以2"]),
        w("扣0.5分乘2次", "99", ["扣0.5分乘2次"]),
        w("扣0.1分×三次", "99.7", ["扣0.1分×三次"]),
        w("加0.2分×十二篇", "102.4", ["加0.2分×十二篇"]),
        w("信息被采用加0.1分 × 5篇", "100.5", ["加0.1分 × 5篇"]),
        w("扣分0.5分×2", "99", ["扣分0.5分×2"]),
        w("扣2分/次×3", "94", ["扣2分/次×3"]),
        w("扣0.5分/次×2次", "99", ["扣0.5分/次×2次"]),
        w("信息报送不及时扣0.2分×2次，扣0.1分×1次", "99.5", ["扣0.2分×2次", "扣0.1分×1次"]),
        w("两次迟报，扣0.5分×2", "99", ["扣0.5分×2"]),
        // The count first.
        w("迟报3次×扣0.1分", "99.7", ["3次×扣0.1分"]),
        w("漏报2次*扣0.5分", "99", ["2次*扣0.5分"]),
        w("3×扣0.5分", "98.5", ["3×扣0.5分"]),
        w("扣分：迟报3次×0.1分", "99.7", ["3次×0.1分"]),
        w("信息采用加分：3篇×0.2分", "100.6", ["3篇×0.2分"]),
        w("迟报3次×0.1分", "99.7", ["3次×0.1分"]),
        // The product written out after it.
        w("扣0.1分×3次=0.3分", "99.7", ["扣0.1分×3次=0.3分"]),
        w("扣0.1分×3次＝扣0.3分", "99.7", ["扣0.1分×3次＝扣0.3分"]),
        w("扣0.1分×3次，共扣0.3分", "99.7", ["扣0.1分×3次"]),
        w("扣0.1分×3次=0.4分", "99.6", ["0.4分"], doubts: [.countMismatch(product: d("0.3"), written: d("0.4"))]),
        // A rate and its count apart (S1, S3, S4, S5, S13 rates; S6, S7 counts).
        w("每次扣0.5分，共3次", "98.5", ["每次扣0.5分，共3次"]),
        w("迟报3次，每次扣1分", "97", ["3次，每次扣1分"]),
        w("迟报3次每次扣0.5分", "98.5", ["3次每次扣0.5分"]),
        w("迟到、早退每次扣0.5分，共2次", "99", ["每次扣0.5分，共2次"]),
        w("被市级通报两次，每次扣1分", "98", ["两次，每次扣1分"]),
        w("信息被省级采用三篇，每篇加0.5分", "101.5", ["三篇，每篇加0.5分"]),
        w("报送信息十二条，每条加0.1分", "101.2", ["十二条，每条加0.1分"]),
        w("两次通报各扣0.5分", "99", ["两次通报各扣0.5分"]),
        w("每一次扣0.5分，共2次", "99", ["每一次扣0.5分，共2次"]),
        w("每人每次扣0.5分，共3人次", "98.5", ["每次扣0.5分，共3人次"]),
        w("内返2次，每次扣0.5分；外返1次，每次扣2分", "97", ["2次，每次扣0.5分", "1次，每次扣2分"]),
        // 分/次 rates (S8).
        w("扣0.5分/次，迟报2次", "99", ["扣0.5分/次，迟报2次"]),
        w("迟报2次，扣0.5分/次", "99", ["2次，扣0.5分/次"]),
        w("加2分/条，被采用3条", "106", ["加2分/条，被采用3条"]),
        w("+2分/次，共3次", "106", ["+2分/次，共3次"]),
        // A rate, its count and the amount they come to: the amount is counted once.
        w("每条扣0.1分，共5条，扣0.5分", "99.5", ["扣0.5分"]),
        w("每篇加0.1分，共3篇，加0.3分", "100.3", ["加0.3分"]),
        w("扣0.5分/次，共2次，扣1分", "99", ["扣1分"]),
        w("发现2个错别字，每个错别字扣1分，共扣2分", "98", ["共扣2分"]),
        w("被市政府办公室通报批评2次，每次扣2分，共扣4分", "96", ["共扣4分"]),
        w("共扣1.5分（迟报3次，每次扣0.5分）", "98.5", ["共扣1.5分"]),
        w("扣0.5分（每次0.5分，共1次）", "99.5", ["扣0.5分"]),
        w("每条扣0.1分，共5条，扣0.4分", "99.6", ["扣0.4分"],
          doubts: [.countMismatch(product: d("0.5"), written: d("0.4"))]),
        // A count between the verb and a total already multiplied: not multiplied again.
        w("扣3次共1.5分", "98.5", ["扣3次共1.5分"]),
        w("加分2篇共0.4分", "100.4", ["加分2篇共0.4分"]),
        w("迟报2次扣1分", "99", ["扣1分"]),
        w("月平均迟到3次，扣1分", "99", ["扣1分"]),
        w("迟报 2 条，扣 0.2 分", "99.8", ["扣 0.2 分"]),
        w("通报批评1次扣2分", "98", ["扣2分"]),
        w("缺稿一篇扣2分", "98", ["扣2分"]),
        w("到会迟到一次扣1分，无故缺席一次扣2分", "97", ["扣1分", "扣2分"]),
        w("缺1项扣1分", "99", ["扣1分"]),
        w("未完成一项扣5分", "95", ["扣5分"]),
        // Products among other amounts and totals.
        w("迟报3次，每次扣0.5分；漏报扣1分。共扣2.5分", "97.5", ["3次，每次扣0.5分", "扣1分"]),
        w("迟报2次，每次扣0.5分，漏报扣1分", "98", ["2次，每次扣0.5分", "扣1分"]),
        w("扣0.1分×3次，漏报扣0.5分，共扣0.8分", "99.2", ["扣0.1分×3次", "扣0.5分"]),
        w("扣0.1分×3次，加0.5分×2，实际加0.7分", "100.7", ["扣0.1分×3次", "加0.5分×2"]),
        w("扣0.5分×3，漏报扣0.2分，共扣0.7分", "97.6", ["扣0.5分×3", "扣0.2分", "共扣0.7分"], doubts: [.totalMismatch]),
        // Caps stated in the sentence (S1, S10, S12).
        w("没有及时完成每次扣0.5分，共4次，累计扣分不超过1.5分", "98.5", ["每次扣0.5分，共4次"]),
        w("每次扣0.5分，共5次，最多扣2分", "98", ["每次扣0.5分，共5次"]),
        w("每次扣0.5分，共3次，最多扣2分", "98.5", ["每次扣0.5分，共3次"]),
        w("该项满分2分，每次扣0.5分，共5次，扣完为止", "98", ["每次扣0.5分，共5次"]),
        w("发现1次扣1分，最多扣3分", "99", ["扣1分"]),
        // What stays unclear is a finding.
        w("每次扣0.5分，迟报3次，漏报1次", "100", [], doubts: [.rateWithoutAmount]),
        w("迟到、早退每次扣0.5分，旷工每次扣3分", "100", [], doubts: [.rateWithoutAmount]),
        w("内返每次扣0.5分，外返每次扣2分，内返2次，外返1次", "100", [], doubts: [.rateWithoutAmount]),
        w("扣0.5分×1.5", "99.5", ["扣0.5分"], doubts: [.multiplied]),
        w("酌情扣0.5－2分", "100", [], doubts: [.range]),
        // Net amounts (实际, 实, 最终, 净).
        w("扣1分，实际扣0.5分", "99.5", ["实际扣0.5分"]),
        w("迟报扣0.5分，漏报扣0.5分，实扣1分", "99", ["扣0.5分", "扣0.5分"]),
        w("扣2分，加1分，最终扣1分", "99", ["扣2分", "加1分"]),
        w("加2分，扣0.5分，净加1.5分", "101.5", ["加2分", "扣0.5分"]),
        w("该项最高加3分，实加2分", "102", ["加2分"]),
        w("扣1分。实际扣0.5分", "98.5", ["扣1分", "扣0.5分"], doubts: [.superseded]),
        // D: 落实 is not a net marker.
        w("工作整改要求不落实扣0.5分", "99.5", ["扣0.5分"]),
        // Corrections replace the one amount before them.
        w("扣2分，后经申诉核减为扣1分", "99", ["核减为扣1分"]),
        w("原扣1分，复核后调整为扣0.5分", "99.5", ["调整为扣0.5分"]),
        w("扣1分，更正为扣0.5分", "99.5", ["更正为扣0.5分"]),
        w("扣1分，经复核改为0.5分", "99.5", ["改为0.5分"]),
        w("加2分，变更为加1分", "101", ["变更为加1分"]),
        w("迟报扣1分，漏报扣1分，复核后调整为扣0.5分", "97.5", ["扣1分", "扣1分", "扣0.5分"], doubts: [.superseded]),
        // More verbs of deduction.
        w("减去0.5分", "99.5", ["减去0.5分"]),
        w("扣掉0.5分", "99.5", ["扣掉0.5分"]),
        w("扣去0.3分", "99.7", ["扣去0.3分"]),
        w("罚0.5分", "99.5", ["罚0.5分"]),
        w("处罚扣1分", "99", ["罚扣1分"]),
        w("扣罚1分", "99", ["扣罚1分"]),
        w("核减0.5分", "99.5", ["核减0.5分"]),
        // More spellings (shape): a number without 分 before ×, 分/篇, a verb after the rate,
        // a count inside a rate (每迟报1次), a total in brackets, several rates each by its count.
        w("扣0.5×2=1分", "99", ["扣0.5×2=1分"]),
        w("扣0.1×3", "99.7", ["扣0.1×3"]),
        w("加0.5分×2次=1分", "101", ["加0.5分×2次=1分"]),
        w("扣零点五分乘两次", "99", ["扣零点五分乘两次"]),
        w("扣0.5分×2人次", "99", ["扣0.5分×2人次"]),
        w("信息采用加1分x2篇", "102", ["加1分x2篇"]),
        w("迟报扣0.2分*2次；漏报扣0.5分*1次", "99.1", ["扣0.2分*2次", "扣0.5分*1次"]),
        w("迟报扣0.1分×3次，漏报扣0.2分×2次，共扣0.7分", "99.3", ["扣0.1分×3次", "扣0.2分×2次"]),
        w("扣0.5分×2=1分，加1分×2=2分，共加1分", "101", ["扣0.5分×2=1分", "加1分×2=2分"]),
        w("省级采用2篇×1分=2分，市级采用3篇×0.5分=1.5分，共加3.5分", "103.5", ["2篇×1分=2分", "3篇×0.5分=1.5分"]),
        w("扣1.5分（0.5分×3次）", "98.5", ["扣1.5分"]),
        w("扣1.5分（3次×0.5分）", "98.5", ["扣1.5分"]),
        w("扣0.3分（0.1分×3）", "99.7", ["扣0.3分"]),
        w("按0.5分/次扣分，共3次", "98.5", ["0.5分/次扣分，共3次"]),
        w("全年少报信息3篇，按每篇0.1分扣减", "99.7", ["3篇，按每篇0.1分"]),
        w("扣0.1分/篇，少报3篇", "99.7", ["扣0.1分/篇，少报3篇"]),
        w("每少报1篇扣0.1分，少报3篇", "99.7", ["每少报1篇扣0.1分，少报3篇"]),
        w("每发现一次扣0.5分，共发现2次", "99", ["每发现一次扣0.5分，共发现2次"]),
        w("每次扣0.5分，共扣3次", "98.5", ["每次扣0.5分，共扣3次"]),
        w("迟报3次（每次扣0.5分）", "98.5", ["3次（每次扣0.5分"]),
        w("迟报3次，扣1.5分（每次0.5分）", "98.5", ["扣1.5分"]),
        w("通报2次，扣2分（每次1分）", "98", ["扣2分"]),
        w("共3次，每次扣0.5分，共扣1.5分", "98.5", ["共扣1.5分"]),
        w("信息采用5篇，每篇0.1分，加0.5分", "100.5", ["加0.5分"]),
        w("每次扣0.3分，共计3次，扣0.9分", "99.1", ["扣0.9分"]),
        w("每次扣0.3分，共计3次，扣1分", "99", ["扣1分"], doubts: [.countMismatch(product: d("0.9"), written: d("1"))]),
        w("信息报送迟报2次，每次扣0.2分，漏报1次，每次扣0.5分", "99.1", ["2次，每次扣0.2分", "1次，每次扣0.5分"]),
        w("被通报批评2次，每次扣1分，共扣2分；信息被采用3篇，每篇加0.5分，共加1.5分", "99.5", ["共扣2分", "共加1.5分"]),
        w("未按时报送2次，各扣0.25分", "99.5", ["2次，各扣0.25分"]),
        w("各扣0.5分，共2次", "99", ["扣0.5分，共2次"]),
        w("扣3次，共1.5分", "98.5", ["扣3次，共1.5分"]),
        w("扣0.5分/次（最多扣2分），共5次", "98", ["扣0.5分/次（最多扣2分），共5次"]),
        w("最高扣2分，每次扣0.5分，共6次", "98", ["每次扣0.5分，共6次"]),
        w("每次加0.5分，最多加2分，共5次", "102", ["每次加0.5分，最多加2分，共5次"]),
        w("每次扣0.5分，共5次。扣完为止", "97.5", ["每次扣0.5分，共5次"]),
        w("扣1分，加0.5分，实际扣分0.5分", "99.5", ["扣1分", "加0.5分"]),
        w("应扣1分，实扣0.5分", "99.5", ["实扣0.5分"]),
        w("原扣1分，现扣0.5分", "99.5", ["现扣0.5分"]),
        w("扣1分（后经核实，实际扣0.5分）", "99.5", ["实际扣0.5分"]),
        w("发现扣0.5分", "99.5", ["扣0.5分"]),
        w("扣1分，复核后扣0.5分", "98.5", ["扣1分", "扣0.5分"], doubts: [.superseded]),
        w("加分：省级采用1篇加0.5分，市级采用2篇×0.2分", "100.9", ["加0.5分", "2篇×0.2分"]),
        w("扣分：信息迟报2次×0.1分，漏报1次×0.5分", "99.3", ["2次×0.1分", "1次×0.5分"]),
        w("合计扣0.3分（扣0.1分/次×3次）", "99.7", ["合计扣0.3分"]),
        w("迟报3次，扣0.3分（0.1分/次）", "99.7", ["扣0.3分"]),
        w("通报批评2次扣1分（0.5分/次）", "99", ["扣1分"]),
        w("扣 0.1 分 × 3 次", "99.7", ["扣 0.1 分 × 3 次"]),
        w("扣0.5分×2（迟报、漏报各1次）", "99", ["扣0.5分×2"]),
        w("3次*0.1分=0.3分，扣0.3分", "99.7", ["扣0.3分"], doubts: [.noDirection]),
        w("减扣0.5分", "99.5", ["减扣0.5分"]),
        w("计扣0.5分", "99.5", ["扣0.5分"]),
        w("扣0.5分×2倍", "99", ["扣0.5分×2"]),
        w("扣0.1分/次*3次", "99.7", ["扣0.1分/次*3次"]),
        w("迟报3次，按0.1分/次计扣0.3分", "99.7", ["扣0.3分"]),
        w("扣1.5分：迟报3次，每次扣0.5分", "98.5", ["扣1.5分"]),
        w("扣2分/次，共3次。共扣6分", "94", ["扣2分/次，共3次"]),
        w("主动评价率扣0.9分，通报2次，每次扣0.5分", "98.1", ["扣0.9分", "2次，每次扣0.5分"]),
        w("加0.2分×5篇，扣0.1分×2次，共加0.8分", "100.8", ["加0.2分×5篇", "扣0.1分×2次"]),
        w("被市委办通报1次扣1分；被省政府办公厅通报2次，每次扣2分", "95", ["扣1分", "2次，每次扣2分"]),
        w("扣1分（1次）", "99", ["扣1分"]),
        // A cap next to another item is not this product's (S1 shape).
        w("迟报每次扣0.5分，共5次，漏报最多扣2分", "97.5", ["每次扣0.5分，共5次"]),
        // A quota (每月报送2篇), a threshold (超3次) and an unrelated count are no counts.
        w("每月报送2篇，每篇加0.1分", "100", [], doubts: [.rateWithoutAmount]),
        w("各扣0.5分，报送信息3篇", "100", [], doubts: [.rateWithoutAmount]),
        // Still unclear: flagged, with the text quoted.
        w("扣1分：迟报3次，每次扣0.5分", "99", ["扣1分"], doubts: [.countMismatch(product: d("1.5"), written: 1)]),
        w("迟报3次，每次扣0.5分，共扣1分", "99", ["共扣1分"], doubts: [.countMismatch(product: d("1.5"), written: 1)]),
        w("加2分×50%", "102", ["加2分"], doubts: [.multiplied]),
        w("扣0.5分，共3次", "99.5", ["扣0.5分"], doubts: [.perItemUnclear]),
        w("扣0.5分（3次）", "99.5", ["扣0.5分"], doubts: [.perItemUnclear]),
        w("每篇0.1分，共5篇", "100", [], doubts: [.noDirection]),
        w("0.5分×2次=1分", "100", [], doubts: [.noDirection]),
        w("超3次每次扣0.5分", "100", [], doubts: [.rateWithoutAmount]),
        w("扣1分，加0.5分，合计扣1分", "98.5", ["扣1分", "加0.5分", "合计扣1分"], doubts: [.totalMismatch]),
        w("扣0.2分（迟报）×2", "99.8", ["扣0.2分"], doubts: [.strayNumber]),
        w("该项不得分", "100", [], doubts: [.noScore]),
        w("迟报5次，扣完为止", "100", [], doubts: [.noScore]),
        w("迟报扣0.5分。该项不得分", "99.5", ["扣0.5分"], doubts: [.noScore]),
        // T: the tester's wordings, read as a person reads them.
        w("10月、11月各迟报1次，各扣0.3分", "99.4", ["10月、11月各迟报1次，各扣0.3分"]),
        w("迟报、漏报各1次，各扣0.5分", "99", ["迟报、漏报各1次，各扣0.5分"]),
        w("迟报2次、漏报1次，每次扣0.5分", "98.5", ["2次、漏报1次，每次扣0.5分"]),
        w("扣0.2分×2次+0.3分×1次", "99.3", ["扣0.2分×2次", "+0.3分×1次"]),
        w("扣1分+0.5分", "98.5", ["扣1分", "+0.5分"]),
        w("扣1分，+0.5分", "99.5", ["扣1分", "+0.5分"]),
        w("加3分（封顶2分）", "102", ["加3分"]),
        w("加3分（最高2分）", "102", ["加3分"]),
        w("扣3分（上限2分）", "98", ["扣3分"]),
        w("加1分（封顶2分）", "101", ["加1分"]),
        w("信息报送加分：省级采用2条×1分，市级采用3条×0.5分", "103.5", ["2条×1分", "3条×0.5分"]),
        w("扣0.5分，整改到位后返还0.5分", "100", ["扣0.5分", "返还0.5分"]),
        w("扣0.5分，整改后退还0.5分", "100", ["扣0.5分", "退还0.5分"]),
        w("加1分，后恢复1分", "100", ["加1分", "恢复1分"]),
        w("迟报3次×0.1分=0.3分", "99.7", ["3次×0.1分=0.3分"]),
        w("迟报1次扣0.5分，因主动整改减半扣0.25分", "99.75", ["减半扣0.25分"]),
        w("加2分，因超过上限按1分计", "101", ["按1分计"]),
        w("不扣分", "100", []),
        w("扣1分，其中：迟报0.5分，漏报0.5分", "99", ["扣1分"]),
        w("扣1分，其中迟报扣0.5分，漏报扣0.3分", "99", ["扣1分"], doubts: [.breakdownMismatch(items: d("0.8"))]),
        w("扣分合计1.5分（迟报扣1分，漏报扣0.5分）", "98.5", ["扣分合计1.5分"]),
        w("迟报2次（每次0.5分），扣1分", "99", ["扣1分"]),
        w("扣0.5分/次，共计3次，合计扣1.5分", "98.5", ["合计扣1.5分"]),
        w("扣减1分", "99", ["扣减1分"]),
        w("倒扣2分", "98", ["倒扣2分"]),
        w("少报3条，扣0.3分（每条0.1分）", "99.7", ["扣0.3分"]),
        w("扣1分，另扣0.5分", "98.5", ["扣1分", "扣0.5分"]),
        w("扣1分 扣0.5分", "98.5", ["扣1分", "扣0.5分"]),
        w("加1分。扣0.5分。", "100.5", ["加1分", "扣0.5分"]),
        w("信息迟报（-0.5分）", "99.5", ["-0.5分"]),
        w("奖励1分", "101", ["奖励1分"]),
        w("无", "100", []),
        w("12月10日迟报1次，扣1分", "99", ["扣1分"]),
        w("第2次迟报扣1分", "99", ["扣1分"]),
        w("全年迟报3次以上，扣1分", "99", ["扣1分"]),
        w("扣1分（迟报），扣1分（漏报），共扣2分", "98", ["扣1分", "扣1分"]),
        w("迟报4次，前2次每次扣0.2分，后2次每次扣0.5分", "98.6", ["2次每次扣0.2分", "2次每次扣0.5分"]),
        w("两项工作各扣0.5分", "99", ["两项工作各扣0.5分"]),
        w("加0.5分/篇，共2篇", "101", ["加0.5分/篇，共2篇"]),
        w("迟报1次扣0.5分，漏报2次各扣1分", "97.5", ["扣0.5分", "2次各扣1分"]),
        w("被省政府办公厅通报表扬1次加1分、市政府通报表扬2次各加0.5分", "102", ["加1分", "2次各加0.5分"]),
        w("原扣1分，复核后改为扣0.5分", "99.5", ["改为扣0.5分"]),
        w("每次扣0.1分，本季度迟报3次，累计扣0.3分", "99.7", ["累计扣0.3分"]),
        // Neighbours of the tester's wordings (shape).
        w("市政务中心、区两改办各通报1次，各扣0.5分", "99", ["市政务中心、区两改办各通报1次，各扣0.5分"]),
        w("迟报、漏报各2次，每次扣0.5分", "98", ["迟报、漏报各2次，每次扣0.5分"]),
        w("少报2条×0.1分", "99.8", ["2条×0.1分"]),
        w("信息采用3篇×0.2分", "100", [], doubts: [.noDirection]),
        w("扣5分，最多扣2分", "98", ["扣5分"]),
        w("扣1分（最多扣2分）", "99", ["扣1分"]),
        w("扣1分，按0.5分计", "99.5", ["按0.5分计"]),
        w("扣1分，漏报扣1分，按1.5分计", "98", ["扣1分", "扣1分"], doubts: [.noDirection]),
        w("免扣", "100", []),
        w("扣0.5分，不扣分", "99.5", ["扣0.5分"], doubts: [.reversal]),
        // D: seed wordings keep their readings.
        w("前三季度出现2例公文错情，扣0.02分", "99.98", ["扣0.02分"]),
        w("主动评价率扣0.9分。\n半年12345热线省级件回访满意率达100%加2分，工作整改要求不落实扣0.5分。共加1.5分。", "100.6",
          ["扣0.9分", "加2分", "扣0.5分"]),
        w("主动评价率扣0.5分；\n完善便民服务体系工作推进不力，市政务中心、区两改办各通报1次，合计扣1分；\n通过”三化“试点工作验收加2分；\n半年12345热线省级件回访满意率达100%加2分。",
          "102.5", ["扣0.5分", "合计扣1分", "加2分", "加2分"]),
    ]

    @Test("each wording reads to its exact score, or is flagged", arguments: wordings)
    func reads(_ w: Wording) {
        let parse = AdjustmentParser.parse(w.text)
        #expect(100 + parse.total == d(w.score))
        #expect(parse.countedTexts == w.counted)
        #expect(parse.doubts.map(\.kind) == w.doubts)
    }

    @Test("there are at least 80 wordings")
    func enough() { #expect(Self.wordings.count >= 80) }

    @Test("a doubt of issue 28 explains itself in one Chinese clause")
    func explanations() {
        #expect(AdjustmentParser.parse("每条扣0.1分，共5条，扣0.4分").doubts.map(\.explanation)
                == ["“每条扣0.1分，共5条，扣0.4分”中每项分值乘以次数为0.5分，与写出的0.4分不符，按0.4分计入，请核对"])
        #expect(AdjustmentParser.parse("扣0.5分×3，漏报扣0.2分，共扣0.7分").doubts.map(\.explanation)
                == ["“共扣0.7分”与前面各项之和不符，已按单独加扣分计入，请核对"])
        #expect(AdjustmentParser.parse("扣0.5分，共3次").doubts.map(\.explanation)
                == ["“扣0.5分，共3次”未写明分值是每次的还是合计的，按合计计入，请核对"])
        #expect(AdjustmentParser.parse("该项不得分").doubts.map(\.explanation)
                == ["“该项不得分”表示该项不得分，扣除多少分需人工确定，未计入"])
    }

    @Test("a product keeps its rate and count; one above a cap in its sentence is the cap")
    func productsAndCaps() throws {
        let product = try #require(AdjustmentParser.parse("扣0.1分×3次").items.first)
        #expect(product.value == d("-0.3") && product.rate == d("0.1") && product.count == 3 && product.cap == nil)
        #expect(product.shownText == "扣0.1分×3次（计扣0.3分）")
        let written = try #require(AdjustmentParser.parse("扣0.1分×3次=0.3分").items.first)
        #expect(written.shownText == "扣0.1分×3次=0.3分")
        let capped = AdjustmentParser.parse("每次扣0.5分，共5次，最多扣2分")
        let item = try #require(capped.items.first)
        #expect(item.value == -2 && item.rate == d("0.5") && item.count == 5 && item.cap == 2)
        #expect(capped.setAside.map(\.text) == ["最多扣2分"])
        #expect(capped.notes == ["“每次扣0.5分，共5次”按次计为2.5分，超过本句所写上限，按2分计入"])
    }

    @Test("a capped amount, a fault's direction, 减半 and 按…计 say so in a note; 不扣分 alone is no finding")
    func testerNotes() {
        #expect(AdjustmentParser.parse("加3分（封顶2分）").notes == ["“加3分”超过本句所写上限，按2分计入"])
        #expect(AdjustmentParser.parse("加3分（封顶2分）").countedShownTexts == ["加3分（计加2分）"])
        #expect(AdjustmentParser.parse("迟报3次×0.1分=0.3分").notes == ["“3次×0.1分=0.3分”没有写加或扣，按“迟报”计为扣0.3分"])
        #expect(AdjustmentParser.parse("迟报1次扣0.5分，因主动整改减半扣0.25分").notes
                == ["“减半扣0.25分”更正了前面的“扣0.5分”，按扣0.25分计入，“扣0.5分”不再计入"])
        #expect(AdjustmentParser.parse("加2分，因超过上限按1分计").notes == ["“按1分计”更正了前面的“加2分”，按加1分计入，“加2分”不再计入"])
        #expect(evaluate(AdjustmentsRule(base: 100, reason: "理由"), ["理由": .text("不扣分")]).findings.isEmpty)
        #expect(AdjustmentParser.parse("扣1分，减半").doubts.map(\.kind) == [.superseded])
    }

    @Test("a net or corrected amount replaces what it corrects, and says so in a note")
    func replacements() {
        let net = AdjustmentParser.parse("扣1分，实际扣0.5分")
        #expect(net.items.map(\.role) == [.replaced, .amount])
        #expect(net.notes == ["“实际扣0.5分”更正了前面的“扣1分”，按扣0.5分计入，“扣1分”不再计入"])
        // The issue's text: the net amount is the sum of the two before it, a subtotal.
        let sum = AdjustmentParser.parse("扣1分，加0.5分，实际扣0.5分")
        #expect(sum.items.map(\.role) == [.amount, .amount, .subtotal])
        #expect(sum.items.map(\.text) == ["扣1分", "加0.5分", "实际扣0.5分"])
        #expect(sum.notes.isEmpty)
    }

    /// The formula the summary writes shows the arithmetic, as the text does.
    @Test("formulas: 100-0.1*3, 100+0.5*2, 100-MIN(0.5*5,2); the issue's net amount; 扣完为止 and 不得分 with the base")
    func formulas() {
        func row(_ text: String, _ rule: AdjustmentsRule = AdjustmentsRule(base: 100, reason: "理由")) -> (Decimal?, String?) {
            let values: [String: Value] = ["理由": .text(text)]
            let out = evaluate(rule, values)
            return (out.value, formula(rule, values, detail: out.detail))
        }
        #expect(row("扣0.1分×3次") == (d("99.7"), "100-0.1*3"))
        #expect(row("加0.5分×2") == (d("101"), "100+0.5*2"))
        #expect(row("每次扣0.5分，共5次，最多扣2分") == (d("98"), "100-MIN(0.5*5,2)"))
        #expect(row("扣1分，加0.5分，实际扣0.5分") == (d("99.5"), "100-1+0.5"))
        #expect(row("扣1分，实际扣0.5分") == (d("99.5"), "100-0.5"))
        #expect(row("每条扣0.1分，共5条，扣0.5分") == (d("99.5"), "100-0.5"))
        #expect(row("迟报2次，每次扣0.2分，漏报扣1分") == (d("98.6"), "100-0.2*2-1"))
        let one = AdjustmentsRule(base: 1, reason: "理由")
        #expect(row("前三季度出现5例公文错情，每例扣0.3分，扣完为止", one) == (0, "MAX(0,1-0.3*5)"))
        #expect(row("前三季度出现2例公文错情，每例扣0.3分，扣完为止", one) == (d("0.4"), "1-0.3*2"))
        #expect(row("该项不得分", one) == (0, "1-1"))
        #expect(row("加3分（封顶2分）") == (102, "100+MIN(3,2)"))
        #expect(row("10月、11月各迟报1次，各扣0.3分") == (d("99.4"), "100-0.3*2"))
        #expect(row("迟报2次、漏报1次，每次扣0.5分") == (d("98.5"), "100-0.5*3"))
        #expect(row("扣0.2分×2次+0.3分×1次") == (d("99.3"), "100-0.2*2-0.3*1"))
        #expect(evaluate(one, ["理由": .text("该项不得分")]).findings.isEmpty)
    }

    @Test("a finding lists a product with what it comes to")
    func finding() throws {
        let out = evaluate(AdjustmentsRule(base: 100, reason: "理由"), ["理由": .text("扣0.1分×3次；扣0.5分，共3次")])
        let f = try #require(out.findings.first)
        #expect(f.kind == .reasonUnclear)
        #expect(f.message == "理由“扣0.1分×3次；扣0.5分，共3次”未能完全识别：“扣0.5分，共3次”未写明分值是每次的还是合计的，按合计计入，请核对。已计入：扣0.1分×3次（计扣0.3分）、扣0.5分，得分按 100 − 0.8 = 99.2 计算，请人工核对")
        let parse = try #require(out.detail as? AdjustmentParse)
        #expect(parse.mismatchNote == "理由中计入的加扣分：扣0.1分×3次（计扣0.3分）、扣0.5分")
    }
}

/// Property: amounts per item times a count, in any of the spellings above, with any verb,
/// rate, count (digits or Chinese numerals) and measure word, several to a text, read to the
/// exact sum with no doubt; a correct subtotal after them changes nothing.
@Suite struct ReasonArithmeticPropertyTests {
    static let minusVerbs = ["扣", "减", "扣除", "扣减", "减去", "扣掉", "倒扣"]
    static let plusVerbs = ["加", "奖励", "加上"]
    static let units = ["次", "篇", "条", "件", "项"]
    static let labels = ["迟报", "漏报", "信息被采用", "被通报", "整改不到位"]
    static let chinese = ["一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    static let spellings = 11

    /// One product from one random number: its signed value and its text.
    static func item(_ n: Int) -> (Decimal, String) {
        let negative = n % 2 == 0
        let verbs = negative ? minusVerbs : plusVerbs
        let v = verbs[(n / 2) % verbs.count]
        let r = Decimal((n / 16) % 200 + 1) / 100
        let k = (n / 3200) % 12 + 1
        let u = units[(n / 38_400) % units.count]
        let label = labels[(n / 7) % labels.count]
        let c = (n / 192_000) % 2 == 0 ? "\(k)" : chinese[k - 1]
        let value = (negative ? -1 : 1) * r * Decimal(k)
        let text: String
        switch (n / 384_000) % spellings {
        case 0: text = "\(label)\(v)\(r)分×\(c)\(u)"
        case 1: text = "\(label)\(v)\(r)分*\(k)"
        case 2: text = "\(label)\(c)\(u)×\(v)\(r)分"
        case 3: text = "\(label)每\(u)\(v)\(r)分，共\(c)\(u)"
        case 4: text = "\(label)\(c)\(u)，每\(u)\(v)\(r)分"
        case 5: text = "\(label)\(v)\(r)分/\(u)×\(k)"
        case 6: text = "\(label)\(v)\(r)分/\(u)，共\(c)\(u)"
        case 7: text = "\(label)\(v)\(r)分×\(k)\(u)=\(r * Decimal(k))分"
        case 8: text = "\(label)每\(u)\(v)\(r)分，共\(c)\(u)，\(v)\(r * Decimal(k))分"
        case 9: text = "\(label)\(v)\(r)分x\(c)\(u)"
        default: text = "\(label)\(c)\(u)，\(v)\(r)分/\(u)"
        }
        return (value, text)
    }

    @Test("random products in random spellings read to their exact sum")
    func products() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...4_223_999).array(of: 1...4), Gen.int(in: 0...3)) { seeds, layout in
            let items = seeds.map(Self.item)
            let sum = items.reduce(Decimal(0)) { $0 + $1.0 }
            var text = items.map(\.1).joined(separator: ["；", "。", "；\n", "。\n"][layout])
            if layout % 2 == 1, sum != 0 { text += "。共\(sum < 0 ? "扣" : "加")\(abs(sum))分" }
            let parse = AdjustmentParser.parse(text)
            #expect(parse.total == sum, "\(text)")
            #expect(parse.doubts.isEmpty, "\(text): \(parse.doubts)")
        }
    }
}
