import Foundation
import KaoheSystem
import Testing
@testable import KaoheRunner

/// `System.Signal`: the signals the project names, whose raw values are the kernel's numbers (so
/// no caller outside KaoheSystem needs a libc constant), and the calls that take them.
@Suite struct SystemSignalTests {
    @Test("each Signal's raw value is libc's number for it")
    func rawValuesAreLibcs() {
        #expect(KaoheSystem.System.Signal.allCases.map(\.rawValue)
                == [SIGHUP, SIGINT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGSEGV, SIGTERM])
        #expect(KaoheSystem.System.Signal.allCases.map(\.rawValue) == [1, 2, 4, 5, 6, 7, 8, 9, 11, 15])
    }

    @Test("the faults the supervisor blames a workbook for, and the signals it does not")
    func faults() {
        #expect([SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE].allSatisfy(HandlingBoard.isFault))
        #expect(![SIGKILL, SIGTERM, SIGINT, SIGHUP, SIGUSR1, 0, 99].contains(where: HandlingBoard.isFault))
    }

    // (.kill: a test thread may block TERM, and a child spawned from it inherits the mask.)
    @Test("a child sent .kill ends signalled 9; pause waits at least its duration")
    func sendAndPause() throws {
        let pid = try KaoheSystem.System.spawn("/bin/sleep", arguments: ["sleep", "30"], environment: [:]).get()
        KaoheSystem.System.signal(pid, .kill)
        let start = Date()
        var ending: KaoheSystem.System.Ending?
        while ending == nil, Date().timeIntervalSince(start) < 10 {
            ending = KaoheSystem.System.ended(pid)?.ending
            if ending == nil { KaoheSystem.System.pause(.milliseconds(20)) }
        }
        #expect(ending == .signalled(9))
        let before = Date()
        KaoheSystem.System.pause(.milliseconds(30))
        #expect(Date().timeIntervalSince(before) >= 0.03)
    }

    @Test("a temporary name is hidden beside its file, unique in the process, short for a name too long to take a suffix")
    func temporaryNames() {
        let a = System.temporaryName(for: "/r/outbox/汇总.xlsx"), b = System.temporaryName(for: "/r/outbox/汇总.xlsx")
        #expect(a != b)
        #expect(a.hasPrefix("/r/outbox/.汇总.xlsx.partial-\(System.pid)-") && b.hasPrefix("/r/outbox/.汇总.xlsx.partial-\(System.pid)-"))
        #expect(System.temporaryName(for: "/r/rejected/很长.txt", short: true).hasPrefix("/r/rejected/.partial-\(System.pid)-"))
    }
}
