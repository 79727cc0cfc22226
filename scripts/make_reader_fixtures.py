#!/usr/bin/env python3
"""Generates the reader's test workbooks, once; the outputs are committed.

Writers: openpyxl, Python XlsxWriter and LibreOffice Calc (headless). Next to each workbook
NAME.xlsx it writes NAME.expected.json: every sheet with its state, merged ranges and every
cell as the generator wrote it, which the Swift tests compare with what the reader sees.
Then hand-edited variants for what no writer produces, and bad inputs.

    pip install openpyxl xlsxwriter   # and: apt-get install libreoffice-calc-nogui
    python3 scripts/make_reader_fixtures.py Tests/KaoheReaderTests/Fixtures/generated
"""
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl
import xlsxwriter
from openpyxl.utils import get_column_letter

OUT = sys.argv[1] if len(sys.argv) > 1 else "Tests/KaoheReaderTests/Fixtures/generated"

LONG = "长" * 3000 + "（同一长文本被几千个单元格引用）"

# The common content: (row, col) -> value. Strings, numbers in several forms, Chinese text,
# text that looks like numbers, full-width digits, XML specials, booleans, dates.
def content():
    cells = {
        (0, 0): "被考核单位", (0, 1): "加扣分原因及分值", (0, 2): "得分", (0, 3): "日期",
        (1, 0): "市经济和信息\n化局", (1, 1): "扣0.83分；加0.3分。", (1, 2): 49.735, (1, 3): dt.date(2021, 12, 31),
        (2, 0): "市科技局", (2, 1): "<&>\"' 特殊字符", (2, 2): -2.15, (2, 3): dt.datetime(2021, 3, 5, 12, 30, 0),
        (3, 0): "１２３", (3, 1): "79.17%", (3, 2): 1.5e-10, (3, 3): dt.date(1900, 1, 1),
        (4, 0): "0123", (4, 1): True, (4, 2): 1e20, (4, 3): dt.date(1904, 1, 2),
        (5, 0): "  leading and trailing  ", (5, 1): False, (5, 2): 12345678901234, (5, 3): dt.datetime(2020, 2, 29, 23, 59, 59),
        (6, 0): "——", (6, 1): "tab\there", (6, 2): 0, (6, 3): dt.date(2099, 12, 31),
        (9, 5): "sparse", (9, 7): 7,
    }
    return cells


def expected_value(v):
    if isinstance(v, bool):
        return {"type": "bool", "value": v}
    if isinstance(v, (int, float)):
        return {"type": "number", "value": float(v)}
    if isinstance(v, dt.datetime):
        return {"type": "date", "value": v.isoformat() if (v.hour or v.minute or v.second) else v.date().isoformat()}
    if isinstance(v, dt.date):
        return {"type": "date", "value": v.isoformat()}
    return {"type": "string", "value": v}


