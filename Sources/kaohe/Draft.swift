import ArgumentParser
import Foundation
import KaoheDraft
import KaoheAssessment
import KaoheJobs

struct DraftJob: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: Language.say("Draft a job and its registry from sample or published workbooks: the tables, their units, and the rules that reproduce their totals and ranks.", "由样表或已公布的结果表起草考核任务文件和单位名册：表、单位，以及能重新算出总分和名次的规则。")
    )

    @Argument(help: .init(Language.say("Workbooks (.xlsx): a lead unit's sample, or a published result table.", "工作簿（.xlsx）：牵头单位的样表，或已公布的结果表。")))
    var workbooks: [String]

    @Option(help: .init(Language.say("Folder the job (NAME.yaml) and registry (registries/NAME-单位名册.yaml) are written to.", "考核任务文件（名称.yaml）和单位名册（registries/名称-单位名册.yaml）写入的文件夹。")))
    var out: String

    @Option(help: .init(Language.say("The job's name (default: the first workbook's name).", "考核任务的名称（默认取第一个工作簿的文件名）。")))
    var name: String?

    func run() throws {
        for path in workbooks where !FileManager.default.fileExists(atPath: path) {
            printError(Language.say("\(path): no such file", "\(path)：文件不存在"))
            throw ExitCode(ExitCodes.usage)
        }
        let draft: Draft
        do { draft = try Draft.make(paths: workbooks, name: name) } catch {
            printError(Language.say(error.english, error.chinese))
            throw ExitCode(ExitCodes.unreadableInput)
        }
        let jobPath = (out as NSString).appendingPathComponent(draft.jobFile)
        let registryPath = (out as NSString).appendingPathComponent(draft.registryFile)
        for path in [jobPath, registryPath] where FileManager.default.fileExists(atPath: path) {
            printError(Language.say("\(path) exists; not overwritten (give another --name or --out)", "\(path) 已存在，未覆盖（请换 --name 或 --out）"))
            throw ExitCode(ExitCodes.usage)
        }
        do {
            try FileManager.default.createDirectory(atPath: (registryPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(draft.registryText.utf8).write(to: URL(fileURLWithPath: registryPath), options: .atomic)
            try Data(draft.jobText.utf8).write(to: URL(fileURLWithPath: jobPath), options: .atomic)
        } catch {
            printError(Language.say("cannot write \(jobPath): \(error)", "无法写出 \(jobPath)：\(error)"))
            throw ExitCode(ExitCodes.outputFailed)
        }
        for line in draft.summary { Console.line(Language.say(line.english, line.chinese)) }
        let job = try JobParser.load(path: jobPath)
        let figures = Reproduction.figures(Assessor.run(job, files: workbooks))
        Console.line(Language.say("\(jobPath): drafted; run on these workbooks it reproduces \(figures.count) published values",
                                  "\(jobPath)：已起草；在这些工作簿上试运行，重新算出 \(figures.count) 个公布值"))
        Console.line(Language.say("registry: \(registryPath)", "单位名册：\(registryPath)"))
    }
}
