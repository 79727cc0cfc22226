import Foundation

/// Grade fills as offices print them: 红牌 red, 黄牌 yellow, 绿牌 green, 蓝牌 blue, 黑牌 black
/// (with white text). A job's `grade_colors: {优秀: "#C6EFCE"}` adds or changes them.
enum GradeColors {
    static let defaults: [String: UInt32] = [
        "红牌": 0xFF5B5B, "红": 0xFF5B5B, "黄牌": 0xFFE066, "黄": 0xFFE066, "绿牌": 0x70C770, "绿": 0x70C770,
        "蓝牌": 0x6FA8FF, "蓝": 0x6FA8FF, "黑牌": 0x000000, "黑": 0x000000,
    ]

    /// "#RRGGBB" or "RRGGBB".
    static func parse(_ text: String) -> UInt32? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("#") { t.removeFirst() }
        guard t.count == 6 else { return nil }
        return UInt32(t, radix: 16)
    }
}