def write_expected(path, sheets):
    """sheets: list of {name, state, merged: [..], cells: {(r,c): value}}"""
    doc = {"sheets": []}
    for s in sheets:
        cells = []
        for (r, c), v in sorted(s["cells"].items()):
            e = expected_value(v) if not isinstance(v, dict) else v
            e["ref"] = get_column_letter(c + 1) + str(r + 1)
            cells.append(e)
        entry = {"name": s["name"], "state": s.get("state", "visible"), "merged": s.get("merged", []), "cells": cells}
        if "fill" in s:
            entry["fill"] = s["fill"]
        doc["sheets"].append(entry)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def make_openpyxl(path, date1904=False):
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "政务公开"
    cells = content()
    if date1904:  # the 1904 system cannot show dates before 1904-01-01
        cells = {k: v for k, v in cells.items() if not (isinstance(v, dt.date) and v.year < 1904)}
    for (r, c), v in cells.items():
        cell = ws.cell(row=r + 1, column=c + 1, value=v)
        if isinstance(v, dt.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm:ss"
        elif isinstance(v, dt.date):
            cell.number_format = 'yyyy"年"m"月"d"日"'
        elif isinstance(v, str) and v[:1] in "0１":
            cell.number_format = "@"
    ws.merge_cells("F2:H3")
    hidden = wb.create_sheet("隐藏表")
    hidden["A1"] = "hidden"
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("VeryHidden")
    very["B2"] = 2.5
    very.sheet_state = "veryHidden"
    err = wb.create_sheet("Errors")
    for i, e in enumerate(["#N/A", "#DIV/0!", "#VALUE!", "#REF!"]):
        c = err.cell(row=i + 1, column=1, value=e)
        c.data_type = "e"
    wb.save(path)
    sheets = [
        {"name": "政务公开", "cells": cells, "merged": ["F2:H3"]},
        {"name": "隐藏表", "state": "hidden", "cells": {(0, 0): "hidden"}},
        {"name": "VeryHidden", "state": "veryHidden", "cells": {(1, 1): 2.5}},
        {"name": "Errors", "cells": {(i, 0): {"type": "error", "value": e}
                                      for i, e in enumerate(["#N/A", "#DIV/0!", "#VALUE!", "#REF!"])}},
    ]
    write_expected(path.replace(".xlsx", ".expected.json"), sheets)


def make_xlsxwriter(path, constant_memory=False, date1904=False):
    wb = xlsxwriter.Workbook(path, {"constant_memory": constant_memory, "date_1904": date1904,
                                    "strings_to_numbers": False})
    ws = wb.add_worksheet("政务公开")
    date_fmt = wb.add_format({"num_format": 14})
    time_fmt = wb.add_format({"num_format": "yyyy/m/d h:mm:ss"})
    cells = content()
    # XlsxWriter writes 1900-01-01 as serial 0 (its convention for a time with no date), which
    # Excel shows as 1900-01-00; use a date past Excel's fictitious 1900-02-29 instead.
    cells[(3, 3)] = dt.date(1900, 3, 1)
    if date1904:
        cells = {k: v for k, v in cells.items() if not (isinstance(v, dt.date) and v.year < 1904)}
    for (r, c), v in sorted(cells.items()):
        if isinstance(v, bool):
            ws.write_boolean(r, c, v)
        elif isinstance(v, (int, float)):
            ws.write_number(r, c, v)
        elif isinstance(v, dt.datetime):
            ws.write_datetime(r, c, v, time_fmt)
        elif isinstance(v, dt.date):
            ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
        else:
            ws.write_string(r, c, v)
    # A formula with a cached string result (t="str") and one with a number.
    ws.write_formula(10, 0, '="考"&"核"', None, "考核")
    cells[(10, 0)] = "考核"
    ws.write_formula(10, 1, "=1+2", None, 3)
    cells[(10, 1)] = 3
    if not constant_memory:
        bold = wb.add_format({"bold": True})
        ws.write_rich_string(11, 0, "富", bold, "文本", "内容")
        cells[(11, 0)] = "富文本内容"
        ws.merge_range("F2:H3", "合并", wb.add_format({"align": "center"}))
        cells[(1, 5)] = "合并"
        merged = ["F2:H3"]
        # One long string used by thousands of cells: stored once in the table.
        long_sheet = wb.add_worksheet("长文本")
        for r in range(3000):
            long_sheet.write_string(r, 0, LONG)
    else:
        merged = []
    hidden = wb.add_worksheet("Hidden")
    hidden.write_string(0, 0, "hidden")
    hidden.hide()
    wb.close()
    sheets = [{"name": "政务公开", "cells": cells, "merged": merged}]
    if not constant_memory:
        # Every cell of A1:A3000 holds LONG: said once, as a fill, not 3000 times.
        sheets.append({"name": "长文本", "cells": {}, "fill": {"range": "A1:A3000", "type": "string", "value": LONG}})
    sheets.append({"name": "Hidden", "state": "hidden", "cells": {(0, 0): "hidden"}})
    write_expected(path.replace(".xlsx", ".expected.json"), sheets)


def make_libreoffice(src, path):
    """LibreOffice Calc reads the openpyxl workbook and writes it again with its own writer."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "in.xlsx")
        shutil.copy(src, copy)
        outdir = os.path.join(tmp, "out")
        subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                        "--outdir", outdir, copy], check=True, capture_output=True, timeout=180)
        shutil.copy(os.path.join(outdir, "in.xlsx"), path)
        # A legacy .xls from the same sheet, for the "save it as .xlsx" error.
        subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "xls", "--outdir", outdir, copy],
                       check=True, capture_output=True, timeout=180)
        shutil.copy(os.path.join(outdir, "in.xls"), os.path.join(os.path.dirname(path), "legacy.xls"))
        shutil.copy(os.path.join(outdir, "in.xls"), os.path.join(os.path.dirname(path), "wps.et"))
    exp = json.load(open(src.replace(".xlsx", ".expected.json"), encoding="utf-8"))
    for sheet in exp["sheets"]:  # Calc has no "very hidden": it writes such a sheet as hidden
        if sheet["state"] == "veryHidden":
            sheet["state"] = "hidden"
    with open(path.replace(".xlsx", ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(exp, f, ensure_ascii=False, indent=1)
        f.write("\n")


# Hand-edited variants --------------------------------------------------------------------

SIMPLE_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{dimension}<sheetData>{rows}</sheetData>{merges}</worksheet>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{ns}" xmlns:r="{rns}">{pr}<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rt}/worksheet" Target="{target}"/><Relationship Id="rId2" Type="{rt}/sharedStrings" Target="{sst_target}"/></Relationships>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rt}/officeDocument" Target="{wb}"/></Relationships>"""

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"""

TRANSITIONAL = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
STRICT = ("http://purl.oclc.org/ooxml/spreadsheetml/main",
          "http://purl.oclc.org/ooxml/officeDocument/relationships")


def package(path, sheet_xml, sst_xml=None, name="Sheet1", strict=False, sheet_part="xl/worksheets/sheet1.xml",
            target="worksheets/sheet1.xml", sst_part="xl/sharedStrings.xml", sst_target="sharedStrings.xml",
            pr="", bom=False, extra=None, workbook_part="xl/workbook.xml", rels_part="xl/_rels/workbook.xml.rels"):
    ns, rns = STRICT if strict else TRANSITIONAL
    rt = rns
    wb_xml = WORKBOOK.format(ns=ns, rns=rns, name=name, pr=pr)
    if strict:
        sheet_xml = sheet_xml.replace(TRANSITIONAL[0], STRICT[0]).replace(TRANSITIONAL[1], STRICT[1])
        if sst_xml:
            sst_xml = sst_xml.replace(TRANSITIONAL[0], STRICT[0])
    if bom:
        sheet_xml = "\ufeff" + sheet_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS.format(rt=rt, wb="xl/workbook.xml" if workbook_part == "xl/workbook.xml" else workbook_part))
        z.writestr(workbook_part, wb_xml)
        z.writestr(rels_part, WORKBOOK_RELS.format(rt=rt, target=target, sst_target=sst_target))
        z.writestr(sheet_part, sheet_xml)
        if sst_xml is not None:
            z.writestr(sst_part, sst_xml)
        for k, v in (extra or {}).items():
            z.writestr(k, v)


def sst(strings, count=None, unique=None):
    items = "".join(s if s.startswith("<si>") else "<si><t xml:space=\"preserve\">" + s + "</t></si>" for s in strings)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" count="%s" uniqueCount="%s">%s</sst>' % (count or len(strings), unique or len(strings), items))


def hand_variants(d):
    exp = {}
    # Prefixed elements (x:row, x:c), as some generators write them.
    prefixed = ('<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
                'spreadsheetml/2006/main"><x:dimension ref="A1:B2"/><x:sheetData>'
                '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>1.25</x:v></x:c></x:row>'
                '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c><x:c r="B2" t="b"><x:v>1</x:v></x:c></x:row>'
                '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A3:B3"/></x:mergeCells></x:worksheet>')
    package(os.path.join(d, "prefixed.xlsx"), prefixed, sst(["前缀"]))
    exp["prefixed"] = {"A1": ["string", "前缀"], "B1": ["number", "1.25"], "A2": ["string", "内联"], "B2": ["bool", True]}

    # No r= on rows or cells; a wrong dimension.
    no_r = SIMPLE_SHEET.format(dimension='<dimension ref="A1"/>', merges="", rows=(
        '<row><c t="s"><v>0</v></c><c><v>2</v></c><c t="inlineStr"><is><t>c</t></is></c></row>'
        '<row><c><v>4</v></c></row><row r="5"><c><v>5</v></c><c r="D5"><v>6</v></c><c><v>7</v></c></row>'))
    package(os.path.join(d, "no_r_attributes.xlsx"), no_r, sst(["a"]))
    exp["no_r_attributes"] = {"A1": ["string", "a"], "B1": ["number", "2"], "C1": ["string", "c"], "A2": ["number", "4"],
                              "A5": ["number", "5"], "D5": ["number", "6"], "E5": ["number", "7"]}

    # Strict OOXML namespaces, ISO dates (t="d"), absolute targets, a BOM, no <dimension>.
    strict = SIMPLE_SHEET.format(dimension="", merges="", rows=(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="d"><v>2021-12-31T00:00:00</v></c>'
        '<c r="C1" t="e"><v>#N/A</v></c><c r="D1" t="str"><v>公式结果</v></c></row>'))
    package(os.path.join(d, "strict.xlsx"), strict, sst(["严格"]), strict=True, bom=True,
            target="/xl/worksheets/sheet1.xml", sst_target="/xl/sharedStrings.xml", name="严格模式")
    exp["strict"] = {"A1": ["string", "严格"], "B1": ["date", "2021-12-31T00:00:00"], "C1": ["error", "#N/A"],
                     "D1": ["string", "公式结果"]}

    # Entities, numeric character references, _xHHHH_ escapes, CDATA, rich text with phonetic
    # runs, wrong count attributes, numbers in every XML form, comments and PIs.
    rich = ('<si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve">文本 </t></r>'
            '<rPh sb="0" eb="1"><t>フ</t></rPh><phoneticPr fontId="1"/></si>')
    strings = ["&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos;", "&#20013;&#x6587;", "line_x000D_break", "_x005F_x000D_ kept",
               rich, "<si><t><![CDATA[<not markup> & more]]></t></si>", "<si><t>  trimmed  </t></si>"]
    text_sheet = SIMPLE_SHEET.format(dimension='<dimension ref="A1:A1"/>', merges="", rows=(
        '<!-- a comment --><?pi data?>'
        '<row r="1">' + "".join('<c r="A%d" t="s"><v>%d</v></c>' % (i + 1, i) for i in range(0)) + '</row>'
        + "".join('<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>' % (i + 1, i + 1, i) for i in range(len(strings)))
        + '<row r="10"><c r="A10"><v>1E+3</v></c><c r="B10"><v>-1.5e-3</v></c><c r="C10"><v>.5</v></c>'
        '<c r="D10"><v>  42 </v></c><c r="E10" t="n"><v>007</v></c></row>'))
    package(os.path.join(d, "text_forms.xlsx"), text_sheet, sst(strings, count=999999999, unique=3))
    exp["text_forms"] = {"A1": ["string", "<a> & \"b\" 'c'"], "A2": ["string", "中文"], "A3": ["string", "line\rbreak"],
                         "A4": ["string", "_x000D_ kept"], "A5": ["string", "富文本 "], "A6": ["string", "<not markup> & more"],
                         "A7": ["string", "trimmed"], "A10": ["number", "1E+3"], "B10": ["number", "-1.5e-3"],
                         "C10": ["number", ".5"], "D10": ["number", "  42 "], "E10": ["number", "007"]}

    # Part names with backslashes and different case.
    package(os.path.join(d, "odd_part_names.xlsx"), SIMPLE_SHEET.format(dimension="", merges="", rows=(
        '<row r="1"><c r="A1"><v>1</v></c></row>')), None, sheet_part="XL\\Worksheets\\Sheet1.XML",
            target="worksheets/sheet1.xml", rels_part="xl/_rels/workbook.xml.rels")
    exp["odd_part_names"] = {"A1": ["number", "1"]}

    with open(os.path.join(d, "hand.expected.json"), "w", encoding="utf-8") as f:
        json.dump(exp, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


def bad_inputs(d):
    b = os.path.join(d, "bad")
    os.makedirs(b, exist_ok=True)
    with open(os.path.join(b, "not_a_zip.xlsx"), "w") as f:
        f.write("被考核单位,得分\n巴州区,1\n")
    good = os.path.join(d, "xlsxwriter.xlsx")
    data = open(good, "rb").read()
    with open(os.path.join(b, "truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])
    with zipfile.ZipFile(os.path.join(b, "no_workbook.xlsx"), "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("hello.txt", "no workbook here")
    # A workbook whose sheet part is missing.
    sheet = SIMPLE_SHEET.format(dimension="", merges="", rows="")
    package(os.path.join(b, "missing_sheet_part.xlsx"), sheet, sheet_part="xl/worksheets/other.xml")
    # Malformed sheet XML: a mismatched end tag at a known byte offset.
    bad = SIMPLE_SHEET.format(dimension="", merges="", rows='<row r="1"><c r="A1"><v>1</v></row>')
    package(os.path.join(b, "malformed.xlsx"), bad)
    # A DOCTYPE with an entity-expansion bomb in the shared strings.
    doctype = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
    package(os.path.join(b, "doctype.xlsx"), SIMPLE_SHEET.format(dimension="", merges="", rows=""), doctype)
    # A zip bomb: 64 MB of white space inside the sheet, deflating to about 64 KB.
    bomb = SIMPLE_SHEET.format(dimension="", merges="", rows=" " * (64 << 20))
    package(os.path.join(b, "zip_bomb.xlsx"), bomb)
    # An unknown entity in a cell.
    package(os.path.join(b, "bad_entity.xlsx"), SIMPLE_SHEET.format(dimension="", merges="", rows=(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>')))
    # A shared-string index past the table.
    package(os.path.join(b, "bad_shared_index.xlsx"), SIMPLE_SHEET.format(dimension="", merges="", rows=(
        '<row r="1"><c r="B7" t="s"><v>5</v></c></row>')), sst(["only one"]))
    for name in ("legacy.xls", "wps.et"):
        src = os.path.join(d, name)
        if os.path.exists(src):
            shutil.move(src, os.path.join(b, name))


def main():
    os.makedirs(OUT, exist_ok=True)
    make_openpyxl(os.path.join(OUT, "openpyxl.xlsx"))
    make_openpyxl(os.path.join(OUT, "openpyxl_1904.xlsx"), date1904=True)
    make_xlsxwriter(os.path.join(OUT, "xlsxwriter.xlsx"))
    make_xlsxwriter(os.path.join(OUT, "xlsxwriter_constant_memory.xlsx"), constant_memory=True)
    make_xlsxwriter(os.path.join(OUT, "xlsxwriter_1904.xlsx"), date1904=True)
    make_libreoffice(os.path.join(OUT, "openpyxl.xlsx"), os.path.join(OUT, "libreoffice.xlsx"))
    hand_variants(OUT)
    bad_inputs(OUT)


if __name__ == "__main__":
    main()
