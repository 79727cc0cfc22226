import Foundation
import Testing
@testable import KaoheJobs
import KaoheScoring

@Suite struct JobParserTests {
    static let registry = """
    groups: [镇（街道）, 区级部门]
    units:
      - {name: 登科街道, group: 镇（街道）}
      - {name: 区发改局, group: 区级部门, aliases: [区发展改革局]}
    """

    func parse(_ text: String) throws(JobErrors) -> Job {
        try JobParser.parse(text, path: "job.yaml") { p in (p, p == "units.yaml" ? Self.registry : nil) }
    }

    @Test("the runner benchmark's job parses: four tables, 总表 weights and full marks (bench/runner.sh runs it)")
    func benchJob() throws {
        let path = repoPath("bench/runner/job.yaml")
        let job = try JobParser.parse(String(contentsOfFile: path, encoding: .utf8), path: path) { rel in
            let p = repoPath("bench/runner/" + rel)
            return (p, try? String(contentsOfFile: p, encoding: .utf8))
        }
        #expect(job.tables.map(\.id) == ["政务公开", "网站评估", "信息报送", "信息采用"])
        #expect(job.total?.title == "总表")
    }

    @Test("output values are parsed once: the reserved spellings become their cases, any other name an input or score")
    func outputValues() throws {
        let job = try JobParser.load(path: repoPath("Tests/KaoheJobsTests/Fixtures/kinds/job.yaml"))
        #expect(job.tables[1].output.map(\.value) == [.unit, .subunits, .subunit, .named("村得分"), .named("乡镇得分"), .rank])
        #expect(job.tables[3].output.map(\.value) == [.unit, .named("得分"), .rank, .grade])
        let reserved: [OutputValue] = [.unit, .subunit, .subunits, .rank, .rankChange, .grade, .sequence]
        #expect(reserved.map(\.name) == ["unit", "subunit", "subunits", "rank", "rankChange", "grade", "序号"])
        #expect(reserved.map { OutputValue($0.name) } == reserved)
        #expect(OutputValue("名次") == .named("名次") && OutputValue("名次").name == "名次")
    }

    @Test("a correct job parses: tables, columns, scores, rank, output")
    func good() throws {
        let job = try parse("""
        assessment: 政务公开考核
        output: 汇总.xlsx
        registry: units.yaml
        tables:
          - id: open
            title: 政务公开考核情况汇总表
            source: {file: "政务公开*.xlsx"}
            columns: {unit: 被考核单位, 理由: 加扣分原因及分值, 公布得分: 得分}
            scores:
              - {name: 得分, adjustments: {base: 100, reason: 理由}, published: 公布得分}
            rank: {score: 得分, method: dense}
            output:
              - {header: 被考核单位, value: unit}
              - {header: 得分, value: 得分, format: "0.00"}
              - {header: 排名, value: rank, format: integer}
        """)
        #expect(job.tables.count == 1)
        #expect(job.tables[0].columns.map(\.input) == ["unit", "理由", "公布得分"])
        #expect(job.tables[0].rank?.ranker.method == .dense)
        #expect(job.registry.unit(named: " 区发展\n改革局")?.name == "区发改局")
    }

    /// A job of three tables with `weights` and a completion score, as issue 20 wrote it.
    func weighted(_ weights: String) throws(JobErrors) -> Job {
        let table = { (id: String) in """
          - id: \(id)
            title: \(id)考核表
            source: {file: "\(id).xlsx"}
            columns: {unit: 单位, 完成: 完成数, 任务: 任务数}
            scores:
              - {name: 完成率, completion: {count: 完成, quota: 任务}}
              - {name: 得分, quota: {count: 完成, quota: 任务, scale: 100, cap: 100}}
            output:
              - {header: 单位, value: unit}
        """ }
        return try parse("""
        assessment: 乡镇月度综合考核
        output: 汇总.xlsx
        registry: units.yaml
        tables:
        \(table("重点工作"))
        \(table("党建工作"))
        \(table("信息报送"))
        total:
          weights: \(weights)
        """)
    }

