import Foundation
import Testing
@testable import KaoheAssessment
@testable import KaoheJobs

/// Issue 22 §2: nothing that validated stops validating. Every version of the seed jobs the
/// repository ever held (scripts/collect_historical_jobs.py, with the registries of its day)
/// loads today — older spellings with a warning naming today's — and binds every table of the
/// bundled inbox.
@Suite struct HistoricalJobsTests {
    static let folder = repoPath("Tests/KaoheJobsTests/Fixtures/historical-jobs")

    static var jobs: [String] {
        let fm = FileManager.default
        return ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted().flatMap { day in
            ((try? fm.contentsOfDirectory(atPath: folder + "/" + day)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted().map { day + "/" + $0 }
        }
    }

    @Test("the historical job files are there: seven days of the five seed jobs")
    func collected() {
        #expect(Self.jobs.count == 24)
        #expect(Set(Self.jobs.map { ($0 as NSString).lastPathComponent }).count == 5)
    }

    @Test("the README's first job validates as shown, with no warning")
    func readmeJob() throws {
        let readme = try String(contentsOfFile: repoPath("README.md"), encoding: .utf8)
        // The first YAML block that is a whole job (the one before it shows a draft's comments).
        let start = try #require(readme.range(of: "```yaml\nassessment:"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let registry = "groups: [乡镇]\nunits:\n  - {name: 东河镇, group: 乡镇}\n"
        let job = try JobParser.parse("assessment:" + String(readme[start.upperBound..<end.lowerBound]), path: "Jobs/重点工作.yaml") { p in (p, registry) }
        #expect(job.warnings.isEmpty)
        #expect(job.tables.map(\.output).first?.map(\.header) == ["乡镇", "加扣分原因", "得分", "排名"])
        #expect(job.periodForm == .month)
    }

    @Test("every job file that once validated loads, older spellings with warnings that name today's", arguments: jobs)
    func loads(_ job: String) throws {
        let parsed = try JobParser.load(path: Self.folder + "/" + job)
        for w in parsed.warnings { #expect(w.message.contains("write") || w.message.contains("taken as"), "\(job): \(w.message)") }
        let run = Assessor.run(parsed, inbox: repoPath("Workbooks/inbox"))
        #expect(run.tables.allSatisfy { $0.bound != nil }, "\(job): \(run.tables.filter { $0.bound == nil }.map { "\($0.table.id): \($0.problem ?? "")" })")
    }
}
