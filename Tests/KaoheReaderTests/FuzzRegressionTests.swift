import Foundation
import KaoheTestSupport
import Testing
@_spi(Parts) @testable import KaoheReader

/// Every input the fuzz targets (scripts/fuzz) ever found crashing, hanging or running out of
/// memory, kept in Fuzz/regressions/TARGET and replayed here as the target feeds it: each
/// reads or gives a ReaderError, never a trap.
@Suite struct FuzzRegressionTests {
    static let folder = repoPath("Fuzz/regressions")

    static func inputs(_ target: String) -> [String] {
        let dir = folder + "/" + target
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { target + "/" + $0 }
    }

    static let partInputs = PartReading.Part.allCases.flatMap { inputs($0.rawValue) }

    @Test("each part the fuzzer found reads or gives a ReaderError", arguments: partInputs)
    func part(_ input: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + input)))
        let target = try #require(PartReading.Part(rawValue: String(input.prefix { $0 != "/" })))
        let split = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        do {
            if target == .sheet {
                try PartReading.read(.sheet, Array(split[0]), strings: split.count > 1 ? Array(split[1]) : nil)
            } else {
                try PartReading.read(target, bytes)
            }
        } catch {
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("each workbook the zip target found opens and reads or gives a ReaderError", arguments: inputs("zip"))
    func zip(_ input: String) throws {
        // The zip target's budget (16 MB inflated in all): the libFuzzer time-outs were sheets
        // listed two thousand times over one part, bounded by the budget.
        do { try RegressionCorpusTests.readAll(Self.folder + "/" + input, limits: ReaderLimits(maxInflatedTotal: 16 << 20)) } catch let e as ReaderError {
            #expect(!e.description.contains("\n"))
        }
    }

    @Test("an <si> inside a <t> (it trapped the reader): the open string ends where the next begins")
    func nestedSharedString() throws {
        let xml = Array(#"<sst><si><t>x <si></si></t></si><si><t> 考核 </t></si></sst>"#.utf8)
        var sc = PartReading.scanner(xml, part: "sst", limits: .default)
        let s = try SharedStrings(scanner: &sc, limits: .default)
        #expect((0..<s.count).map(s.string) == ["x ", "", "考核"])
        #expect(try PartReading.read(.sharedStrings, Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/sharedStrings/nested-si-in-t.xml")))) == 2)
    }

    @Test("a shared-string table over its limits stops with tooMuchText, naming the limit")
    func sharedStringLimits() throws {
        var limits = ReaderLimits.default
        limits.maxSharedStringBytes = 10
        let big = Array("<sst><si><t>0123456789AB</t></si></sst>".utf8)
        let e = Fixtures.readerError { try PartReading.read(.sharedStrings, big, limits: limits) }
        #expect(e?.kind == .tooMuchText)
        #expect(e?.message == "the shared-string table holds more than 0 MB of text; real workbooks hold far less")
        limits = .default
        limits.maxSharedStrings = 2
        let many = Array("<sst><si/><si><t>a</t></si><si/></sst>".utf8)
        let f = Fixtures.readerError { try PartReading.read(.sharedStrings, many, limits: limits) }
        #expect(f?.message == "the shared-string table holds more than 2 strings; real workbooks hold far less")
    }
}
