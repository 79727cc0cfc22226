import Foundation
import KaoheFormat
import Testing
import KaoheAssessment
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

    @Test("002 has no bulletin: the default one counts units by group, names the first and last three per group, and says whose rank rose or fell")
    func defaultBulletin() throws {
        let run = Self.run(try JobParser.load(path: repoPath("Jobs/002-恩阳区-政务服务亮牌.yaml")))
        let b = BulletinEvaluator.evaluate(run)
        #expect(b.title == "关于恩阳区下半年目标绩效考核（政务服务）情况的通报")
        #expect(b.findings.isEmpty)
        #expect(b.paragraphs.map(\.text) == [
            "恩阳区下半年目标绩效考核（政务服务）共考核单位60个，其中镇（街道）18个、区级部门42个；共1张考核表，收到1张。",
            "一、政务服务亮牌情况",
            "镇（街道）按得分排名（共18个单位），前三位是文治街道、渔溪镇、下八庙镇；末三位（从末位起）是茶坝镇、登科街道、明阳镇。",
            "区级部门按得分排名（共42个单位），前三位是区残联、区财政局、区交通运输局；末三位（从末位起）是区商务局、区自然资源和规划局、区税务局。",
        ])
        #expect(b.paragraphs.map(\.isHeading) == [false, true, false, false])
        // DOMAIN §2.5: the towns' dense ranks 105.1 → 1 … 95 → 6; 渔溪镇 is 1 (105.1), 明阳镇 last.
        let rows = run.tables[0].result!.rows
        #expect(rows.first { $0.unit == "渔溪镇" }?.rank == 1)
        // The period before: 渔溪镇 was 3rd (rose 2), 文治街道 was 1st and stays; 区残联 was 1st of
        // the departments and is 1st; 区财政局 was 1st (fell 1 to 2nd).
        var previous = Dictionary(uniqueKeysWithValues: rows.compactMap { r in r.rank.map { (r.unit, $0) } })
        let finance = try #require(previous["区财政局"])
        previous["渔溪镇"] = 3
        previous["区财政局"] = finance - 1
        let withChange = BulletinEvaluator.evaluate(run, previousRanks: [run.tables[0].table.id: previous])
        #expect(withChange.paragraphs.last?.text == "与上期相比，名次上升的有渔溪镇（上升2位）；名次下降的有区财政局（下降1位）。")
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

/// An office's own bulletin over other kinds of table (Fixtures/kinds: ranks, grades by quota,
/// villages under towns): every count, sum and list checked against the table's rows.
@Suite struct OfficeBulletinTests {
    static let dir = repoPath("Tests/KaoheJobsTests/Fixtures/kinds")

    static func job(_ bulletin: String) throws -> Job {
        let text = try String(contentsOfFile: dir + "/job.yaml", encoding: .utf8)
        return try JobParser.parse(text + "\n" + bulletin, path: dir + "/job.yaml")
    }

    @Test("counts, shares, sums, grade lists (等次 for grade), top and bottom N and a town list match the tables' rows")
    func officeScenario() throws {
        let job = try Self.job("""
            bulletin:
              fields:
                部门数: {count: 等次}
                优秀数: {count: 等次, where: 等次 = 优秀}
                一般数: {count: 等次, where: grade = 一般}
                优秀占比: {share: 优秀数, of: 部门数, decimals: 1}
                优秀名单: {list: 等次, where: 等次 = 优秀, order: 得分 descending, cap: 2}
                九十分以上: {count: 排名, where: 得分 >= 90}
                前三: {top: 3, of: 排名}
                末二: {bottom: 2, of: 排名}
                总分: {sum: 得分, in: 排名}
                乡镇前二: {top: 2, of: 村级考核}
              paragraphs:
                - "{部门数}|{优秀数}|{一般数}|{优秀占比}|{优秀名单}|{九十分以上}|{前三}|{末二}|{总分}|{乡镇前二}"
            """)
        let run = Assessor.run(job, inbox: Self.dir)
        let b = BulletinEvaluator.evaluate(run)
        #expect(b.findings.isEmpty)
        let got = b.paragraphs[0].text.components(separatedBy: "|")
        // The same figures, counted here from the scored rows.
        func rows(_ id: String) -> [RowResult] { run.tables.first { $0.table.id == id }!.result!.rows.filter { $0.excludedReason == nil } }
        let graded = rows("等次"), ranked = rows("排名"), towns = rows("村级考核")
        let excellent = graded.filter { $0.grade == "优秀" }
        let byScore = ranked.sorted { $0.rank! < $1.rank! }.map(\.unit)
        let score = { (r: RowResult) in r.computed["得分"]!.number! }
        #expect(got[0] == "\(graded.count)" && got[1] == "\(excellent.count)" && got[2] == "\(graded.filter { $0.grade == "一般" }.count)")
        #expect(got[3] == (Decimal(excellent.count) / Decimal(graded.count) * 100).roundedHalfUp(1).formatted(decimals: 1) + "%")
        let topExcellent = excellent.sorted { score($0) > score($1) }.prefix(2).map(\.unit).joined(separator: "、")
        #expect(got[4] == topExcellent + (excellent.count > 1 ? "等\(excellent.count)个" : ""))
        #expect(got[5] == "\(ranked.filter { score($0) >= 90 }.count)")
        #expect(got[6] == byScore.prefix(3).joined(separator: "、"))
        #expect(got[7] == byScore.reversed().prefix(2).joined(separator: "、"))
        #expect(got[8] == ranked.reduce(Decimal(0)) { $0 + score($1) }.plainText)
        #expect(got[9] == towns.sorted { $0.rank! < $1.rank! }.prefix(2).map(\.unit).joined(separator: "、"))
        // Independent of the code above: the fixture's grades (expected.json from scripts/make_table_kinds.py:
        // 20 units, 5 优秀 with the tie at the boundary, 9 良好, 6 一般).
        #expect(got[0] == "20" && got[1] == "5" && got[2] == "6" && got[3] == "25.0%", "\(got)")
    }

