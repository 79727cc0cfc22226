import Foundation
import KaoheReader
import KaoheScoring
import KaoheWriter

/// Turns a run into the reviewers' summary workbook: one sheet per table in job order, the
/// roll-up (总表) when the job has one, and the audit sheet (校验结果).
public enum ReportBuilder {
    public static let auditSheetName = "校验结果"

    /// `previousRanks` (table id → unit → rank of the previous run) adds a 名次变化 column after
    /// each rank column: ↑2, ↓1, — (unchanged) or 新 (not ranked last time).
    public static func workbook(_ run: AssessmentRun, previousRanks: [String: [String: Int]]? = nil) -> ReportWorkbook {
        var sheets = run.tables.map { t in sheet(t, previousRanks: previousRanks.map { $0[t.table.id] ?? [:] }) }
        if let total = run.job.total { sheets.append(totalSheet(total, run)) }
        sheets.append(auditSheet(run))
        return ReportWorkbook(title: run.job.assessment, sheets: sheets)
    }

    // MARK: Table sheets

    static func header(_ output: [OutputColumn]) -> [[HeaderCell]] {
        let parts = output.map { $0.header.split(separator: "/", maxSplits: 1).map(String.init) }
        guard parts.contains(where: { $0.count > 1 }) else { return [parts.map { HeaderCell($0[0]) }] }
        var top: [HeaderCell] = []
        var bottom: [HeaderCell] = []
        var i = 0
        while i < parts.count {
            if parts[i].count == 1 {
                top.append(HeaderCell(parts[i][0], rows: 2))
                i += 1
                continue
            }
            var j = i
            while j < parts.count && parts[j].count > 1 && parts[j][0] == parts[i][0] {
                bottom.append(HeaderCell(parts[j][1]))
                j += 1
            }
            top.append(HeaderCell(parts[i][0], columns: j - i))
            i = j
        }
        return [top, bottom]
    }

