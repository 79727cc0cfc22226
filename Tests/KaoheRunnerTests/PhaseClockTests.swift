import Foundation
import Testing
@testable import KaoheRunner

/// The operators' log line with a run's step times.
@Suite struct PhaseClockTests {
    @Test("each step runs from the end of the one before")
    func steps() {
        let t0 = Date(timeIntervalSince1970: 1_000)
        var clock = PhaseClock(start: t0)
        clock.end("claim", at: t0 + 0.444)
        clock.end("summaries", at: t0 + 8.5)
        clock.end("commit", at: t0 + 8.5)
        #expect(clock.description == "claim 0.44 s, summaries 8.06 s, commit 0.00 s")
    }
}
