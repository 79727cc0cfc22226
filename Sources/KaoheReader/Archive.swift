internal import CLibZip
import KaoheSystem

/// Something the XML scanner pulls bytes from.
protocol ByteSource: AnyObject {
    /// Fills up to `count` bytes at `buffer`; 0 means the end.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(ReaderError) -> Int
}

/// A read-only zip archive (one `zip_t`). All libzip calls of the project live in this file.
final class Archive {
    private let handle: OpaquePointer
    let path: String
    let limits: ReaderLimits
    /// Entry index by normalised name: lower-cased, backslashes as slashes, no leading slash.
    private var index: [String: UInt64] = [:]
    /// Entry names as stored.
    private(set) var names: [String] = []

    init(path: String, limits: ReaderLimits) throws(ReaderError) {
        self.path = path
        self.limits = limits
        try Self.checkSignature(path)
        var code: Int32 = 0
        guard let h = zip_open(path, ZIP_RDONLY, &code) else {
            switch code {
            case ZIP_ER_NOENT: throw ReaderError(.fileNotFound, file: path, "no such file")
            case ZIP_ER_NOZIP:
                if Self.startsWithZipHeader(path) {
                    throw ReaderError(.truncated, file: path,
                                      "the zip archive is truncated or damaged (its central directory is missing); send the file again")
                }
                throw ReaderError(.notAZip, file: path, "not a zip archive, so not an .xlsx workbook")
            case ZIP_ER_INCONS, ZIP_ER_EOF, ZIP_ER_SEEK, ZIP_ER_READ:
                throw ReaderError(.truncated, file: path, "the zip archive is damaged or truncated (\(Self.zipErrorText(code)))")
            default: throw ReaderError(.zipError, file: path, "cannot open: \(Self.zipErrorText(code))")
            }
        }
        handle = h
        let count = zip_get_num_entries(h, 0)
        guard count >= 0 else { throw ReaderError(.zipError, file: path, "cannot list the archive's entries") }
        for i in 0..<UInt64(count) {
            guard let raw = zip_get_name(h, i, zip_flags_t(ZIP_FL_ENC_GUESS)) else { continue }
            let name = String(cString: raw)
            names.append(name)
            let key = Self.normalise(name)
            if index[key] == nil { index[key] = i }
        }
    }

    deinit { zip_discard(handle) }

    static func normalise(_ name: String) -> String {
        var n = String(name.map { $0 == "\\" ? "/" : $0 }).lowercased()
        while n.hasPrefix("/") { n.removeFirst() }
        return n
    }

    func contains(_ part: String) -> Bool { index[Self.normalise(part)] != nil }

    /// Opens a part for streaming, checking the declared sizes against the limits first.
    func open(_ part: String) throws(ReaderError) -> ZipEntry {
        guard let i = index[Self.normalise(part)] else {
            throw ReaderError(.missingPart, file: path, part: part, "the part is missing from the archive")
        }
        var st = zip_stat_t()
        zip_stat_init(&st)
        guard zip_stat_index(handle, i, 0, &st) == 0 else {
            throw ReaderError(.zipError, file: path, part: part, "cannot read the entry's header")
        }
        if st.encryption_method != UInt16(ZIP_EM_NONE) {
            throw ReaderError(.encrypted, file: path, part: part, "the entry is encrypted")
        }
        let size = Int(clamping: st.size)
        let compressed = max(Int(clamping: st.comp_size), 1)
        try checkSize(size: size, compressed: compressed, part: part)
        guard let file = zip_fopen_index(handle, i, 0) else {
            let text = String(cString: zip_strerror(handle))
            throw ReaderError(.zipError, file: path, part: part, "cannot open the entry: \(text)")
        }
        return ZipEntry(file: file, archive: self, part: part, compressed: compressed, declaredSize: size)
    }

    /// Bytes inflated so far over every part and every read of this archive: 2,000 sheet
    /// entries pointing at one big part must not cost 2,000 inflations of it.
    private(set) var inflatedTotal = 0

    func count(inflated n: Int, part: String) throws(ReaderError) {
        inflatedTotal += n
        if inflatedTotal > limits.maxInflatedTotal {
            throw ReaderError(.tooLarge, file: path, part: part,
                              "the workbook inflates to more than \(limits.maxInflatedTotal) bytes in all (the same part listed many times?)")
        }
    }

