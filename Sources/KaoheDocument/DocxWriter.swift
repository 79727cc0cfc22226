import Foundation
import KaoheSystem
import KaoheWriter
import ZIPFoundation

/// Writes a `WordDocument` as a .docx: WordprocessingML parts (document, styles, fonts,
/// footer, settings, properties) zipped with ZIPFoundation, under a temporary name renamed
/// into place.
public enum DocxWriter {
    public static func write(_ doc: WordDocument, to path: String) throws(DocumentError) {
        // Hidden while it is written, named as the summaries' are (.NAME.partial-PID-N): a run that
        // finds one a dead run left removes it.
        let temporary = System.temporaryName(for: path)
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            // Zipped in memory and written once: a file written entry by entry is hundreds of
            // small writes, a night's summaries times ten.
            let archive = try Archive(accessMode: .create)
            for (name, text) in parts(doc) {
                let data = Data(text.utf8)
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: doc.modified,
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard let zipped = archive.data else { throw DocumentError(path: path, message: "the zip was not made") }
            try zipped.write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw DocumentError(path: path, message: "cannot write the document: \(error)")
        }
        // rename(2) replaces an earlier document in one step: never a moment with none.
        if let reason = System.rename(temporary, path) {
            try? FileManager.default.removeItem(atPath: temporary)
            throw DocumentError(path: path, message: "cannot move the document into place: \(reason)")
        }
    }

    /// Every part of the package, by its name in the zip, in the order written.
    static func parts(_ doc: WordDocument) -> [(String, String)] {
        [("[Content_Types].xml", Parts.contentTypes), ("_rels/.rels", Parts.packageRelationships),
         ("docProps/core.xml", Parts.core(title: doc.title, modified: doc.modified)), ("docProps/app.xml", Parts.app),
         ("word/document.xml", DocumentXML.document(doc)), ("word/styles.xml", Parts.styles),
         ("word/fontTable.xml", Parts.fontTable), ("word/settings.xml", Parts.settings),
         ("word/footer1.xml", Parts.footer), ("word/_rels/document.xml.rels", Parts.documentRelationships)]
    }
}

/// XML text: &, <, > and quotes escaped; characters XML 1.0 forbids dropped.
enum XML {
    static func escape(_ s: String) -> String {
        // Most texts (unit names, numbers) need nothing: returned as they are.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == 0xEF }) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default: if u.value >= 0x20 && u.value != 0xFFFE && u.value != 0xFFFF { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
