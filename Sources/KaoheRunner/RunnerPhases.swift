import Foundation
import KaoheJobs

/// The values a run's phases return (intake → sorted → summaries → commit → disposal), and the
/// report built from them once, at the end (`Night.report`).
extension Runner {
    /// A workbook and the job and period it came for.
    struct Arrival {
        var claim: Claimed
        var match: Match
    }

    /// A workbook returned to rejected/, and why.
    struct Returned {
        var claim: Claimed
        var reason: ReturnReason
    }

    /// What the intake took in: the claimed workbooks (recovered first), and what it saw and
    /// left (for the report).
    struct Intake {
        var claimed: [Claimed] = []
        var recovered: [String] = []
        var leftAlone: [String] = []
        var waiting: [String] = []
        var deferred: [String] = []

        mutating func absorb(_ other: Intake) {
            claimed += other.claimed
            recovered += other.recovered
            leftAlone += other.leftAlone
            waiting += other.waiting
            deferred += other.deferred
        }
    }

    /// The claimed workbooks sorted: returned (with why), already processed for a job and
    /// period (recorded as duplicates), or new for a job and period (by group key).
    struct Sorted {
        var returned: [Returned] = []
        var duplicates: [Ledger.InputRecord] = []
        var duplicateNotes: [RunReport.Duplicate] = []
        var newByGroup: [String: [Arrival]] = [:]
        var groups: [String: Match] = [:]
        /// Workbooks taken for a table other than by their name, and why.
        var routed: [String] = []
    }

    /// What the summaries produced: the records of the batches already committed and
    /// archived, the last batch's (committed with the disposal), what the report says of them,
    /// and the workbooks whose sheets did not bind.
    struct Summaries {
        var committed: [Ledger.InputRecord] = []
        var last = Ledger.Commit()
        var outputs: [RunReport.Output] = []
        var failures: [String] = []
        var replaced: [RunReport.Replaced] = []
        var revised: [RunReport.Revised] = []
        var returned: [Returned] = []
        /// Periods written again tonight whose ranks moved (job name, period): the period after
        /// each compared its 名次变化 with the ranks that were.
        var ranksMoved: [(job: String, period: String)] = []

        mutating func absorb(_ other: Summaries) {
            ranksMoved += other.ranksMoved
            committed += other.committed
            last.absorb(other.last)
            outputs += other.outputs
            failures += other.failures
            replaced += other.replaced
            revised += other.revised
            returned += other.returned
        }
    }

    /// A returned workbook with its free name in rejected/.
    struct Rejection {
        var claim: Claimed
        var reason: ReturnReason
        var name: String
    }

    /// The run's last commit (the last batch, the duplicates, the rejections and the originals
    /// of converted workbooks) and the rejections to move once it is recorded.
    struct Disposal {
        var commit: Ledger.Commit
        var rejections: [Rejection]
    }

    /// What each phase returned, as far as the run got (a run that fails reports that much).
    struct Night {
        var run: Int64
        var started: Date
        var lockTakenOverFrom: String?
        var intake: Intake?
        var sorted: Sorted?
        var summaries: Summaries?
        var disposal: Disposal?

        /// Every input recorded, in the order recorded.
        var recorded: [Ledger.InputRecord] { (summaries?.committed ?? []) + (disposal?.commit.inputs ?? []) }

        /// The run's report, built once from the phases' values.
        func report(stillOpen: [Ledger.OpenFindings] = [], failure: String? = nil) -> RunReport {
            var r = RunReport(run: run, started: started, lockTakenOverFrom: lockTakenOverFrom)
            if let intake { (r.recovered, r.leftAlone, r.waiting, r.deferred) = (intake.recovered, intake.leftAlone, intake.waiting, intake.deferred) }
            if let sorted { (r.duplicates, r.routed) = (sorted.duplicateNotes, sorted.routed) }
            if let summaries {
                (r.outputs, r.failures, r.replaced, r.revised) = (summaries.outputs, summaries.failures, summaries.replaced, summaries.revised)
            }
            r.rejected = (disposal?.rejections ?? []).map { .init(file: $0.claim.originalName, movedTo: RunnerFolders.rejected($0.name), reason: $0.reason) }
            if failure == nil {
                r.inputs = recorded.map { .init(file: $0.originalName, sha256: $0.sha256, outcome: $0.outcome, job: $0.job,
                                                period: $0.period, tables: $0.tables, note: $0.note) }
            }
            r.stillOpen = stillOpen
            r.failure = failure
            return r
        }
    }
}

/// What a run holds: a claimed workbook, and the job, period and tables a workbook is for.
extension Runner {
    /// A workbook this run holds in its work folder.
    struct Claimed {
        var fileName: String
        var originalName: String
        var path: String
        var size: Int64 = 0
        var modified: Date = .distantPast
        var sha256 = ""
        /// Why it is returned whatever its name: unreadable, not converted, or set aside by the
        /// supervisor after a run died with it in hand (a dead letter, never opened again).
        var returned: ReturnReason? = nil
        var deadLetter: Bool { returned?.isDeadLetter == true }
        /// A legacy or WPS workbook converted to this .xlsx copy: the original's name in the
        /// work folder (archived or returned beside the copy).
        var originalFile: String? = nil
        /// What the workbook says it is for, when it is a filled template (`TemplateIdentity`).
        var identity: TemplateIdentity? = nil

        /// The name job patterns are matched against: a converted .xls matches as .xlsx.
        var matchName: String {
            originalFile == nil ? originalName : Claimed.asConverted(originalName)
        }

        /// The name a legacy file is matched under once converted: as .xlsx.
        static func asConverted(_ name: String) -> String { (name as NSString).deletingPathExtension + ".xlsx" }
    }

    struct Match {
        var job: Job
        var period: String
        var tables: [String]
        /// Taken for this job and period by the template identity it carries alone: its name
        /// does not say them.
        var byTemplateOnly = false
        var key: String { job.name + "\u{0}" + period }
    }
}
