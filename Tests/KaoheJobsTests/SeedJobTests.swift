import Foundation
import Testing
import KaoheAssessment
import KaoheJobs
@testable import KaoheReport
import KaoheReader
import KaoheScoring
import KaoheWriter

/// Each seed job run on the bundled inbox (Workbooks/inbox, written by openpyxl through
/// scripts/make_workbooks.py); the summary workbook is read back with the reader and compared
/// with the published seed tables.
@Suite struct SeedJobTests {
    @Test("000: every published score and rank of the 12 tables; the audit reports only 市文化广播电视和旅游局 (49.99/99.99 against 50.00/100.00)")
    func seed000() throws {
        let s = try Summary(job: "000-巴中市-政务目标考核.yaml")
        // scripts/test has openpyxl check this workbook too (scripts/check_writer_output.py).
        if let dir = ProcessInfo.processInfo.environment["KAOHE_WRITER_CHECK_DIR"] {
            try? FileManager.default.removeItem(atPath: dir + "/seed000.xlsx")
            try FileManager.default.copyItem(atPath: s.path, toPath: dir + "/seed000.xlsx")
        }
        let sheets = ["疫情防控", "值班工作", "民生实事", "两书一函", "廉政建设", "网上政务服务", "会务工作", "文电办理", "政务信息",
                      "政务联络（市定）", "政务公开（省定）", "政务公开（市定）"]
        let tables = PublishedSeeds.tables("000")
        #expect(s.workbook.sheets.map(\.name) == ["封面", "总表", "疫情防控", "值班工作", "民生实事", "两书一函", "廉政建设", "网上政务服务", "会务工作",
                                                  "文电办理", "政务信息", "政务公开（省定）", "政务联络（市定）",
                                                  "政务公开（市定）", "图-政务公开（市定）", "通报", "校验结果"])
        var compared = 0
        var mismatches: [String] = []
        for (sheet, table) in zip(sheets, tables) {
            let composite = sheet.hasSuffix("（市定）")
            for p in table.rows {
                let unit = s.run.job.registry.unit(named: p[0])!.name
                let row = try #require(try s.row(sheet, unit: unit), "\(sheet): \(unit) is missing")
                // (published column, output column)
                let pairs = composite ? [(4, 4), (6, 6), (7, 7)] : [(2, 2)]
                for (pc, oc) in pairs where !p[pc].isEmpty {
                    compared += 1
                    if number(row[oc]) != published(p[pc]) { mismatches.append("\(sheet) \(unit) \(p[pc]) → \(row[oc])") }
                }
                if !composite && p[2].isEmpty { #expect(row[2] == "", "\(unit) is not assessed (未纳入)") }
            }
        }
        #expect(compared == 485)
        #expect(mismatches == ["政务公开（市定） 市文化广播电视和旅游局 49.99 → 50", "政务公开（市定） 市文化广播电视和旅游局 99.99 → 100"])
        #expect(try s.audit() == [
            ["市文化广播电视和旅游局", "年终考核（50%）/得分", "000-巴中市-政务公开（市定）.xlsx!E21", "49.99", "50"],
            ["市文化广播电视和旅游局", "最终得分", "000-巴中市-政务公开（市定）.xlsx!G21", "99.99", "100"],
        ])
        // 政务联络: 45 + 50 + 4.86 = 99.86 rank 1 of 6; 驻上海 99.82 rank 2; 驻西安 99.77 rank 6.
        #expect(try nums(s.row("政务联络（市定）", unit: "市政府驻北京联络处"), 6...7) == [published("99.86"), published("1")])
        #expect(try nums(s.row("政务联络（市定）", unit: "市政府驻上海联络处"), 6...7) == [published("99.82"), published("2")])
        #expect(try nums(s.row("政务联络（市定）", unit: "市政府驻西安办事处"), 6...7) == [published("99.77"), published("6")])
        // DOMAIN §2.1: 49.74, 48.93, 49.95 (half up), and the alias 市教育体育局 → 市教育和体育局.
        #expect(try s.row("政务公开（市定）", unit: "市发展改革委").map { number($0[4]) } == published("49.74"))
        #expect(try s.row("政务公开（市定）", unit: "市科技局").map { number($0[4]) } == published("48.93"))
        #expect(try s.row("政务公开（市定）", unit: "市教育和体育局").map { number($0[4]) } == published("49.95"))
        #expect(try nums(s.row("文电办理", unit: "南江县"), 2...2) == [published("0.98")])
        #expect(try nums(s.row("政务信息", unit: "市金融工作局"), 2...2) == [published("0.49")])
    }

    /// Units a table does not list (issue 10): 文电办理 names only units with 错情 (absent: base,
    /// so the others have 1.00); the other tables assess only the units they list (absent:
    /// not_assessed, shown as 不参评 and left out with their weight).
    @Test("000: the roll-up (总表): 不参评 tables left out with their weight, 文电办理's unlisted units at 1.00, ranks per group")
    func seed000RollUp() throws {
        let s = try Summary(job: "000-巴中市-政务目标考核.yaml")
        let rows = try s.rows("总表")
        func row(_ unit: String) throws -> [String] { try #require(rows.first { $0.first == unit }, "\(unit)") }
        // 巴州区: 1 (疫情) + 1 + 1 + 1 + 1 + 0.3 (网上政务) + 1 (会务) + 0.99 (文电) + 1 (政务信息) + 101.1 × 0.01
        // = 9.301, assessed in tables worth 9.3 of 19.3 (weight × full marks): 9.301 × 19.3 ÷ 9.3 = 19.3021 → 19.30.
        let bazhou = try row("巴州区")
        #expect(number(bazhou[13]) == published("19.30"))
        #expect(bazhou[11...12] == ["不参评", "不参评"])
        // 通江县 and 平昌县 have no 错情 (not listed in 文电办理: 1.00) and rank above 南江县 (two: 0.98).
        let ranks = try ["通江县", "平昌县", "巴州区", "恩阳区", "巴中经开区", "南江县"].map { try row($0)[14] }
        #expect(ranks == ["1", "1", "3", "3", "3", "6"])
        #expect(try row("通江县")[8] == "1")
        // 市信访局 is 未纳入 in 政务信息: 不参评 there, not 0, and it is not pushed down for it.
        let petitions = try row("市信访局")
        #expect(petitions[9] == "不参评")
        #expect(number(petitions[13]) == published("19.26"))
        #expect(rows.filter { $0.first == "市直部门" || $0.first == "县（区）" }.map { $0[0] } == ["市直部门", "县（区）"])
        #expect(s.run.findingsForReview.count == 2) // only 市文化广播电视和旅游局's two published slips
        // The formula says the rescaling: ROUND((B…*1+…)*19.3/9.3,2).
        let sheet = ReportBuilder.workbook(s.run).sheets.first { $0.name == "总表" }!
        let cells = sheet.body.compactMap { b -> [ReportCell]? in if case .cells(let c) = b, c.first == .text("巴州区") { return c } else { return nil } }.first!
        guard case .formula(let f, let cached) = cells[13] else { Issue.record("no formula"); return }
        #expect(f.description == "ROUND(({1}*1+{2}*1+{3}*1+{4}*1+{5}*1+{6}*1+{7}*1+{8}*1+{9}*1+{10}*0.01)*19.3/9.3,2)")
        #expect(cached == published("19.3"))
    }

    /// Without `absent:` a table that lists only some units leaves the others without a score:
    /// a finding says so, and their 总表 cells and totals are marked, never silently 0.
    @Test("000 without absent on 文电办理: one finding for the table, the gaps and totals marked")
    func rollUpGapsAreMarked() throws {
        // The seed job as written before `defaults:` (each table says its own absent rule).
        let folder = "Tests/KaoheJobsTests/Fixtures/historical-jobs/2026-11-30-ed9504b/"
        let path = repoPath(folder + "000-巴中市-政务目标考核.yaml")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "    absent: base\n", with: "")
        let job = try JobParser.parse(text, path: path) { rel in
            let p = repoPath(folder + rel)
            return (p, try? String(contentsOfFile: p, encoding: .utf8))
        }
        let run = Assessor.run(job, inbox: repoPath("Workbooks/inbox"))
        let gaps = run.findingsForReview.filter { $0.finding.item == "总表" }
        #expect(gaps.map(\.table) == ["文电办理"])
        #expect(gaps.first?.finding.message.hasPrefix("28 个单位（市教育和体育局、市科技局、市民政局、市司法局、市人力资源社会保障局 等）在本表没有得分：表中未列出这些单位") == true)
        let sheet = ReportBuilder.workbook(run).sheets.first { $0.name == "总表" }!
        let tongjiang = sheet.body.compactMap { b -> [ReportCell]? in if case .cells(let c) = b, c.first == .text("通江县") { return c } else { return nil } }.first!
        #expect(tongjiang[8] == .marked(.empty, comment: "需人工核对：本表没有该单位的得分（未列出该单位），加权总分暂不给出"))
        // Withheld, not ranked as if 文电办理 had scored 0.
        #expect(tongjiang[13] == .marked(.empty, comment: "需人工核对：缺少文电办理的得分（未列出该单位），加权总分暂不给出（其余各表加权合计 17.24）"))
        #expect(tongjiang[14] == .marked(.empty, comment: "需人工核对：缺少文电办理的得分（未列出该单位），暂不参加排名"))
    }

    @Test("001: 总分 with the not-applicable rescaling (95.86, 92.99, 68.15, 89.11, 94.20) and per-group ranks, no findings")
    func seed001() throws {
        let s = try Summary(job: "001-鄂尔多斯市-政务公开绩效评估.yaml")
        var compared = 0
        for (sheet, table) in zip(["旗区", "市直部门", "园区"], PublishedSeeds.tables("001")) {
            for p in table.rows {
                let row = try #require(try s.row(sheet, unit: p[1]))
                #expect(row[0] == p[0], "\(p[1]) rank")
                #expect(number(row[9]) == published(p[9]), "\(p[1]) 总分")
                compared += 1
            }
        }
        #expect(compared == 45)
        #expect(try nums(s.row("市直部门", unit: "城市管理综合执法局"), 9...9) == [published("95.86")])
        #expect(try nums(s.row("市直部门", unit: "统计局"), 9...9) == [published("68.15")])
        #expect(try nums(s.row("园区", unit: "鄂尔多斯空港物流园区"), 9...9) == [published("89.11")])
        #expect(try nums(s.row("旗区", unit: "达拉特旗"), 9...9) == [published("94.2")])
        #expect(try s.row("市直部门", unit: "统计局")?[3] == "——")
        #expect(try s.audit().isEmpty)
        #expect(try s.rows("校验结果").contains { $0.contains("未发现问题") })
    }

    @Test("002: all 60 scores and dense ranks as published; 渔溪镇's unsigned 0.2分 read through its subtotal, with a note")
    func seed002() throws {
        let s = try Summary(job: "002-恩阳区-政务服务亮牌.yaml")
        let published002 = (PublishedSeeds.json("seed002")["rows"] as! [[String: Any]]).map { ($0["group"] as! String, $0["cells"] as! [String]) }
        var compared = 0
        for (_, p) in published002 {
            let row = try #require(try s.row("政务服务亮牌情况", unit: s.run.job.registry.unit(named: p[1])!.name))
            #expect(number(row[2]) == published(p[3]), "\(p[1]) 得分")
            #expect(row[3] == p[4], "\(p[1]) 排名")
            compared += 1
        }
        #expect(compared == 60)
        // No finding to act on; one note on the audit sheet says how 渔溪镇's text was read.
        #expect(s.run.findingsForReview.isEmpty)
        #expect(try s.audit() == [["渔溪镇", "加扣分原因及分值", "002-恩阳区-政务服务亮牌情况.xlsx!C11", "", ""]])
        let audit = try s.rows(ReportBuilder.auditSheetName)
        #expect(audit.contains { $0.contains("未发现问题") })
        #expect(audit.contains { $0.last == "说明（无需处理）：“0.2分”没有写加或扣，按其后的“共加2.2分”计为加0.2分" })
        // Sub-heading rows for the two groups, in registry order.
        let rows = try s.rows("政务服务亮牌情况")
        #expect(rows.filter { $0.first == "镇（街道）" || $0.first == "区级部门" }.map { $0[0] } == ["镇（街道）", "区级部门"])
    }

    /// A reason the reading cannot fully account for: the score cell is marked (fill and
    /// comment) and the table's notes count the marked cells.
    @Test("002 with 扣分 written without a number: 茶坝镇's score is marked for a reviewer and the notes say so")
    func markedScore() throws {
        let s = try Summary(job: "002-恩阳区-政务服务亮牌.yaml")
        var run = s.run
        var table = run.tables[0]
        var rows = table.bound!.rows.map(\.row)
        let i = rows.firstIndex { $0.unit == "茶坝镇" }!
        rows[i].inputs["理由"] = .text(rows[i].inputs["理由"]!.text! + "\n因工作失误被通报批评，扣分。")
        table.bound!.rows[i].row = rows[i]
        table.result = TableScorer.score(TableSpec(name: "", columns: table.table.scores, rank: table.table.rank), rows: rows)
        run.tables[0] = table
        let sheet = ReportBuilder.workbook(run).sheets.first { $0.name == "政务服务亮牌情况" }!
        let cells = sheet.body.compactMap { b -> [ReportCell]? in
            if case .cells(let c) = b, c.first == .text("茶坝镇") { return c }
            return nil
        }.first
        let score = try #require(cells?[2])
        #expect(score == .marked(.formula("ROUND(100-0.7-4.2-0.1,2)", cached: 95),
                                 comment: "需人工核对：“因工作失误被通报批评，扣分”没有写出分值，未计入"))
        #expect(sheet.notes.last == "注：浅黄底色的 1 个单元格与公布值不一致或需要人工核对，原因见单元格批注和“校验结果”表。")
        let finding = try #require(table.result!.findings.first { $0.kind == .reasonUnclear })
        #expect(finding.unit == "茶坝镇")
    }

    @Test("003: 报送 scores, 完成率 and 序号 as published; 莲花街道办事处's empty 报送得分; the 27 department adoption totals")
    func seed003() throws {
        let s = try Summary(job: "003-雁江区-政务信息.yaml")
        let tables = PublishedSeeds.tables("003")
        for (sheet, table) in zip(["区级部门报送", "镇街道报送"], tables[0...1]) {
            for p in table.rows {
                let row = try #require(try s.row(sheet, unit: s.run.job.registry.unit(named: p[1])!.name))
                #expect(row[0] == p[0], "\(p[1]) 序号")
                if p[4].isEmpty { #expect(p[1] == "莲花街道办事处" && row[4] == "5") } else { #expect(number(row[4]) == published(p[4]), "\(p[1]) 报送得分") }
                #expect(number(row[5]) == published(p[5]), "\(p[1]) 完成率")
            }
        }
        #expect(try nums(s.row("区级部门报送", unit: "区发改局"), 4...5) == [published("3.96"), published("0.7917")])
        #expect(try nums(s.row("区级部门报送", unit: "区气象局"), 4...5) == [published("3.33"), published("0.6667")])
        #expect(try nums(s.row("镇街道报送", unit: "丹山镇"), 3...4) == [published("25"), published("4.63")])   // written as full-width ２５
        #expect(try nums(s.row("镇街道报送", unit: "丰裕镇"), 4...4) == [published("0.37")])
        #expect(try nums(s.row("区级部门报送", unit: "区统计局"), 4...5) == [published("5"), published("3.5")])

        var departmentsWithDistrict: [String] = []
        for (sheet, table) in zip(["区级部门采用", "镇街道采用"], tables[2...3]) {
            for p in table.rows {
                let row = try #require(try s.row(sheet, unit: s.run.job.registry.unit(named: p[1])!.name))
                let district = !p[4].isEmpty || !p[5].isEmpty
                if sheet == "区级部门采用" && district {
                    departmentsWithDistrict.append(p[1])
                    #expect(number(row[9]) != published(p[9]), "\(p[1])")
                } else {
                    #expect(number(row[9]) == published(p[9]), "\(p[1]) 总分")
                }
                #expect(number(row[10]) == published(p[9]))
                #expect(number(row[11]) == published(p[10]), "\(p[1]) 占比")
                // In the published order, with the published 序号.
                #expect(row[0] == p[0], "\(p[1]) 序号")
            }
        }
        #expect(departmentsWithDistrict.count == 27)
        #expect(try nums(s.row("镇街道采用", unit: "东峰镇"), 9...11) == [published("37"), published("37"), published("1.16")])
        #expect(try nums(s.row("区级部门采用", unit: "区财政局"), 9...11) == [published("74"), published("66"), published("2.75")])
        #expect(try nums(s.row("区级部门采用", unit: "区投促局"), 11...11) == [published("0.63")])
        let audit = try s.audit()
        #expect(audit.count == 28)
        #expect(audit[0] == ["莲花街道办事处", "报送得分", "003-雁江区-政务信息报送.xlsx!镇街道!E8", "", "5"])
        #expect(audit.dropFirst().map(\.[0]) == departmentsWithDistrict.map { s.run.job.registry.unit(named: $0)!.name })
        #expect(audit.dropFirst().allSatisfy { $0[1] == "总分" })
        #expect(audit[1] == ["区财政局", "总分", "003-雁江区-政务信息采用.xlsx!区级部门!J4", "66", "74"])
        // The 27 form one group whose line names the setting they all follow (6 and 3, not 8 and 5).
        let group = try #require(try s.rows(ReportBuilder.auditSheetName).first { $0[2] == "共 27 个单位" })
        #expect(group[0] == "2")
        #expect(group[9] == "共 27 个单位：公布值与重新计算值不一致；本表全部公布值都符合 区采用信息 6 分、区简讯 3 分（规定为 8、5）：公布表所用的分值与规定不同")
        let detail = try #require(try s.rows(ReportBuilder.auditSheetName).first { $0[0] == "2.1" })
        #expect(detail[5] == "J4（区级部门采用）")
        #expect(plainNumber(detail[8]) == "-8")
        // The values are in their columns (66, 74); the line says how 74 is made.
        #expect(detail[6...7].map(plainNumber) == ["66", "74"])
        #expect(detail[9] == "计算：5 × 5 + 3 × 8 + 1 × 5 + 0 × 10 + 0 × 8 + 1 × 20 = 74.00")
    }

    @Test("004: sample counts (示例数据) against each unit's published target; scores, completion and ranks worked out by hand")
    func seed004() throws {
        let s = try Summary(job: "004-达州市-政务信息.yaml")
        let sheet = "政务信息（示例数据）"
        // 得分 = 主条×2 + 问题与建议×3 + 简讯 + 图片新闻 + 市领导批示×2 + 省办动态×2 + 省办专题×4 + 省办采用×4 + 省领导批示×4 − 约稿×3
        let expected: [(String, String, String, String)] = [
            // 10×2 + 3×3 + 12 + 2 + 1×2 + 5×2 + 2×4 + 3×4 + 1×4 − 1×3 = 76; 76/180 = 0.4222
            ("通川区", "76", "0.4222", "1"),
            // 8×2 + 2×3 + 9 + 1 + 4×2 + 1×4 + 2×4 = 52; 52/180 = 0.2889 ("达 县" as published, with a space)
            ("达县", "52", "0.2889", "2"),
            // 6×2 + 1×3 + 15 + 3 + 2×2 + 2×2 + 1×4 + 1×4 − 2×3 = 43; 43/180 = 0.2389
            ("渠县", "43", "0.2389", "3"),
            // 4×2 + 2×3 + 3 = 17 (万源市), 1×2 + 4×3 + 2 = 16 (宣汉县), 3×2 + 3 + 4 + 2 = 15 (大竹县), 2×2 + 3 + 1 = 8 (开江县)
            ("万源市", "17", "0.0944", "4"), ("宣汉县", "16", "0.0889", "5"), ("大竹县", "15", "0.0833", "6"), ("开江县", "8", "0.0444", "7"),
            // Departments' ranks depend on every department's sample counts; the hand-worked ones:
            // 6×2 + 2×3 + 3 + 1 + 1×2 + 2×2 + 1×4 + 1×4 = 36; 36/30 = 1.2
            ("市发改委", "36", "1.2", ""),
            // 4×2 + 1×3 + 2 = 13; 13/20 = 0.65
            ("市科技局", "13", "0.65", ""),
            // 2×2 − 2×3 = −2; −2/10 = −0.2, last of the 56 departments
            ("市邮政局", "-2", "-0.2", "56"),
        ]
        for (unit, score, rate, rank) in expected {
            let row = try #require(try s.row(sheet, unit: unit))
            #expect(number(row[12]) == published(score), "\(unit) 得分")
            #expect(number(row[13]) == published(rate), "\(unit) 完成率")
            if !rank.isEmpty { #expect(row[14] == rank, "\(unit) 排名") }
        }
        #expect(try s.audit().isEmpty)
        #expect(try s.rows(sheet).first?.first == "2012年度全市政务信息目标任务完成情况（示例数据）")
    }
}
