import ArgumentParser

@main
struct Kaohe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaohe",
        abstract: "Batch processor for government performance-assessment workbooks (考核汇总).",
        subcommands: [Inspect.self, Validate.self, Run.self, History.self, Template.self]
    )
}
