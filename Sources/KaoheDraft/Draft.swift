import Foundation
import KaoheJobs
import KaoheReader
import KaoheScoring

/// Why no draft could be written, naming the file: for operators (English) and staff (Chinese).
public struct DraftError: Error, Sendable, CustomStringConvertible {
    public var english: String
    public var chinese: String
    public var description: String { english }
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

    public static func make(paths: [String], name: String? = nil, date: Date = Date()) throws(DraftError) -> Draft {
        let (layouts, skipped) = try read(paths)
        guard !layouts.isEmpty else {
            let names = paths.map { ($0 as NSString).lastPathComponent }
            throw DraftError(english: names.joined(separator: ", ") + ": no table found (no sheet has a header row with numbers under it)",
                             chinese: names.joined(separator: "、") + "：找不到表格（没有表头行下面有数值的工作表）")
        }
        let registry = DraftRegistry(layouts)
        let ids = Self.ids(layouts)
        var tables: [TableDraft] = []
        for (layout, id) in zip(layouts, ids) {
            do { tables.append(try TableDraft(layout: layout, id: id, registry: registry.registry)) } catch {
                throw DraftError(english: "\(layout.file), sheet \(layout.sheet): \(error)", chinese: "\(layout.file) 工作表“\(layout.sheet)”：\(error)")
            }
        }
        let stem = name ?? Self.stem(paths[0])
        let registryFile = "registries/\(stem)-单位名册.yaml"
        let text = JobText(tables: tables, registry: registry, registryFile: registryFile, sources: paths, skipped: skipped,
                       date: date).text
        let registryText = registry.yaml(sources: paths.map { ($0 as NSString).lastPathComponent })
        guard tables.contains(where: \.hasScores) else {
            let names = paths.map { ($0 as NSString).lastPathComponent }
            throw DraftError(english: names.joined(separator: ", ") + ": no column can be computed from the others and no note gives points; nothing to draft",
                             chinese: names.joined(separator: "、") + "：表中没有能由其他列算出的列，也没有计分说明，起草不出计算规则")
        }
        do {
            _ = try JobParser.parse(text, path: stem + ".yaml") { rel in (rel, registryText) }
        } catch {
            throw DraftError(english: "the drafted job does not validate (a defect in kaohe; please report it): \(error)",
                             chinese: "起草的作业未通过校验（这是 kaohe 的缺陷，请报告）：\(error)")
        }
        return Draft(jobFile: stem + ".yaml", jobText: text, registryFile: registryFile, registryText: registryText,
                     summary: tables.map(\.summaryLine))
    }

    /// Every visible worksheet of every workbook that holds a table, in order.
    static func read(_ paths: [String]) throws(DraftError) -> (layouts: [SheetLayout], skipped: [String]) {
        var layouts: [SheetLayout] = [], skipped: [String] = []
        for path in paths {
            let file = (path as NSString).lastPathComponent
            let workbook: Workbook
            do { workbook = try Workbook(path: path) } catch {
                throw DraftError(english: "\(error)", chinese: "\(file)：\(ReaderMessages.chinese(error))")
            }
            let sheets = workbook.sheets.filter { $0.kind == .worksheet && $0.state == .visible }
            for sheet in sheets {
                guard let grid = try? workbook.grid(sheet) else { continue }
                if let layout = LayoutReader(grid).read(file: file, path: path, sheet: sheet.name, oneOfSeveral: sheets.count > 1) {
                    layouts.append(layout)
                } else {
                    skipped.append("\(file) 工作表“\(sheet.name)”")
                }
            }
        }
        return (layouts, skipped)
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
        let fits = rules.map { ($0.column.name, $0.fit) } + [rank.map { ($0.column.name, $0.fit) }, grade.map { ($0.column.name, $0.fit) }].compactMap { $0 }
        let found = fits.map { "\($0.0)（\($0.1.fitting)/\($0.1.checked)）" }
        let foundEnglish = fits.map { "\($0.0) (\($0.1.fitting)/\($0.1.checked))" }
        let what = found.isEmpty ? (unpublished != nil ? "得分按表下说明的分值计算" : "未找到可重新计算的列") : "重新计算 " + found.joined(separator: "、")
        let whatEnglish = foundEnglish.isEmpty ? (unpublished != nil ? "score from the points the note states" : "nothing recomputed")
            : "recomputes " + foundEnglish.joined(separator: ", ")
        let unknown = unexplained.map(\.name)
        return ("table \(id): \(whatEnglish)" + (unknown.isEmpty ? "" : "; not explained: " + unknown.joined(separator: ", ")),
                "表“\(id)”：\(what)" + (unknown.isEmpty ? "" : "；未能解释 " + unknown.joined(separator: "、")))
    }
}
