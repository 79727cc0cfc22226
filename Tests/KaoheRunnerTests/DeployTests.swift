import Foundation
import Testing

/// deploy/: the systemd units as a careful operator writes them (issue 19 §7).
@Suite struct DeployTests {
    static let unit = repoRoot + "/deploy/kaohe-nightly.service"

    /// The unit's settings, key → values in order.
    static func settings() throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for line in try String(contentsOfFile: unit, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            guard let eq = line.firstIndex(of: "="), !line.hasPrefix("[") else { continue }
            out[String(line[..<eq]), default: []].append(String(line[line.index(after: eq)...]))
        }
        return out
    }

    @Test("the nightly service is hardened, bounded and speaks Chinese to staff")
    func hardened() throws {
        let s = try Self.settings()
        #expect(s["ProtectSystem"] == ["strict"])
        #expect(s["ReadWritePaths"] == ["/srv/kaohe"])
        #expect(s["PrivateTmp"] == ["true"])
        #expect(s["NoNewPrivileges"] == ["true"])
        #expect(s["MemoryMax"] == ["1536M"])
        #expect(s["TimeoutStartSec"] == ["2h"])
        #expect(s["Environment"]?.contains("LANG=zh_CN.UTF-8") == true)
        #expect(s["SuccessExitStatus"] == ["1 2 3"])
        #expect(s["ExecStart"]?.first?.contains("exec /usr/bin/kaohe run /etc/kaohe/jobs/*.yaml --root /srv/kaohe") == true)
    }

    @Test("systemd-analyze verify accepts the service and the timer, where systemd is installed",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func verified() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        p.arguments = ["verify", Self.unit, repoRoot + "/deploy/kaohe-nightly.timer"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = err
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.isEmpty, "\(text)")
    }
}
