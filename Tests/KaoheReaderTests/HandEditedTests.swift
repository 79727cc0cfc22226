import Foundation
import Testing
@testable import KaoheReader

/// Variants no writer produces, built by the fixture script from hand-written XML.
@Suite struct HandEditedTests {
    static let names = ["prefixed", "no_r_attributes", "strict", "text_forms", "odd_part_names"]

    @Test("every cell of the hand-edited variants", arguments: names, [nil, 7])
    func cells(_ name: String, _ chunk: Int?) throws {
        let all = Fixtures.json("generated/hand.expected.json") as! [String: [String: [Any]]]
        let want = all[name]!
        let wb = try Fixtures.workbook("generated/\(name).xlsx", chunk: chunk)
        let got = try wb.grid(wb.sheets[0]).byReference
        #expect(Set(got.keys) == Set(want.keys), "\(name)")
        for (ref, pair) in want {
            let v = pair[1]
            let expected: CellValue
            switch pair[0] as! String {
            case "string": expected = .string(v as! String)
            case "number": expected = .number(v as! String)
            case "bool": expected = .bool((v as! NSNumber).boolValue)
            case "date": expected = .date(v as! String)
            default: expected = .error(v as! String)
            }
            #expect(got[ref] == expected, "\(name)!\(ref)")
        }
    }

    @Test("prefixed elements: merged ranges are read too")
    func prefixedMerges() throws {
        let wb = try Fixtures.workbook("generated/prefixed.xlsx")
        #expect(try wb.grid(wb.sheets[0]).metadata.mergedRanges == [CellRange("A3:B3")!])
    }

    @Test("strict OOXML with absolute targets: sheet name and part")
    func strict() throws {
        let wb = try Fixtures.workbook("generated/strict.xlsx")
        #expect(wb.sheets == [SheetInfo(name: "严格模式", state: .visible, kind: .worksheet, part: "xl/worksheets/sheet1.xml")])
    }

    @Test("a wrong <dimension> does not limit the cells; the used range comes from the cells")
    func wrongDimension() throws {
        let wb = try Fixtures.workbook("generated/no_r_attributes.xlsx")
        let meta = try wb.grid(wb.sheets[0]).metadata
        #expect(meta.declaredDimension == CellRange("A1"))
        #expect(meta.usedRange == CellRange("A1:E5"))
    }
}