    func checkSize(size: Int, compressed: Int, part: String) throws(ReaderError) {
        if size > limits.maxPartSize {
            throw ReaderError(.tooLarge, file: path, part: part,
                              "inflates to more than \(limits.maxPartSize) bytes (zip bomb?)")
        }
        if size > limits.ratioFloor, size / compressed > limits.maxCompressionRatio {
            throw ReaderError(.tooLarge, file: path, part: part,
                              "compression ratio over \(limits.maxCompressionRatio):1 (zip bomb?)")
        }
    }

    /// Reads a whole (small) part into memory.
    func data(_ part: String) throws(ReaderError) -> [UInt8] {
        let entry = try open(part)
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBufferPointer { (p) throws(ReaderError) -> Int in
                try entry.read(into: p.baseAddress!, count: p.count)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    private static func zipErrorText(_ code: Int32) -> String {
        var e = zip_error_t()
        zip_error_init_with_code(&e, code)
        defer { zip_error_fini(&e) }
        return String(cString: zip_error_strerror(&e))
    }

    /// Whether the file starts like a zip archive (a local file header, "PK\u{3}\u{4}").
    private static func startsWithZipHeader(_ path: String) -> Bool {
        guard case .success(let magic) = System.readStart(of: path, limit: 4) else { return false }
        return magic == [0x50, 0x4B, 0x03, 0x04]
    }

    /// Recognises the files people send instead of an .xlsx: OLE compound files (an encrypted
    /// workbook, a legacy .xls, a WPS .et) before libzip calls them "not a zip".
    private static func checkSignature(_ path: String) throws(ReaderError) {
        let magic: [UInt8]
        switch System.readStart(of: path, limit: 8) {
        case .failure(let e): throw ReaderError(.fileNotFound, file: path, "cannot open the file (\(e))")
        case .success(let m): magic = m
        }
        guard magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] else { return }
        // An OLE compound file. Look at its directory entry names (UTF-16LE) to say which.
        guard case .success(let head) = System.readStart(of: path, limit: 4 << 20) else { return }
        let bytes = head[...]
        func has(_ name: String) -> Bool {
            let pattern = name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            guard pattern.count <= bytes.count else { return false }
            return bytes.withUnsafeBufferPointer { b in
                var i = 0
                while i + pattern.count <= b.count {
                    if b[i] == pattern[0], Array(b[i..<(i + pattern.count)]) == pattern { return true }
                    i += 1
                }
                return false
            }
        }
        if has("EncryptedPackage") || has("EncryptionInfo") {
            throw ReaderError(.encrypted, file: path,
                              "the workbook is password-protected (encrypted); remove the password and save it again as .xlsx")
        }
        if path.lowercased().hasSuffix(".et") || has("WpsContent") || has("WPS") {
            throw ReaderError(.wpsET, file: path, "this is a WPS spreadsheet (.et); save it as .xlsx")
        }
        throw ReaderError(.legacyXLS, file: path, "this is a legacy Excel 97–2003 workbook (.xls); save it as .xlsx")
    }
}

/// One inflating entry (one `zip_file_t`), counting what it inflates against the limits:
/// declared sizes can lie.
final class ZipEntry: ByteSource {
    private let file: OpaquePointer
    private let archive: Archive
    let part: String
    private let compressed: Int
    /// The inflated size the archive declares (it may lie; `read` counts the real one).
    let declaredSize: Int
    private var produced = 0

    init(file: OpaquePointer, archive: Archive, part: String, compressed: Int, declaredSize: Int) {
        self.file = file
        self.archive = archive
        self.part = part
        self.compressed = compressed
        self.declaredSize = declaredSize
    }

    deinit { zip_fclose(file) }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(ReaderError) -> Int {
        let n = zip_fread(file, buffer, UInt64(count))
        if n < 0 {
            let text = String(cString: zip_file_strerror(file))
            throw ReaderError(.truncated, file: archive.path, part: part, offset: produced,
                              "cannot inflate the part: \(text)")
        }
        produced += Int(n)
        try archive.checkSize(size: produced, compressed: compressed, part: part)
        try archive.count(inflated: Int(n), part: part)
        return Int(n)
    }
}

/// Bytes already in memory (tests, and the small parts).
final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(ReaderError) -> Int {
        let n = min(count, bytes.count - position)
        bytes.withUnsafeBufferPointer { p in
            if n > 0 { buffer.update(from: p.baseAddress! + position, count: n) }
        }
        position += n
        return n
    }
}
