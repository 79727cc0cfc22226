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
            if Language.chinese, case let message = fullMessage(for: error), !message.isEmpty {
                // A mistake on the command line (a missing argument, an unknown option, a bad
                // value): ArgumentParser's lines, in Chinese.
                FileHandle.standardError.write(Data((ChineseHelp.translateError(message) + "\n").utf8))
                System.exit(exitCode(for: error).rawValue)
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

    /// ArgumentParser's messages for a command line it cannot take, and their Chinese
    /// ($1, $2: what they name, kept as written).
    static let errors: [(pattern: String, chinese: String)] = [
        ("^Error: ", "错误："), ("^Help: ", "说明："), ("^Usage: ", "用法："),
        ("^  See '(.+)' for more information\\.$", "  详细说明：$1"),
        ("Missing expected argument '(.+)'", "缺少参数 $1"),
        ("The value '(.+)' is invalid for '(.+)'", "“$1”不是 $2 可以取的值"),
        ("Unexpected argument '(.+)'", "多余的参数“$1”"),
        ("Unknown option '(.+)'", "没有选项 $1"),
        ("Missing value for '(.+)'", "选项 $1 缺少取值"),
    ]

    /// A command-line mistake's message, line by line, in Chinese.
    static func translateError(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var out = String(line)
            for (pattern, chinese) in errors {
                out = out.replacingOccurrences(of: pattern, with: chinese, options: .regularExpression)
            }
            return out
        }.joined(separator: "\n")
    }
}
