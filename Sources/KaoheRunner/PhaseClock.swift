import Foundation

/// Wall time of a run's steps, for the operators' log: "claim 0.44 s, plan 0.59 s, …".
struct PhaseClock: CustomStringConvertible {
    private var last: Date
    private var phases: [(String, TimeInterval)] = []

    init(start: Date = Date()) { last = start }

    /// Ends the step called `name` (it began where the previous one ended).
    mutating func end(_ name: String, at now: Date = Date()) {
        phases.append((name, now.timeIntervalSince(last)))
        last = now
    }

    var description: String {
        phases.map { "\($0.0) " + String(format: "%.2f s", $0.1) }.joined(separator: ", ")
    }
}

/// A thread-safe count, for progress from concurrent work.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
