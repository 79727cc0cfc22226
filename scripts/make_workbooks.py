#!/usr/bin/env python3
"""Writes the sample inbox (Workbooks/inbox/*.xlsx): the published seed tables typed in as a
lead unit would submit them, with openpyxl (an independent writer).

Run once from the repository root; the workbooks are committed, so nothing at test time needs
Python:

    python3 scripts/make_workbooks.py             # Workbooks/inbox
    python3 scripts/make_workbooks.py --fixtures  # Tests/KaoheJobsTests/Fixtures

What a submitted workbook looks like here, on purpose:
- a merged title row, a subtitle row, then a header of one or two rows with merged cells;
- unit names broken across lines inside a cell ("市经济和信息\\n化局"), and names with spaces;
- "——" for a category that does not apply, empty cells;
- some numbers stored as text ("49.60", "350.00%"), one count written with full-width digits;
- group sub-heading rows (镇（街道）) and notes (注/说明) under the table.
Numbers come from Tests/KaoheScoringTests/Seeds/*.json (scripts/seeds_to_json.py), i.e. from
the published documents. Seed 004 publishes targets only: its counts are made-up sample data,
labelled 示例数据 in the workbook's title and notes.
"""
import json
import os
import sys

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "Tests", "KaoheScoringTests", "Seeds")
OUT = os.path.join(ROOT, "Workbooks", "inbox")

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")