    @Test("the default bulletin of a job with grades counts each grade in the job's order (5 优秀 with the tie, 9 良好, 6 一般)")
    func defaultGrades() throws {
        let job = try JobParser.load(path: Self.dir + "/job.yaml")
        let b = BulletinEvaluator.evaluate(Assessor.run(job, inbox: Self.dir))
        let texts = b.paragraphs.map(\.text)
        #expect(texts.contains("评定等次：优秀5个、良好9个、一般6个。"), "\(texts)")
        #expect(b.findings.isEmpty, "\(b.findings)")
    }

    @Test("a bulletin naming what does not exist is a mistake with its line and column; a unit without the value is a finding and 【待核】")
    func mistakesAndUnbacked() throws {
        #expect {
            _ = try Self.job("""
                bulletin:
                  fields:
                    a: {count: 无此表}
                    b: {count: 排名, where: 不存在 >= 1}
                    c: {list: 排名, order: 得分 sideways}
                    d: {count: 排名, group: 无此组}
                  paragraphs: ["{a}{e}"]
                """)
        } throws: { error in
            let lines = (error as! JobErrors).errors.map(\.description)
            let file = Self.dir + "/job.yaml"
            return lines == [file + ":63:16: no table with id '无此表' (tables: 综合评价, 村级考核, 排名, 等次)",
                             file + ":64:27: table '排名' has no value '不存在' (rank, unit, 公布名次, 公布得分, 得分)",
                             file + ":65:26: order is table, or a value then descending or ascending (完成率 descending), got '得分 sideways'",
                             file + ":66:27: unknown group '无此组' (groups: 区级部门, 乡镇)",
                             file + ":67:16: unknown field '{e}' (fields: b, d)"]
        }
        // A unit whose 问卷 is a text, and a table whose workbook did not come.
        let job = try Self.job("""
            bulletin:
              fields:
                问卷有分: {count: 综合评价, where: 问卷 >= 0}
                排名单位: {count: 排名}
              paragraphs: ["{问卷有分}；{排名单位}"]
            """)
        var run = Assessor.run(job, inbox: Self.dir)
        let first = run.tables[0].order[0]
        let unit = run.tables[0].result!.rows[first].unit
        run.tables[0].bound!.rows[first].row.inputs["问卷"] = .text("未填")
        run.tables[2].bound = nil
        run.tables[2].result = nil
        let b = BulletinEvaluator.evaluate(run)
        let assessed = run.tables[0].result!.rows.filter { $0.excludedReason == nil }.count
        #expect(b.paragraphs[0].text == "\(assessed - 1)【待核：另有1个单位无法判断，未计入】；【待核：表“2024年度部门信息报送排名”未收到】")
        #expect(b.findings.map { [$0.table, $0.finding.unit, $0.finding.item, $0.finding.message] }
                == [["综合评价", unit, "问卷", "通报字段“问卷有分”：该单位没有可比较的问卷，未计入，通报中标为【待核】"]])
    }
}
