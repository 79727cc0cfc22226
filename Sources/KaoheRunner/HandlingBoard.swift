import Foundation
import KaoheJobs

/// A page of shared memory on which a supervised run writes which workbook each of its threads
/// has in hand, and on which its fault handler writes, as the run dies, which thread faulted.
/// The supervisor (`Supervisor`) reads it after the run died, or while it runs to enforce the
/// per-workbook time limit.
///
/// Layout: a 64-byte header (the culprit slot at byte 8, the process group of a helper the run
/// has started — LibreOffice — at byte 16), then `slots` slots of `slotSize` bytes:
/// thread (0 when idle), start time (seconds), path length, path bytes.
final class HandlingBoard: Handling.Observer, @unchecked Sendable {
    static let slots = 64
    static let slotSize = 4096
    static let size = 64 + slots * slotSize
    static let maxPath = slotSize - 24
    /// The boards' file names in work/: `.handling-PID`, PID the supervisor's.
    static let filePrefix = ".handling-"

    /// Removes the boards of supervisors that are gone (killed before they could remove their own).
    static func removeStale(in work: String) {
        for name in Files.list(work) where name.hasPrefix(filePrefix) {
            guard let pid = Int32(name.dropFirst(filePrefix.count)), pid != System.pid, !System.exists(pid) else { continue }
            System.removeFile(work + "/" + name)
        }
    }

    let base: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var nextSlot = 0
    private var threadSlots: [UInt64: Int] = [:]

    /// The supervisor's side: a new, empty board, its blocks reserved on disk first (a full disk
    /// is a storage fault here, never a SIGBUS later).
    init?(creating path: String) {
        guard System.reserve(path, size: Self.size) == nil,
              let p = System.mapShared(path, size: Self.size, create: false) else { return nil }
        base = p
        culprit = -1
    }

    /// The run's side: the board its supervisor made.
    init?(opening path: String) {
        guard let p = System.mapShared(path, size: Self.size, create: false) else { return nil }
        base = p
    }

    deinit { System.unmap(base, size: Self.size) }

    // MARK: Header

    /// The slot of the thread that faulted, or -1.
    var culprit: Int {
        get { Int(base.load(fromByteOffset: 8, as: Int64.self)) }
        set { base.storeBytes(of: Int64(newValue), toByteOffset: 8, as: Int64.self) }
    }

    /// The process group of the helper the run is waiting for (LibreOffice), or 0: whatever
    /// ends the run, the supervisor ends that group too, so nothing is left running.
    var helperGroup: Int32 {
        get { Int32(truncatingIfNeeded: base.load(fromByteOffset: 16, as: Int64.self)) }
        set { base.storeBytes(of: Int64(newValue), toByteOffset: 16, as: Int64.self) }
    }

    /// The board of this supervised run (nil when unsupervised).
    nonisolated(unsafe) static var attached: HandlingBoard?

    /// Starts over for the next attempt of a run.
    func clear() { base.initializeMemory(as: UInt8.self, repeating: 0, count: Self.size); culprit = -1 }

    // MARK: Slots

    func slot(_ i: Int) -> UnsafeMutableRawPointer { base + 64 + i * Self.slotSize }

    /// A workbook some thread has in hand.
    struct Entry: Equatable {
        var slot: Int
        var started: Int64
        var path: String
    }

    func entry(_ i: Int) -> Entry? {
        let s = slot(i)
        guard s.load(as: UInt64.self) != 0 else { return nil }
        let length = min(max(Int(s.load(fromByteOffset: 16, as: Int64.self)), 0), Self.maxPath)
        let bytes = UnsafeRawBufferPointer(start: s + 24, count: length)
        return Entry(slot: i, started: s.load(fromByteOffset: 8, as: Int64.self), path: String(decoding: bytes, as: UTF8.self))
    }

    /// Every workbook in hand.
    var busy: [Entry] { (0..<Self.slots).compactMap(entry) }

    // MARK: Handling.Observer (the run's threads)

    func begin(_ path: String) {
        guard let i = slotOfThisThread() else { return }
        let s = slot(i)
        let bytes = Array(path.utf8.prefix(Self.maxPath))
        bytes.withUnsafeBytes { (s + 24).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        s.storeBytes(of: Int64(bytes.count), toByteOffset: 16, as: Int64.self)
        s.storeBytes(of: System.seconds(), toByteOffset: 8, as: Int64.self)
        s.storeBytes(of: System.thread(), as: UInt64.self)
    }

    func end() {
        guard let i = slotOfThisThread() else { return }
        slot(i).storeBytes(of: UInt64(0), as: UInt64.self)
    }

    /// Each thread keeps one slot; past `slots` threads, the rest go unrecorded.
    private func slotOfThisThread() -> Int? {
        let me = System.thread()
        lock.lock()
        defer { lock.unlock() }
        if let i = threadSlots[me] { return i }
        guard nextSlot < Self.slots else { return nil }
        threadSlots[me] = nextSlot
        nextSlot += 1
        return nextSlot - 1
    }

    // MARK: Faults

    /// Signals that mean the program itself failed: a Swift trap (SIGILL, SIGTRAP), a bad
    /// memory access, abort(), an arithmetic fault.
    static let faults: [System.Signal] = [.illegalInstruction, .trap, .segmentationFault, .bus, .abort, .floatingPointException]

    /// Whether a run that died of signal `number` faulted (rather than being stopped from outside).
    static func isFault(_ number: Int32) -> Bool { faults.contains { $0.rawValue == number } }

    /// On a fault, the handler writes the faulting thread's slot to the header, then gives
    /// the signal back to the handler that was there before (Swift's backtracer, or the
    /// default action), which ends the run.
    func installFaultHandler() {
        faultBoard = base
        System.installFaultHandler(for: Self.faults, onFault)
    }
}

nonisolated(unsafe) private var faultBoard: UnsafeMutableRawPointer?

/// Async-signal-safe: loads and stores in the shared page, then sigaction (`System.passOn`).
private let onFault: @convention(c) (Int32) -> Void = { signal in
    if let board = faultBoard {
        let me = System.thread()
        for i in 0..<HandlingBoard.slots where (board + 64 + i * HandlingBoard.slotSize).load(as: UInt64.self) == me {
            board.storeBytes(of: Int64(i), toByteOffset: 8, as: Int64.self)
        }
    }
    // Returning runs the faulting instruction again, which now meets the previous handler
    // (abort() raises again by itself).
    System.passOn(signal)
}
