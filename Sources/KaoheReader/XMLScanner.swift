/// A pull scanner over XML bytes streamed from a `ByteSource`: no DOM, no Foundation parser,
/// nothing that holds a whole part in memory.
///
/// `next()` returns one token at a time. Positions in the token fields refer to the scanner's
/// buffer and stay valid until the next call (the buffer is compacted when it refills).
/// Element names are compared by their local part, so `x:row` and `row` are the same, and the
/// strict OOXML namespaces need no special case. Comments and processing instructions are
/// skipped; CDATA comes back as text; a DOCTYPE is refused (Excel never writes one, and entity
/// expansion bombs need one). End tags are checked against start tags.
struct XMLScanner: ~Copyable {
    enum Token: Equatable {
        case start
        case end
        case text
        case eof
    }

    private let source: any ByteSource
    private let file: String
    private let part: String
    private let maxTokenLength: Int
    private let maxDepth: Int

    /// Where the bytes are scanned: `own`, or a read-ahead buffer read in place (`borrowed`).
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var own: UnsafeMutablePointer<UInt8>
    private var ownCapacity: Int
    /// The source's buffers, when it lends them (ReadAheadSource), and the one being scanned.
    private let lender: ReadAheadSource?
    private var borrowed: UnsafeMutablePointer<UInt8>?
    private(set) var position = 0
    private var end = 0
    private var atEOF = false
    /// Bytes dropped from the front of the buffer so far (for absolute offsets).
    private var discarded = 0

    /// Start and end tags: the local name (after any prefix).
    private(set) var nameStart = 0
    private(set) var nameEnd = 0
    /// Start tags: the attribute bytes, between the name and `>` or `/>`.
    private(set) var attributesStart = 0
    private(set) var attributesEnd = 0
    private(set) var selfClosing = false
    /// Text: raw bytes (entities not yet decoded), or CDATA (taken as is).
    private(set) var textStart = 0
    private(set) var textEnd = 0
    private(set) var textIsCDATA = false

    /// Open elements, as hashes of their qualified names.
    private var stack: [UInt64] = []
    private var sawRoot = false

    init(source: any ByteSource, file: String, part: String, limits: ReaderLimits, chunk: Int = 1 << 18) {
        self.source = source
        self.file = file
        self.part = part
        self.maxTokenLength = limits.maxTokenLength
        self.maxDepth = limits.maxDepth
        self.capacity = chunk
        self.own = .allocate(capacity: chunk)
        self.ownCapacity = chunk
        self.buffer = own
        self.lender = source as? ReadAheadSource
    }

    deinit {
        if let borrowed { lender?.give(borrowed) }
        own.deallocate()
    }

    var depth: Int { stack.count }

    /// Absolute byte offset of a buffer position.
    func offset(_ p: Int) -> Int { discarded + p }

    func error(_ message: String, at p: Int? = nil) -> ReaderError {
        ReaderError(.malformedXML, file: file, part: part, offset: offset(p ?? position), message)
    }

    // MARK: Buffer

