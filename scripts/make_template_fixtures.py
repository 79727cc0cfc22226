#!/usr/bin/env python3
"""Writes, once, the template round-trip fixtures (Tests/KaoheJobsTests/Fixtures/templates):
`kaohe template` writes seed 003's two templates (blank/), then openpyxl fills them in as a lead
unit would (filled/): counts, and the published scores, rates, 序号, totals and shares worked out
here in Python's decimal by the job's rules, so that the filled templates bind with no finding.

Then the round trip through LibreOffice (Tests/KaoheRunnerTests/Fixtures/template-round-trip):
the templates of a monthly variant of seed 003's job (job.yaml there) for 2026年10月, filled by
openpyxl the same way, saved again by LibreOffice as .xlsx and as .xls under names no pattern
expects (as a lead unit's "Save as" would), so that only the identity the templates carry in
their document properties can route them.

    swift build && python3 scripts/make_template_fixtures.py      (needs libreoffice-calc-nogui)
"""
import os
import random
import shutil
import subprocess
import tempfile
from decimal import ROUND_HALF_UP, Decimal

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "KaoheJobsTests", "Fixtures", "templates")
POINTS = {"采编条数": 5, "区级采用/信息": 8, "区级采用/简讯": 5, "市级采用/信息": 10, "市级采用/简讯": 8, "省级采用": 20}


def q(d, places):
    return Decimal(d).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def two_row_header(ws):
    # Row 3 is a second header row when it holds no unit name (column B is 单位).
    return not ws.cell(row=3, column=2).value


def headers(ws):
    """Column → header path ('区级采用/信息' under a two-row header)."""
    out = {}
    top = None
    def text(v):  # a header printed on two lines (报送任务⏎（条）) names the same column
        return v.replace("\n", "") if isinstance(v, str) else v

    for col in range(1, ws.max_column + 1):
        a = text(ws.cell(row=2, column=col).value)
        b = text(ws.cell(row=3, column=col).value) if two_row_header(ws) else None
        top = a if a else top
        out[col] = f"{top}/{b}" if b else (a or top)
    return out


def unit_rows(ws):
    first = 4 if two_row_header(ws) else 3
    return [r for r in range(first, ws.max_row + 1) if ws.cell(row=r, column=2).value]


def fill_submission(ws, rng):
    cols = {v: k for k, v in headers(ws).items()}
    rows = unit_rows(ws)
    rates = []
    for r in rows:
        quota = rng.choice([12, 18, 24, 27, 32])
        count = rng.randint(0, 40)
        ws.cell(row=r, column=cols["报送任务（条）"], value=quota)
        ws.cell(row=r, column=cols["报送条数"], value=count)
        ws.cell(row=r, column=cols["报送得分"], value=float(q(min(Decimal(5), Decimal(count) / quota * 5), 2)))
        rate = q(Decimal(count) / quota, 4)
        ws.cell(row=r, column=cols["完成率"], value=float(rate))
        rates.append((rate, r))
    # 序号: ordinal rank by 完成率, ties in the listed order.
    order = sorted(range(len(rates)), key=lambda i: (-rates[i][0], i))
    for rank, i in enumerate(order, 1):
        ws.cell(row=rates[i][1], column=cols["序号"], value=rank)


def fill_adoption(ws, rng):
    cols = {v: k for k, v in headers(ws).items()}
    for n, r in enumerate(unit_rows(ws), 1):
        task = rng.choice([24, 28, 32, 48, 64])
        counts = {h: rng.randint(0, 4) for h in POINTS}
        ws.cell(row=r, column=cols["序号"], value=n)
        ws.cell(row=r, column=cols["年度任务"], value=task)
        for h, c in counts.items():
            ws.cell(row=r, column=cols[h], value=c)
        total = sum(c * POINTS[h] for h, c in counts.items())
        ws.cell(row=r, column=cols["总分"], value=total)
        ws.cell(row=r, column=cols["占比"], value=float(q(Decimal(total) / task, 2)))


ROUND_TRIP = os.path.join(ROOT, "Tests", "KaoheRunnerTests", "Fixtures", "template-round-trip")
# What each filled template is saved as by LibreOffice: (kind, format) → the name a lead unit gave it.
SAVED_AS = {
    ("报送", "xlsx"): "信息报送情况统计（县政府办）.xlsx",
    ("报送", "xls"): "信息报送情况统计（县政府办）.xls",
    ("采用", "xlsx"): "10月采用情况.xlsx",
    ("采用", "xls"): "10月采用情况.xls",
}


def round_trip():
    for name in os.listdir(ROUND_TRIP):
        if name != "job.yaml":
            os.remove(os.path.join(ROUND_TRIP, name))
    rng = random.Random(21)
    with tempfile.TemporaryDirectory() as tmp:
        blank, filled, profile = (os.path.join(tmp, d) for d in ("blank", "filled", "profile"))
        os.makedirs(filled)
        subprocess.run([os.path.join(ROOT, ".build", "debug", "kaohe"), "template", os.path.join(ROUND_TRIP, "job.yaml"),
                        "--period", "2026年10月", "--out", blank], check=True)
        for name in sorted(os.listdir(blank)):
            kind = "报送" if "报送" in name else "采用"
            wb = openpyxl.load_workbook(os.path.join(blank, name))
            for ws in wb.worksheets:
                if ws.title != "填报说明":
                    (fill_submission if kind == "报送" else fill_adoption)(ws, rng)
            path = os.path.join(filled, kind + ".xlsx")
            wb.save(path)
            for fmt in ("xlsx", "xls"):
                out = os.path.join(tmp, fmt)
                subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + profile, "--convert-to", fmt,
                                "--outdir", out, path], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                shutil.copy(os.path.join(out, kind + "." + fmt), os.path.join(ROUND_TRIP, SAVED_AS[(kind, fmt)]))
    print("wrote", os.path.relpath(ROUND_TRIP, ROOT), sorted(os.listdir(ROUND_TRIP)))


def main():
    blank = os.path.join(OUT, "blank")
    filled = os.path.join(OUT, "filled")
    for d in (blank, filled):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([os.path.join(ROOT, ".build", "debug", "kaohe"), "template", os.path.join(ROOT, "Jobs", "003-雁江区-政务信息.yaml"),
                        "--out", tmp], check=True)
        for name in sorted(os.listdir(tmp)):
            shutil.copy(os.path.join(tmp, name), os.path.join(blank, name))
    rng = random.Random(14)
    for name in sorted(os.listdir(blank)):
        wb = openpyxl.load_workbook(os.path.join(blank, name))
        for ws in wb.worksheets:
            if ws.title == "填报说明":
                continue
            (fill_submission if "报送" in name else fill_adoption)(ws, rng)
        wb.save(os.path.join(filled, name))
    print("wrote", os.path.relpath(OUT, ROOT), sorted(os.listdir(filled)))
    round_trip()


if __name__ == "__main__":
    main()
