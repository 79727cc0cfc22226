import Foundation
@testable import KaoheDraft
import Testing

@Suite struct YAMLTextTests {
    @Test func plainWhereYAMLReadsItBack() {
        #expect(YAMLText.scalar("被考核单位") == "被考核单位")
        #expect(YAMLText.scalar("（政务服务）") == "（政务服务）")
        #expect(YAMLText.scalar("过程管控（45%）/加扣分理由及分值") == "\"过程管控（45%）/加扣分理由及分值\"")
        #expect(YAMLText.scalar("100") == "\"100\"")
        #expect(YAMLText.scalar("yes") == "\"yes\"")
        #expect(YAMLText.scalar("- 注") == "\"- 注\"")
        #expect(YAMLText.scalar("说明：\"计分\"\n第二行\u{1}") == "\"说明：\\\"计分\\\"\\n第二行\\u0001\"")
    }
}
