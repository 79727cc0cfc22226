#!/usr/bin/env python3
"""Writes, once, a workbook whose formulas have no saved results, as openpyxl saves them
(issue 28, item 2: a lead unit's workbook written by a script), with its job, registry and
the figures it must give (worked out here in Python's decimal, independently of Kaohe), into
Tests/KaoheJobsTests/Fixtures/formulas:

- 报送合计 =B3+C3 … written by openpyxl (plain formulas, no saved result);
- D7:D9 turned into one shared formula as Excel writes it (<f t="shared" ref="D7:D9" si="0">B7+C7</f>
  in D7, <f t="shared" si="0"/> in D8 and D9): openpyxl writes none, so the sheet XML is edited;
- 加分 ='加分表'!B2 … from another sheet of the workbook, one capped with IF(…>1,1,…);
- 得分 =ROUND(D3*0.5+E3,2);
- one 报送合计 with a function Kaohe does not compute (SUMIF), so it and its 得分 stay unknown;
- two 得分 cells given a saved result by editing the XML, as Excel leaves them: F4 the right one,
  F6 a stale one (a sheet in manual calculation whose inputs changed afterwards).

    python3 scripts/make_formula_fixtures.py
"""
import json
import os
import re
import shutil
import tempfile
import zipfile
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "KaoheJobsTests", "Fixtures", "formulas")

TOWNS = ["东城镇", "西城镇", "南山镇", "北山乡", "河口镇", "石桥镇", "清水乡", "白沙镇"]
DISTRICT = [8, 5, 6, 3, 7, 4, 9, 2]        # 区采用
CITY = [3, 2, 1, 0, 2, 1, 3, 1]            # 市采用
BONUS = ["0.5", "0", "1.5", "0.3", "0", "1", "0.2", "0.8"]  # 加分表; 南山镇's is capped at 1
STALE = 2                                   # F6 saved 2 more than its formula gives


def q(d, places=2):
    return Decimal(d).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def write_workbook(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "报送情况"
    ws.merge_cells("A1:F1")
    ws["A1"] = "2026年第一季度乡镇信息报送得分"
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["乡镇", "区采用", "市采用", "报送合计", "加分", "得分"])
    for i, town in enumerate(TOWNS):
        r = i + 3
        total = f"=B{r}+C{r}" if town != "白沙镇" else f'=SUMIF(B{r}:C{r},">0")'
        bonus = f"='加分表'!B{i + 2}" if town != "南山镇" else f"=IF('加分表'!B{i + 2}>1,1,'加分表'!B{i + 2})"
        ws.append([town, DISTRICT[i], CITY[i], total, bonus, f"=ROUND(D{r}*0.5+E{r},2)"])
    ws.append([])
    ws.append(["注：报送合计、加分和得分由报送系统导出时以公式写入。"])
    extra = wb.create_sheet("加分表")
    extra.append(["乡镇", "加分"])
    for town, b in zip(TOWNS, BONUS):
        extra.append([town, float(b)])
    wb.save(path)


def expected():
    rows = {}
    for i, town in enumerate(TOWNS):
        total = DISTRICT[i] + CITY[i]
        bonus = min(Decimal(BONUS[i]), Decimal(1)) if town == "南山镇" else Decimal(BONUS[i])
        rows[town] = {"row": i + 3, "total": total, "bonus": bonus, "score": q(Decimal(total) * Decimal("0.5") + bonus)}
    return rows


def edit_sheet(path, rows):
    """The shared formula of D7:D9 and the saved results of F4 and F6, as Excel writes them."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode("utf-8")

    def replace(old, new):
        nonlocal xml
        assert xml.count(old) == 1, old
        xml = xml.replace(old, new)

    replace('<c r="D7"><f>B7+C7</f><v></v></c>', '<c r="D7"><f t="shared" ref="D7:D9" si="0">B7+C7</f><v></v></c>')
    replace('<c r="D8"><f>B8+C8</f><v></v></c>', '<c r="D8"><f t="shared" si="0"/><v></v></c>')
    replace('<c r="D9"><f>B9+C9</f><v></v></c>', '<c r="D9"><f t="shared" si="0"/><v></v></c>')
    saved = {4: rows["西城镇"]["score"], 6: rows["北山乡"]["score"] + STALE}
    written = {r: repr(float(v)) for r, v in saved.items()}  # as Excel writes a double: 3.5
    for r in saved:
        replace(f'<c r="F{r}"><f>ROUND(D{r}*0.5+E{r},2)</f><v></v></c>', f'<c r="F{r}"><f>ROUND(D{r}*0.5+E{r},2)</f><v>{written[r]}</v></c>')
    assert not re.search(r't="shared"[^>]*ref="D8', xml)
    parts[name] = xml.encode("utf-8")
    tmp = tempfile.mktemp(suffix=".xlsx")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    shutil.move(tmp, path)
    return saved


JOB = """# 公式没有保存计算结果的报送表（scripts/make_formula_fixtures.py 生成的示例数据）。
assessment: 2026年第一季度乡镇信息报送
period: 2026年第一季度
output: 信息报送汇总.xlsx
registry: registry.yaml
tables:
  - id: 信息报送
    title: 2026年第一季度乡镇信息报送得分
    source: {file: 信息报送.xlsx, sheet: 报送情况}
    columns: {unit: 乡镇, 区采用: 区采用, 市采用: 市采用, 合计: 报送合计, 加分: 加分, 公布得分: 得分}
    scores:
      - {name: 得分, expression: "(区采用 + 市采用) * 50% + 加分", published: 公布得分}
    rank: {score: 得分}
    output:
      - {header: 乡镇, value: unit}
      - {header: 报送合计, value: 合计, format: integer}
      - {header: 加分, value: 加分, format: "0.0"}
      - {header: 得分, value: 得分, format: "0.00"}
      - {header: 排名, value: rank, format: integer}
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "信息报送.xlsx")
    write_workbook(path)
    rows = expected()
    saved = edit_sheet(path, rows)
    with open(os.path.join(OUT, "job.yaml"), "w", encoding="utf-8") as f:
        f.write(JOB)
    with open(os.path.join(OUT, "registry.yaml"), "w", encoding="utf-8") as f:
        f.write("# 示例乡镇（scripts/make_formula_fixtures.py）。\ngroups: [乡镇]\nunits:\n")
        for t in TOWNS:
            f.write(f"  - {{name: {t}, group: 乡镇}}\n")
    formulas = []
    for i, town in enumerate(TOWNS):
        r = i + 3
        shared = 7 < r <= 9
        d = "B7+C7" if shared else (f"B{r}+C{r}" if town != "白沙镇" else f'SUMIF(B{r}:C{r},">0")')
        e = f"'加分表'!B{i + 2}" if town != "南山镇" else f"IF('加分表'!B{i + 2}>1,1,'加分表'!B{i + 2})"
        formulas.append({"ref": f"D{r}", "text": d, "anchor": "D7" if shared else f"D{r}", "cached": False})
        formulas.append({"ref": f"E{r}", "text": e, "anchor": f"E{r}", "cached": False})
        formulas.append({"ref": f"F{r}", "text": f"ROUND(D{r}*0.5+E{r},2)", "anchor": f"F{r}", "cached": r in saved})
    out = {
        "rows": {t: {"row": v["row"], "total": v["total"], "bonus": str(v["bonus"]), "score": str(v["score"])} for t, v in rows.items()},
        "saved": {f"F{r}": str(v) for r, v in saved.items()},
        "formulas": formulas,
    }
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