    @Test("weights as the 考核办法 writes them (50, 30, 20) are percentages, labelled as written; others stay as they are")
    func percentWeights() throws {
        let whole = try weighted("{重点工作: 50, 党建工作: 30, 信息报送: 20}")
        #expect(whole.total!.weights.map(\.weight) == [Decimal(string: "0.5")!, Decimal(string: "0.3")!, Decimal(string: "0.2")!])
        #expect(whole.total!.weightLabels == ["重点工作": "50%", "党建工作": "30%", "信息报送": "20%"])
        let percent = try weighted("{重点工作: 50%, 党建工作: 30%, 信息报送: 20%}")
        #expect(percent.total!.weights.map(\.weight) == whole.total!.weights.map(\.weight))
        #expect(percent.total!.weightLabels["重点工作"] == "50%")
        let shares = try weighted("{重点工作: 0.5, 党建工作: 0.3, 信息报送: 0.2}")
        #expect(shares.total!.weightLabels["重点工作"] == "0.5")
        let ratio = try weighted("{重点工作: 2, 党建工作: 1, 信息报送: 1}")
        #expect(ratio.total!.weights.map(\.weight) == [2, 1, 1])
    }

    @Test("a completion rate without decimals rounds to the 0.00% it shows (13/15 → 0.8667), other scores to 2")
    func completionDecimals() throws {
        let job = try weighted("{重点工作: 1, 党建工作: 1, 信息报送: 1}")
        #expect(job.tables[0].scores.map(\.decimals) == [4, 2])
    }

    /// Issue 22 §2: spellings a job could use on 2026-11-23 still run, each with a warning
    /// naming today's spelling.
    @Test("a job written before full marks and keyed grades still parses, with one warning per older spelling")
    func olderSpellings() throws {
        let job = try parse("""
        assessment: 街道考核
        output: 汇总.xlsx
        registry: units.yaml
        tables:
          - id: 街道
            title: 街道考核表
            source: {file: "街道.xlsx"}
            columns: {unit: 单位, 分: 得分, 份额: 份额}
            scores:
              - {name: 得分, expression: "分"}
            rank: {score: 得分}
            grades:
              thresholds:
                - {min: 90, label: 优秀}
                - {min: 80, label: 良好}
              else: 一般
            output:
              - {header: 单位, value: unit}
        total:
          weights: {街道: 1}
        """)
        #expect(job.warnings.map(\.description) == [
            "job.yaml:14:9: thresholds as a list of {min, label} is an older spelling, still read; write {优秀: 90, 良好: 80}",
            "job.yaml:20:12: total: the full marks of table '街道' cannot be worked out from its rule and are taken as 100; say so with full_marks: {街道: 100}",
        ])
        #expect(job.tables[0].grades?.bands.map(\.label) == ["优秀", "良好"])
        #expect(job.tables[0].grades?.bands.map(\.limit) == [90, 80])
        #expect(job.total?.fullMarks == ["街道": 100])
    }

    @Test("one message per mistake, each with its line and column")
    func mistakes() {
        let text = """
        assessment: 政务公开考核
        output: 汇总.xlsx
        registry: units.yaml
        tables:
          - id: open
            title: 政务公开考核情况汇总表
            columns: {unit: 被考核单位, 理由: 加扣分原因及分值}
            scores:
              - {name: 得分, adjustmets: {base: 100, reason: 理由}}
              - {name: 总分, expression: "得分 + * 2"}
              - {name: 折算, expression: "得分 * 权重"}
            output:
              - {header: 被考核单位, value: unit}
              - {header: 得分, value: 原始分}
        """
        do {
            _ = try parse(text)
            Issue.record("the job was accepted")
        } catch {
            #expect(error.errors.map(\.description) == [
                "job.yaml:5:5: table 'open' has no source (source: {file: …, sheet: …})",
                "job.yaml:9:20: unknown key 'adjustmets' in a score (expected: name, decimals, published, tolerance, empty_is_zero, expression, adjustments, categories, quota, completion, points, from)",
                "job.yaml:10:38: bad expression: unexpected '*'",
                "job.yaml:11:38: bad expression: unknown name '权重'",
                "job.yaml:14:29: unknown value '原始分' (not an input, a score, rank or grade)",
            ])
        }
    }

    @Test("absent: base, zero or not_assessed; base needs an adjustments main score; total full marks come from the rules or full_marks")
    func absentAndFullMarks() {
        let text = """
        assessment: 政务公开考核
        output: 汇总.xlsx
        registry: units.yaml
        tables:
          - id: open
            title: 政务公开
            source: {file: a.xlsx}
            absent: sometimes
            columns: {unit: 被考核单位, 理由: 加扣分原因及分值}
            scores:
              - {name: 得分, adjustments: {base: 100, reason: 理由}}
            output:
              - {header: 被考核单位, value: unit}
          - id: info
            title: 政务信息
            source: {file: b.xlsx}
            absent: base
            columns: {unit: 被考核单位, 公布: 得分}
            scores:
              - {name: 得分, from: 公布}
            output:
              - {header: 被考核单位, value: unit}
        total:
          weights: {open: 1, info: 0.5}
        """
        do {
            _ = try parse(text)
            Issue.record("the job was accepted")
        } catch {
            #expect(error.errors.map(\.description) == [
                "job.yaml:8:13: absent is base, zero or not_assessed, got 'sometimes'",
                "job.yaml:17:13: absent: base needs the table's main score to be an adjustments score (the base is its base)",
            ])
        }
        let fixed = text.replacingOccurrences(of: "absent: sometimes", with: "absent: zero")
            .replacingOccurrences(of: "    absent: base\n", with: "    absent: not_assessed\n")
            .replacingOccurrences(of: "  weights: {open: 1, info: 0.5}", with: "  weights: {open: 1, info: 0.5}\n  full_marks: {info: 20}")
        let job = try? parse(fixed)
        #expect(job?.tables.map(\.absent) == [.zero, .notAssessed])
        #expect(job?.total?.fullMarks == ["open": 100, "info": 20])
        #expect(job?.warnings.isEmpty == true)
    }
}

