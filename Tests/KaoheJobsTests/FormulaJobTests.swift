import Foundation
import Testing
import KaoheJobs
import KaoheScoring

/// A lead unit's workbook written by a script (issue 28, item 2): openpyxl saves `=B3+C3`
/// without its result. The job binds it as written: each formula Kaohe computes gives the
/// value (a note says so), one it does not is a finding telling the lead unit to open and save
/// the file in Excel or WPS, and a saved result its formula does not give is a finding.
/// Fixture: scripts/make_formula_fixtures.py (figures worked out there in Python's decimal).
@Suite struct FormulaJobTests {
    static let dir = repoPath("Tests/KaoheJobsTests/Fixtures/formulas")
    static var expected: [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/expected.json"))) as! [String: Any]
    }

    func summary() throws -> Summary { try Summary(job: Self.dir + "/job.yaml", inbox: Self.dir) }

    @Test("the summary shows the values the formulas give: plain, shared, from another sheet, with IF and ROUND")
    func computedValues() throws {
        let s = try summary()
        let rows = Self.expected["rows"] as! [String: [String: Any]]
        let sheet = "2026年第一季度乡镇信息报送得分"
        for (town, e) in rows {
            let row = try #require(try s.row(sheet, unit: town))
            #expect(number(row[2]) == Decimal(string: e["bonus"] as! String), "\(town)")
            #expect(number(row[3]) == Decimal(string: e["score"] as! String), "\(town)")
            #expect(row[1] == (town == "白沙镇" ? "" : String(e["total"] as! Int)), "\(town)")
        }
    }

    @Test("each computed cell has its note; the one Kaohe cannot compute, and the stale saved result, are findings naming the cell")
    func findings() throws {
        let s = try summary()
        let notes = s.run.findings.filter { $0.finding.kind == .note }
        #expect(notes.count == 20) // D3:D9, E3:E10, and F3:F9 but the two saved
        let d3 = try #require(notes.first { $0.location == "信息报送.xlsx!报送情况!D3" })
        #expect(d3.finding.message == "单元格 D3 的公式 =B3+C3 在文件中没有保存计算结果，已按公式算得 11")
        #expect(d3.finding.unit == "东城镇" && d3.finding.item == "合计")
        // A cell of the shared formula reads with its own references.
        #expect(notes.contains { $0.finding.message == "单元格 D9 的公式 =B9+C9 在文件中没有保存计算结果，已按公式算得 12" })
        #expect(notes.contains { $0.finding.message == "单元格 E5 的公式 =IF('加分表'!B4>1,1,'加分表'!B4) 在文件中没有保存计算结果，已按公式算得 1" })
        #expect(!notes.contains { $0.location == "信息报送.xlsx!报送情况!F4" }) // saved, and right: nothing to say
        let review = s.run.findingsForReview.map { [$0.finding.kind.rawValue, $0.location ?? "", $0.finding.message] }
        #expect(review == [
            ["formulaMismatch", "信息报送.xlsx!报送情况!F6",
             "单元格 F6 的公式 =ROUND(D6*0.5+E6,2) 按文件中的数值算得 1.8，文件中保存的结果却是 3.8（可能是手动计算未更新）；请用 Excel 或 WPS 重新计算（F9）并保存后重新报送"],
            ["missingValue", "信息报送.xlsx!报送情况!D10",
             "单元格 D10 是公式（=SUMIF(B10:C10,\">0\")），文件中没有保存它的计算结果；请用 Excel 或 WPS 打开并保存后重新报送"],
            ["missingValue", "信息报送.xlsx!报送情况!F10",
             "单元格 F10 是公式（=ROUND(D10*0.5+E10,2)），文件中没有保存它的计算结果；请用 Excel 或 WPS 打开并保存后重新报送"],
            ["publishedMismatch", "信息报送.xlsx!报送情况!F6", "公布值 3.80 与重新计算值 1.80 不一致"],
            ["publishedMissing", "信息报送.xlsx!报送情况!F10", "公布值为空，重新计算值为 2.30"],
        ])
        let audit = try s.audit()
        #expect(audit.first == ["北山乡", "得分", "信息报送.xlsx!报送情况!F6", "3.8", "1.8"])
    }
}
