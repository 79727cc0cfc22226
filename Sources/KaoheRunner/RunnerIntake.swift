import Crypto
import Foundation
import KaoheAssessment
import KaoheJobs
import KaoheReader
import KaoheScoring
import KaoheSystem

/// Intake: what a run takes in — the dead runs' unfinished work, the inbox, legacy files
/// converted, each workbook hashed and opened once.
extension Runner {
    /// The workbooks this run takes: recovered from an interrupted run, then claimed from the
    /// inbox, converted, hashed, recorded as attempted, and opened once to know they read.
    func intake(_ runId: Int64, ledger: Ledger, into workDir: String) throws -> Intake {
        try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
        removeStalePartials()
        for pid in Office.endOrphans(profile: folders.officeProfile) {
            logger.warning("ended LibreOffice (pid \(pid)), left running by a run that died")
        }
        var intake = try recover(ledger: ledger, into: workDir)
        intake.absorb(try claim(into: workDir, taken: Set(intake.claimed.map(\.fileName))))
        CrashPoints.hit(.claimed)
        logger.info("claimed \(intake.claimed.count) workbooks")

        let converted = convertLegacy(intake.claimed, in: workDir)
        intake.deferred += converted.deferred
        intake.claimed = opened(hashed(converted.claimed, in: workDir))
        CrashPoints.hit(.hashed)
        return intake
    }

    /// Each workbook's SHA-256, several at once.
    func hashed(_ claimed: [Claimed], in workDir: String) -> [Claimed] {
        ConcurrentMap.map(claimed, serial: options.tuning.serial) { c in
            var c = c
            // A converted workbook is known by its original's bytes (conversion is not repeatable).
            c.sha256 = Self.sha256(c.originalFile.map { workDir + "/" + $0 } ?? c.path)
            return c
        }
    }

    /// Every workbook opened, several at once. Opening here is not redundant with reading the
    /// tables later: when two workbooks for one table arrive in one run only the newer is
    /// read, and the older must still be known to be a workbook. A workbook a run died of
    /// (its supervisor said so in the dead run's .blame) is not opened again.
    func opened(_ claimed: [Claimed]) -> [Claimed] {
        ConcurrentMap.map(claimed, serial: options.tuning.serial) { c in
            var c = c
            if c.deadLetter { return c }
            Handling.during(c.path) {
                do {
                    let workbook = try Workbook(path: c.path)
                    try workbook.checkSharedParts()
                    // A damaged properties part costs only the identity, not the workbook.
                    c.identity = (try? workbook.customProperties()).flatMap(TemplateIdentity.init(properties:))
                } catch let e as ReaderError { c.returned = .unreadable(e) } catch {
                    c.returned = .unreadable(error: nil, text: "无法读取工作簿：\(error)")
                }
            }
            return c
        }
    }

    /// Work folders of runs that died. Inputs a dead run had recorded in the ledger go where it
    /// recorded (archive or rejected); the others are claimed by this run.
    func recover(ledger: Ledger, into workDir: String) throws -> Intake {
        var out = Intake()
        for dir in Files.list(folders.work) where dir != (workDir as NSString).lastPathComponent {
            let path = folders.work + "/" + dir
            guard let old = Int64(dir.replacingOccurrences(of: "run-", with: "")) else { continue }
            let recorded = Dictionary(try ledger.inputs(run: old).map { ($0.fileName, $0) }, uniquingKeysWith: { a, _ in a })
            let blamed = BlameList.read(path)
            for file in Files.list(path) where !file.hasPrefix(".") {
                let from = path + "/" + file
                if let r = recorded[file] {
                    let to = folders.root + "/" + r.destination
                    if r.outcome == .rejected {
                        try finishRejection(file: from, originalName: r.originalName, destination: to, reason: r.reason ?? .recorded(r.note ?? ""))
                    } else {
                        try Files.move(from, to)
                    }
                    out.recovered.append("\(file)（run \(old) 已记录，移至 \(r.destination)）")
                } else {
                    let name = Files.freeName(file, in: workDir)
                    try Files.move(from, workDir + "/" + name)
                    var c = attributes(Claimed(fileName: name, originalName: file, path: workDir + "/" + name))
                    if let why = blamed[file] {
                        c.returned = why
                        logger.error("\(file): run \(old) died reading it; returning it to rejected/")
                    }
                    out.claimed.append(c)
                    out.recovered.append("\(file)（run \(old) 未完成，本次重新处理）")
                }
                CrashPoints.hit(.recoverFile)
            }
            try? FileManager.default.removeItem(atPath: path + "/" + BlameList.fileName)
            System.removeEmptyFolder(path)
        }
        if !out.recovered.isEmpty { logger.warning("finished the work of runs that died: \(out.recovered.count) workbooks") }
        return out
    }

