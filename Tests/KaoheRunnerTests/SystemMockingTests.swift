#if KAOHE_MOCKING
import Foundation
import KaoheJobs
import KaoheSystem
import Logging
import Testing
@testable import KaoheRunner

/// The system layer's test seam (`SystemMocking`, debug builds): a system call made to fail as
/// the kernel would, under one test's folder, in a `Runner` built in this process.
@Suite struct SystemMockingTests {
    static func night(_ root: String) throws -> RunReport {
        var tuning = RunnerOptions.Tuning()
        tuning.useOffice = false
        return try runNight(root, tuning: tuning)
    }

    @Test("a summary that cannot be renamed into place (ENOSPC): the storage fault, no summary or partial file in the outbox, its inputs wait in work/; the next run writes it")
    func summaryRenameNoSpace() throws {
        let root = try makeRoot([RunnerTests.good[1], RunnerTests.good[2]])
        let summary = String(RunnerTests.outputs[1].dropFirst("outbox/".count))
        let (report, failed) = try SystemMocking.failing(.rename, errno: SystemError.noSpace, under: root + "/outbox/") {
            try Self.night(root)
        }
        #expect(failed == 1)
        #expect(report.exitCode == RunExit.storageFault)
        #expect(report.status == .outputFailed)
        #expect(report.outputs.isEmpty)
        #expect(report.failures == ["003-雁江区-政务信息 2020年三季度：汇总表未能写出（cannot move the finished workbook to \(root)/outbox/\(summary): "
                                    + "No space left on device）；003-雁江区-政务信息报送.xlsx、003-雁江区-政务信息采用.xlsx 留待下次运行"])
        #expect(files(root + "/outbox").isEmpty)
        #expect(files(root + "/work") == ["run-1/003-雁江区-政务信息报送.xlsx", "run-1/003-雁江区-政务信息采用.xlsx"])
        #expect(files(root + "/archive").isEmpty)
        // The disk has room again: the next run writes the summary and archives its inputs.
        let next = try Self.night(root)
        #expect(next.exitCode == RunExit.findings)
        #expect(next.outputs.map(\.path) == [RunnerTests.outputs[1]])
        #expect(files(root + "/work").isEmpty)
        #expect(files(root + "/archive") == ["run-2/003-雁江区-政务信息报送.xlsx", "run-2/003-雁江区-政务信息采用.xlsx"])
    }

    /// A full disk when the supervisor reserves its handling board: the documented storage
    /// fault (exit 6, its message), before any run starts and without a signal (a board mapped
    /// from a file that cannot grow used to kill the supervisor with SIGBUS).
    @Test("no room for the handling board (ENOSPC): the supervisor's storage fault, exit 6, nothing started, no board left")
    func boardNoSpace() throws {
        let root = try makeRoot([RunnerTests.good[1]])
        let logger = Logger(label: "kaohe.test")
        let (outcome, failed) = SystemMocking.failing(.fallocate, errno: SystemError.noSpace, under: root + "/work/") {
            Supervisor(root: root, arguments: ["kaohe-not-started"], options: Supervisor.Options(), logger: logger).run()
        }
        #expect(failed == 1)
        guard case .storageFault(let why) = outcome else { Issue.record("\(outcome)"); return }
        #expect(why.hasPrefix("cannot make the handling board \(root)/work/.handling-") && why.hasSuffix(" (disk full?)"), "\(why)")
        #expect(outcome.exitCode == RunExit.storageFault)
        #expect(files(root + "/work").isEmpty)
        #expect(files(root + "/inbox") == [(RunnerTests.good[1] as NSString).lastPathComponent])
    }
}
#endif
