import Foundation
import KaoheJobs
@_spi(Parts) import KaoheReader
import KaoheScoring

/// Why no draft could be written, naming the file: for operators (English) and staff (Chinese).
public struct DraftError: Error, Sendable, CustomStringConvertible {
    public var english: String
    public var chinese: String
    /// The draft was made but does not validate: a defect of the draft, not of the workbook.
    public var isDefect = false
    public var description: String { english }
}

/// One worksheet to draft from: its workbook's file name, its cells, and whether the workbook
/// has other visible sheets (the job then names this one).
public struct DraftSheet: Sendable {
    public var file: String
    public var grid: SheetGrid
    public var oneOfSeveral: Bool

    public init(file: String, grid: SheetGrid, oneOfSeveral: Bool) {
        self.file = file
        self.grid = grid
        self.oneOfSeveral = oneOfSeveral
    }
}

/// A job and registry drafted from sample or published workbooks (issue 22): every sheet that
/// holds a table becomes a table of the job, every column that looks derived is given the
/// simplest rule that reproduces it from the others, and the comments say what was found.
public struct Draft: Sendable {
    /// The job's file name (without folder) and its text.
    public var jobFile: String
    public var jobText: String
    /// The registry's path relative to the job, and its text.
    public var registryFile: String
    public var registryText: String
    /// One line per table, in English and in Chinese: what was found and how much of it reproduces.
    public var summary: [(english: String, chinese: String)]

    /// Drafts from the workbooks at `paths`: every visible worksheet is read once.
    public static func make(paths: [String], name: String? = nil, date: Date = Date()) throws(DraftError) -> Draft {
        try make(sheets: try read(paths), sources: paths.map { ($0 as NSString).lastPathComponent },
                 name: name ?? Self.stem(paths[0]), date: date)
    }

    /// Drafts from sheets already read (`sources`: the workbooks' file names, for the comments).
    public static func make(sheets: [DraftSheet], sources: [String], name: String, date: Date = Date()) throws(DraftError) -> Draft {
        var layouts: [SheetLayout] = [], skipped: [String] = []
        for s in sheets {
            if var layout = LayoutReader(s.grid).read(file: s.file, oneOfSeveral: s.oneOfSeveral) {
                // 合计 / 小计 lines are not units.
                layout.units.removeAll { NonUnitRow.isTotal($0.name) }
                if let groups = RankRestart.groups(layout) {
                    for i in layout.units.indices { layout.units[i].group = groups[i] }
                }
                layouts.append(layout)
            } else {
                skipped.append("\(s.file) 工作表“\(s.grid.name)”")
            }
        }
        guard !layouts.isEmpty else {
            throw DraftError(english: sources.joined(separator: ", ") + ": no table found (no sheet has a header row with numbers under it)",
                             chinese: sources.joined(separator: "、") + "：找不到表格（没有表头行下面有数值的工作表）")
        }
        let registry = DraftRegistry(layouts)
        let tables = try Self.tables(layouts, registry: registry)
        guard tables.contains(where: \.isDrafted) else {
            let lines = tables.map(\.summaryLine)
            throw DraftError(english: sources.joined(separator: ", ") + ": no column can be computed from the others, ranked or graded, and no note gives points; nothing to draft ("
                                + lines.map(\.english).joined(separator: "; ") + ")",
                             chinese: sources.joined(separator: "、") + "：表中没有能由其他列算出、排名或评等次的列，也没有计分说明，起草不出计算规则（"
                                + lines.map(\.chinese).joined(separator: "；") + "）")
        }
        let registryFile = "registries/\(name)-单位名册.yaml"
        let text = JobText(tables: tables, registry: registry, registryFile: registryFile, sources: sources, skipped: skipped, date: date).text
        let registryText = registry.yaml(sources: sources)
        do {
            _ = try JobParser.parse(text, path: name + ".yaml") { rel in (rel, registryText) }
        } catch {
            throw DraftError(english: "the drafted job does not validate (a defect in kaohe; please report it): \(error)",
                             chinese: "起草的作业未通过校验（这是 kaohe 的缺陷，请报告）：\(error)", isDefect: true)
        }
        return Draft(jobFile: name + ".yaml", jobText: text, registryFile: registryFile, registryText: registryText,
                     summary: tables.map(\.summaryLine))
    }