    /// Legacy and WPS workbooks (.xls, .et, .ods …) converted to .xlsx copies in the work folder,
    /// one at a time, when LibreOffice is installed; a file it cannot convert keeps its note.
    /// When LibreOffice itself cannot run here, the file is not the lead unit's fault: it stays
    /// in the work folder for the next run, and the report tells the operator. Without
    /// LibreOffice they stay as they are, and their note asks for an .xlsx.
    func convertLegacy(_ claimed: [Claimed], in workDir: String) -> Intake {
        var kept = Intake()
        for c in claimed {
            let ext = (c.originalName as NSString).pathExtension.lowercased()
            guard Office.convertible.contains(ext), !c.deadLetter, let office else { kept.claimed.append(c); continue }
            switch Handling.during(c.path, { office.convert(c.path, to: .xlsx, in: workDir) }) {
            case .success(let path):
                logger.info("converted \(c.originalName) to .xlsx with LibreOffice")
                var copy = c
                copy.originalFile = c.fileName
                copy.fileName = (path as NSString).lastPathComponent
                copy.path = path
                kept.claimed.append(copy)
            case .failure(let e) where e.kind == .couldNotRun:
                logger.error("\(c.originalName): LibreOffice could not run (\(e.message)); the file waits for the next run")
                kept.deferred.append("\(c.originalName)：LibreOffice 无法运行，未能转换（\(e.message)）；文件留待下次运行，请系统管理员检查 LibreOffice")
            case .failure(let e):
                var unconverted = c
                unconverted.returned = .notConverted(extension: ext, message: e.message)
                kept.claimed.append(unconverted)
            }
        }
        return kept
    }

    /// Moves the inbox's workbooks into this run's work folder (rename: atomic, same file system).
    /// Only regular files are claimed (a named pipe would block the reader for ever); the rest
    /// is listed in the report. A file changed less than `minimumAge` seconds ago, by its
    /// contents or its inode, may still be being copied and is left for the next run.
    func claim(into workDir: String, taken: Set<String>) throws -> Intake {
        var out = Intake()
        var taken = taken
        let now = Date()
        for file in Files.list(folders.inbox) {
            if !Assessor.isSubmission(file) { continue }
            let from = folders.inbox + "/" + file
            let entry = System.entry(from)
            guard entry.kind == .regular else {
                if entry.kind != .missing { out.leftAlone.append("\(file)（\(entry.kind.chinese)）") }
                continue
            }
            let age = now.timeIntervalSince(max(entry.modified, entry.changed))
            if age < options.minimumAge {
                logger.info("left \(file) in the inbox: changed less than \(Int(options.minimumAge)) s ago")
                out.waiting.append(file)
                continue
            }
            let name = Files.freeName(file, in: workDir, taken: taken)
            taken.insert(name)
            try Files.move(from, workDir + "/" + name)
            var c = Claimed(fileName: name, originalName: file, path: workDir + "/" + name)
            c.size = entry.size
            c.modified = entry.modified
            out.claimed.append(c)
            CrashPoints.hit(.claimFile)
        }
        return out
    }

    func attributes(_ c: Claimed) -> Claimed {
        var c = c
        let a = try? FileManager.default.attributesOfItem(atPath: c.path)
        c.size = (a?[.size] as? NSNumber)?.int64Value ?? 0
        c.modified = (a?[.modificationDate] as? Date) ?? .distantPast
        return c
    }

    /// Temporary files of writes a dead run did not finish (".partial-PID-N", and
    /// ".dat.nosyncXXXX.XXXXXX", the name Foundation's `createFile` writes under before it renames
    /// the file to ".partial-…"), and the scratch folders of the LibreOffice conversions it was
    /// killed in (".convert-PID-…", in its work folder or beside a summary): left there, a dead
    /// run's work folder could never be removed, and staff would find them among the notes.
    func removeStalePartials() {
        for dir in [folders.outbox, folders.rejected, folders.reports, folders.work] {
            guard let e = FileManager.default.enumerator(atPath: dir) else { continue }
            let stale = e.compactMap { $0 as? String }.filter { rel in
                let name = (rel as NSString).lastPathComponent
                return name.hasPrefix(".") && (name.contains("partial-") || name.hasPrefix(".dat.nosync") || name.hasPrefix(Office.scratchPrefix))
            }
            // A scratch folder goes whole, so nothing inside it is listed again.
            for rel in stale where !stale.contains(where: { rel.hasPrefix($0 + "/") }) {
                try? FileManager.default.removeItem(atPath: dir + "/" + rel)
                logger.info("removed an unfinished temporary file: \(dir)/\(rel)")
            }
        }
    }

    /// The file's SHA-256, read 256 KB at a time (a night hashes every workbook it claims;
    /// none is held whole in memory for it).
    static func sha256(_ path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 256 << 10), !chunk.isEmpty { hasher.update(data: chunk) }
        return hex(hasher.finalize())
    }

    /// Lower-case hexadecimal, two digits a byte.
    static func hex<D: Sequence<UInt8>>(_ bytes: D) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
