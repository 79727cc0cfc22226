#!/usr/bin/env python3
"""Generates the runner benchmark's inbox: 1,000 submitted workbooks (Python XlsxWriter), 60
units each, across the four tables of bench/runner/job.yaml, one workbook per table and period
(250 periods). Each workbook looks like a submitted one: a merged title row, a header row, one
row per unit (numbers, reason text with 加/扣 amounts, "——" now and then).

    python3 bench/runner/make_inbox.py INBOX [COUNT]
"""
import os
import random
import sys

import xlsxwriter

UNITS = [f"示例镇{i:02d}" for i in range(1, 31)] + [f"区级部门{i:02d}" for i in range(1, 31)]


def write(path, title, header, rows):
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Sheet1")
    ws.merge_range(0, 0, 0, len(header) - 1, title)
    for c, h in enumerate(header):
        ws.write(1, c, h)
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.close()


def main(inbox, count):
    os.makedirs(inbox, exist_ok=True)
    rnd = random.Random(20261123)
    periods = count // 4
    for p in range(1, periods + 1):
        period = f"{2000 + (p - 1) // 12}年{(p - 1) % 12 + 1:02d}月"
        # 政务公开: 100 plus adjustments written as text.
        rows = []
        for u in UNITS:
            minus, plus = rnd.randint(0, 30) / 10, rnd.randint(0, 20) / 10
            rows.append([u, f"主动评价率扣{minus}分；信息被市级刊登加{plus}分。", round(100 - minus + plus, 2)])
        write(f"{inbox}/政务公开-{period}.xlsx", f"{period}政务公开考核汇总表", ["被考核单位", "加扣分原因及分值", "得分"], rows)
        # 网站评估: categories with maxima, sometimes not applicable.
        rows = []
        for u in UNITS:
            cats = [rnd.randint(200, 400) / 10, rnd.randint(80, 150) / 10, rnd.randint(50, 100) / 10, rnd.randint(50, 100) / 10]
            if rnd.random() < 0.15:
                cats[1] = "——"
            rows.append([u] + cats + [rnd.randint(-20, 40) / 10])
        write(f"{inbox}/网站评估-{period}.xlsx", f"{period}网站绩效评估结果",
              ["名称", "发布解读（40分）", "办事服务（15分）", "互动交流（10分）", "依申请公开（10分）", "附加指标（10分）"], rows)
        # 信息报送: counts against quotas.
        rows = [[u, rnd.choice([12, 18, 24, 27]), rnd.randint(0, 60)] for u in UNITS]
        write(f"{inbox}/信息报送-{period}.xlsx", f"{period}政务信息报送统计表", ["单位", "报送任务（条）", "报送条数"], rows)
        # 信息采用: counts × points.
        rows = [[u, 24] + [rnd.randint(0, 5) for _ in range(4)] for u in UNITS]
        write(f"{inbox}/信息采用-{period}.xlsx", f"{period}政务信息采用统计表",
              ["单位", "年度任务", "采编条数", "区采用信息", "市采用信息", "省采用"], rows)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
