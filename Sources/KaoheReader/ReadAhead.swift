import KaoheSystem

/// Inflates a large part on a second thread while the caller's thread scans it: inflating is
/// about half the work of reading a sheet (PERFORMANCE.md), so the two overlap. The scanner
/// reads the inflated buffers in place (`take`/`give`): each has `headroom` bytes in front of
/// its data, where the scanner puts the unfinished token it carries over, so nothing is copied
/// but that token.
///
/// Safety of `@unchecked Sendable`: every mutable field below is read and written only while
/// `condition` is locked, except `inner`, which only the producer thread touches once started,
/// and the buffers themselves, each owned by exactly one side at a time (a buffer in `filled`
/// or `current` belongs to the consumer; one in `empty` or being filled to the producer).
/// `finish()` stops the producer and waits for it, so the zip entry is never read after the
/// consumer is done with it.
final class ReadAheadSource: ByteSource, @unchecked Sendable {
    private let inner: any ByteSource
    private let condition = Condition()
    private let chunk: Int
    /// Bytes free in front of each buffer's data (the longest token carried over in place).
    static let headroom = 64 << 10
    private var empty: [UnsafeMutablePointer<UInt8>] = []
    private var filled: [(UnsafeMutablePointer<UInt8>, Int)] = []
    private var all: [UnsafeMutablePointer<UInt8>] = []
    private var current: (buffer: UnsafeMutablePointer<UInt8>, count: Int, offset: Int)?
    private var producerDone = false
    private var failure: ReaderError?
    private var stopping = false
    private var exited = false

    /// Starts inflating `inner` on a new thread; nil when no thread can be started (the caller
    /// then reads `inner` itself).
    static func start(_ inner: any ByteSource, chunk: Int = 1 << 20, buffers: Int = 4) -> ReadAheadSource? {
        let source = ReadAheadSource(inner, chunk: chunk, buffers: buffers)
        return System.startThread { source.produce() } ? source : nil
    }

    private init(_ inner: any ByteSource, chunk: Int, buffers: Int) {
        self.inner = inner
        self.chunk = chunk
        for _ in 0..<buffers {
            let b = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.headroom + chunk) + Self.headroom
            empty.append(b)
            all.append(b)
        }
    }

    deinit {
        for b in all { (b - Self.headroom).deallocate() }
    }

    private func produce() {
        while true {
            condition.lock()
            while empty.isEmpty && !stopping { condition.wait() }
            if stopping {
                exited = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let buffer = empty.removeLast()
            condition.unlock()

            var n = 0
            var error: ReaderError?
            do { n = try inner.read(into: buffer, count: chunk) } catch let e { error = e }

            condition.lock()
            if let error { failure = error }
            if n > 0 { filled.append((buffer, n)) } else { empty.append(buffer) }
            let done = n == 0 || error != nil
            if done { producerDone = true; exited = true }
            condition.broadcast()
            condition.unlock()
            if done { return }
        }
    }

    func read(into out: UnsafeMutablePointer<UInt8>, count: Int) throws(ReaderError) -> Int {
        condition.lock()
        defer { condition.unlock() }
        if let c = current, c.offset == c.count {
            empty.append(c.buffer)
            current = nil
            condition.broadcast()
        }
        if current == nil {
            while filled.isEmpty && !producerDone { condition.wait() }
            if filled.isEmpty {
                if let failure { throw failure }
                return 0
            }
            let (b, n) = filled.removeFirst()
            current = (b, n, 0)
        }
        let c = current!
        let n = min(count, c.count - c.offset)
        out.update(from: c.buffer + c.offset, count: n)
        current!.offset += n
        return n
    }

    /// The next inflated bytes in place: `data` has at least `headroom` writable bytes in front
    /// of it, and belongs to the caller until it hands `buffer` back with `give`. Nil at the end.
    func take() throws(ReaderError) -> (buffer: UnsafeMutablePointer<UInt8>, data: UnsafeMutablePointer<UInt8>, count: Int)? {
        condition.lock()
        defer { condition.unlock() }
        if let c = current {
            current = nil
            if c.offset < c.count { return (c.buffer, c.buffer + c.offset, c.count - c.offset) }
            empty.append(c.buffer)
            condition.broadcast()
        }
        while filled.isEmpty && !producerDone { condition.wait() }
        if filled.isEmpty {
            if let failure { throw failure }
            return nil
        }
        let (b, n) = filled.removeFirst()
        return (b, b, n)
    }

    /// Hands back a buffer from `take` for the producer to fill again.
    func give(_ buffer: UnsafeMutablePointer<UInt8>) {
        condition.lock()
        empty.append(buffer)
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the producer (if still running) and waits until it has left the inner source.
    func finish() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !exited { condition.wait() }
        condition.unlock()
    }
}
