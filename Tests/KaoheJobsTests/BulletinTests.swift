import Foundation
import Testing
import KaoheJobs
import KaoheScoring

/// Seed 003's bulletin (资雁府办发〔2020〕67号) drafted from Jobs/003's tables: its seventeen
/// numbers, and every unit it names checked against the published tables (seed003.json, typed
/// from the seed text by scripts/seeds_to_json.py), not against what Kaohe computed.
@Suite struct BulletinTests {
    static let job003 = "003-雁江区-政务信息.yaml"

    static func run(_ job: Job) -> AssessmentRun { Assessor.run(job, inbox: repoPath("Workbooks/inbox")) }

    /// Job 003 with its bulletin replaced by `bulletin` (YAML, at the top level).
    static func job003(bulletin: String) throws -> Job {
        let text = try String(contentsOfFile: repoPath("Jobs/" + job003), encoding: .utf8)
        let head = text.components(separatedBy: "\nbulletin:")[0]
        return try JobParser.parse(head + "\n" + bulletin, path: repoPath("Jobs/" + job003))
    }

    @Test("003: the two statistical paragraphs carry all seventeen numbers, each in its sentence")
    func seventeenNumbers() throws {
        let b = BulletinEvaluator.evaluate(Self.run(try JobParser.load(path: repoPath("Jobs/" + Self.job003))))
        #expect(b.findings.isEmpty)
        #expect(b.paragraphs.map(\.isHeading) == [false, true, false, true, false, true, false, false, false])
        let submitted = b.paragraphs[2].text, adopted = b.paragraphs[4].text
        for phrase in ["共考核单位57个，41个部门单位完成季度报送任务，16个部门单位未完成季度报送任务。", "等24个部门和", "等12个镇街超额完成报送任务。",
                       "等11个部门以及", "等5个镇街未完成报送任务，其中区国土分局报送为“0”。"] {
            #expect(submitted.contains(phrase), "\(phrase) in \(submitted)")
        }
        for phrase in ["共上报信息1386条，其中被区级采用信息81条，被市级采用信息14条，被省级采用信息2条。", "等23个部门以及", "等13个镇街；",
                       "等16个部门以及", "等5个镇街，其中", "等8个部门以及", "等4个镇街得分为“0”。"] {
            #expect(adopted.contains(phrase), "\(phrase) in \(adopted)")
        }
        #expect(submitted == "2020年三季度全区政务信息工作共考核单位57个，41个部门单位完成季度报送任务，16个部门单位未完成季度报送任务。"
            + "区统计局、区供销社、区市场监管局等24个部门和中和镇、东峰镇、宝台镇等12个镇街超额完成报送任务。"
            + "区国土分局、区东管委、区工管委等11个部门以及丰裕镇、小院镇、堪嘉镇等5个镇街未完成报送任务，其中区国土分局报送为“0”。")
        #expect(b.title == "资阳市雁江区人民政府办公室关于2020年三季度全区政务信息工作目标完成情况的通报")
        #expect(b.number == "资雁府办发〔2020〕  号")
    }

    @Test("003: per group, 57 = 39 + 18, 41 = 28 + 13, 24/12, 11/5, 1386 = 860 + 526, 81 = 55 + 26, 23/13, 16/5, 8/4")
    func perGroup() throws {
        let job = try Self.job003(bulletin: """
            bulletin:
              fields:
                部门: {count: 部门报送}
                镇街: {count: 镇街报送, group: 镇（街道）}
                部门完成: {count: 部门报送, where: 完成率 >= 100%}
                镇街完成: {count: 镇街报送, where: 完成率 >= 100%}
                部门超额: {count: 部门报送, where: 完成率 > 100%}
                镇街超额: {count: 镇街报送, where: 完成率 > 100%}
                部门未完成: {count: 部门报送, where: 完成率 < 100%}
                镇街未完成: {count: 镇街报送, where: 完成率 < 100%}
                部门上报: {sum: 报送条数, in: 部门报送}
                镇街上报: {sum: 报送条数, in: 镇街报送}
                部门区级: {sum: [区采用信息, 区简讯], in: 部门采用}
                镇街区级: {sum: [区采用信息, 区简讯], in: 镇街采用}
                部门达标: {count: 部门采用, where: 占比 >= 25%}
                镇街达标: {count: 镇街采用, where: 占比 >= 25%}
                部门未达标: {count: 部门采用, where: 占比 < 25%}
                镇街未达标: {count: 镇街采用, where: 占比 < 25%}
                部门零分: {count: 部门采用, where: 总分 = 0}
                镇街零分: {count: 镇街采用, where: 总分 = 0}
                达标比例: {share: 部门达标, of: 部门, decimals: 1}
              paragraphs:
                - "{部门} {镇街} {部门完成} {镇街完成} {部门超额} {镇街超额} {部门未完成} {镇街未完成} {部门上报} {镇街上报} {部门区级} {镇街区级} {部门达标} {镇街达标} {部门未达标} {镇街未达标} {部门零分} {镇街零分} {达标比例}"
            """)
        let b = BulletinEvaluator.evaluate(Self.run(job))
        #expect(b.paragraphs.map(\.text) == ["39 18 28 13 24 12 11 5 860 526 55 26 23 13 16 5 8 4 59.0%"])
        #expect(b.findings.isEmpty)
        #expect(b.title == "关于雁江区2020年三季度政务信息考核情况的通报")
        #expect(b.number == Bulletin.blankNumber)
    }

    /// Published rows of seed 003 by unit: 报送 (完成率 in column 5) and 采用 (总分 9, 占比 10).
    static func published() -> (submission: [String: [String]], adoption: [String: [String]]) {
        let tables = PublishedSeeds.tables("003")
        func byUnit(_ rows: [[String]]) -> [String: [String]] { Dictionary(uniqueKeysWithValues: rows.map { ($0[1], $0) }) }
        return (byUnit(tables[0].rows).merging(byUnit(tables[1].rows)) { a, _ in a },
                byUnit(tables[2].rows).merging(byUnit(tables[3].rows)) { a, _ in a })
    }

    static func percent(_ text: String) -> Decimal {
        Decimal(strict: String(text.dropLast()))! / 100
    }

    @Test("003: every unit the bulletin names meets its condition in the published tables, by its short name")
    func namedUnits() throws {
        let job = try JobParser.load(path: repoPath("Jobs/" + Self.job003))
        let b = BulletinEvaluator.evaluate(Self.run(job))
        let (submission, adoption) = Self.published()
        var fields: [String: String] = [:]
        for case .field(let f) in b.paragraphs.flatMap(\.pieces) { fields[f.name] = f.text }
        func names(_ field: String) -> [String] {
            let text = fields[field]!.components(separatedBy: "等")[0]
            return text.components(separatedBy: "、").map { job.registry.unit(named: $0)!.name }
        }
        let checks: [(String, [String: [String]], (([String]) -> Bool))] = [
            ("超额部门", submission, { Self.percent($0[5]) > 1 }), ("超额镇街", submission, { Self.percent($0[5]) > 1 }),
            ("未完成部门", submission, { Self.percent($0[5]) < 1 }), ("未完成镇街", submission, { Self.percent($0[5]) < 1 }),
            ("零报送", submission, { $0[3].isEmpty || $0[3] == "0" }),
            ("达标部门", adoption, { Self.percent($0[10]) >= Decimal(string: "0.25")! }), ("达标镇街", adoption, { Self.percent($0[10]) >= Decimal(string: "0.25")! }),
            ("未达标部门", adoption, { Self.percent($0[10]) < Decimal(string: "0.25")! }), ("未达标镇街", adoption, { Self.percent($0[10]) < Decimal(string: "0.25")! }),
            ("零分部门", adoption, { $0[9] == "0" }), ("零分镇街", adoption, { $0[9] == "0" }),
        ]
        for (field, table, holds) in checks {
            for unit in names(field) {
                let row = try #require(table[unit] ?? table[job.registry.unit(named: unit)!.aliases.first ?? ""], "\(field): \(unit)")
                #expect(holds(row), "\(field): \(unit) \(row)")
            }
        }
        // Short names from the registry's aliases, as the office writes them.
        #expect(fields["超额部门"] == "区统计局、区供销社、区市场监管局等24个")
        #expect(fields["零分部门"]!.contains("区东管委"))
        #expect(fields["零报送"] == "区国土分局")
    }
}
