import Foundation
import KaoheSystem
import Testing
@testable import KaoheRunner

/// Workbooks are known by the SHA-256 of their bytes, in lower-case hexadecimal.
@Suite struct HashTests {
    @Test("hex digits")
    func hex() {
        #expect(Runner.hex([0x00, 0x0F, 0xA5, 0xFF]) == "000fa5ff")
        #expect(Runner.hex([UInt8]()) == "")
    }

    @Test("the SHA-256 of a file (FIPS 180-2's \"abc\")")
    func sha256() throws {
        let path = NSTemporaryDirectory() + "kaohe-hash-\(System.pid).txt"
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(Runner.sha256(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
