/// The exit codes of every command, documented in the README.
enum ExitCodes {
    /// Everything ran and nothing needs a reviewer's attention.
    static let ok: Int32 = 0
    /// Outputs were written; the audit sheet lists findings for reviewers.
    static let findings: Int32 = 1
    /// Outputs were written, but some table had no readable workbook (see the audit sheet).
    static let missingInputs: Int32 = 2
    /// `inspect`: the workbook cannot be read; `run --root`: some workbooks were rejected
    /// (each is in rejected/ with a note beside it); the others ran.
    static let unreadableInput: Int32 = 3
    /// Another run holds the lock.
    static let lockHeld: Int32 = 4
    /// A job or registry file has mistakes; nothing was run.
    static let configuration: Int32 = 5
    /// An output could not be written.
    static let outputFailed: Int32 = 6
}
