import Foundation
import Testing
import KaoheJobs
import KaoheScoring
import KaoheWriter

/// Four kinds of real table the seeds do not show (issue 10), written by openpyxl through
/// scripts/make_table_kinds.py with the figures it worked out in Python's decimal; the job
/// reproduces them.
@Suite struct TableKindsTests {
    static let dir = repoPath("Tests/KaoheJobsTests/Fixtures/kinds")
    static var expected: [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/expected.json"))) as! [String: Any]
    }

    func summary() throws -> Summary { try Summary(job: Self.dir + "/job.yaml", inbox: Self.dir) }

    func kind(_ name: String) -> [String: Any] { Self.expected[name] as! [String: Any] }

    @Test("实地 × 85% + 问卷 × 15% from rounded parts: totals within 0.01 taken as published with one note; the one typo is a finding; ranks written 第一名 checked")
    func weightedParts() throws {
        let s = try summary()
        let e = kind("weighted")
        let sheet = "2024年度部门政务服务综合评价结果"
        for (unit, score) in e["scores"] as! [String: String] {
            let row = try #require(try s.row(sheet, unit: unit))
            #expect(number(row[3]) == published(score), "\(unit)")
            #expect(row[4] == String((e["ranks"] as! [String: Int])[unit]!), "\(unit)")
        }
        let beyond = e["beyond_tolerance"] as! [[String]]
        #expect(try s.audit().filter { $0[1] == "综合得分" && !$0[3].isEmpty }.map { [$0[0], $0[3], $0[4]] } == beyond)
        let n = e["within_tolerance"] as! Int
        let note = "\(n) 个单位的综合得分公布值与按公布分项重新计算的值相差不超过 0.01（分项是四舍五入后的数），采用公布值"
        #expect(s.run.findings.contains { $0.finding.kind == .note && $0.finding.message == note })
        #expect(s.sheet("2024年度部门政务服务综合评价结果").notes.contains("注：" + note + "。"))
        // A total taken as published is that number, not a formula recalculating to another.
        let within = Set(e["within_units"] as! [String])
        #expect(within.count == n)
        for b in s.sheet("2024年度部门政务服务综合评价结果").body {
            guard case .cells(let c) = b, case .text(let unit) = c[0] else { continue }
            if within.contains(unit) {
                if case .number = c[3] {} else { Issue.record("\(unit): \(c[3])") }
            } else {
                if case .formula = c[3].unmarked {} else { Issue.record("\(unit): \(c[3])") }
            }
        }
        // Ranks are checked against the published totals: the typo is one finding, not two shifted ranks.
        #expect(!s.run.findings.contains { $0.finding.kind == .rankMismatch || $0.finding.kind == .unreadable })
    }

    @Test("villages under towns: each town is the mean of its villages, with the count and a formula over their cells")
    func villageMeans() throws {
        let s = try summary()
        let e = kind("villages")
        let sheet = "2024年度村级政务公开考核得分"
        let rows = try s.rows(sheet)
        for (town, mean) in e["means"] as! [String: String] {
            let row = try #require(rows.first { $0.first == town })
            #expect(number(row[4]) == published(mean), "\(town)")
            #expect(row[1] == String((e["counts"] as! [String: Int])[town]!))
            #expect(row[5] == String((e["ranks"] as! [String: Int])[town]!))
        }
        // The town's row is followed by its villages.
        let east = try #require(rows.firstIndex { $0.first == "东城镇" })
        #expect(rows[(east + 1)...(east + 3)].map { $0[2] } == ["东村", "东湖村", "东岭村"])
        let report = s.sheet("2024年度村级政务公开考核得分")
        let cells = report.body.compactMap { b -> [ReportCell]? in if case .cells(let c) = b, c.first == .text("东城镇") { return c } else { return nil } }.first!
        guard case .formula(let f, _) = cells[4] else { Issue.record("no formula"); return }
        #expect(f.description == "ROUND(AVERAGE({3+1}:{3+3}),2)")
        #expect(!s.run.findings.contains { $0.finding.kind == .duplicateUnit })
    }

    @Test("two blocks side by side are read as one table; ranks written 第5名 and 第七名 are read and hold")
    func sideBySide() throws {
        let s = try summary()
        let e = kind("blocks")
        let sheet = "2024年度部门信息报送排名"
        #expect(s.run.tables[2].bound?.rows.count == 12)
        for (unit, rank) in e["ranks"] as! [String: Int] {
            let row = try #require(try s.row(sheet, unit: unit))
            #expect(row[2] == String(rank), "\(unit)")
            #expect(number(row[1]) == published((e["scores"] as! [String: String])[unit]!))
        }
        #expect(!s.run.findings.contains { $0.table == "排名" && $0.finding.needsReview })
    }

    @Test("grades by quota: 优秀不超过 30%, 良好不超过 40%; the pair tied at the boundary both 良好, said in the notes; published grades agree")
    func quotaGrades() throws {
        let s = try summary()
        let e = kind("quota")
        for (unit, grade) in e["grades"] as! [String: String] {
            #expect(try s.row("2024年度部门目标考核等次", unit: unit)?[3] == grade, "\(unit)")
        }
        let tied = (e["tied"] as! [String]).joined(separator: "、")
        #expect(s.sheet("2024年度部门目标考核等次").notes.contains("注：\(tied) 在名额边界并列，按规定均列入较低等次。"))
        #expect(!s.run.findings.contains { $0.table == "等次" && $0.finding.needsReview })
    }

    @Test("a header repeated unevenly is never bound to its first column")
    func unevenHeaders() throws {
        let job = try JobParser.load(path: Self.dir + "/job.yaml")
        var table = job.tables[2]
        table.columns = [(input: "unit", header: "单位"), (input: "公布得分", header: "得分")]
        do {
            _ = try Binder.bind(table, path: Self.dir + "/重复表头.xlsx", registry: job.registry, notApplicable: ["——"])
            Issue.record("the table was bound")
        } catch let e as BindingError {
            #expect(e.message == "工作表“重复表头”第 1 行的表头重复出现，无法判断各列属于哪一组：“单位”2 次（第 A、C 列），“得分”1 次（第 B 列）")
        }
    }
}
