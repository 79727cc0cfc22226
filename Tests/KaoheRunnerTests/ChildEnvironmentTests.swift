import Foundation
import Testing
@testable import KaoheRunner

/// The one place the runner's `KAOHE_*` keys are read and written (`ChildEnvironment`).
@Suite struct ChildEnvironmentTests {
    @Test("a supervisor's child environment reads back as written; other keys are kept, settings not given are left out")
    func roundTrip() {
        var child = ChildEnvironment([:])
        child.board = "/root/work/.handling-41"
        child.supervisor = 41
        child.memoryLimit = 1 << 30
        child.tuning.serial = true
        child.tuning.hooks.trapOn = "某单位"
        let written = child.written(over: ["PATH": "/usr/bin", "KAOHE_HANG_ON": "旧的", "KAOHE_BATCH_SIZE": "3"])
        #expect(written == ["PATH": "/usr/bin", "KAOHE_HANDLING_BOARD": "/root/work/.handling-41", "KAOHE_SUPERVISOR": "41",
                            "KAOHE_MEMORY_LIMIT": "1073741824", "KAOHE_SERIAL": "1", "KAOHE_TRAP_ON": "某单位"])
        #expect(ChildEnvironment(written) == child)
    }

    @Test("a spawned kaohe's test settings become the run's tuning: batches of at least one, no LibreOffice, a crash point")
    func tuningFromEnvironment() {
        let tuning = ChildEnvironment(["KAOHE_BATCH_SIZE": "0", "KAOHE_NO_OFFICE": "", "KAOHE_CRASH_AT": "claim-file#2", "KAOHE_SERIAL": "0"]).tuning
        var expected = RunnerOptions.Tuning()
        expected.batchSize = 1
        expected.useOffice = false
        expected.hooks.crashAt = "claim-file#2"
        #expect(tuning == expected)
        #expect(ChildEnvironment([:]).tuning == RunnerOptions.Tuning())
    }
}
