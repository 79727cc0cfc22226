import Foundation
import KaoheScoring

/// A decimal from its text; tests never go through binary floating point.
func d(_ text: String) -> Decimal {
    guard let v = Decimal(strict: text) else { fatalError("not a decimal: \(text)") }
    return v
}

/// The published seed tables, extracted once by scripts/seeds_to_json.py.
enum Seeds {
    static func json(_ name: String) -> [String: Any] {
        let url = Bundle.module.url(forResource: "Seeds/\(name)", withExtension: "json")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    /// Tables of seeds 000, 001 and 003: title and rows of cells.
    static func tables(_ seed: String) -> [(title: String, subtitle: String?, rows: [[String]])] {
        (json("seed" + seed)["tables"] as! [[String: Any]]).map {
            ($0["title"] as! String, $0["subtitle"] as? String, $0["rows"] as! [[String]])
        }
    }

    static func table(_ seed: String, titleContains: String, subtitle: String? = nil) -> [[String]] {
        tables(seed).first { $0.title.contains(titleContains) && (subtitle == nil || $0.subtitle == subtitle) }!.rows
    }

    /// Seed 002: (group, cells) with cells 序号, 被考核单位, 加扣分原因及分值, 得分, 排名.
    static var seed002: [(group: String, cells: [String])] {
        (json("seed002")["rows"] as! [[String: Any]]).map { ($0["group"] as! String, $0["cells"] as! [String]) }
    }
}

extension Value {
    /// A cell's text as the jobs module will read it.
    static func cell(_ text: String) -> Value { Value.parse(text) }
}
