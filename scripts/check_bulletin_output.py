#!/usr/bin/env python3
"""Checks seed 003's bulletin, as BulletinDocumentTests left it in KAOHE_WRITER_CHECK_DIR, with
independent tools: python-docx reads the Word document (page, margins, title, paragraphs,
tables); openpyxl reads the summary's 通报 sheet (each statistical paragraph a formula); and
LibreOffice recalculates that sheet, once as written (the text must not change) and once with a
table cell changed (the text must follow it). Exits non-zero with a message per failed check.

    python3 scripts/check_bulletin_output.py DIR
"""
import csv
import os
import shutil
import subprocess
import sys
import tempfile

import docx
import openpyxl

failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


SUBMITTED = ("2020年三季度全区政务信息工作共考核单位57个，41个部门单位完成季度报送任务，16个部门单位未完成季度报送任务。"
             "区统计局、区供销社、区市场监管局等24个部门和中和镇、东峰镇、宝台镇等12个镇街超额完成报送任务。"
             "区国土分局、区东管委、区工管委等11个部门以及丰裕镇、小院镇、堪嘉镇等5个镇街未完成报送任务，其中区国土分局报送为“0”。")


def check_document(path):
    d = docx.Document(path)
    s = d.sections[0]
    check("page A4 (mm)", (round(s.page_width.mm), round(s.page_height.mm)), (210, 297))
    check("margins top, bottom, left, right (mm)",
          tuple(round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)), (37, 35, 28, 26))
    texts = [p.text for p in d.paragraphs]
    check("文号 line first", texts[0], "资雁府办发〔2020〕  号")
    check("title, over three even lines", texts[2], "资阳市雁江区人民政府办公室\n关于2020年三季度全区政务\n信息工作目标完成情况的通报")
    check("title style", d.paragraphs[2].style.name, "Title")
    check("addressees", texts[4], "各镇人民政府、街道办事处，城东新区管委会，区政府各部门：")
    check("headings", [p.text for p in d.paragraphs if p.style.name == "Heading 1"], ["一、报送情况", "二、采用情况", "三、下步建议"])
    check("报送情况 paragraph", SUBMITTED in texts, True)
    check("signer", "资阳市雁江区人民政府办公室" in texts, True)
    check("tables", [(len(t.rows), len(t.columns)) for t in d.tables], [(40, 6), (19, 6), (41, 12), (20, 12)])
    check("first table's first row", [c.text for c in d.tables[0].rows[1].cells], ["1", "区统计局", "18", "63", "5.00", "350.00%"])
    check("adoption header spans", [c.text for c in d.tables[2].rows[0].cells][4:8], ["区级采用", "区级采用", "市级采用", "市级采用"])
    check("adoption sub-header", [c.text for c in d.tables[2].rows[1].cells][4:8], ["信息", "简讯", "信息", "简讯"])


def check_sheet(path):
    wb = openpyxl.load_workbook(path)
    ws = wb["通报"]
    formula = ws["A7"].value
    check("报送情况 is a formula", isinstance(formula, str) and formula.startswith('="2020年三季度全区政务信息工作共考核单位"&(COUNTA('), True)
    check("counts by COUNTIFS over the table sheets", "COUNTIFS('区级部门报送'!F3:F41,\">=1\")" in formula, True)
    check("sums by SUM", "SUM('区级部门报送'!D3:D41,'镇街道报送'!D3:D20)" in ws["A9"].value, True)
    cached = openpyxl.load_workbook(path, data_only=True)["通报"]
    check("cached text", cached["A7"].value, SUBMITTED)


def recalculated(path, folder):
    """The 通报 sheet's column A after LibreOffice loaded the workbook recalculating every formula."""
    profile = tempfile.mkdtemp()
    os.makedirs(f"{profile}/user")
    with open(f"{profile}/user/registrymodifications.xcu", "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry">'
                '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
                '<value>0</value></prop></item></oor:items>')
    out = tempfile.mkdtemp(dir=folder)
    sheet = openpyxl.load_workbook(path).sheetnames.index("通报") + 1
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to",
                    f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet}", "--outdir", out, path],
                   check=True, capture_output=True, timeout=180)
    name = [n for n in os.listdir(out) if n.endswith(".csv")][0]
    with open(f"{out}/{name}", encoding="utf-8") as f:
        rows = [r[0] if r else "" for r in csv.reader(f)]
    shutil.rmtree(profile, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return rows


def check_recalculation(path, folder):
    if shutil.which("soffice") is None:
        print("check_bulletin_output: LibreOffice is not installed; recalculation not checked")
        return
    check("LibreOffice's recalculated text as written", recalculated(path, folder)[6], SUBMITTED)
    changed = f"{folder}/changed.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["区级部门报送"]
    check("区国土分局's row", (ws["B41"].value, ws["D41"].value), ("区国土分局", None))
    ws["D41"] = 12  # 区国土分局 now submits its 12: 完成率 100 %, the only department at 0 no more
    ws["F41"] = "=D41/C41"
    wb.save(changed)
    text = recalculated(changed, folder)
    check("after 区国土分局 submits 12: 42 complete, 15 not",
          text[6].startswith("2020年三季度全区政务信息工作共考核单位57个，42个部门单位完成季度报送任务，15个部门单位未完成季度报送任务。"), True)
    check("after 区国土分局 submits 12: 1398 submitted", text[8].startswith("三季度各级各部门共上报信息1398条，"), True)


def main(folder):
    check_document(f"{folder}/seed003.docx")
    check_sheet(f"{folder}/seed003-bulletin.xlsx")
    check_recalculation(f"{folder}/seed003-bulletin.xlsx", folder)
    for f in failures:
        print("FAIL", f)
    print(f"check_bulletin_output: {'ok' if not failures else str(len(failures)) + ' failures'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
