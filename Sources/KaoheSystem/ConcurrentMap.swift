import Dispatch

/// `map` over a collection on all cores, results in input order.
public enum ConcurrentMap {
    /// `serial`: one item at a time, in order (a supervisor that saw a run die with several
    /// workbooks in hand runs the next attempt this way, so the next death names one).
    public static func map<T: Sendable, R: Sendable>(_ items: [T], serial: Bool = false, _ transform: @Sendable (T) -> R) -> [R] {
        if items.count < 2 || serial { return items.map(transform) }
        let box = ResultBox<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            box.set(i, transform(items[i]))
        }
        return box.values()
    }
}

private final class ResultBox<R>: @unchecked Sendable {
    private var slots: [R?]
    private let lock = Condition()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) { lock.lock(); slots[i] = value; lock.unlock() }
    func values() -> [R] { slots.map { $0! } }
}
