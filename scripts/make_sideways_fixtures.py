#!/usr/bin/env python3
"""Writes, once, a table printed sideways (issue 28, item 7) with its job, registry and the
figures it must give (worked out here in Python's decimal, independently of Kaohe), into
Tests/KaoheJobsTests/Fixtures/sideways.

A county's 综合考核得分及排名 as small tables are often published: one column per town (eight
towns), one row per item (five item scores, 综合得分, 排名), the title merged across the top and a
note merged under the table. No published table of this shape with every number visible could
be found in the stored pages searched (综合考核得分及排名 乡镇 通报; 考核得分 镇 排名 表), so this one
is realistic, not real: the towns, the items and their maxima are typical of county
assessments, the scores made up. One 综合得分 is mistyped (the third town's, D8: 1 point more than
its items add up to), as published tables sometimes have.

    python3 scripts/make_sideways_fixtures.py
"""
import json
import os
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "KaoheJobsTests", "Fixtures", "sideways")

TOWNS = ["城关镇", "龙泉镇", "白马镇", "青山镇", "石门乡", "双河镇", "桃源乡", "金沙镇"]
ITEMS = [("经济发展（30分）", [27.85, 26.40, 28.15, 25.90, 24.35, 27.10, 23.80, 26.95]),
         ("项目建设（20分）", [18.60, 17.25, 18.90, 16.80, 15.95, 17.70, 16.05, 18.10]),
         ("乡村振兴（20分）", [17.90, 18.35, 17.40, 18.05, 17.15, 16.90, 18.20, 17.55]),
         ("社会治理（15分）", [13.75, 14.10, 13.20, 13.95, 12.80, 13.45, 14.05, 13.30]),
         ("党的建设（15分）", [14.20, 13.85, 14.35, 13.60, 13.90, 14.05, 13.25, 13.70])]
TYPO_TOWN = 2        # 白马镇, the third town: its 综合得分 printed 1 more than its items add up to
TYPO = Decimal(1)


def competition(values):
    return [1 + sum(1 for w in values if w > v) for v in values]


JOB = """# 按列排列（每个乡镇一列）的综合考核表（scripts/make_sideways_fixtures.py 生成的示例数据）。
assessment: 2025年度乡镇综合考核
period: 2025年度
output: 乡镇综合考核汇总.xlsx
registry: registry.yaml
tables:
  - id: 综合考核
    title: 2025年度乡镇综合考核得分及排名
    source: {file: 综合考核.xlsx}
    orientation: columns        # 每个乡镇一列，考核项目在首列
    columns: {unit: 考核项目, 经济: 经济发展（30分）, 项目: 项目建设（20分）, 振兴: 乡村振兴（20分）, 治理: 社会治理（15分）,
              党建: 党的建设（15分）, 公布得分: 综合得分, 公布排名: 排名}
    scores:
      - {name: 综合得分, expression: "经济 + 项目 + 振兴 + 治理 + 党建", published: 公布得分}
    rank: {score: 综合得分, published: 公布排名}
    output: [{header: 乡镇, value: unit}, 经济, 项目, 振兴, 治理, 党建, 综合得分, rank]
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    totals = [sum(Decimal(str(values[i])) for _, values in ITEMS) for i in range(len(TOWNS))]
    published = list(totals)
    published[TYPO_TOWN] += TYPO
    ranks = competition(totals)
    wb = Workbook()
    ws = wb.active
    ws.title = "综合考核"
    width = len(TOWNS) + 1
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1, value="2025年度乡镇综合考核得分及排名").alignment = Alignment(horizontal="center")
    ws.append(["考核项目"] + TOWNS)
    for name, values in ITEMS:
        ws.append([name] + values)
    ws.append(["综合得分"] + [float(p) for p in published])
    ws.append(["排名"] + ranks)
    note_row = ws.max_row + 1
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=width)
    ws.cell(row=note_row, column=1, value="注：综合得分为五项得分之和，排名按综合得分由高到低排列。")
    wb.save(os.path.join(OUT, "综合考核.xlsx"))
    with open(os.path.join(OUT, "job.yaml"), "w", encoding="utf-8") as f:
        f.write(JOB)
    with open(os.path.join(OUT, "registry.yaml"), "w", encoding="utf-8") as f:
        f.write("# 示例乡镇（scripts/make_sideways_fixtures.py）。\ngroups: [乡镇]\nunits:\n")
        for t in TOWNS:
            f.write(f"  - {{name: {t}, group: 乡镇}}\n")
    column = "BCDEFGHI"
    expected = {
        "items": {t: [str(Decimal(str(values[i]))) for _, values in ITEMS] for i, t in enumerate(TOWNS)},
        "totals": {t: str(v) for t, v in zip(TOWNS, totals)},
        "ranks": dict(zip(TOWNS, ranks)),
        "typo": {"unit": TOWNS[TYPO_TOWN], "cell": f"{column[TYPO_TOWN]}{3 + len(ITEMS)}",
                 "published": str(published[TYPO_TOWN]), "computed": str(totals[TYPO_TOWN])},
    }
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
