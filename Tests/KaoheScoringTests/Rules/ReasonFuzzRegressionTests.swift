import Foundation
import KaoheScoring
import KaoheTestSupport
import Testing

/// Every reason text the fuzz target (`scripts/fuzz reason`) found trapping, kept in
/// Fuzz/regressions/reason and replayed here as the target feeds it: read, never a trap; an
/// amount it could not place is a doubt, and the score stays a number.
@Suite struct ReasonFuzzRegressionTests {
    static let folder = repoPath("Fuzz/regressions/reason")
    static let inputs: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()

    @Test("each kept reason text reads without a trap", arguments: inputs)
    func replay(_ name: String) throws {
        let bytes = try #require(FileManager.default.contents(atPath: Self.folder + "/" + name))
        let text = String(decoding: bytes, as: UTF8.self)
        let parsed = AdjustmentParser.parse(text)
        // What it read lies inside the text, and reading it again reads the same.
        let length = Array(text).count
        #expect(parsed.items.allSatisfy { $0.range.lowerBound >= 0 && $0.range.upperBound <= length })
        #expect(parsed.doubts.allSatisfy { $0.range.lowerBound >= 0 && $0.range.upperBound <= length })
        #expect(AdjustmentParser.parse(text) == parsed)
    }
}
