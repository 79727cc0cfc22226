#!/usr/bin/env python3
"""Checks, with openpyxl as an independent reader, what the writer tests wrote to
KAOHE_WRITER_CHECK_DIR: merges, number formats, freeze panes, print titles, page setup and
formulas. Exits non-zero with a message per failed check.

    python3 scripts/check_writer_output.py DIR
"""
import sys

import openpyxl

failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


def main(folder):
    wb = openpyxl.load_workbook(f"{folder}/sample.xlsx")
    check("sheet names: each table's charts on sheets after it", wb.sheetnames,
          ["政务公开（市定重点目标）", "图-政务公开（市定重点目标）", "政务服务_亮牌__半年", "图-政务服务_亮牌__半年（镇（街道））",
           "政务公开（市定重点目标） (2)", "图-政务公开（市定重点目标） (2)"])
    ws = wb["政务公开（市定重点目标）"]
    check("merged ranges", sorted(str(r) for r in ws.merged_cells.ranges),
          sorted(["A1:H1", "A2:H2", "A3:A4", "B3:C3", "D3:E3", "F3:F4", "G3:G4", "H3:H4", "A9:H9"]))
    check("title", ws["A1"].value, "2021年度政务公开和政府网站与政务新媒体考核情况汇总表")
    check("title font bold", ws["A1"].font.b, True)
    check("header font", ws["B3"].font.name, "黑体")
    check("body font", ws["A5"].font.name, "宋体")
    check("header wraps", ws["B3"].alignment.wrap_text, True)
    check("header border", ws["B3"].border.left.style, "thin")
    check("freeze panes: header and the unit column (a wide sheet)", ws.freeze_panes, "B5")
    check("print title rows: the title too, so a loose page can be identified", ws.print_title_rows, "$1:$4")
    check("autofilter on the header", ws.auto_filter.ref, "A4:H7")
    check("paper size A4", int(ws.page_setup.paperSize), 9)
    check("landscape", ws.page_setup.orientation, "landscape")
    # fitToWidth="1" is the default and may be left out.
    check("fit to one page wide", (ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth in (None, 1),
                                   ws.page_setup.fitToHeight), (True, True, 0))
    check("centred", ws.print_options.horizontalCentered, True)
    check("footer", ws.oddFooter.center.text, "第 &P 页 共 &N 页")
    check("formula", ws["E5"].value, "=ROUND((100-0.83+0.3)*50%,2)")
    check("formula", ws["G5"].value, "=C5+E5+F5")
    check("score format", ws["G5"].number_format, "0.00")
    check("rank format", ws["H5"].number_format, "0")
    check("text starting with = is text", (ws["D6"].value, ws["D6"].data_type), ("=扣2.13分（以等号开头的文字）", "s"))
    check("text starting with + is text", (ws["B7"].value, ws["B7"].data_type), ("+1", "s"))
    check("no chart under the table", len(ws._charts), 0)
    check("the chart on its own sheet", len(wb["图-政务公开（市定重点目标）"]._charts), 1)
    g = wb["政务服务_亮牌__半年"]
    check("percent format", g["D5"].number_format, "0.00%")
    check("group row merged", "A4:E4" in [str(r) for r in g.merged_cells.ranges], True)
    check("portrait when narrow", g.page_setup.orientation, "portrait")
    check("one chart sheet per group of two or more (none for a group of one)",
          (len(g._charts), len(wb["图-政务服务_亮牌__半年（镇（街道））"]._charts)), (0, 1))
    check("marked cell value and format", (g["C6"].value, g["C6"].number_format), (105.1, "0.00"))
    check("marked cell fill", (g["C6"].fill.fill_type, g["C6"].fill.fgColor.rgb), ("solid", "FFFFF2CC"))
    check("marked cell comment", (g["C6"].comment.text if g["C6"].comment else None, g["C6"].comment.author if g["C6"].comment else None),
          ("需人工核对：“0.2分”前没有加、扣等字样", "考核校验"))
    check("unmarked cell: no fill, no comment", (g["C5"].fill.fill_type, g["C5"].comment), (None, None))
    cm = openpyxl.load_workbook(f"{folder}/sample-constant-memory.xlsx")["政务公开（市定重点目标）"]
    check("constant memory: horizontal spans merged", sorted(str(r) for r in cm.merged_cells.ranges),
          sorted(["A1:H1", "A2:H2", "B3:C3", "D3:E3", "A9:H9"]))
    check("constant memory: value", cm["G7"].value, "=C7+E7+F7")
    # The cached value of a formula, as a reader that does not recalculate sees it.
    cached = openpyxl.load_workbook(f"{folder}/sample.xlsx", data_only=True)["政务公开（市定重点目标）"]
    check("cached formula value", round(cached["G5"].value, 2), 99.74)
    checked = 2
    # The seed 000 summary written by the end-to-end test (KaoheJobsTests), when it is there.
    import os
    if os.path.exists(f"{folder}/seed000.xlsx"):
        checked += 1
        seed = openpyxl.load_workbook(f"{folder}/seed000.xlsx")
        check("seed 000 sheets: cover, 总表, tables, charts, bulletin, audit", (seed.sheetnames[:3], seed.sheetnames[-4:]),
              (["封面", "总表", "疫情防控"], ["政务公开（市定）", "图-政务公开（市定）", "通报", "校验结果"]))
        total = seed["总表"]
        bazhou = next(r for r in range(1, total.max_row + 1) if total.cell(row=r, column=1).value == "巴州区")
        check("seed 000 总表 refers to the table sheet", str(total.cell(row=bazhou, column=2).value).startswith("='疫情防控'!C"), True)
        check("seed 000 总表 AutoFilter", bool(total.auto_filter.ref), True)
        marked = seed["政务公开（市定）"]
        culture = next(r for r in range(1, marked.max_row + 1) if marked.cell(row=r, column=1).value == "市文化广播电视和旅游局")
        cell = marked.cell(row=culture, column=5)
        check("seed 000 mark fill", cell.fill.fgColor.rgb, "FFFFF2CC")
        check("seed 000 mark comment", cell.comment.text if cell.comment else None,
              "公布值 49.99；重新计算：(100 − 0.31 + 0.3) × 0.5 = 49.995 → 50.00（四舍五入）")
        import zipfile
        with zipfile.ZipFile(f"{folder}/seed000.xlsx") as z:
            charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
            xml = z.read(charts[0]).decode()
        # One chart: 政务公开（市定）'s 35 units (groups of fewer than ten get none).
        check("seed 000 chart written with cached values", (len(charts), "<c:numCache>" in xml and "<c:pt idx=\"0\">" in xml), (1, True))
        check("seed 000 chart axis from a stated minimum (scores 98.41–100)", ("<c:min val=\"97\"/>" in xml, "横轴自 97 起" in xml), (True, True))
        city = seed["政务公开（市定）"]
        check("seed 000 two-row header", sorted(str(r) for r in city.merged_cells.ranges if r.min_row >= 3 and r.max_row <= 4),
              sorted(["A3:A4", "B3:C3", "D3:E3", "F3:F4", "G3:G4", "H3:H4"]))
        check("seed 000 yearend formula", city["E5"].value, "=ROUND((ROUND(100-0.83+0.3,2))*0.5,2)")
        check("seed 000 final formula", city["G5"].value, "=ROUND(C5+E5+F5,2)")
        check("seed 000 score format", city["G5"].number_format, "0.00")
        cached_city = openpyxl.load_workbook(f"{folder}/seed000.xlsx", data_only=True)["政务公开（市定）"]
        check("seed 000 cached 49.74", round(cached_city["E5"].value, 2), 49.74)
        audit = seed["校验结果"]
        check("seed 000 audit", [audit.cell(row=r, column=3).value for r in range(3, 5)], ["市文化广播电视和旅游局"] * 2)
        check("seed 000 audit locations", [audit.cell(row=r, column=5).value for r in range(3, 5)],
              ["000-巴中市-政务公开（市定）.xlsx!E21", "000-巴中市-政务公开（市定）.xlsx!G21"])
    if failures:
        print("writer output check: %d failed" % len(failures))
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("writer output check: all %d workbooks' checks passed" % checked)


if __name__ == "__main__":
    main(sys.argv[1])