def seed(name):
    with open(os.path.join(SEEDS, name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def number(text):
    """The published text as a number, or None when it is not one."""
    t = text.strip()
    try:
        if t.endswith("%"):
            return None
        return int(t) if t.lstrip("-").isdigit() else float(t)
    except ValueError:
        return None


def put(ws, row, col, text, as_text=False):
    """Writes a published cell: numbers as numbers unless as_text, "" as no cell at all."""
    if text == "" or text is None:
        ws.cell(row=row, column=col).border = BORDER
        return
    n = None if as_text else number(text)
    c = ws.cell(row=row, column=col, value=n if n is not None else text)
    c.border = BORDER
    c.alignment = WRAP
    if isinstance(n, float):
        decimals = len(text.split(".")[1]) if "." in text else 0
        c.number_format = "0." + "0" * decimals if decimals else "0"


def sheet(ws, title, subtitle, header, rows, notes=(), groups=None, text_every=0, widths=None):
    """Lays out one table. header: list of header rows; each row a list of (text, colspan,
    rowspan). rows: lists of cell texts. groups: the group name of each row, written as
    sub-heading rows where it changes. Every text_every-th data row keeps its numbers as text."""
    width = sum(span for text, span, _ in header[0])
    r = 1
    ws.cell(row=r, column=1, value=title).font = Font(size=16, bold=True)
    ws.cell(row=r, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    ws.row_dimensions[r].height = 40
    r += 1
    if subtitle:
        ws.cell(row=r, column=1, value=subtitle).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
    taken = set()
    for hr, cells in enumerate(header):
        c = 1
        for text, colspan, rowspan in cells:
            while (hr, c) in taken:
                c += 1
            cell = ws.cell(row=r + hr, column=c, value=text)
            cell.font = Font(bold=True)
            cell.alignment = WRAP
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((hr + dr, c + dc))
                    ws.cell(row=r + hr + dr, column=c + dc).border = BORDER
            if colspan > 1 or rowspan > 1:
                ws.merge_cells(start_row=r + hr, start_column=c, end_row=r + hr + rowspan - 1, end_column=c + colspan - 1)
            c += colspan
    r += len(header)
    current = None
    for i, cells in enumerate(rows):
        if groups and groups[i] != current:
            current = groups[i]
            ws.cell(row=r, column=1, value=current).font = Font(bold=True)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            r += 1
        as_text = text_every and i % text_every == text_every - 1
        for c, text in enumerate(cells, start=1):
            put(ws, r, c, text, as_text=as_text)
        r += 1
    for note in notes:
        ws.cell(row=r, column=1, value=note).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.row_dimensions[r].height = 45
        r += 1
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = (widths or {}).get(c, 12)


def simple(cells):
    return [[(t, 1, 1) for t in cells]]


def save(wb, name):
    path = os.path.join(OUT, name)
    wb.save(path)
    print("wrote", os.path.relpath(path, ROOT))


def seed000():
    tables = seed("seed000")["tables"]
    provincial = Workbook()
    provincial.remove(provincial.active)
    tabs = ["疫情防控", "值班工作", "民生实事", "两书一函", "廉政建设", "网上政务服务", "会务工作", "文电办理", "政务信息"]
    for tab, t in zip(tabs, tables[:9]):
        ws = provincial.create_sheet(tab)
        sheet(ws, t["title"], t["subtitle"], simple(t["header"][0]), t["rows"], text_every=9,
              widths={1: 22, 2: 60, 3: 10})
    save(provincial, "000-巴中市-省定政务目标考核.xlsx")

    wb = Workbook()
    t = tables[10]
    sheet(wb.active, t["title"], t["subtitle"], simple(t["header"][0]), t["rows"], widths={1: 16, 2: 70, 3: 10})
    wb.active.title = "政务公开（省定）"
    save(wb, "000-巴中市-政务公开（省定）.xlsx")

    for index, name, leader in ((9, "政务联络（市定）", "市政府\n领导班子评价得分（5%）"),
                                (11, "政务公开（市定）", "牵头单位领导班子评价得分（5%）")):
        t = tables[index]
        header = [
            [("被考核\n单位", 1, 2), (t["header"][0][1], 2, 1), ("年终考核（50%）", 2, 1), (leader, 1, 2),
             ("最终得分", 1, 2), ("名次", 1, 2)],
            [("加扣分理由\n及分值", 1, 1), ("得分", 1, 1), ("加扣分理由及分值", 1, 1), ("得分", 1, 1)],
        ]
        wb = Workbook()
        # Every fourth row keeps its published numbers as text ("49.60", "99.60").
        sheet(wb.active, t["title"], t["subtitle"], header, t["rows"], text_every=4,
              widths={1: 16, 2: 12, 3: 8, 4: 50, 5: 8, 6: 14, 7: 10, 8: 8})
        wb.active.title = name
        save(wb, f"000-巴中市-{name}.xlsx")


def seed001():
    tables = seed("seed001")["tables"]
    wb = Workbook()
    wb.remove(wb.active)
    for tab, t in zip(["旗区", "市直部门", "园区"], tables):
        ws = wb.create_sheet(tab)
        title = "2020年度全市政务公开、政府网站、政务新媒体绩效评估结果（" + t["title"] + "）"
        notes = [t["note"]] if t.get("note") else []
        sheet(ws, title, None, simple(t["header"][0]), t["rows"], notes=notes, text_every=5,
              widths={2: 26})
    save(wb, "001-鄂尔多斯市-政务公开绩效评估.xlsx")


def seed002():
    s = seed("seed002")
    wb = Workbook()
    rows = [r["cells"] for r in s["rows"]]
    # The publisher broke long names across lines; so do we, for one of them.
    rows = [[c.replace("区政务服务和公共资源交易服务中心", "区政务服务和公共资源\n交易服务中心") for c in r] for r in rows]
    sheet(wb.active, s["title"], s["subtitle"], simple(s["header"][0]), rows,
          groups=[r["group"] for r in s["rows"]], text_every=7, widths={2: 20, 3: 70})
    wb.active.title = "亮牌情况汇总"
    save(wb, "002-恩阳区-政务服务亮牌情况.xlsx")


def seed003():
    tables = seed("seed003")["tables"]
    wb = Workbook()
    wb.remove(wb.active)
    for tab, t in zip(["区级部门", "镇街道"], tables[:2]):
        rows = [list(r) for r in t["rows"]]
        for r in rows:
            if r[1] == "丹山镇":
                r[3] = "２５"  # full-width digits, as typed on some machines
        ws = wb.create_sheet(tab)
        sheet(ws, t["title"], None, simple(t["header"][0]), rows, text_every=6, widths={2: 22})
    save(wb, "003-雁江区-政务信息报送.xlsx")

    wb = Workbook()
    wb.remove(wb.active)
    header = [
        [("序号", 1, 2), ("单位", 1, 2), ("年度\n任务", 1, 2), ("采编\n条数", 1, 2), ("区级采用", 2, 1),
         ("市级采用", 2, 1), ("省级\n采用", 1, 2), ("总分", 1, 2), ("占比", 1, 2)],
        [("信息", 1, 1), ("简讯", 1, 1), ("信息", 1, 1), ("简讯", 1, 1)],
    ]
    for tab, t in zip(["区级部门", "镇街道"], tables[2:]):
        ws = wb.create_sheet(tab)
        sheet(ws, t["title"], None, header, t["rows"], notes=[t["note"]], text_every=8, widths={2: 22})
    save(wb, "003-雁江区-政务信息采用.xlsx")


# Seed 004 publishes each unit's target (目标分值) and the points per item; the counts below
# are SAMPLE DATA made up for the demonstration, not published figures.
TARGETS_004 = [
    ("区县", "通川区", 180), ("区县", "达 县", 180), ("区县", "万源市", 180), ("区县", "宣汉县", 180),
    ("区县", "大竹县", 180), ("区县", "渠 县", 180), ("区县", "开江县", 180),
] + [("市级部门", n, v) for n, v in [
    ("市发改委", 30), ("市经信委", 30), ("市教育局", 30), ("市科技局", 20), ("市公安局", 30), ("市监察局", 20),
    ("市民政局", 30), ("市司法局", 20), ("市财政局", 20), ("市人力资源社会保障局", 30), ("市国土资源局", 20),
    ("市环保局", 20), ("市住房和城乡规划建设局", 30), ("市交通运输局", 30), ("市水务局", 30), ("市农业局", 30),
    ("市林业局", 20), ("市商务局", 30), ("市人口计生委", 20), ("市文广影视局", 20), ("市卫生局", 20),
    ("市外侨办", 20), ("市审计局", 20), ("市安监局", 20), ("市国资委", 20), ("市体育局", 20), ("市统计局", 30),
    ("市扶贫移民局", 20), ("市民宗局", 20), ("市粮食局", 20), ("市畜牧食品局", 20), ("市食品药品监管局", 20),
    ("市城管执法局", 20), ("市地税局", 30), ("市国税局", 30), ("达州质监局", 20), ("市工商局", 20), ("市气象局", 20),
    ("市检验检疫局", 20), ("市投资促进局", 20), ("市政务服务中心", 20), ("市旅游局", 20), ("市供销社", 20),
    ("市残联", 20), ("达州市经济技术开发区", 20), ("达州日报社", 20), ("人行达州市中心支行", 20),
    ("农发行达州分行", 10), ("达州银监分局", 20), ("农行达州分行", 10), ("工行达州分行", 10), ("建行达州分行", 10),
    ("中行达州分行", 10), ("市信用联社", 10), ("市烟草专卖局", 10), ("市邮政局", 10)]]

# Sample counts: 主条, 问题与建议, 简讯, 图片新闻, 市领导批示, 省办动态, 省办专题, 省办采用, 省领导批示, 约稿不报或迟报.
SAMPLE_004 = {
    "通川区": [10, 3, 12, 2, 1, 5, 2, 3, 1, 1],
    "达 县": [8, 2, 9, 1, 0, 4, 1, 2, 0, 0],
    "渠 县": [6, 1, 15, 3, 2, 2, 0, 1, 1, 2],
    "市科技局": [4, 1, 2, 0, 0, 0, 0, 0, 0, 0],
    "市发改委": [6, 2, 3, 1, 1, 2, 1, 1, 0, 0],
    "市邮政局": [2, 0, 0, 0, 0, 0, 0, 0, 0, 2],
}


def seed004():
    wb = Workbook()
    header = [
        [("单位", 1, 2), ("目标分值", 1, 2), ("《达州政务快讯》采用（条）", 5, 1), ("上报省办信息（条）", 4, 1),
         ("约稿不报\n或迟报（次）", 1, 2)],
        [("主条", 1, 1), ("问题与建议", 1, 1), ("简讯", 1, 1), ("图片新闻", 1, 1), ("市领导批示", 1, 1),
         ("动态类", 1, 1), ("专题综合类", 1, 1), ("省办采用", 1, 1), ("省领导批示", 1, 1)],
    ]
    rows, groups = [], []
    for i, (group, name, target) in enumerate(TARGETS_004):
        counts = SAMPLE_004.get(name, [(i * 7 + k * 3) % 5 if k < 4 else 0 for k in range(10)])
        rows.append([name, str(target)] + [str(c) if c else "" for c in counts])
        groups.append(group)
    notes = ["说明：目标分值为《2012年度全市政务信息目标任务》公布数；各类采用条数为示例数据（演示用，非公布数据）。"
             "计分：主条2分、问题与建议3分、简讯1分、图片新闻1分、市领导批示另加2分；省办动态类2分、专题综合类4分、"
             "省办采用另加4分、省领导批示另加4分；约稿不报或迟报每次扣3分。"]
    sheet(wb.active, "2012年度全市政务信息目标任务完成情况（示例数据）", "（1月）", header, rows, notes=notes,
          groups=groups, widths={1: 24})
    wb.active.title = "1月"
    save(wb, "004-达州市-政务信息示例数据.xlsx")


def main():
    os.makedirs(OUT, exist_ok=True)
    seed000()
    seed001()
    seed002()
    seed003()
    seed004()


if __name__ == "__main__" and "--fixtures" not in sys.argv:
    sys.exit(main())


def bad_inbox():
    """Tests/KaoheJobsTests/Fixtures/bad-inbox: a 政务联络 workbook with the mistakes a job must
    report, each at its cell: a score that is not a number, an unknown unit, a unit listed
    twice, a unit left out."""
    out = os.path.join(ROOT, "Tests", "KaoheJobsTests", "Fixtures", "bad-inbox")
    os.makedirs(out, exist_ok=True)
    t = seed("seed000")["tables"][9]
    rows = [list(r) for r in t["rows"] if r[0] != "市政府驻深圳办事处"]
    rows[1][2] = "四十五"                       # 市政府驻成都办事处 过程管控
    rows.append(["市政府驻广州办事处", "", "45", "", "50", "4.80", "99.80", ""])
    rows.append(list(rows[3]))                  # 市政府驻重庆办事处 again
    wb = Workbook()
    header = [
        [("被考核\n单位", 1, 2), ("过程管控（45%）", 2, 1), ("年终考核（50%）", 2, 1), ("市政府\n领导班子评价得分（5%）", 1, 2),
         ("最终得分", 1, 2), ("名次", 1, 2)],
        [("加扣分理由\n及分值", 1, 1), ("得分", 1, 1), ("加扣分理由及分值", 1, 1), ("得分", 1, 1)],
    ]
    sheet(wb.active, t["title"], t["subtitle"], header, rows)
    wb.active.title = "政务联络"
    path = os.path.join(out, "政务联络.xlsx")
    wb.save(path)
    print("wrote", os.path.relpath(path, ROOT))


def corrected_002():
    """Tests/KaoheRunnerTests/Fixtures: seed 002 resubmitted with 登科街道's first deduction
    corrected (扣0.9分 → 扣0.4分, so 100.6 → 101.1), its published score and the towns' dense
    ranks updated as the lead unit would: 登科街道 moves up one place, five towns down one."""
    out = os.path.join(ROOT, "Tests", "KaoheRunnerTests", "Fixtures")
    os.makedirs(out, exist_ok=True)
    s = seed("seed002")
    rows = [list(r["cells"]) for r in s["rows"]]
    groups = [r["group"] for r in s["rows"]]
    dengke = next(r for r in rows if r[1] == "登科街道")
    assert dengke[2].startswith("主动评价率扣0.9分") and dengke[3] == "100.6"
    dengke[2] = dengke[2].replace("扣0.9分", "扣0.4分", 1)
    dengke[3] = "101.1"
    for group in set(groups):
        members = [r for r, g in zip(rows, groups) if g == group]
        distinct = sorted({float(r[3]) for r in members}, reverse=True)
        for r in members:
            r[4] = str(distinct.index(float(r[3])) + 1)
    wb = Workbook()
    sheet(wb.active, s["title"], s["subtitle"], simple(s["header"][0]), rows,
          groups=groups, widths={2: 20, 3: 70})
    path = os.path.join(out, "002-恩阳区-政务服务亮牌情况（更正）.xlsx")
    wb.save(path)
    print("wrote", os.path.relpath(path, ROOT))


def poisoned():
    """Tests/KaoheRunnerTests/Fixtures/poisoned: submissions whose content cannot go into a
    summary, under the names the jobs take: seed 002 with a reason text longer than Excel's
    32,767 characters (渔溪镇), and seed 003's 采用 workbook with a NUL character (written as
    Excel writes one, _x0000_) in a unit name."""
    import openpyxl
    out = os.path.join(ROOT, "Tests", "KaoheRunnerTests", "Fixtures", "poisoned")
    os.makedirs(out, exist_ok=True)
    wb = openpyxl.load_workbook(os.path.join(OUT, "002-恩阳区-政务服务亮牌情况.xlsx"))
    ws = wb.active
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "渔溪镇")
    ws.cell(row=cell.row, column=cell.column + 1).value = "扣0.1分。" + "情况说明" * 10_000
    path = os.path.join(out, "002-恩阳区-政务服务亮牌情况.xlsx")
    wb.save(path)
    # openpyxl cuts a cell at Excel's 32,767 characters; a hand-edited file need not.
    import re
    import zipfile
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
    sheet_xml, n = re.subn(r"<t>扣0\.1分。(情况说明)+情?况?说?</t>", "<t>扣0.1分。" + "情况说明" * 10_000 + "</t>", sheet_xml)
    assert n == 1
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    wb = openpyxl.load_workbook(os.path.join(OUT, "003-雁江区-政务信息采用.xlsx"))
    ws = wb["区级部门"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "区财政局")
    cell.value = "区财政局_x0000_"
    wb.save(os.path.join(out, "003-雁江区-政务信息采用.xlsx"))
    print("wrote", os.path.relpath(out, ROOT))


if __name__ == "__main__" and "--fixtures" in sys.argv:
    bad_inbox()
    corrected_002()
    poisoned()
