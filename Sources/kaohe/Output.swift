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
            handle.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        }
    }
}

/// Errors go to standard error, one line each.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("kaohe: " + message + "\n").utf8))
}
