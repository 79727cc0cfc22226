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
        let tuning = ChildEnvironment(["KAOHE_BATCH_SIZE": "0", "KAOHE_NO_OFFICE": "1", "KAOHE_CRASH_AT": "claim-file#2", "KAOHE_SERIAL": "0"]).tuning
        var expected = RunnerOptions.Tuning()
        expected.batchSize = 1
        expected.useOffice = false
        expected.hooks.crashAt = "claim-file#2"
        #expect(tuning == expected)
        #expect(ChildEnvironment([:]).tuning == RunnerOptions.Tuning())
    }

    @Test("the log level and SOURCE_DATE_EPOCH: read here, and handed to a supervisor's child as they were given")
    func logLevelAndFixedTime() {
        let child = ChildEnvironment(["KAOHE_LOG_LEVEL": "debug", "SOURCE_DATE_EPOCH": "1763856000", "LANG": "C.UTF-8"])
        #expect(child.logLevel == .debug)
        #expect(child.tuning.fixedTime == Date(timeIntervalSince1970: 1_763_856_000))
        #expect(child.written(over: ["LANG": "C.UTF-8", "SOURCE_DATE_EPOCH": "1"])
                == ["KAOHE_LOG_LEVEL": "debug", "SOURCE_DATE_EPOCH": "1763856000", "LANG": "C.UTF-8"])
        #expect(ChildEnvironment(["KAOHE_LOG_LEVEL": "verbose", "SOURCE_DATE_EPOCH": "昨天"]) == ChildEnvironment())
    }

    @Test("a key set to an empty value is unset, KAOHE_NO_OFFICE too: LibreOffice stays on")
    func emptyIsUnset() {
        let keys = ["KAOHE_HANDLING_BOARD", "KAOHE_SUPERVISOR", "KAOHE_MEMORY_LIMIT", "KAOHE_SERIAL", "KAOHE_BATCH_SIZE",
                    "KAOHE_NO_OFFICE", "KAOHE_CRASH_AT", "KAOHE_TRAP_ON", "KAOHE_HANG_ON", "KAOHE_LOG_LEVEL", "SOURCE_DATE_EPOCH"]
        let child = ChildEnvironment(Dictionary(uniqueKeysWithValues: keys.map { ($0, "") }))
        #expect(child == ChildEnvironment())
        #expect(child.tuning.useOffice)
    }

#if !KAOHE_MOCKING
    @Test("a release build ignores the test hooks: neither read nor written")
    func releaseIgnoresHooks() {
        let child = ChildEnvironment(["KAOHE_CRASH_AT": "claim-file#2", "KAOHE_TRAP_ON": "某单位", "KAOHE_HANG_ON": "采用"])
        #expect(child.tuning.hooks == RunnerOptions.TestHooks())
        var set = ChildEnvironment()
        set.tuning.hooks = RunnerOptions.TestHooks(crashAt: "claimed", trapOn: "甲", hangOn: "乙")
        #expect(set.written(over: ["PATH": "/usr/bin"]) == ["PATH": "/usr/bin"])
    }
#endif
}
