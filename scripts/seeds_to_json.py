#!/usr/bin/env python3
"""Turns the published seed tables in ../shared/seeds into JSON, once.

The output (Tests/KaoheScoringTests/Seeds/*.json) is committed: tests read it, and
scripts/make_workbooks.py builds the sample inbox workbooks from it. Cells keep the line
breaks the publisher put inside them ("市经济和信息\\n化局"). Run from the repository root:

    python3 scripts/seeds_to_json.py ../shared/seeds Tests/KaoheScoringTests/Seeds
"""
import glob
import json
import os
import re
import sys

FOOTER = re.compile(r"^— \d+ —$")


def cells_of(lines):
    """Cells of a tab-layout table: a line starting with a tab opens a cell; a non-empty line
    without one continues the previous cell (a line break inside the cell)."""
    cells = []
    for line in lines:
        if line.startswith("\t"):
            cells.append(line[1:].strip())
        elif line.strip() and cells and not FOOTER.match(line.strip()):
            cells[-1] = cells[-1] + "\n" + line.strip()
    return cells


def seed000(text):
    lines = text.split("\n")
    starts = [i for i, l in enumerate(lines) if l.startswith("2021年度")]
    tables = []
    for n, s in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        block = lines[s:end]
        title_lines, j = [], 0
        while j < len(block) and not block[j].startswith("\t"):
            if block[j].strip():
                title_lines.append(block[j].strip())
            j += 1
        subtitle = title_lines[-1]
        title = "".join(title_lines[:-1])
        cells = cells_of(block[j:])
        if cells[0] == "被考核单位":
            width, header = 3, [cells[:3]]
            body = cells[3:]
        else:  # the two composite tables: 6 header cells over 8 columns, then 8
            width, header = 8, [cells[:6], cells[6:14]]
            body = cells[14:]
        rows = [body[k:k + width] for k in range(0, len(body), width)]
        rows = [r for r in rows if any(c for c in r)]
        tables.append({"title": title, "subtitle": subtitle, "header": header, "rows": rows})
    return {"seed": "000", "tables": tables}


def seed001(text):
    lines = text.split("\n")
    marks = [(i, l) for i, l in enumerate(lines) if re.match(r"^(\[bookmark: \w+\])?[一二三]、", l)]
    tables = []
    for n, (s, l) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
        block = lines[s + 1:end]
        note = next((b.strip() for b in block if b.startswith("注：")), None)
        body_lines = [b for b in block if not b.startswith("注：")]
        cells = [re.sub(r"^\[bookmark: \w+\]", "", c) for c in cells_of(body_lines)]
        header, body = cells[:10], cells[10:]
        rows = [body[k:k + 10] for k in range(0, len(body), 10)]
        group = re.sub(r"^(\[bookmark: \w+\])?[一二三]、", "", l).strip()
        tables.append({"title": group, "header": [header], "rows": rows, "note": note})
    return {"seed": "001", "tables": tables}


def seed002(text):
    lines = text.split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("\t序号"))
    cells = cells_of(lines[start:])
    header, body = cells[:5], cells[5:]
    rows, group, k = [], None, 0
    while k < len(body):
        c = body[k]
        if c in ("镇（街道）", "区级部门"):
            group = c
            k += 1
        elif c == "":
            k += 1
        else:
            rows.append({"group": group, "cells": body[k:k + 5]})
            k += 5
    return {"seed": "002", "title": "巴中市恩阳区下半年目标绩效考核亮牌情况汇总表", "subtitle": "（政务服务）",
            "header": [header], "rows": rows}


def seed003(text):
    lines = text.split("\n")
    tables, current = [], None
    for l in lines:
        t = l.strip()
        m = re.match(r"^(2020 年三季度.*统计\s*表)$", t)
        if m:
            current = {"title": re.sub(r"\s+", "", m.group(1)), "rows": []}
            tables.append(current)
            continue
        if current is None:
            continue
        if l.startswith("序号"):
            current["header"] = [l.split("\t")]
        elif re.match(r"^\t+信息", l):
            current["header"].append(l.split("\t"))
        elif re.match(r"^\d+\t", l):
            current["rows"].append(l.split("\t"))
        elif t.startswith("说明") or t.startswith("<p>说明"):
            current["note"] = re.sub(r"</?p>", "", t).strip()
    return {"seed": "003", "tables": tables}


def main(src, dst):
    os.makedirs(dst, exist_ok=True)
    for name, fn in (("000", seed000), ("001", seed001), ("002", seed002), ("003", seed003)):
        path = glob.glob(os.path.join(src, name + "_*.txt"))[0]
        data = fn(open(path, encoding="utf-8").read())
        with open(os.path.join(dst, "seed" + name + ".json"), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
