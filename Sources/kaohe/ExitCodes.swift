import KaoheRunner

/// The exit codes of every command, documented in the README. Those a run decides come from
/// the runner (RunExit), so the one-shot and the nightly mode cannot drift apart.
enum ExitCodes {
    /// Everything ran and nothing needs a reviewer's attention.
    static let ok = RunExit.ok
    /// Outputs were written; the audit sheet lists findings for reviewers.
    static let findings = RunExit.findings
    /// Outputs were written, but some table had no readable workbook (see the audit sheet).
    static let missingInputs = RunExit.missingInputs
    /// `inspect`: the workbook cannot be read; `run --root`: some workbooks were rejected
    /// (each is in rejected/ with a note beside it); the others ran.
    static let unreadableInput = RunExit.rejectedInputs
    /// Another run holds the lock.
    static let lockHeld = RunExit.lockHeld
    /// A job or registry file has mistakes; nothing was run.
    static let configuration: Int32 = 5
    /// Storage fault: an output, the ledger or a report could not be written or read.
    static let outputFailed: Int32 = RunExit.storageFault
    /// `run --root`: the run stopped before it finished (killed from outside, or a fault with
    /// no workbook in hand); nothing was lost or rejected, the next run finishes its work.
    static let crashed = RunExit.crashed
    /// Wrong command-line options (a folder that does not exist, a missing option).
    static let usage: Int32 = 64
}
