import Foundation

/// Buffered standard output: the commands write bytes through this, 1 MB at a time.
struct Output {
    private var buffer: [UInt8] = []
    private let handle = FileHandle.standardOutput

    init() { buffer.reserveCapacity(1 << 20) }

    mutating func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Lets a caller append directly, then flushes when the buffer is full.
    mutating func append(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        if !buffer.isEmpty {
            if let capture = Console.capture { capture.append(out: String(decoding: buffer, as: UTF8.self)) } else { handle.write(Data(buffer)) }
            buffer.removeAll(keepingCapacity: true)
        }
    }
}

/// Where the commands' words go: standard output and standard error, or, when a test runs a
/// command in process, what it captures.
enum Console {
    /// The words of a command run in process (tests): standard output and standard error apart.
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var out = ""
        private(set) var err = ""
        func append(out text: String) { lock.withLock { out += text } }
        func append(err text: String) { lock.withLock { err += text } }
    }

    @TaskLocal static var capture: Capture?

    /// One line on standard output.
    static func line(_ text: String) {
        if let capture { capture.append(out: text + "\n") } else { print(text) }
    }
}

/// Errors go to standard error, one line each.
func printError(_ message: String) {
    let line = "kaohe: " + message + "\n"
    if let capture = Console.capture { capture.append(err: line) } else { FileHandle.standardError.write(Data(line.utf8)) }
}
