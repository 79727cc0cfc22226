import Foundation
import Testing
@testable import KaoheJobs

/// Times on the cover and in the submissions list read as a zh_CN DateFormatter writes them.
@Suite struct LocalTimeTests {
    static let dates: [Date] = [0, 1_763_856_000, 1_764_460_800 + 8 * 3600 + 5 * 60, 1_735_689_599, 951_782_400, 4_102_444_799]
        .map { Date(timeIntervalSince1970: $0) }

    @Test("as DateFormatter writes them, with and without the year", arguments: dates)
    func sameAsFormatter(_ d: Date) {
        let f = DateFormatter()
        f.locale = Locale(identifier: "zh_CN")
        f.dateFormat = "yyyy年M月d日 HH:mm"
        #expect(LocalTime.text(d) == f.string(from: d))
        f.dateFormat = "M月d日 HH:mm"
        #expect(LocalTime.text(d, year: false) == f.string(from: d))
    }

    @Test("an exact time in this machine's zone")
    func exact() {
        let d = Date(timeIntervalSince1970: 1_764_460_800 - Double(TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: 1_764_460_800))) + 8 * 3600 + 5 * 60)
        #expect(LocalTime.text(d) == "2025年11月30日 08:05")
        #expect(LocalTime.text(d, year: false) == "11月30日 08:05")
    }
}
