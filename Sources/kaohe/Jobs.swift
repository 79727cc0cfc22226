import ArgumentParser
import Foundation
import KaoheJobs
import KaoheWriter

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check job files (and the registries they name); print each mistake with its line and column."
    )

    @Argument(help: "Job files (Jobs/*.yaml).")
    var jobs: [String]

    func run() throws {
        var failed = false
        for path in jobs {
            do {
                let job = try JobParser.load(path: path)
                print("\(path): ok (\(job.tables.count) tables, \(job.registry.units.count) units in \(job.registryPath))")
            } catch {
                failed = true
                for e in error.errors { printError(e.description) }
            }
        }
        if failed { throw ExitCode(ExitCodes.configuration) }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run jobs over the workbooks in an inbox folder and write their summary workbooks."
    )

    @Argument(help: "Job files (Jobs/*.yaml).")
    var jobs: [String]

    @Option(help: "Folder holding the submitted workbooks.")
    var inbox: String

    @Option(help: "Folder the summary workbooks are written to.")
    var out: String

    func run() throws {
        var loaded: [Job] = []
        var configErrors = false
        for path in jobs {
            do { loaded.append(try JobParser.load(path: path)) } catch {
                configErrors = true
                for e in error.errors { printError(e.description) }
            }
        }
        if configErrors { throw ExitCode(ExitCodes.configuration) }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inbox, isDirectory: &isDir), isDir.boolValue else {
            printError("the inbox \(inbox) is not a folder")
            throw ExitCode(ExitCodes.configuration)
        }
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var code = ExitCodes.ok
        for job in loaded {
            let started = Date()
            let run = Assessor.run(job, inbox: inbox)
            let path = (out as NSString).appendingPathComponent(job.output)
            do {
                try XLSXWriter.write(ReportBuilder.workbook(run), to: path)
            } catch {
                printError("\(job.path): cannot write \(path): \(error)")
                throw ExitCode(ExitCodes.outputFailed)
            }
            let missing = run.tables.filter { $0.bound == nil }
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            print("\(job.path): \(run.tables.count) tables from \(run.inputs.count) workbooks, \(run.findings.count) findings, wrote \(path) in \(seconds) s")
            for t in missing { print("  table \(t.table.id): no data (\(t.problem ?? "?"))") }
            if !missing.isEmpty { code = max(code, ExitCodes.missingInputs) } else if !run.findings.isEmpty { code = max(code, ExitCodes.findings) }
        }
        if code != ExitCodes.ok { throw ExitCode(code) }
    }
}
