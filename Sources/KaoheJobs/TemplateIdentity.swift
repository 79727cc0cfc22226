import Foundation

/// What a template says it is for, in its custom document properties (which Excel, WPS and
/// LibreOffice keep when a lead unit saves the filled workbook): the job, the tables it holds
/// and the period. A workbook that carries them is routed by them, whatever its file name.
public struct TemplateIdentity: Equatable, Sendable {
    public var job: String
    public var assessment: String
    public var tables: [String]
    public var period: String

    /// The property names (ASCII: legacy .xls property sets keep them in any code page).
    static let jobKey = "KaoheJob", assessmentKey = "KaoheAssessment", tablesKey = "KaoheTables", periodKey = "KaohePeriod"
    /// Table ids are listed one per line.
    static let separator = "\n"

    public init(job: String, assessment: String, tables: [String], period: String) {
        (self.job, self.assessment, self.tables, self.period) = (job, assessment, tables, period)
    }

    /// The identity a workbook's properties carry, if they carry one.
    public init?(properties: [String: String]) {
        guard let job = properties[Self.jobKey], let tables = properties[Self.tablesKey], let period = properties[Self.periodKey] else { return nil }
        self.init(job: job, assessment: properties[Self.assessmentKey] ?? "",
                  tables: tables.components(separatedBy: Self.separator).filter { !$0.isEmpty }, period: period)
    }

    public var properties: [(name: String, value: String)] {
        [(Self.jobKey, job), (Self.assessmentKey, assessment), (Self.tablesKey, tables.joined(separator: Self.separator)), (Self.periodKey, period)]
    }

    /// The job among `jobs` this identity names (by name; else the only one with its
    /// assessment, if the job file was renamed), the tables of it that exist, and the period in
    /// the job's form; nil when it names none of them.
    public func resolve(in jobs: [Job]) -> (job: Job, tables: [String], period: String)? {
        let candidates = jobs.filter { $0.name == job }
        let byAssessment = jobs.filter { $0.assessment == assessment && !assessment.isEmpty }
        guard let job = candidates.first ?? (byAssessment.count == 1 ? byAssessment.first : nil) else { return nil }
        let known = tables.filter { id in job.tables.contains { $0.id == id } }
        guard !known.isEmpty else { return nil }
        let byPeriod = job.tables.contains { known.contains($0.id) && $0.file.contains("{period}") }
        guard byPeriod else { return (job, known, job.period) }
        let text = Period.withoutCorrection(period).period
        guard let normal = job.periodForm.map({ $0.read(text) }) ?? text else { return nil }
        return (job, known, normal)
    }
}