    /// Each layout drafted; then one treatment per column shape: a column kept with
    /// `tolerance:` on one sheet is tried with it on every sheet of the same headers (and so
    /// are the totals that read it).
    static func tables(_ layouts: [SheetLayout], registry: DraftRegistry) throws(DraftError) -> [TableDraft] {
        func draft(_ layout: SheetLayout, _ id: String, _ tolerate: Set<String>) throws(DraftError) -> TableDraft {
            do { return try TableDraft(layout: layout, id: id, registry: registry.registry, tolerate: tolerate) } catch {
                throw DraftError(english: "\(layout.file), sheet \(layout.sheet): \(error)", chinese: "\(layout.file) 工作表“\(layout.sheet)”：\(error)")
            }
        }
        let ids = Self.ids(layouts)
        var tables: [TableDraft] = []
        for (layout, id) in zip(layouts, ids) { tables.append(try draft(layout, id, [])) }
        var tolerated: [[String]: Set<String>] = [:]
        for t in tables { tolerated[t.shape, default: []].formUnion(t.tolerated) }
        for i in tables.indices where !(tolerated[tables[i].shape] ?? []).isSubset(of: tables[i].tolerated) {
            tables[i] = try draft(layouts[i], ids[i], tolerated[tables[i].shape]!)
        }
        return tables
    }

    /// Drafts from one sheet part's XML and its shared strings, as the fuzz target feeds it
    /// (`fuzz.xlsx`, sheet `fuzz`): a reader error is a `DraftError` like any unreadable workbook.
    @_spi(Parts)
    public static func make(sheetPart: [UInt8], strings: [UInt8]?) throws(DraftError) -> Draft {
        let grid: SheetGrid
        do { grid = try PartReading.grid(sheetPart, strings: strings) } catch {
            throw DraftError(english: "\(error)", chinese: ReaderMessages.chinese(error))
        }
        return try make(sheets: [DraftSheet(file: "fuzz.xlsx", grid: grid, oneOfSeveral: false)], sources: ["fuzz.xlsx"], name: "fuzz",
                        date: Date(timeIntervalSince1970: 0))
    }

    /// Every visible worksheet of every workbook, in order.
    static func read(_ paths: [String]) throws(DraftError) -> [DraftSheet] {
        var sheets: [DraftSheet] = []
        for path in paths {
            let file = (path as NSString).lastPathComponent
            do {
                let workbook = try Workbook(path: path)
                let visible = workbook.sheets.filter { $0.kind == .worksheet && $0.state == .visible }
                for sheet in visible {
                    sheets.append(DraftSheet(file: file, grid: try workbook.grid(sheet), oneOfSeveral: visible.count > 1))
                }
            } catch let error as ReaderError {
                throw DraftError(english: "\(error)", chinese: "\(file)：\(ReaderMessages.chinese(error))")
            } catch {
                throw DraftError(english: "\(file): \(error)", chinese: "\(file)：\(error)")
            }
        }
        return sheets
    }

    /// Table ids: the sheet's name, with the workbook's last name part before it where two
    /// workbooks have sheets of the same name (政务信息报送-区级部门).
    static func ids(_ layouts: [SheetLayout]) -> [String] {
        let counts = Dictionary(layouts.map { (LayoutReader.written($0.sheet), 1) }, uniquingKeysWith: +)
        var used: Set<String> = []
        return layouts.map { l in
            let sheet = LayoutReader.written(l.sheet)
            var id = counts[sheet]! > 1 ? "\(Self.stem(l.file).split(separator: "-").last.map(String.init) ?? "")-\(sheet)" : sheet
            while !used.insert(id).inserted { id += "2" }
            return id
        }
    }

    static func stem(_ path: String) -> String { ((path as NSString).lastPathComponent as NSString).deletingPathExtension }
}

extension TableDraft {
    var summaryLine: (english: String, chinese: String) {
        let fits = rules.map { ($0.column.name, $0.fit) } + [rank.flatMap { $0.published ? ($0.column.name, $0.fit) : nil },
                                                             grade.map { ($0.column.name, $0.fit) }].compactMap { $0 }
        let found = fits.map { "\($0.0)（\($0.1.fitting)/\($0.1.checked)\($0.1.near.isEmpty ? "" : "，另 \($0.1.near.count) 个只差末位 1")）" }
        let foundEnglish = fits.map { "\($0.0) (\($0.1.fitting)/\($0.1.checked)\($0.1.near.isEmpty ? "" : ", \($0.1.near.count) one unit off"))" }
        let what = found.isEmpty ? (unpublished != nil ? "得分按表下说明的分值计算" : "未找到可重新计算的列") : "重新计算 " + found.joined(separator: "、")
        let whatEnglish = foundEnglish.isEmpty ? (unpublished != nil ? "score from the points the note states" : "nothing recomputed")
            : "recomputes " + foundEnglish.joined(separator: ", ")
        let unknown = accounts.filter { $0.kind == .unexplained }.map(\.column.name)
        let inputs = accounts.filter { $0.kind == .input }.map(\.column.name)
        let english = (inputs.isEmpty ? "" : "; inputs: " + inputs.joined(separator: ", "))
            + (unknown.isEmpty ? "" : "; not explained: " + unknown.joined(separator: ", "))
        let chinese = (inputs.isEmpty ? "" : "；输入 " + inputs.joined(separator: "、"))
            + (unknown.isEmpty ? "" : "；未能解释 " + unknown.joined(separator: "、"))
        return ("table \(id): \(whatEnglish)" + english, "表“\(id)”：\(what)" + chinese)
    }
}
