import Foundation
import KaoheDraft
import KaoheAssessment
import KaoheJobs
import KaoheTestSupport
import Testing

/// `kaohe draft` on each seed's inbox workbooks, run unedited on the same workbooks, against
/// the job the seed ships with (issue 22): the published figures each reproduces.
@Suite struct DraftSeedTests {
    static let seeds = [
        ("000", "000-巴中市-政务目标考核.yaml"), ("001", "001-鄂尔多斯市-政务公开绩效评估.yaml"), ("002", "002-恩阳区-政务服务亮牌.yaml"),
        ("003", "003-雁江区-政务信息.yaml"), ("004", "004-达州市-政务信息.yaml"),
    ]

    static func inbox(_ seed: String) -> [String] { Drafted.seedInbox(seed) }

    /// Published figures reproduced: by the shipped job, by the draft, and by both.
    static func figures(_ seed: String, _ jobFile: String) throws -> (shipped: Int, drafted: Int, both: Int) {
        let shipped = Reproduction.figures(Assessor.run(try JobParser.load(path: repoPath("Jobs/" + jobFile)), files: inbox(seed)))
        let job = try Drafted.job(try Drafted.seed(seed))
        let drafted = Reproduction.figures(Assessor.run(job, files: inbox(seed)))
        return (shipped.count, drafted.count, shipped.intersection(drafted).count)
    }

    @Test(arguments: seeds) func draftReproducesWhatTheShippedJobDoes(_ seed: String, _ jobFile: String) throws {
        let f = try Self.figures(seed, jobFile)
        #expect(f.both * 10 >= f.shipped * 9, "seed \(seed): the draft reproduces \(f.both) of the \(f.shipped) figures the shipped job does")
    }

    /// The counts, exactly, so a change in what draft finds is seen. The draft checks more than
    /// the shipped jobs: 000's 过程管控 (45 ± its empty reason column); 003's department 采用
    /// totals, which the shipped job computes with the note's points and the draft with the
    /// points the published totals were made with (6 and 3), and its 序号 as ranks.
    @Test func figureCounts() throws {
        var counts: [String] = []
        for (seed, job) in Self.seeds {
            let f = try Self.figures(seed, job)
            counts.append("\(seed): \(f.shipped) \(f.drafted) \(f.both)")
        }
        #expect(counts == ["000: 483 524 483", "001: 90 90 90", "002: 120 120 120", "003: 257 341 257", "004: 0 0 0"])
    }

    /// The README's walk-through shows the comments draft writes for seed 002, as it writes them.
    @Test func readmeExcerpt() throws {
        let readme = try String(contentsOfFile: repoPath("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```yaml\ntables:\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let shown = readme[start.upperBound..<end.lowerBound].split(separator: "\n").map { $0.trimmed }
        let drafted = Drafted.lines(try Drafted.seed("002"))
        #expect(shown.count == 3)
        for line in shown { #expect(drafted.contains(line), "\(line)") }
    }
}
