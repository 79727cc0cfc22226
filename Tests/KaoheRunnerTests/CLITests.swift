import Foundation
import Testing

/// The CLI as operators use it: messages in English, documented exit codes.
@Suite struct CLITests {
    @Test("kaohe validate: every seed job is valid; a job with mistakes gets one line per mistake and exit 5")
    func validate() throws {
        let jobs = try FileManager.default.contentsOfDirectory(atPath: repoRoot + "/Jobs").filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(jobs.count == 5)
        let ok = try runKaohe(["validate"] + jobs.map { repoRoot + "/Jobs/" + $0 })
        #expect(ok.status == 0)
        #expect(ok.stdout.split(separator: "\n").count == 5)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
        groups: [镇（街道）]
        units:
          - {name: 登科街道, group: 镇（街道）}
        """.write(toFile: dir + "/units.yaml", atomically: true, encoding: .utf8)
        try """
        assessment: 考核
        output: 汇总.xlsx
        registry: units.yaml
        tables:
          - id: a
            title: 表一
            columns: {unit: 单位, 理由: 理由, 公布: 得分}
            scores:
              - {name: 得分, weighted: {base: 100}}
              - {name: 总分, expression: "得分 +", published: 公布}
            rank: {score: 总分, published: 名次}
            output:
              - {header: 单位, value: unit}
        """.write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try runKaohe(["validate", dir + "/bad.yaml"])
        #expect(bad.status == 5)
        #expect(bad.stderr.split(separator: "\n").map(String.init) == [
            "kaohe: \(dir)/bad.yaml:5:5: table 'a' has no source (source: {file: …, sheet: …})",
            "kaohe: \(dir)/bad.yaml:9:20: unknown key 'weighted' in a score (expected: name, decimals, published, tolerance, empty_is_zero, expression, adjustments, categories, quota, completion, points, from)",
            "kaohe: \(dir)/bad.yaml:10:37: bad expression: expression ends too early",
            "kaohe: \(dir)/bad.yaml:11:34: unknown column '名次'",
        ])
    }

    @Test("kaohe run without a root or an inbox and outbox is a usage error")
    func usage() throws {
        let o = try runKaohe(["run", repoRoot + "/Jobs/002-恩阳区-政务服务亮牌.yaml"])
        #expect(o.status == 64)
        #expect(o.stderr.contains("give --root DIR, or both --inbox DIR and --out DIR"))
    }

    /// Issue 10 §7: a one-shot run splits {period} files by period as the nightly run does.
    @Test("kaohe run --inbox: one summary per period of a {period} job, {period} filled in the output name")
    func periodsInOneShot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-periods-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/inbox", withIntermediateDirectories: true)
        var job = try String(contentsOfFile: repoRoot + "/Jobs/002-恩阳区-政务服务亮牌.yaml", encoding: .utf8)
        job = job.replacingOccurrences(of: "registry: registries/", with: "registry: \(repoRoot)/Jobs/registries/")
        let pattern = try #require(job.range(of: #"file: "?002-恩阳区-政务服务[^,}]*"#, options: .regularExpression))
        job.replaceSubrange(pattern, with: "file: \"政务服务-{period}.xlsx\"")
        let output = try #require(job.range(of: #"output: [^\n]*"#, options: .regularExpression))
        job.replaceSubrange(output, with: "output: \"政务服务汇总-{period}.xlsx\"")
        try job.write(toFile: dir + "/job.yaml", atomically: true, encoding: .utf8)
        for month in ["1月", "2月"] {
            try FileManager.default.copyItem(atPath: repoRoot + "/Workbooks/inbox/002-恩阳区-政务服务亮牌情况.xlsx",
                                             toPath: dir + "/inbox/政务服务-\(month).xlsx")
        }
        let o = try runKaohe(["run", dir + "/job.yaml", "--inbox", dir + "/inbox", "--out", dir + "/out"])
        #expect(o.status == 0, "\(o.stdout)\(o.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted() == ["政务服务汇总-1月.xlsx", "政务服务汇总-2月.xlsx"])
        #expect(o.stdout.contains("job.yaml (1月): 1 tables from 1 workbooks"))
        #expect(o.stdout.contains("job.yaml (2月): 1 tables from 1 workbooks"))
    }
}
