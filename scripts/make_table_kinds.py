#!/usr/bin/env python3
"""Writes, once, the workbooks of four kinds of real assessment table that the seed documents do
not show, with their jobs and the figures they must give (worked out here, in Python's decimal,
independently of Kaohe), into Tests/KaoheJobsTests/Fixtures/kinds:

- 实地核查 × 85% + 问卷调查 × 15%, parts printed rounded, totals computed from unrounded parts
  (tolerance: 0.01), ranks printed 第一名 … (Chinese ordinals);
- villages (村) under towns (乡镇): each town scores the mean of its villages (rollup);
- two blocks printed side by side (名次|单位|得分|名次|单位|得分), ranks written 第X名;
- grades by quota ("优秀不超过 30%、良好不超过 40%"), with a tie at the boundary.

    python3 scripts/make_table_kinds.py
"""
import json
import os
import random
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "KaoheJobsTests", "Fixtures", "kinds")

DEPARTMENTS = ["区发改局", "区财政局", "区教育局", "区公安分局", "区民政局", "区司法局", "区人社局", "区自然资源局",
               "区住建局", "区交通局", "区水利局", "区农业农村局", "区商务局", "区文旅局", "区卫健局", "区应急局",
               "区审计局", "区统计局", "区市场监管局", "区医保局"]
TOWNS = {"东城镇": ["东村", "东湖村", "东岭村"], "西城镇": ["西村", "西岭村"], "南山镇": ["南村", "南坪村", "南溪村", "南岗村"],
         "北山乡": ["北村"]}


def q(d, places=2):
    return Decimal(d).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def chinese(n):
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def competition(values):
    return [1 + sum(1 for w in values if w > v) for v in values]


def title(ws, text, width):
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1, value=text).alignment = Alignment(horizontal="center")


def weighted(expected):
    """实地 × 85% + 问卷 × 15%: 20 departments, parts printed to 2 places, totals from the
    unrounded parts; one total mistyped (a real finding)."""
    rng = random.Random(85)
    rows = []
    for name in DEPARTMENTS:
        field = Decimal(rng.randint(800000, 990000)) / 10000   # 4 places, printed with 2
        survey = Decimal(rng.randint(850000, 1000000)) / 10000
        rows.append([name, field, survey, q(field * Decimal("0.85") + survey * Decimal("0.15"))])
    rows[7][3] += Decimal("0.5")  # 区自然资源局: a typo in the published total
    totals = [r[3] for r in rows]
    ranks = competition(totals)
    wb = Workbook()
    ws = wb.active
    ws.title = "综合评价"
    title(ws, "2024年度部门政务服务综合评价结果", 5)
    ws.append(["单位", "实地核查得分（85%）", "问卷调查得分（15%）", "综合得分", "名次"])
    for r, rank in zip(rows, ranks):
        ws.append([r[0], float(q(r[1])), float(q(r[2])), float(r[3]), "第" + chinese(rank) + "名"])
    wb.save(os.path.join(OUT, "综合评价.xlsx"))
    recomputed = [q(q(r[1]) * Decimal("0.85") + q(r[2]) * Decimal("0.15")) for r in rows]
    within = [r[0] for r, c in zip(rows, recomputed) if r[3] != c and abs(r[3] - c) <= Decimal("0.01")]
    beyond = [(r[0], str(r[3]), str(c)) for r, c in zip(rows, recomputed) if abs(r[3] - c) > Decimal("0.01")]
    shown = [r[3] if r[0] in within or r[3] == c else c for r, c in zip(rows, recomputed)]
    expected["weighted"] = {
        "scores": {r[0]: str(s) for r, s in zip(rows, shown)},
        "ranks": {r[0]: k for r, k in zip(rows, competition(shown))},
        "within_tolerance": len(within),
        "within_units": within,
        "beyond_tolerance": beyond,
    }


def villages(expected):
    """Villages under towns: each town is the mean of its villages' 得分."""
    rng = random.Random(7)
    wb = Workbook()
    ws = wb.active
    ws.title = "村级考核"
    title(ws, "2024年度村级政务公开考核得分", 3)
    ws.append(["乡镇", "村", "得分"])
    means = {}
    for town, vs in TOWNS.items():
        scores = [Decimal(rng.randint(7000, 9900)) / 100 for _ in vs]
        for v, s in zip(vs, scores):
            ws.append([town, v, float(s)])
        means[town] = q(sum(scores) / len(scores))
    wb.save(os.path.join(OUT, "村级考核.xlsx"))
    expected["villages"] = {"means": {t: str(m) for t, m in means.items()}, "counts": {t: len(v) for t, v in TOWNS.items()},
                            "ranks": dict(zip(means, competition(list(means.values()))))}


def blocks(expected):
    """Two blocks side by side: 名次 | 单位 | 得分 | 名次 | 单位 | 得分, ranks written 第X名."""
    rng = random.Random(3)
    scores = sorted(((Decimal(rng.randint(8000, 9990)) / 100, d) for d in DEPARTMENTS[:12]), reverse=True)
    scores[5] = (scores[4][0], scores[5][1])  # a tie: both 第五名
    ranks = competition([s for s, _ in scores])
    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    title(ws, "2024年度部门信息报送排名", 6)
    ws.append(["名次", "单位", "得分", "名次", "单位", "得分"])
    half = (len(scores) + 1) // 2
    for i in range(half):
        left = ["第%d名" % ranks[i], scores[i][1], float(scores[i][0])]
        j = i + half
        right = ["第%s名" % chinese(ranks[j]), scores[j][1], float(scores[j][0])] if j < len(scores) else []
        ws.append(left + right)
    ws.append(["注：得分相同的名次并列。"])
    wb.save(os.path.join(OUT, "排名.xlsx"))
    expected["blocks"] = {"scores": {d: str(s) for s, d in scores}, "ranks": {d: r for (_, d), r in zip(scores, ranks)}}


