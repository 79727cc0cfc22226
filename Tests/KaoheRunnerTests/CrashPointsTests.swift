import Foundation
import Testing
@testable import KaoheRunner

/// The crash points a test kills a run at (`CrashPoint`, `CrashPoints.Target`): named by the
/// enum, spelt in a spec as before, and a spec that names none refused.
@Suite struct CrashPointsTests {
    @Test("the points in the order a run passes them, each named as specs name it")
    func names() {
        #expect(CrashPoint.allCases.map(\.rawValue) == [
            "locked", "run-recorded", "recover-file", "claim-file", "claimed", "hashed", "bound", "scored", "output-temp",
            "output-written", "batch-committed", "archive-file", "ledger-committed", "note-written", "rejected-file",
            "archived", "report-written", "finished"])
    }

    @Test("a spec is a point and its pass: \"claim-file#2\", \"finished\" (the first pass)")
    func specs() throws {
        #expect(try CrashPoints.Target("claim-file#2") == CrashPoints.Target(point: .claimFile, hit: 2))
        #expect(try CrashPoints.Target("finished") == CrashPoints.Target(point: .finished, hit: 1))
        #expect(try CrashPoints.Target("output-temp#12") == CrashPoints.Target(point: .outputTemp, hit: 12))
    }

    @Test("a misspelt point, a pass that is not a whole number from 1, or two passes: refused, naming the points")
    func refused() {
        let points = "locked, run-recorded, recover-file, claim-file, claimed, hashed, bound, scored, output-temp, output-written, "
            + "batch-committed, archive-file, ledger-committed, note-written, rejected-file, archived, report-written, finished"
        for spec in ["claim-fle", "claim-file#0", "claim-file#x", "claim-file#", "claim-file#2#3", "", "#2", "Claim-File"] {
            #expect(throws: CrashPointError(spec: spec)) { try CrashPoints.Target(spec) }
        }
        #expect(CrashPointError(spec: "claim-fle").description
                == "crash point \"claim-fle\" is not one of \(points) (optionally followed by #n, n from 1)")
    }

    @Test("kaohe run with a misspelt KAOHE_CRASH_AT: a usage error naming it, and nothing claimed")
    func runRefusesMisspeltPoint() throws {
        let root = try makeRoot([RunnerTests.good[0]])
        let o = try runKaohe(["run"] + RunnerTests.jobs + ["--root", root, "--min-age", "0"], environment: ["KAOHE_CRASH_AT": "claim-fle#2"])
        #expect(o.status == 64 && !o.signaled, "\(o.status) \(o.stderr)")
        #expect(o.stderr.hasPrefix("Error: KAOHE_CRASH_AT: crash point \"claim-fle#2\" is not one of locked, run-recorded,"), "\(o.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["inbox"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/inbox") == ["002-恩阳区-政务服务亮牌情况.xlsx"])
    }
}
