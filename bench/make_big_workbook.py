#!/usr/bin/env python3
"""Writes the benchmark workbook: ROWS × 12 columns with Python XlsxWriter, numbers and
Chinese text in shared strings (units, reasons), as PERFORMANCE.md describes."""
import random
import sys

import xlsxwriter

path, rows = sys.argv[1], int(sys.argv[2])
# "strings": a sheet of mostly shared strings (10 of 12 columns text), the reader's other case.
strings = len(sys.argv) > 3 and sys.argv[3] == "strings"
rng = random.Random(2026)
units = ["市发展改革委", "市经济和信息化局", "市教育体育局", "市科技局", "市公安局", "巴州区", "恩阳区", "南江县"] * 4
reasons = ["扣0.%d分；加0.%d分。" % (i, j) for i in range(10) for j in range(10)] + ["完成政务信息目标任务"] * 20
wb = xlsxwriter.Workbook(path, {"constant_memory": False})
ws = wb.add_worksheet("Sheet1")
for r in range(rows):
    ws.write_string(r, 0, units[r % len(units)] + str(r % 500))
    ws.write_string(r, 1, rng.choice(reasons))
    for c in range(2, 11):
        if strings:
            ws.write_string(r, c, rng.choice(units) + rng.choice(reasons))
        else:
            ws.write_number(r, c, round(rng.uniform(0, 100), 2))
    ws.write_number(r, 11, r)
wb.close()
