import Foundation
import KaoheSystem

/// LibreOffice (`soffice`), where it is installed: converts the legacy and WPS workbooks lead
/// units send (.xls, .et, .ods) to .xlsx, and summaries to PDF. Headless, with its own profile
/// folder (a user's running LibreOffice or a second conversion never interferes), a time limit,
/// one conversion at a time.
public final class Office: @unchecked Sendable {
    /// Workbook kinds converted to .xlsx before reading.
    public static let convertible: Set<String> = ["xls", "et", "ett", "ods", "xlsm", "xlsb"]
    /// The scratch folder of one conversion, beside its output: `.convert-PID-XXXXXXXX`. A run
    /// killed mid-conversion leaves it; the next run removes it (`Runner.removeStalePartials`).
    static let scratchPrefix = ".convert-"

    public let soffice: String
    let profile: String
    let timeout: TimeInterval
    private let lock = NSLock()

    /// nil when LibreOffice is not installed (a run whose options say not to use it
    /// (`RunnerOptions.Tuning.useOffice`) does not ask). A relative `profile` is taken from the current folder
    /// (LibreOffice needs an absolute file URL: a relative one made it hang). `program`, when
    /// given, is the only candidate (`RunnerOptions.soffice`).
    public init?(profile: String, timeout: TimeInterval = 120, program: String? = nil) {
        let env = ProcessInfo.processInfo.environment
        let candidates = program.map { [$0] }
            ?? (env["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/soffice" } + ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        soffice = found
        self.profile = Self.absolute(profile)
        self.timeout = timeout
    }

    /// The profile folder as the file URL LibreOffice takes (absolute, percent-encoded).
    var profileURL: String { Self.profileURL(profile) }

    static func profileURL(_ profile: String) -> String { URL(fileURLWithPath: absolute(profile), isDirectory: true).absoluteString }

    static func absolute(_ profile: String) -> String {
        profile.hasPrefix("/") ? profile : FileManager.default.currentDirectoryPath + "/" + profile
    }

    /// Ends every LibreOffice process started with this profile: called by a run holding the
    /// root's lock, so any such process is a conversion a run that died left running (a
    /// supervisor killed with kill -9 cannot end its run's LibreOffice, which runs in a process
    /// group of its own). The processes ended (found in /proc by their command line).
    static func endOrphans(profile: String) -> [Int32] {
        let argument = Array(("-env:UserInstallation=" + profileURL(profile)).utf8)
        var ended: [Int32] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), pid != System.pid,
                  let line = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            if line.split(separator: 0).contains(where: { Array($0) == argument }) {
                System.signal(pid, .kill)
                ended.append(pid)
            }
        }
        return ended
    }

    /// What LibreOffice converts to: a workbook to read, or a summary's PDF for reviewers.
    public enum Format: String, Sendable {
        case xlsx, pdf
    }

    /// Converts `path` to `format` in `folder`; the new file's path, or why not
    /// (Chinese, for the note beside a rejected workbook, or for the operator when the fault is
    /// LibreOffice's, not the file's).
    ///
    /// The input is copied to an ASCII name in a scratch folder first (a Chinese name reached
    /// LibreOffice as question marks where the environment had no Chinese locale), and
    /// LibreOffice runs in a process group of its own, which is killed whole at the time limit
    /// and after it ends, so that nothing is left running.
    public func convert(_ path: String, to format: Format, in folder: String) -> Result<String, OfficeError> {
        lock.lock()
        defer { lock.unlock() }
        let scratch = folder + "/" + Self.scratchPrefix + "\(System.pid)-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let ext = (path as NSString).pathExtension.lowercased()
        let input = scratch + "/input" + (ext.isEmpty ? "" : "." + ext)
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: path, toPath: input)
        } catch {
            return .failure(OfficeError(.couldNotRun, "无法准备转换用的临时文件：\(error.localizedDescription)"))
        }
        switch soffice(input, to: format, outdir: scratch) {
        case .failure(let e):
            // Ours or the file's? A small file LibreOffice always converts tells.
            return .failure(e.kind == .couldNotRun || !canConvert(in: scratch) ? OfficeError(.couldNotRun, e.message) : e)
        case .success(let produced):
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            var target = folder + "/" + stem + "." + format.rawValue
            var n = 2
            while FileManager.default.fileExists(atPath: target) { target = folder + "/\(stem) (\(n))." + format.rawValue; n += 1 }
            do { try FileManager.default.moveItem(atPath: produced, toPath: target) } catch {
                return .failure(OfficeError(.couldNotRun, "转换后的文件无法保存：\(error.localizedDescription)"))
            }
            return .success(target)
        }
    }

    /// Runs LibreOffice on `input` (an ASCII name) and returns the file it wrote in `outdir`.
    func soffice(_ input: String, to format: Format, outdir: String) -> Result<String, OfficeError> {
        let arguments = [soffice, "--headless", "--norestore", "--nologo", "-env:UserInstallation=" + profileURL,
                         "--convert-to", format.rawValue, "--outdir", outdir, input]
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        let pid: Int32
        switch System.spawn(soffice, arguments: arguments, environment: environment, newGroup: true) {
        case .success(let p): pid = p
        case .failure(let e): return .failure(OfficeError(.couldNotRun, "无法启动 LibreOffice：\(e)"))
        }
        // Whatever it started is ended with it, and by the supervisor if the run dies first.
        HandlingBoard.attached?.helperGroup = pid
        defer {
            System.signal(-pid, .kill)
            HandlingBoard.attached?.helperGroup = 0
        }
        let deadline = Date().addingTimeInterval(timeout)
        var ending: System.Ending?
        while ending == nil {
            ending = System.ended(pid)?.ending
            if ending == nil {
                if Date() > deadline {
                    System.signal(-pid, .kill)
                    while System.ended(pid) == nil { System.pause(.milliseconds(10)) }
                    return .failure(OfficeError(.timedOut, "LibreOffice 转换超过 \(Int(timeout)) 秒仍未完成"))
                }
                System.pause(.milliseconds(50))
            }
        }
        let stem = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
        let produced = outdir + "/" + stem + "." + format.rawValue
        guard ending == .exited(0), FileManager.default.fileExists(atPath: produced) else {
            return .failure(OfficeError(.damaged, "LibreOffice 无法转换这个文件（文件可能已损坏或加密）"))
        }
        return .success(produced)
    }

    /// Whether LibreOffice converts a two-cell CSV (when a conversion failed: a "no" means
    /// the fault is LibreOffice's here, not the file's).
    func canConvert(in scratch: String) -> Bool {
        let probe = scratch + "/probe"
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: probe + "/probe.csv", contents: Data("a,b\n1,2\n".utf8)) else { return false }
        if case .success = soffice(probe + "/probe.csv", to: .xlsx, outdir: probe) { return true }
        return false
    }
}

public struct OfficeError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// LibreOffice could not run here (not the file's fault): the file waits for the next run.
        case couldNotRun
        /// LibreOffice ran and could not convert the file.
        case damaged
        /// LibreOffice did not finish in time with this file (it converts others).
        case timedOut
    }

    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { message }
}
