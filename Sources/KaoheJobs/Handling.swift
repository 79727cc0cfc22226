import Foundation
import KaoheSystem

/// Which submitted workbook the current thread is handling (opening, converting, binding), so
/// that a supervising process can tell which one was in hand when the run died and set only
/// that one aside (KaoheRunner's `Supervisor`). Costs one call per workbook when nobody
/// watches, two slot writes when somebody does.
public enum Handling {
    /// Told when the current thread takes up a workbook (its path) and when it puts it down
    /// (nil). Set once, before any work starts.
    public protocol Observer: Sendable {
        func begin(_ path: String)
        func end()
    }

    nonisolated(unsafe) public private(set) static var observer: (any Observer)?

    /// Installs the observer (once, at start-up, before any thread handles a workbook).
    public static func observe(with observer: any Observer) { Self.observer = observer }

    /// Test-only crash point: a workbook whose file name contains `trapOn` traps when it is
    /// taken up, as a reader bug would, so that isolation stays proven once every known trap is
    /// fixed.
    nonisolated(unsafe) static var trapOn: String?
    /// Test-only: a workbook whose file name contains `hangOn` never finishes, as a reader
    /// stuck in a loop would.
    nonisolated(unsafe) static var hangOn: String?

    /// Arms the test points (once, at start-up, before any thread handles a workbook; the
    /// runner's `RunnerOptions.TestHooks`).
    public static func arm(trapOn: String?, hangOn: String?) {
        Self.trapOn = trapOn
        Self.hangOn = hangOn
    }

    /// Runs `body` while the current thread is known to be handling the workbook at `path`.
    public static func during<R>(_ path: String, _ body: () throws -> R) rethrows -> R {
        guard let observer else {
            checkTrap(path)
            return try body()
        }
        observer.begin(path)
        defer { observer.end() }
        checkTrap(path)
        return try body()
    }

    static func checkTrap(_ path: String) {
        guard trapOn != nil || hangOn != nil else { return }
        let name = (path as NSString).lastPathComponent
        if let trapOn, name.contains(trapOn) { fatalError("trapOn: trapped while handling \(path)") }
        if let hangOn, name.contains(hangOn) { System.hang() }
    }
}
