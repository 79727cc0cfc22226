import Foundation

/// LibreOffice (`soffice`), where it is installed: converts the legacy and WPS workbooks lead
/// units send (.xls, .et, .ods) to .xlsx, and summaries to PDF. Headless, with its own profile
/// folder (a user's running LibreOffice or a second conversion never interferes), a time limit,
/// one conversion at a time.
public final class Office: @unchecked Sendable {
    /// Workbook kinds converted to .xlsx before reading.
    public static let convertible: Set<String> = ["xls", "et", "ett", "ods", "xlsm", "xlsb"]

    public let soffice: String
    let profile: String
    let timeout: TimeInterval
    private let lock = NSLock()

    /// nil when LibreOffice is not installed (or KAOHE_NO_OFFICE is set, for tests and
    /// machines that must not use it).
    public init?(profile: String, timeout: TimeInterval = 120) {
        let env = ProcessInfo.processInfo.environment
        guard env["KAOHE_NO_OFFICE"] == nil else { return nil }
        let candidates = (env["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/soffice" } + ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        soffice = found
        self.profile = profile
        self.timeout = timeout
    }

    /// Converts `path` to `format` ("xlsx", "pdf") in `folder`; the new file's path, or why not
    /// (Chinese, for the note beside a rejected workbook).
    public func convert(_ path: String, to format: String, in folder: String) -> Result<String, OfficeError> {
        lock.lock()
        defer { lock.unlock() }
        let scratch = folder + "/.convert-\(getpid())-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: soffice)
        p.arguments = ["--headless", "--norestore", "--nologo", "-env:UserInstallation=file://" + profile,
                       "--convert-to", format, "--outdir", scratch, path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return .failure(OfficeError("无法启动 LibreOffice：\(error.localizedDescription)")) }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning {
            if Date() > deadline {
                System.kill(p.processIdentifier)
                return .failure(OfficeError("LibreOffice 转换超过 \(Int(timeout)) 秒仍未完成"))
            }
            usleep(50_000)
        }
        let produced = (try? FileManager.default.contentsOfDirectory(atPath: scratch))?.first { $0.lowercased().hasSuffix("." + format) }
        guard p.terminationStatus == 0, let produced else {
            return .failure(OfficeError("LibreOffice 无法转换这个文件（文件可能已损坏或加密）"))
        }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var target = folder + "/" + stem + "." + format
        var n = 2
        while FileManager.default.fileExists(atPath: target) { target = folder + "/\(stem) (\(n))." + format; n += 1 }
        do { try FileManager.default.moveItem(atPath: scratch + "/" + produced, toPath: target) } catch {
            return .failure(OfficeError("转换后的文件无法保存：\(error.localizedDescription)"))
        }
        return .success(target)
    }
}

public struct OfficeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
