import ArgumentParser

@main
struct Kaohe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaohe",
        abstract: "Batch processor for government performance-assessment workbooks (考核汇总).",
        version: KaoheVersion.current,
        subcommands: [Inspect.self, Validate.self, Run.self, History.self, Template.self, DraftJob.self]
    )
}
