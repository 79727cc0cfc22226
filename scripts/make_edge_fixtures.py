#!/usr/bin/env python3
"""Writes, once, a city's quarter as three lead units submit it, with the table edges an office
meets (issue 28), into Tests/KaoheJobsTests/Fixtures/edges:

- 统计工作: 小计 after each group and 合计 at the end (one 小计 mis-added by its lead unit), a
  blank row in the middle, a 填表人/联系电话 footer;
- 营商环境: 西山县 has no row (the job gives no absent: rule);
- 党建工作: 市民政局 not assessed (备注 不参评), 市档案馆 not in the registry, 市机关事务局 neither
  registered nor assessed (不参评).

Twelve units in two groups; 总表 30/40/30. The figures the tests expect are worked out in the
tests' comments by hand.

    python3 scripts/make_edge_fixtures.py
"""
import os

from openpyxl import Workbook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "KaoheJobsTests", "Fixtures", "edges")
PERIOD = "2025年第四季度"

COUNTIES = ["东山县", "西山县", "南山县", "北山县", "中山区", "新城区"]
DEPARTMENTS = ["市发改委", "市财政局", "市教育局", "市民政局", "市司法局", "市商务局"]


def save(wb, name):
    wb.properties.creator = "openpyxl"
    path = os.path.join(OUT, name)
    wb.save(path)


def statistics():
    # 单位 | 任务数 | 完成数 | 完成率得分 (= min(100, 完成数 ÷ 任务数 × 100), two places)
    tasks = {"东山县": (10, 10), "西山县": (10, 9), "南山县": (8, 8), "北山县": (12, 9), "中山区": (10, 11),
             "新城区": (6, 3), "市发改委": (5, 5), "市财政局": (4, 3), "市教育局": (6, 6), "市民政局": (5, 4),
             "市司法局": (4, 4), "市商务局": (8, 6)}
    wb = Workbook()
    ws = wb.active
    ws.title = "统计工作"
    ws.append(["2025年第四季度统计工作考核表"])
    ws.append(["单位", "任务数", "完成数", "得分"])

    def score(t, d):
        from decimal import ROUND_HALF_UP, Decimal
        v = min(Decimal(100), Decimal(d) / Decimal(t) * 100)
        return float(v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    total = [0, 0]
    for group, wrong in ((COUNTIES, 0), (DEPARTMENTS, 1)):
        sub = [0, 0]
        for i, u in enumerate(group):
            t, d = tasks[u]
            ws.append([u, t, d, score(t, d)])
            sub[0] += t
            sub[1] += d
            if u == "南山县":
                ws.append([])  # a blank row in the middle
        # The departments' 小计 is mis-added by the lead unit: 完成数 28 where the rows give 28 - 0 … + 1.
        ws.append(["小计", sub[0], sub[1] + wrong, None])
        total[0] += sub[0]
        total[1] += sub[1]
    ws.append(["合计", total[0], total[1], None])
    ws.append([])
    ws.append(["填表人：王丽", None, "联系电话：0827-5266001"])
    save(wb, f"统计工作-{PERIOD}.xlsx")


def business():
    reasons = {"东山县": "", "南山县": "材料迟报扣1分", "北山县": "加0.5分", "中山区": "", "新城区": "扣2分",
               "市发改委": "", "市财政局": "扣0.5分", "市教育局": "", "市民政局": "加1分", "市司法局": "",
               "市商务局": "扣1分"}
    wb = Workbook()
    ws = wb.active
    ws.title = "营商环境"
    ws.append(["2025年第四季度营商环境考核表"])
    ws.append(["单位", "加扣分原因", "得分"])
    for u in COUNTIES + DEPARTMENTS:
        if u == "西山县":
            continue  # 西山县 has no row in this table
        r = reasons[u]
        amount = 0
        if "扣" in r:
            amount = -float(r.split("扣")[1].rstrip("分"))
        elif "加" in r:
            amount = float(r.split("加")[1].rstrip("分"))
        ws.append([u, r or None, 100 + amount])
    save(wb, f"营商环境-{PERIOD}.xlsx")


def business_corrected():
    """The lead unit's corrected 营商环境, sent again after the quarter's summary went out: 西山县
    added (扣1分, 99)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "营商环境"
    ws.append(["2025年第四季度营商环境考核表（更正）"])
    ws.append(["单位", "加扣分原因", "得分"])
    rows = [("东山县", None, 100), ("西山县", "扣1分", 99), ("南山县", "材料迟报扣1分", 99), ("北山县", "加0.5分", 100.5),
            ("中山区", None, 100), ("新城区", "扣2分", 98), ("市发改委", None, 100), ("市财政局", "扣0.5分", 99.5),
            ("市教育局", None, 100), ("市民政局", "加1分", 101), ("市司法局", None, 100), ("市商务局", "扣1分", 99)]
    for r in rows:
        ws.append(list(r))
    os.makedirs(os.path.join(OUT, "corrected"), exist_ok=True)
    save(wb, os.path.join("corrected", f"营商环境-{PERIOD}.xlsx"))


def party():
    scores = {"东山县": 95, "西山县": 92, "南山县": 90, "北山县": 88, "中山区": 97, "新城区": 85,
              "市发改委": 96, "市财政局": 93, "市教育局": 91, "市民政局": None, "市司法局": 89, "市商务局": 94}
    wb = Workbook()
    ws = wb.active
    ws.title = "党建工作"
    ws.append(["2025年第四季度党建工作考核表"])
    ws.append(["单位", "得分", "备注"])
    for u in COUNTIES + DEPARTMENTS:
        ws.append([u, scores[u], "不参评" if scores[u] is None else None])
    ws.append(["市档案馆", 90, None])
    ws.append(["市机关事务局", None, "不参评（试点单位）"])  # not in the registry, excluded on purpose
    save(wb, f"党建工作-{PERIOD}.xlsx")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    statistics()
    business()
    business_corrected()
    party()
