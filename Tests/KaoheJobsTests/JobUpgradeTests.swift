import Foundation
import Testing
@testable import KaoheJobs

/// Issue 22 §2: `kaohe validate --upgrade` rewrites a job in today's spelling, keeping what the
/// office wrote around it.
@Suite struct JobUpgradeTests {
    static let registry = "groups: [街道]\nunits:\n  - {name: 东城街道, group: 街道}\n"

    func parse(_ text: String) throws -> Job {
        try JobParser.parse(text, path: "job.yaml") { p in (p, Self.registry) }
    }

    static let old = """
    # 街道考核（2026-11-23 的写法）
    assessment: 街道考核
    output: 汇总.xlsx
    registry: units.yaml
    tables:
      - id: 街道
        title: 街道考核表
        source: {file: "街道.xlsx"}
        columns: {unit: 单位, 分: 得分, 份额: 份额}
        scores:
          - {name: 得分, expression: "分"}
        rank: {score: 得分}
        grades:
          thresholds:
            - {min: 90, label: 优秀}  # 九十分以上
            - {min: 80, label: 良好}
          else: 一般
        output:
          - {header: 单位, value: unit}
      - id: 份额
        title: 份额表
        source: {file: "份额.xlsx"}
        columns: {unit: 单位, 分: 得分}
        scores:
          - {name: 得分, expression: "分"}
        rank: {score: 得分}
        grades: {shares: [{share: 30%, label: 优秀}, {share: 40%, label: 良好}], else: 一般}
        output:
          - {header: 单位, value: unit}
    total:
      # 权重由考核办法规定
      weights: {街道: 1, 份额: 1}
    """

    @Test("block and flow grade lists become mappings (a list's comments kept above), full marks are said; the rest is kept")
    func upgrade() throws {
        let job = try parse(Self.old)
        #expect(job.warnings.count == 4)
        let (text, applied) = JobUpgrade.upgraded(Self.old, warnings: job.warnings)
        #expect(applied == 4)
        #expect(text == Self.old
            .replacingOccurrences(of: "      thresholds:\n        - {min: 90, label: 优秀}  # 九十分以上\n        - {min: 80, label: 良好}\n",
                                  with: "      thresholds:\n        # 九十分以上\n        {优秀: 90, 良好: 80}\n")
            .replacingOccurrences(of: "grades: {shares: [{share: 30%, label: 优秀}, {share: 40%, label: 良好}], else: 一般}",
                                  with: "grades: {shares: {优秀: 30%, 良好: 40%}, else: 一般}")
            .replacingOccurrences(of: "total:\n", with: "total:\n  full_marks: {街道: 100, 份额: 100}\n"))
        let upgraded = try parse(text)
        #expect(upgraded.warnings.isEmpty, "\(upgraded.warnings.map(\.description))")
        #expect(upgraded.tables.map { $0.grades?.bands.map(\.label) } == job.tables.map { $0.grades?.bands.map(\.label) })
        #expect(upgraded.tables.map { $0.grades?.bands.map(\.limit) } == job.tables.map { $0.grades?.bands.map(\.limit) })
        #expect(upgraded.total?.fullMarks == job.total?.fullMarks)
    }

    @Test("a job already in today's spelling comes back unchanged")
    func unchanged() throws {
        let text = try String(contentsOfFile: repoPath("Jobs/002-恩阳区-政务服务亮牌.yaml"), encoding: .utf8)
        let job = try JobParser.load(path: repoPath("Jobs/002-恩阳区-政务服务亮牌.yaml"))
        #expect(JobUpgrade.upgraded(text, warnings: job.warnings) == (text, 0))
    }

    @Test("the seed job of 2026-11-23 gains one line, full_marks under total:, and then validates with no warning")
    func historical() throws {
        let path = repoPath("Tests/KaoheJobsTests/Fixtures/historical-jobs/2026-11-23-769c263/000-巴中市-政务目标考核.yaml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let job = try JobParser.load(path: path)
        let (upgraded, applied) = JobUpgrade.upgraded(text, warnings: job.warnings)
        #expect(applied == 2)
        #expect(upgraded == text.replacingOccurrences(of: "\ntotal:\n", with: "\ntotal:\n  full_marks: {政务联络: 100, 政务公开市定: 100}\n"))
    }
}
