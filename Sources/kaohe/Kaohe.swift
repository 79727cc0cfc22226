import ArgumentParser
import Foundation
import KaoheSystem

@main
struct Kaohe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaohe",
        abstract: Language.say("Batch processor for government performance-assessment workbooks (考核汇总).", "考核汇总：把各牵头单位报送的考核工作簿汇总成汇总表和通报。"),
        version: KaoheVersion.current,
        subcommands: [Inspect.self, Validate.self, Run.self, History.self, Template.self, DraftJob.self]
    )

    /// As ArgumentParser's own main, but under a Chinese locale the help's headings and its
    /// built-in lines are Chinese too (the commands' own texts are, through Language.say).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if Language.chinese, exitCode(for: error) == .success {
                print(ChineseHelp.translate(fullMessage(for: error)))
                System.exit(0)
            }
            exit(withError: error)
        }
    }
}

/// ArgumentParser's headings and built-in lines in Chinese.
enum ChineseHelp {
    static let phrases: [(String, String)] = [
        ("OVERVIEW:", "概述："), ("USAGE:", "用法："), ("ARGUMENTS:", "参数："), ("OPTIONS:", "选项："), ("SUBCOMMANDS:", "子命令："),
        ("Show help information.", "显示帮助信息。"), ("Show the version.", "显示版本号。"),
        ("See 'kaohe help <subcommand>' for detailed help.", "各子命令的详细帮助：kaohe help <子命令>"),
        ("(default: ", "(默认："), ("(values: ", "(可选值："),
    ]

    static func translate(_ text: String) -> String {
        var out = text
        for (en, zh) in phrases { out = out.replacingOccurrences(of: en, with: zh) }
        return out
    }
}
