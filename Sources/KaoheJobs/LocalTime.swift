import Foundation

/// Times as office staff read them, in the machine's time zone and the Gregorian calendar (as
/// zh_CN writes dates): "2026年11月30日 08:05", or "11月30日 08:05" without the year. Built from
/// calendar fields, not a DateFormatter, which is costly to make (one per summary was 1 % of a
/// night's work) and not to be shared across the threads that write summaries.
public enum LocalTime {
    public static func text(_ d: Date, year: Bool = true) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: d)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        let day = "\(c.month ?? 0)月\(c.day ?? 0)日 \(two(c.hour)):\(two(c.minute))"
        return year ? "\(c.year ?? 0)年" + day : day
    }
}