    /// Keeps bytes from `keep` on, reads more. Returns false at the end of the input.
    private mutating func refill(keeping keep: Int) throws(ReaderError) -> Bool {
        if atEOF { return false }
        if let lender, end - keep <= ReadAheadSource.headroom { return try refillInPlace(keeping: keep, from: lender) }
        var keep = keep
        if borrowed != nil {
            try returnToOwnBuffer(keeping: keep)
            keep = 0
        }
        if keep > 0 {
            let live = end - keep
            if live > 0 { buffer.update(from: buffer + keep, count: live) }
            discarded += keep
            position -= keep
            end = live
        }
        if end == capacity {
            guard capacity < maxTokenLength else {
                throw error("a single XML token is longer than \(maxTokenLength) bytes", at: 0)
            }
            let bigger = Swift.min(capacity * 2, maxTokenLength)
            let b = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
            b.update(from: buffer, count: end)
            own.deallocate()
            own = b
            ownCapacity = bigger
            buffer = b
            capacity = bigger
        }
        let n = try source.read(into: buffer + end, count: capacity - end)
        if n == 0 {
            atEOF = true
            return false
        }
        if discarded == 0, end == 0, n >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            // A byte-order mark before the XML declaration.
            buffer.update(from: buffer + 3, count: n - 3)
            discarded = 3
            end = n - 3
            return true
        }
        end += n
        return true
    }

    /// Goes on in the lender's next buffer, the bytes kept from `keep` on moved in front of it.
    private mutating func refillInPlace(keeping keep: Int, from lender: ReadAheadSource) throws(ReaderError) -> Bool {
        guard let next = try lender.take() else {
            atEOF = true
            return false
        }
        let live = end - keep
        let start = next.data - live
        if live > 0 { start.update(from: buffer + keep, count: live) }
        if let borrowed { lender.give(borrowed) }
        borrowed = next.buffer
        buffer = start
        discarded += keep
        position -= keep
        end = live + next.count
        capacity = end
        if discarded == 0, live == 0, end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            buffer += 3 // a byte-order mark before the XML declaration
            end -= 3
            capacity = end
            discarded = 3
        }
        return true
    }

    /// Moves the bytes from `keep` on out of a borrowed buffer into our own (a token longer than
    /// the lender's headroom), and hands the borrowed one back.
    private mutating func returnToOwnBuffer(keeping keep: Int) throws(ReaderError) {
        let live = end - keep
        if live > ownCapacity {
            guard live <= maxTokenLength else {
                throw error("a single XML token is longer than \(maxTokenLength) bytes", at: keep)
            }
            own.deallocate()
            ownCapacity = Swift.min(Swift.max(live * 2, ownCapacity), maxTokenLength)
            own = .allocate(capacity: ownCapacity)
        }
        own.update(from: buffer + keep, count: live)
        if let borrowed { lender?.give(borrowed) }
        borrowed = nil
        buffer = own
        capacity = ownCapacity
        discarded += keep
        position -= keep
        end = live
    }

    // MARK: Tokens

    mutating func next() throws(ReaderError) -> Token {
        while true {
            if position >= end {
                if try !refill(keeping: position) {
                    if !stack.isEmpty { throw error("the part ends inside an element (\(stack.count) still open)") }
                    if !sawRoot { throw error("the part has no root element") }
                    return .eof
                }
                continue
            }
            if buffer[position] != 0x3C { // text up to the next '<'
                var i = position
                while true {
                    while i < end, buffer[i] != 0x3C { i += 1 }
                    if i < end || atEOF { break }
                    // The text runs past the buffer: keep it, read more, and go on where we were.
                    let before = position
                    let more = try refill(keeping: position)
                    i -= before - position
                    if !more { break }
                }
                textStart = position
                textEnd = i
                textIsCDATA = false
                position = i
                if stack.isEmpty {
                    // Outside the root only white space may stand.
                    for k in textStart..<textEnd where !Self.isSpace(buffer[k]) {
                        throw error("text outside the root element", at: k)
                    }
                    continue
                }
                return .text
            }
            if let token = try scanMarkup() { return token }
        }
    }

    /// Scans the markup at `position` ('<'). Returns nil for skipped markup (comments, PIs).
    private mutating func scanMarkup() throws(ReaderError) -> Token? {
        // Make sure the whole tag is in the buffer: find its end, refilling as needed.
        while true {
            let start = position
            if let token = try scanMarkupInBuffer() { return token == .eof ? nil : token }
            // Needs more bytes.
            if try !refill(keeping: start) { throw error("the part ends inside markup", at: position) }
        }
    }

    /// nil: incomplete (need more bytes). `.eof` is used here to mean "skipped".
    private mutating func scanMarkupInBuffer() throws(ReaderError) -> Token? {
        let start = position
        guard start + 1 < end else { return nil }
        switch buffer[start + 1] {
        case 0x3F, 0x21: return try scanDeclaration(start) // <? or <!
        case 0x2F: return try scanEndTag(start) // </
        default: return try scanStartTag(start)
        }
    }

    /// A name from `i` to its end: where it ends, where its local part starts (after a
    /// prefix), and the hash of the whole qualified name (end tags are checked against it).
    @inline(__always)
    private func scanName(from i: Int) -> (end: Int, local: Int, hash: UInt64) {
        var i = i, local = i
        var hash: UInt64 = 0xcbf29ce484222325
        while i < end, !Self.isNameEnd(buffer[i]) {
            if buffer[i] == 0x3A { local = i + 1 }
            hash = (hash ^ UInt64(buffer[i])) &* 0x100000001b3
            i += 1
        }
        return (i, local, hash)
    }

    /// <? … ?> and <!-- … --> (skipped), <![CDATA[ … ]]> (text); a DOCTYPE is refused.
    private mutating func scanDeclaration(_ start: Int) throws(ReaderError) -> Token? {
        var i = start + 1
        if buffer[i] == 0x3F { // <? ... ?>
            i += 1
            while i + 1 < end, !(buffer[i] == 0x3F && buffer[i + 1] == 0x3E) { i += 1 }
            guard i + 1 < end else { return nil }
            position = i + 2
            return .eof
        }
        guard i + 2 < end else { return nil }
        if buffer[i + 1] == 0x2D, buffer[i + 2] == 0x2D { // <!-- ... -->
            i += 3
            while i + 2 < end, !(buffer[i] == 0x2D && buffer[i + 1] == 0x2D && buffer[i + 2] == 0x3E) { i += 1 }
            guard i + 2 < end else { return nil }
            position = i + 3
            return .eof
        }
        guard i + 8 < end else { return nil }
        if matches(i + 1, "[CDATA[") {
            guard !stack.isEmpty else { throw error("CDATA outside the root element", at: start) }
            var j = i + 8
            while j + 2 < end, !(buffer[j] == 0x5D && buffer[j + 1] == 0x5D && buffer[j + 2] == 0x3E) { j += 1 }
            guard j + 2 < end else { return nil }
            textStart = i + 8
            textEnd = j
            textIsCDATA = true
            position = j + 3
            return .text
        }
        if matches(i + 1, "DOCTYPE") || matches(i + 1, "doctype") {
            throw ReaderError(.doctype, file: file, part: part, offset: offset(start),
                              "a DOCTYPE declaration is not allowed in a workbook part")
        }
        throw error("unexpected markup '<!'", at: start)
    }

    /// </name>, checked against the element it closes.
    private mutating func scanEndTag(_ start: Int) throws(ReaderError) -> Token? {
        let qStart = start + 2
        let (qEnd, local, hash) = scanName(from: qStart)
        var i = qEnd
        while i < end, Self.isSpace(buffer[i]) { i += 1 }
        guard i < end else { return nil }
        guard buffer[i] == 0x3E, qEnd > qStart else { throw error("malformed end tag", at: start) }
        guard !stack.isEmpty else { throw error("end tag with no open element", at: start) }
        let open = stack.removeLast() // Array's own, not the generic popLast
        guard open == hash else {
            throw error("end tag </\(quoted(qStart, qEnd))> does not match the open element", at: start)
        }
        nameStart = local
        nameEnd = qEnd
        position = i + 1
        return .end
    }

    /// <name attributes ...> or <name .../>.
    private mutating func scanStartTag(_ start: Int) throws(ReaderError) -> Token? {
        let qStart = start + 1
        let (qEnd, local, hash) = scanName(from: qStart)
        var i = qEnd
        guard i < end else { return nil }
        guard i > qStart else { throw error("malformed tag", at: start) }
        let attrs = i
        var quote: UInt8 = 0
        while i < end {
            let b = buffer[i]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                quote = b
            } else if b == 0x3E {
                break
            } else if b == 0x3C {
                throw error("'<' inside a tag", at: i)
            }
            i += 1
        }
        guard i < end else { return nil }
        let isEmpty = i > attrs && buffer[i - 1] == 0x2F
        if stack.isEmpty && sawRoot { throw error("a second root element", at: start) }
        sawRoot = true
        nameStart = local
        nameEnd = qEnd
        attributesStart = attrs
        attributesEnd = isEmpty ? i - 1 : i
        selfClosing = isEmpty
        if !isEmpty {
            guard stack.count < maxDepth else { throw error("elements nested more than \(maxDepth) deep", at: start) }
            stack.append(hash)
        }
        position = i + 1
        return .start
    }

    /// The parts of a cell read by `simpleCell`: buffer ranges, start -1 when absent.
    struct CellTag {
        var ref = (-1, -1), type = (-1, -1), style = (-1, -1)
        /// The column and row of r= when it is plain ("B7"); nil otherwise.
        var position: (column: Int, row: Int)?
        /// s= when it is plain digits; nil otherwise (or absent).
        var styleValue: Int?
        /// The text of its <v>; start -1 for a self-closing tag.
        var value = (start: -1, end: -1)
        /// Just after its `</c>`.
        var end = 0
    }

    /// At a sheet's `<c`: when the buffer already holds a whole cell of the common shape, reads
    /// it in one pass and returns true. The shape: attributes among r, s and t only, each
    /// ` x="…"` with nothing to decode, then `/>` or `><v>TEXT</v></c>` with TEXT needing no
    /// decoding. Anything else (another attribute, a formula, an entity, the buffer's end)
    /// consumes nothing and returns false: the caller goes on token by token, which checks
    /// and decodes everything. On true the scanner stands just after the start tag, as after
    /// `next()` (errors name the same offsets); `skipSimpleValue` then moves past `</c>`.
    mutating func simpleCell(_ tag: inout CellTag) -> Bool {
        var i = position
        guard i + 3 <= end, buffer[i] == 0x3C, buffer[i + 1] == 0x63, !stack.isEmpty, stack.count + 2 <= maxDepth
        else { return false } // <c
        i += 2
        tag.ref = (-1, -1); tag.type = (-1, -1); tag.style = (-1, -1); tag.position = nil; tag.styleValue = nil
        while true {
            guard i + 4 < end else { return false }
            let b = buffer[i]
            if b == 0x3E { break } // >
            if b == 0x2F { // />
                guard buffer[i + 1] == 0x3E else { return false }
                tag.value = (-1, -1)
                position = i + 2
                return true
            }
            guard b == 0x20, buffer[i + 2] == 0x3D, buffer[i + 3] == 0x22 else { return false } // ␠x="
            let vs = i + 4
            // The common values are read while they are scanned: r= as Excel writes it (one to
            // three capitals, then a row number), s= as digits. Anything else is only delimited
            // here and read by the caller.
            var j = vs
            let name = buffer[i + 1]
            if name == 0x72 { // r
                var col = 0, row = 0
                while j < end, j - vs < 3, buffer[j] &- 0x41 < 26 { col = col &* 26 &+ Int(buffer[j] &- 0x40); j += 1 }
                let digits = j
                while j < end, j - digits < 7, buffer[j] &- 0x30 < 10 { row = row &* 10 &+ Int(buffer[j] &- 0x30); j += 1 }
                if j < end, buffer[j] == 0x22, digits > vs, j > digits, buffer[digits] != 0x30, col <= 16384, row <= 1_048_576 {
                    tag.position = (col - 1, row - 1)
                } else {
                    tag.position = nil
                }
            } else if name == 0x73 { // s
                var style = 0
                while j < end, buffer[j] &- 0x30 < 10, style <= 1 << 24 { style = style &* 10 &+ Int(buffer[j] &- 0x30); j += 1 }
                tag.styleValue = j < end && buffer[j] == 0x22 && j > vs && style <= 1 << 24 ? style : nil
            }
            while j < end {
                let v = buffer[j]
                if v == 0x22 { break }
                if v == 0x26 || v == 0x3C { return false }
                j += 1
            }
            guard j < end else { return false }
            switch name {
            case 0x72: tag.ref = (vs, j)
            case 0x74: tag.type = (vs, j)
            case 0x73: tag.style = (vs, j)
            default: return false
            }
            i = j + 1
        }
        let p = i + 1 // after the start tag's '>'
        guard p + 3 <= end, buffer[p] == 0x3C, buffer[p + 1] == 0x76, buffer[p + 2] == 0x3E else { return false } // <v>
        i = p + 3
        while i < end {
            let b = buffer[i]
            if b == 0x3C { break }
            if b == 0x26 || b == 0x0D { return false }
            i += 1
        }
        guard i + 8 <= end, UInt64(littleEndian: UnsafeRawPointer(buffer + i).loadUnaligned(as: UInt64.self)) == Self.endValueEndCell
        else { return false }
        tag.value = (p + 3, i)
        tag.end = i + 8
        position = p
        return true
    }

    /// Moves past the `<v>…</v></c>` that `simpleCell` read.
    mutating func skipSimpleValue(_ tag: CellTag) { position = tag.end }

    /// "</v></c>" read as one little-endian word.
    private static let endValueEndCell: UInt64 = 0x3E63_2F3C_3E76_2F3C

    /// Right after the start tag of an unprefixed element that is not self-closing (a sheet's
    /// `<c …>`): when the buffer already holds all of `<v>TEXT</v></c>` and TEXT needs no
    /// decoding (no `&`, no CR), consumes it, closes the element, and returns TEXT's buffer
    /// range (valid until the next call). Otherwise consumes nothing and returns nil: the
    /// caller goes on token by token, which checks and decodes everything. Most cells of a
    /// sheet are this shape, and reading them here takes one step instead of five tokens.
    mutating func simpleValue() -> (start: Int, end: Int)? {
        let p = position
        guard buffer[nameStart - 1] == 0x3C, stack.count < maxDepth, p + 3 <= end,
              buffer[p] == 0x3C, buffer[p + 1] == 0x76, buffer[p + 2] == 0x3E else { return nil } // <v>
        var i = p + 3
        while i < end {
            let b = buffer[i]
            if b == 0x3C { break }
            if b == 0x26 || b == 0x0D { return nil }
            i += 1
        }
        guard i + 8 <= end, UInt64(littleEndian: UnsafeRawPointer(buffer + i).loadUnaligned(as: UInt64.self)) == Self.endValueEndCell
        else { return nil }
        stack.removeLast()
        position = i + 8
        return (p + 3, i)
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    @inline(__always)
    static func isNameEnd(_ b: UInt8) -> Bool { b == 0x20 || b == 0x3E || b == 0x2F || b == 0x0A || b == 0x0D || b == 0x09 }

    private func matches(_ at: Int, _ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard at + n <= end else { return false }
        let p = text.utf8Start
        for k in 0..<n where buffer[at + k] != p[k] { return false }
        return true
    }

    // MARK: Reading the current token

    /// Whether the current element's local name is `name` (ASCII).
    @inline(__always)
    func nameIs(_ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        guard nameEnd - nameStart == n else { return false }
        let p = name.utf8Start
        for k in 0..<n where buffer[nameStart + k] != p[k] { return false }
        return true
    }

    func string(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: buffer + from, count: to - from), as: UTF8.self)
    }

    var name: String { string(nameStart, nameEnd) }

    /// Bytes of the buffer as an error message quotes them: one line, about 60 characters.
    func quoted(_ from: Int, _ to: Int) -> String {
        ReaderError.quote(string(from, Swift.min(to, from + 256)))
    }

    @inline(__always)
    func byte(_ p: Int) -> UInt8 { buffer[p] }

    /// Walks the current start tag's attributes: `body(localNameStart, nameEnd, valueStart, valueEnd)`.
    /// Values are raw (decode them with `appendDecoded`).
    func forEachAttribute(_ body: (Int, Int, Int, Int) throws(ReaderError) -> Void) throws(ReaderError) {
        var i = attributesStart
        let e = attributesEnd
        while true {
            while i < e, Self.isSpace(buffer[i]) { i += 1 }
            if i >= e { return }
            var local = i
            let nStart = i
            while i < e, buffer[i] != 0x3D, !Self.isSpace(buffer[i]) {
                if buffer[i] == 0x3A { local = i + 1 }
                i += 1
            }
            let nEnd = i
            while i < e, Self.isSpace(buffer[i]) { i += 1 }
            guard i < e, buffer[i] == 0x3D, nEnd > nStart else { throw error("malformed attribute", at: nStart) }
            i += 1
            while i < e, Self.isSpace(buffer[i]) { i += 1 }
            guard i < e, buffer[i] == 0x22 || buffer[i] == 0x27 else { throw error("attribute value without quotes", at: i) }
            let q = buffer[i]
            i += 1
            let vStart = i
            while i < e, buffer[i] != q { i += 1 }
            guard i < e else { throw error("unterminated attribute value", at: vStart) }
            try body(local, nEnd, vStart, i)
            i += 1
        }
    }

    /// Whether bytes [s, e) equal `text` (ASCII).
    @inline(__always)
    func bytesEqual(_ s: Int, _ e: Int, _ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard e - s == n else { return false }
        let p = text.utf8Start
        for k in 0..<n where buffer[s + k] != p[k] { return false }
        return true
    }

    /// The attribute `name` of the current start tag, decoded.
    func attribute(_ name: StaticString) throws(ReaderError) -> String? {
        var found: String? = nil
        try forEachAttribute { (ns, ne, vs, ve) throws(ReaderError) in
            if found == nil, bytesEqual(ns, ne, name) {
                var out: [UInt8] = []
                try appendDecoded(vs, ve, into: &out)
                found = String(decoding: out, as: UTF8.self)
            }
        }
        return found
    }

    /// Appends bytes [s, e) with entities and character references decoded, and line ends
    /// normalised (CR LF → LF) as XML requires; a CR written as `&#13;` or `_x000D_` stays.
    func appendDecoded(_ s: Int, _ e: Int, into out: inout [UInt8]) throws(ReaderError) {
        var i = s
        var runStart = s
        while i < e {
            let b = buffer[i]
            if b != 0x26 && b != 0x0D { i += 1; continue } // '&' or CR
            if i > runStart { out.append(contentsOf: UnsafeBufferPointer(start: buffer + runStart, count: i - runStart)) }
            if b == 0x0D {
                // XML end-of-line handling: CR LF and a lone CR both become LF.
                out.append(0x0A)
                i += (i + 1 < e && buffer[i + 1] == 0x0A) ? 2 : 1
                runStart = i
                continue
            }
            var j = i + 1
            while j < e, buffer[j] != 0x3B, j - i < 12 { j += 1 }
            guard j < e, buffer[j] == 0x3B else { throw error("unterminated entity reference", at: i) }
            let name = (i + 1)..<j
            if bytesEqual(name.lowerBound, name.upperBound, "lt") { out.append(0x3C) }
            else if bytesEqual(name.lowerBound, name.upperBound, "gt") { out.append(0x3E) }
            else if bytesEqual(name.lowerBound, name.upperBound, "amp") { out.append(0x26) }
            else if bytesEqual(name.lowerBound, name.upperBound, "quot") { out.append(0x22) }
            else if bytesEqual(name.lowerBound, name.upperBound, "apos") { out.append(0x27) }
            else if name.count >= 2, buffer[name.lowerBound] == 0x23 { // &#...;
                var value: UInt32 = 0
                var k = name.lowerBound + 1
                let hex = buffer[k] == 0x78 || buffer[k] == 0x58
                if hex { k += 1 }
                guard k < name.upperBound else { throw error("empty character reference", at: i) }
                while k < name.upperBound {
                    let b = buffer[k]
                    let digit: UInt32
                    switch b {
                    case 0x30...0x39: digit = UInt32(b - 0x30)
                    case 0x61...0x66 where hex: digit = UInt32(b - 0x61 + 10)
                    case 0x41...0x46 where hex: digit = UInt32(b - 0x41 + 10)
                    default: throw error("bad character reference", at: i)
                    }
                    value = value * (hex ? 16 : 10) + digit
                    guard value <= 0x10FFFF else { throw error("character reference out of range", at: i) }
                    k += 1
                }
                guard let scalar = Unicode.Scalar(value) else { throw error("character reference to a surrogate", at: i) }
                UTF8.encode(scalar) { out.append($0) }
            } else {
                throw error("unknown entity &\(quoted(name.lowerBound, name.upperBound));", at: i)
            }
            i = j + 1
            runStart = i
        }
        if e > runStart { out.append(contentsOf: UnsafeBufferPointer(start: buffer + runStart, count: e - runStart)) }
    }

    /// Appends bytes [s, e) as they are (text known to need no decoding).
    func appendRaw(_ s: Int, _ e: Int, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: buffer + s, count: e - s))
    }

    /// Bytes [s, e) of the buffer, valid until the next call that reads more.
    @inline(__always)
    func bytes(_ s: Int, _ e: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + s, count: e - s)
    }

    /// Appends the current text token, decoded (CDATA as is).
    func appendText(into out: inout [UInt8]) throws(ReaderError) {
        if textIsCDATA {
            out.append(contentsOf: UnsafeBufferPointer(start: buffer + textStart, count: textEnd - textStart))
        } else {
            try appendDecoded(textStart, textEnd, into: &out)
        }
    }

    /// Whether the current start tag says xml:space="preserve".
    func preservesSpace() throws(ReaderError) -> Bool {
        var preserve = false
        try forEachAttribute { (ns, ne, vs, ve) throws(ReaderError) in
            if bytesEqual(ns, ne, "space"), bytesEqual(vs, ve, "preserve") { preserve = true }
        }
        return preserve
    }

    /// Removes XML white space at both ends of out[from...] (text of a <t> without
    /// xml:space="preserve", which Excel trims).
    static func trimSpace(_ out: inout [UInt8], from start: Int) {
        var e = out.count
        while e > start, isSpace(out[e - 1]) { e -= 1 }
        var s = start
        while s < e, isSpace(out[s]) { s += 1 }
        if e < out.count { out.removeSubrange(e...) }
        if s > start { out.removeSubrange(start..<s) }
    }

    /// Skips to the end of the element whose start tag was just read.
    mutating func skipElement() throws(ReaderError) {
        if selfClosing { return }
        let target = depth - 1
        while true {
            let t = try next()
            if t == .end, depth == target { return }
            if t == .eof { return }
        }
    }
}
