#!/usr/bin/env python3
"""Writes, once, the workbooks `kaohe draft` is tested on beyond the seeds (committed in
Tests/KaoheDraftTests/Fixtures), with openpyxl, as offices lay tables out:

- 综合考核结果.xlsx: a cover sheet (封面) with no table, then 考核结果: title, subtitle, 12 units
  under two group rows (乡镇 / 部门); 实地检查（85%） and 问卷调查（15%） give 综合得分 =
  实地 × 85% + 问卷 × 15% (two decimals, half up), one published slip (东山镇 printed 88.10
  for 88.01); 等次 by 综合得分: 优秀 ≥ 90, 良好 ≥ 80, else 一般; 名次 competition ranks per group.
- 完成情况并排.xlsx: two blocks side by side (单位|任务数|完成数|完成率|名次 twice), 完成率 =
  完成数 ÷ 任务数 as 0.00%, ranked highest first, 16 units.
- 实地问卷.xlsx: 实地检查得分（85%） and 问卷调查得分（15%） printed to two decimals from
  unrounded scores, 总分 their unrounded sum rounded: 总分 is the printed parts' sum for most
  units and 0.01 off it for some, as published tables are.

    python3 scripts/make_draft_fixtures.py
"""
import os
from decimal import Decimal, ROUND_HALF_UP

import openpyxl
from openpyxl.styles import Alignment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "KaoheDraftTests", "Fixtures")


def half_up(x, places="0.01"):
    return Decimal(x).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def competition(values):
    return [1 + sum(1 for w in values if w > v) for v in values]


def graded():
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A1"] = "2026年度综合考核结果"
    cover["A3"] = "报送单位：县考核办"
    cover["A4"] = "报送日期：2026年12月1日"
    ws = wb.create_sheet("考核结果")
    ws.merge_cells("A1:F1")
    ws["A1"] = "2026年度乡镇和部门综合考核结果汇总表"
    ws.merge_cells("A2:F2")
    ws["A2"] = "（县考核办）"
    for c, h in enumerate(["单位", "实地检查（85%）", "问卷调查（15%）", "综合得分", "等次", "名次"], 1):
        ws.cell(3, c, h).alignment = Alignment(wrap_text=True)
    groups = {
        "乡镇": [("东山镇", "88.2", "87"), ("西河镇", "95.4", "92"), ("南岭乡", "79.5", "81"), ("北坝镇", "91", "88"),
               ("青石镇", "72.3", "70"), ("白马乡", "84.6", "90")],
        "部门": [("县发改局", "96", "94"), ("县教育局", "89.4", "91"), ("县财政局", "77.7", "79"), ("县民政局", "92.2", "85"),
               ("县司法局", "81", "76"), ("县统计局", "89.6", "87")],
    }
    row = 4
    for group, units in groups.items():
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        ws.cell(row, 1, group)
        row += 1
        scores = [half_up(Decimal(a) * Decimal("0.85") + Decimal(b) * Decimal("0.15")) for _, a, b in units]
        ranks = competition(scores)
        for (name, a, b), score, rank in zip(units, scores, ranks):
            printed = Decimal("88.10") if name == "东山镇" else score
            grade = "优秀" if score >= 90 else "良好" if score >= 80 else "一般"
            for c, v in enumerate([name, float(a), float(b), float(printed), grade, rank], 1):
                ws.cell(row, c, v)
            ws.cell(row, 4).number_format = "0.00"
            row += 1
    ws.cell(row, 1, "注：综合得分 = 实地检查 × 85% + 问卷调查 × 15%。")
    wb.save(os.path.join(OUT, "综合考核结果.xlsx"))


def side_by_side():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "完成情况"
    ws.merge_cells("A1:J1")
    ws["A1"] = "2026年11月重点任务完成情况"
    headers = ["单位", "任务数", "完成数", "完成率", "名次"]
    for block in range(2):
        for c, h in enumerate(headers, 1):
            ws.cell(2, block * 5 + c, h)
    units = [("城关镇", 20, 19), ("新华镇", 18, 18), ("和平乡", 25, 20), ("红星镇", 16, 12), ("团结乡", 30, 27),
             ("胜利镇", 22, 22), ("光明乡", 24, 18), ("东风镇", 15, 9), ("友谊乡", 28, 21), ("前进镇", 20, 17),
             ("长安乡", 26, 26), ("永兴镇", 19, 15), ("太平乡", 21, 14), ("建设镇", 17, 16), ("民主乡", 23, 23), ("幸福镇", 14, 7)]
    rates = [half_up(Decimal(d) / Decimal(t), "0.0001") for _, t, d in units]
    ranks = competition(rates)
    for i, ((name, t, d), rate, rank) in enumerate(zip(units, rates, ranks)):
        block, r = divmod(i, 8)
        for c, v in enumerate([name, t, d, float(Decimal(d) / Decimal(t)), rank], 1):
            ws.cell(3 + r, block * 5 + c, v)
        ws.cell(3 + r, block * 5 + 4).number_format = "0.00%"
    wb.save(os.path.join(OUT, "完成情况并排.xlsx"))


def rounded_parts():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "综合评估"
    ws.merge_cells("A1:D1")
    ws["A1"] = "2026年度政务服务综合评估结果"
    for c, h in enumerate(["单位", "实地检查得分（85%）", "问卷调查得分（15%）", "总分"], 1):
        ws.cell(2, c, h)
    raw = [("城关镇", "91.237", "88.45"), ("新华镇", "87.415", "90.10"), ("和平乡", "93.333", "85.27"), ("红星镇", "78.905", "92.63"),
           ("团结乡", "85.555", "87.77"), ("胜利镇", "90.017", "91.31"), ("光明乡", "82.249", "83.93"), ("东风镇", "88.888", "86.67"),
           ("友谊乡", "76.543", "79.99"), ("前进镇", "94.129", "93.05"), ("长安乡", "80.301", "88.88"), ("永兴镇", "86.666", "84.44"),
           ("太平乡", "89.999", "90.01"), ("建设镇", "83.737", "81.18"), ("民主乡", "92.468", "89.53")]
    for r, (name, a, b) in enumerate(raw, 3):
        field, survey = Decimal(a) * Decimal("0.85"), Decimal(b) * Decimal("0.15")
        for c, v in enumerate([name, float(half_up(field)), float(half_up(survey)), float(half_up(field + survey))], 1):
            ws.cell(r, c, v)
    wb.save(os.path.join(OUT, "实地问卷.xlsx"))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    graded()
    side_by_side()
    rounded_parts()