    static func sheet(_ t: TableRun, previousRanks: [String: Int]? = nil) -> ReportSheet {
        var table = t.table
        if previousRanks != nil {
            table.output = table.output.flatMap { o in
                o.value == "rank" ? [o, OutputColumn(header: "名次变化", value: "rankChange", format: .text, width: 8)] : [o]
            }
        }
        let columns = table.output.map { ReportColumn($0.format, width: $0.width, alignLeft: $0.alignLeft) }
        var sheet = ReportSheet(name: table.sheetName ?? table.title, title: table.title, subtitle: table.subtitle,
                                columns: columns, header: header(table.output), body: [], notes: table.notes)
        guard let bound = t.bound, let result = t.result else {
            sheet.body = [.cells([.text("（\(t.problem ?? "无数据")）")] + Array(repeating: .empty, count: max(0, columns.count - 1)))]
            return sheet
        }
        let groups = Set(t.order.map { result.rows[$0].group })
        let grouped = groups.count > 1
        var row = sheet.firstBodyRow
        var currentGroup: String? = nil
        let index = Dictionary(table.output.enumerated().map { ($0.element.value, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for i in t.order {
            let r = result.rows[i]
            if grouped && r.group != currentGroup {
                sheet.body.append(.group(r.group))
                currentGroup = r.group
                row += 1
            }
            if let rollup = table.rollup {
                sheet.body += rollupRows(rollup, unit: i, t: t, table: table, index: index, previousRanks: previousRanks)
                continue
            }
            let cells = table.output.map { o -> ReportCell in
                if o.value == "rankChange" { return .text(rankChange(now: r.rank, before: previousRanks?[r.unit])) }
                return cell(o, bound: bound.rows[i], result: r, table: table, index: index)
            }
            sheet.body.append(.cells(cells))
            row += 1
        }
        // Notes on the table as a whole (values taken within tolerance, ties at a grade quota).
        for f in result.findings where f.kind == .note && f.unit == "—" {
            sheet.notes.append(f.message.hasPrefix("注：") ? f.message : "注：" + f.message + "。")
        }
        let marked = sheet.body.reduce(0) { n, b in
            guard case .cells(let cells) = b else { return n }
            return n + cells.filter { if case .marked = $0 { return true } else { return false } }.count
        }
        if marked > 0 {
            sheet.notes.append("注：浅黄底色的 \(marked) 个单元格需要人工核对，原因见单元格批注和“\(auditSheetName)”表。")
        }
        if let chart = table.chart, let v = index[chart], let u = index["unit"] {
            sheet.chart = ChartSpec(title: "\(table.title)：\(chart)", categoryColumn: u, valueColumn: v)
        }
        return sheet
    }

    /// A unit's row on a sheet of sub-units, then its sub-units' rows below it: the unit's
    /// aggregate refers to them (ROUND(AVERAGE(C6:C9),2)) and 下属单位数 counts them.
    static func rollupRows(_ rollup: SubunitRollup, unit i: Int, t: TableRun, table: TableJob, index: [String: Int],
                           previousRanks: [String: Int]?) -> [BodyRow] {
        let result = t.result!, bound = t.bound!
        let r = result.rows[i]
        let members = result.subunits[i]
        let top = table.output.map { o -> ReportCell in
            switch o.value {
            case "unit": return .text(r.unit)
            case "subunits": return .number(Decimal(members.count))
            case "rank": return r.rank.map { .number(Decimal($0)) } ?? .empty
            case "grade": return r.grade.map(ReportCell.text) ?? .empty
            case "rankChange": return .text(rankChange(now: r.rank, before: previousRanks?[r.unit]))
            case rollup.name:
                guard case .number(let v)? = r.computed[rollup.name] else { return .empty }
                guard let c = index[rollup.of] else { return .number(v) }
                var f = ReportFormula([.text("\(rollup.method.excel)("), .rows(column: c, from: 1, to: members.count), .text(")")])
                if let d = rollup.decimals { f = ReportFormula([.text("ROUND(")] + f.parts + [.text(",\(d))")]) }
                let cell = ReportCell.formula(f, cached: v)
                return r.review[rollup.name].map { .marked(cell, comment: "需人工核对：" + $0) } ?? cell
            default: return .empty
            }
        }
        let below = members.map { k -> BodyRow in
            .cells(table.output.map { o -> ReportCell in
                switch o.value {
                case "unit", "subunits", "rank", "grade", "rankChange": return .empty
                case "subunit": return .text(bound.rows[k].row.inputs[table.subunitColumn ?? ""]?.description ?? "")
                default: return cell(o, bound: bound.rows[k], result: result.subrows[k], table: table, index: index)
                }
            })
        }
        return [.cells(top)] + below
    }

    static func cell(_ column: OutputColumn, bound: BoundRow, result: RowResult, table: TableJob,
                     index: [String: Int]) -> ReportCell {
        switch column.value {
        case "unit": return .text(result.unit)
        case "rank": return result.rank.map { .number(Decimal($0)) } ?? .empty
        case "grade": return result.grade.map(ReportCell.text) ?? .empty
        default: break
        }
        if let score = table.scores.first(where: { $0.name == column.value }) {
            guard case .number(let v)? = result.computed[score.name] else { return .empty }
            var shown = ReportCell.number(v)
            // A value taken as published (within tolerance) is that number, not a formula that
            // would recalculate to something else.
            if !result.takenAsPublished.contains(score.name), let f = formula(score, bound: bound, result: result, table: table, index: index) {
                shown = .formula(f, cached: v)
            }
            if let why = result.review[score.name] { return .marked(shown, comment: "需人工核对：" + why) }
            return shown
        }
        switch bound.row.inputs[column.value] ?? .missing {
        case .number(let d): return .number(d)
        case .text(let s): return .text(s)
        case .notApplicable: return .text(bound.shown[column.value]?.text ?? "——")
        case .missing: return .empty
        }
    }

    static func rankChange(now: Int?, before: Int?) -> String {
        guard let now else { return "" }
        guard let before else { return "新" }
        if now == before { return "—" }
        return now < before ? "↑\(before - now)" : "↓\(now - before)"
    }

    /// The rule as an Excel formula over this row's cells, where it can be said as one. The
    /// rule names what it uses; a name the table shows becomes its column (the writer makes the
    /// A1 reference), an unshown earlier score is spelt out as its own formula
    /// ((100-0.83+0.3)*0.5), anything else is its value.
    static func formula(_ score: ComputedColumn, bound: BoundRow, result: RowResult, table: TableJob,
                        index: [String: Int]) -> ReportFormula? {
        scoringFormula(score, bound: bound, result: result, table: table, index: index).map { f in
            ReportFormula(f.parts.map { part in
                switch part {
                case .text(let t): return .text(t)
                case .name(let n): return .column(index[n]!)
                }
            })
        }
    }

    static func scoringFormula(_ score: ComputedColumn, bound: BoundRow, result: RowResult, table: TableJob,
                               index: [String: Int]) -> Formula? {
        var env = bound.row.inputs
        for (k, v) in result.computed { env[k] = v }
        func value(_ name: String) -> Value {
            let v = env[name] ?? .missing
            if score.emptyIsZero, v == .missing { return .number(0) }
            return v
        }
        func isShown(_ name: String) -> Bool { index[name] != nil && !["unit", "rank", "grade"].contains(name) }
        func reference(_ name: String) -> Formula? {
            guard case .number(let n) = value(name) else { return nil }
            if isShown(name) { return .name(name) }
            if let earlier = table.scores.first(where: { $0.name == name }), earlier.name != score.name,
               let inner = scoringFormula(earlier, bound: bound, result: result, table: table, index: index) {
                return inner.wrapped("(", ")")
            }
            return .literal(n)
        }
        let context = FormulaContext(reference: reference, isShown: isShown, value: value,
                                     adjustments: result.adjustments[score.name])
        guard let body = score.rule.rule.formula(context) else { return nil }
        return score.decimals.map { "ROUND(" + body + "," + .text(String($0)) + ")" } ?? body
    }

    static func literal(_ d: Decimal) -> String { d.description }

    // MARK: Roll-up

    static func totalSheet(_ total: TotalJob, _ run: AssessmentRun) -> ReportSheet {
        let weighted = total.weights.compactMap { w in run.tables.first { $0.table.id == w.table }.map { (w, $0) } }
        var output: [OutputColumn] = [OutputColumn(header: "被考核单位", value: "unit", format: .text, width: nil)]
        for (w, t) in weighted {
            let decimals = t.table.scores.first { $0.name == t.mainScore }?.decimals ?? 2
            output.append(OutputColumn(header: "\(t.table.sheetName ?? t.table.title)\n（权重 \(w.weight)）",
                                       value: w.table, format: .decimal(decimals), width: nil))
        }
        output.append(OutputColumn(header: "加权总分", value: "total", format: .decimal(total.decimals), width: nil))
        output.append(OutputColumn(header: "排名", value: "rank", format: .integer, width: nil))
        var sheet = ReportSheet(name: total.title, title: "\(run.job.assessment)\(total.title)", columns: output.map { ReportColumn($0.format, width: $0.width) },
                                header: [output.map { HeaderCell($0.header) }], body: [],
                                notes: ["注：加权总分 = Σ 各表得分 × 权重。单位不参评的表不计入，按得分率折算："
                                        + "加权总分 = Σ（得分 × 权重）× 各表（权重 × 满分）之和 ÷ 参评各表（权重 × 满分）之和。排名按单位分组分别计算。"])
        let groups = run.job.registry.groups.filter { g in run.totals.contains { $0.group == g } }
        var row = sheet.firstBodyRow
        for g in groups {
            if groups.count > 1 { sheet.body.append(.group(g)); row += 1 }
            for t in run.totals where t.group == g {
                var cells: [ReportCell] = [.text(t.unit)]
                var terms: [[ReportFormula.Part]] = []
                for (i, (w, _)) in weighted.enumerated() {
                    if let v = t.scores[w.table] {
                        cells.append(.number(v))
                        terms.append([.column(i + 1), .text("*\(literal(w.weight))")])
                    } else if t.notAssessed.contains(w.table) {
                        cells.append(.text("不参评"))
                    } else {
                        cells.append(.marked(.empty, comment: "需人工核对：本表没有该单位的得分（\(t.missing[w.table] ?? "未列出")），加权总分未计入本表"))
                    }
                }
                var sum: [ReportFormula.Part] = terms.isEmpty ? [.text("0")] : terms.enumerated().flatMap { i, t in (i == 0 ? [] : [.text("+")]) + t }
                if let r = t.rescale { sum = [.text("(")] + sum + [.text(")*\(literal(r.all))/\(literal(r.assessed))")] }
                let totalCell = ReportCell.formula(ReportFormula([.text("ROUND(")] + sum + [.text(",\(total.decimals))")]), cached: t.total)
                let missing = weighted.filter { t.missing[$0.0.table] != nil }.map { $0.1.table.sheetName ?? $0.1.table.title }
                cells.append(missing.isEmpty ? totalCell
                             : .marked(totalCell, comment: "需人工核对：缺少\(missing.joined(separator: "、"))的得分，加权总分未计入"))
                cells.append(t.rank.map { .number(Decimal($0)) } ?? .empty)
                sheet.body.append(.cells(cells))
                row += 1
            }
        }
        return sheet
    }

    // MARK: Audit

    static func auditSheet(_ run: AssessmentRun) -> ReportSheet {
        let headers = ["序号", "考核表", "被考核单位", "项目", "位置", "公布值", "重新计算值", "说明"]
        let columns: [ReportColumn] = [ReportColumn(.integer), ReportColumn(.text, width: 30), ReportColumn(.text),
                                       ReportColumn(.text), ReportColumn(.text, width: 34), ReportColumn(.text),
                                       ReportColumn(.text), ReportColumn(.text, width: 50, alignLeft: true)]
        var sheet = ReportSheet(name: auditSheetName, title: "\(run.job.assessment)校验结果", columns: columns,
                                header: [headers.map { HeaderCell($0) }], body: [],
                                notes: ["注：本表列出重新计算与公布值不一致、数据缺失或无法识别、单位名称未登记等需要核对的情况。"])
        if run.findingsForReview.isEmpty {
            sheet.body = [.cells([.empty, .text("未发现问题")] + Array(repeating: .empty, count: 6))]
        }
        // Findings to act on first, then notes on how a text was read.
        let ordered = run.findingsForReview + run.findings.filter { !$0.finding.needsReview }
        for (i, a) in ordered.enumerated() {
            let t = run.tables.first { $0.table.id == a.table }?.table
            let f = a.finding
            let decimals = t.flatMap { tj in tj.scores.first { $0.published == f.item }?.decimals } ?? 2
            func shown(_ d: Decimal?) -> ReportCell {
                guard let d else { return .empty }
                return .text(f.kind == .rankMismatch ? d.formatted(decimals: 0) : d.formatted(decimals: decimals))
            }
            sheet.body.append(.cells([
                .number(Decimal(i + 1)),
                .text(t.map { $0.title + ($0.subtitle ?? "") } ?? a.table),
                .text(f.unit),
                .text(t.flatMap { tj in tj.columns.first { $0.input == f.item }?.header } ?? f.item),
                a.location.map(ReportCell.text) ?? .empty,
                shown(f.published),
                shown(f.computed),
                .text(f.needsReview ? f.message : "说明（无需处理）：" + f.message),
            ]))
        }
        return sheet
    }
}