def quota(expected):
    """优秀不超过 30%、良好不超过 40% of 20 units; 6th and 7th tie, so both are 良好 (5 优秀)."""
    rng = random.Random(30)
    values = sorted((Decimal(rng.randint(7000, 9900)) / 100 for _ in DEPARTMENTS), reverse=True)
    values[6] = values[5]
    ranks = competition(values)
    n = len(values)
    grades = []
    for v, r in zip(values, ranks):
        first = r
        last = r + values.count(v) - 1
        if last <= int(Decimal("0.3") * n):
            grades.append("优秀")
        elif last <= int(Decimal("0.7") * n):
            grades.append("良好")
        else:
            grades.append("一般")
    wb = Workbook()
    ws = wb.active
    ws.title = "等次"
    title(ws, "2024年度部门目标考核等次", 3)
    ws.append(["单位", "得分", "等次"])
    for d, v, g in zip(DEPARTMENTS, values, grades):
        ws.append([d, float(v), g])
    ws.append(["注：优秀不超过 30%，良好不超过 40%，得分相同者等次相同。"])
    wb.save(os.path.join(OUT, "等次.xlsx"))
    expected["quota"] = {"grades": dict(zip(DEPARTMENTS, grades)), "tied": [DEPARTMENTS[5], DEPARTMENTS[6]]}


def uneven(expected):
    """A sheet whose 单位 header appears twice and 得分 once: no block layout fits."""
    wb = Workbook()
    ws = wb.active
    ws.title = "重复表头"
    ws.append(["单位", "得分", "单位", "备注"])
    ws.append([DEPARTMENTS[0], 90, DEPARTMENTS[1], "无"])
    wb.save(os.path.join(OUT, "重复表头.xlsx"))


REGISTRY = """# 表类示例的单位名册（scripts/make_table_kinds.py）。
groups: [区级部门, 乡镇]
units:
""" + "".join("  - {name: %s, group: 区级部门}\n" % d for d in DEPARTMENTS) + "".join("  - {name: %s, group: 乡镇}\n" % t for t in TOWNS)

JOB = """# 四类真实考核表（scripts/make_table_kinds.py 生成的示例数据）。
assessment: 2024年度表类示例
period: 2024年度
output: 表类示例汇总.xlsx
registry: registry.yaml
tables:
  - id: 综合评价
    title: 2024年度部门政务服务综合评价结果
    source: {file: 综合评价.xlsx}
    columns: {unit: 单位, 实地: 实地核查得分（85%）, 问卷: 问卷调查得分（15%）, 公布总分: 综合得分, 公布名次: 名次}
    scores:
      - {name: 综合得分, expression: "实地 * 85% + 问卷 * 15%", published: 公布总分, tolerance: 0.01}
    rank: {score: 综合得分, published: 公布名次, check_against: 公布总分}
    output:
      - {header: 单位, value: unit}
      - {header: 实地核查得分（85%）, value: 实地, format: "0.00"}
      - {header: 问卷调查得分（15%）, value: 问卷, format: "0.00"}
      - {header: 综合得分, value: 综合得分, format: "0.00"}
      - {header: 名次, value: rank, format: integer}
  - id: 村级考核
    title: 2024年度村级政务公开考核得分
    source: {file: 村级考核.xlsx}
    columns: {unit: 乡镇, 村: 村, 得分: 得分}
    subunit: 村
    scores:
      - {name: 村得分, from: 得分}
    rollup: {of: 村得分, method: mean, name: 乡镇得分}
    rank: {score: 乡镇得分}
    output:
      - {header: 乡镇, value: unit}
      - {header: 村数, value: subunits, format: integer}
      - {header: 村, value: subunit}
      - {header: 得分, value: 村得分, format: "0.00"}
      - {header: 乡镇得分（村平均）, value: 乡镇得分, format: "0.00"}
      - {header: 名次, value: rank, format: integer}
  - id: 排名
    title: 2024年度部门信息报送排名
    source: {file: 排名.xlsx}
    columns: {unit: 单位, 公布得分: 得分, 公布名次: 名次}
    scores:
      - {name: 得分, from: 公布得分}
    rank: {score: 得分, published: 公布名次}
    output:
      - {header: 单位, value: unit}
      - {header: 得分, value: 得分, format: "0.00"}
      - {header: 名次, value: rank, format: integer}
  - id: 等次
    title: 2024年度部门目标考核等次
    source: {file: 等次.xlsx}
    columns: {unit: 单位, 公布得分: 得分, 公布等次: 等次}
    scores:
      - {name: 得分, from: 公布得分}
    rank: {score: 得分}
    grades: {shares: {优秀: 30%, 良好: 40%}, else: 一般, published: 公布等次}
    output:
      - {header: 单位, value: unit}
      - {header: 得分, value: 得分, format: "0.00"}
      - {header: 名次, value: rank, format: integer}
      - {header: 等次, value: grade}
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    weighted(expected)
    villages(expected)
    blocks(expected)
    quota(expected)
    uneven(expected)
    with open(os.path.join(OUT, "registry.yaml"), "w", encoding="utf-8") as f:
        f.write(REGISTRY)
    with open(os.path.join(OUT, "job.yaml"), "w", encoding="utf-8") as f:
        f.write(JOB)
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.relpath(OUT, ROOT), json.dumps({k: v for k, v in expected["weighted"].items() if k != "scores" and k != "ranks"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
