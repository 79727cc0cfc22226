#!/usr/bin/env python3
"""Writes, once, a year of the 政务信息 assessment of seed 003 (资阳市雁江区, quarterly) as its
lead unit submits it, for the annual roll-up (issue 31), into Tests/KaoheRunnerTests/Fixtures/annual:

- 政务信息-2026年第一季度.xlsx … 第四季度: 单位 | 报送任务 | 报送条数, six units of the seed's
  registry in its two groups (the figures are generated, not published); 区审计局 has no row in
  the second quarter (not assessed that quarter);
- corrected/政务信息-2026年第四季度.xlsx: the fourth quarter resubmitted after the year was
  summarised: 区统计局 reported 20 of 20, not 17;
- 年终考核-2026年度.xlsx: the year-end table, 单位 | 得分 as published;
- 公布结果-2026年第一季度.xlsx: the first quarter as an office published it before it used Kaohe
  (单位 | 得分, the scores the first quarter's summary shows), read by published.yaml.

And, for a quarter made of its months (`quarterly:`), into Fixtures/annual/months:

- 月报政务信息-2026年4月.xlsx, 5月, 6月: the same table, monthly (区审计局 has no row in May);
- corrected/月报政务信息-2026年5月.xlsx: May resubmitted after the quarter was summarised: 区供销社
  reported 8 of 8, not 7.

The annual and quarterly figures the tests expect are worked out by hand in AnnualRunTests.swift.

    python3 scripts/make_annual_fixtures.py           # everything
    python3 scripts/make_annual_fixtures.py months    # only the months (added later; the rest unchanged)
"""
import sys
import os

from openpyxl import Workbook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "KaoheRunnerTests", "Fixtures", "annual")

# (报送任务, 报送条数) per quarter; None: no row that quarter.
QUARTERS = {
    "区统计局": [(20, 19), (20, 18), (20, 20), (20, 17)],
    "区供销社": [(16, 15), (16, 16), (16, 14), (16, 13)],
    "区审计局": [(12, 11), None, (12, 12), (12, 10)],
    "丹山镇": [(10, 10), (10, 9), (10, 8), (10, 10)],
    "祥符镇": [(8, 7), (8, 8), (8, 8), (8, 6)],
    "堪嘉镇": [(25, 24), (25, 23), (25, 25), (25, 22)],
}
YEAR_END = {"区统计局": 88.5, "区供销社": 91, "区审计局": 90, "丹山镇": 85, "祥符镇": 86.5, "堪嘉镇": 80}
NAMES = ["第一季度", "第二季度", "第三季度", "第四季度"]


# (报送任务, 报送条数) per month of the second quarter; None: no row that month.
MONTHS = {
    "区统计局": [(10, 9), (10, 10), (10, 8)],
    "区供销社": [(8, 8), (8, 7), (8, 6)],
    "区审计局": [(6, 5), None, (6, 6)],
    "丹山镇": [(5, 5), (5, 4), (5, 5)],
    "祥符镇": [(4, 3), (4, 4), (4, 4)],
    "堪嘉镇": [(12, 12), (12, 11), (12, 12)],
}


def save(wb, name):
    wb.properties.creator = "openpyxl"
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    wb.save(path)


def submission(period, figures, i, name, correction=None):
    """The 政务信息 table of one period as its lead unit submits it: 单位 | 报送任务 | 报送条数,
    `figures[unit][i]` per unit (None: no row), `correction` (unit, 报送条数) applied."""
    wb = Workbook()
    ws = wb.active
    ws.title = "政务信息"
    ws.append([f"雁江区2026年{period}政务信息报送统计表（示例数据）"])
    ws.append(["单位", "报送任务", "报送条数"])
    for unit, per_period in figures.items():
        if per_period[i] is None:
            continue
        task, count = per_period[i]
        if correction and unit == correction[0]:
            count = correction[1]
        ws.append([unit, task, count])
    save(wb, name)


def quarter(q, corrected=False):
    submission(NAMES[q], QUARTERS, q, ("corrected/" if corrected else "") + f"政务信息-2026年{NAMES[q]}.xlsx",
               ("区统计局", 20) if corrected else None)


def year_end():
    wb = Workbook()
    ws = wb.active
    ws.title = "年终考核"
    ws.append(["雁江区2026年度政务信息年终考核得分（示例数据）"])
    ws.append(["单位", "得分"])
    for unit, score in YEAR_END.items():
        ws.append([unit, score])
    save(wb, "年终考核-2026年度.xlsx")


def published_first_quarter():
    from decimal import ROUND_HALF_UP, Decimal
    wb = Workbook()
    ws = wb.active
    ws.title = "第一季度"
    ws.append(["雁江区2026年第一季度政务信息考核结果（示例数据）"])
    ws.append(["单位", "得分"])
    for unit, figures in QUARTERS.items():
        task, count = figures[0]
        score = min(Decimal(100), Decimal(count) / Decimal(task) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        ws.append([unit, float(score)])
    save(wb, "公布结果-2026年第一季度.xlsx")


def month(m, corrected=False):
    submission(f"{m + 4}月", MONTHS, m, "months/" + ("corrected/" if corrected else "") + f"月报政务信息-2026年{m + 4}月.xlsx",
               ("区供销社", 8) if corrected else None)


if __name__ == "__main__":
    for m in range(3):
        month(m)
    month(1, corrected=True)
    if sys.argv[1:] == ["months"]:
        sys.exit(0)
    for q in range(4):
        quarter(q)
    quarter(3, corrected=True)
    year_end()
    published_first_quarter()