/// Issue 22 §4: a rule owns what is known about it; the rule table of docs/JOBS.md names exactly the
/// rules the registry holds, in its order.
@Suite struct RuleRegistryTests {
    @Test("the rule table of docs/JOBS.md lists every rule of the registry, and nothing else")
    func readmeTable() throws {
        let readme = try String(contentsOfFile: repoPath("docs/JOBS.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "| rule | what | example |\n|---|---|---|\n"))
        let rows = readme[start.upperBound...].prefix { _ in true }.split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { $0.hasPrefix("| `") }
        let keys = rows.map { row in String(row.dropFirst(3).prefix { $0 != "`" }) }
        #expect(Set(keys) == Set(Rule.registry.map { $0.key }), "\(keys)")
        #expect(keys.count == Rule.registry.count)
    }

    @Test("full marks, the absent base and text inputs come from the rules themselves")
    func declared() {
        #expect(AdjustmentsRule(base: 100, reason: "理由").fullMarks == 100)
        #expect(AdjustmentsRule(base: 100, reason: "理由").baseScore == 100)
        #expect(AdjustmentsRule(base: 100, reason: "理由").textInputs == ["理由"])
        #expect(CompletionRule(count: "条数", quota: "任务").fullMarks == 1)
        #expect(CompletionRule(count: "条数", quota: "任务").baseScore == nil)
    }
}

extension JobParserTests {
    @Test("orientation: rows or columns (a table printed sideways); anything else is a mistake at its line and column")
    func orientation() throws {
        func job(_ orientation: String) -> String {
            """
            assessment: 综合考核
            output: 汇总.xlsx
            registry: units.yaml
            tables:
              - id: 综合
                title: 综合考核得分及排名
                source: {file: 综合.xlsx}
                orientation: \(orientation)
                columns: {unit: 考核项目, 公布得分: 综合得分}
                scores:
                  - {name: 综合得分, from: 公布得分}
                output: [unit, 综合得分]
            """
        }
        #expect(try parse(job("columns")).tables[0].orientation == .columns)
        #expect(try parse(job("rows")).tables[0].orientation == .rows)
        #expect(try parse(job("rows").replacingOccurrences(of: "    orientation: rows\n", with: "")).tables[0].orientation == nil)
        #expect(throws: JobErrors.self) { try parse(job("sideways")) }
        do { _ = try parse(job("sideways")) } catch {
            #expect(error.errors.map(\.description) == ["job.yaml:8:18: orientation is rows (one row per unit) or columns (one column per unit), got 'sideways'"])
        }
    }
}
