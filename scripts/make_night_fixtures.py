#!/usr/bin/env python3
"""Writes the hostile submissions the runner's night-safety tests drop beside good ones, once
(committed in Tests/KaoheRunnerTests/Fixtures/hostile):

- nested-si.xlsx: a seed workbook whose shared-string table nests an <si> inside a <t>
  (it trapped the reader until 2026-12-06);
- 000-巴中市-省定政务目标考核.xlsx (in cover/): seed 000's nine-table workbook with a cover sheet
  first (written by openpyxl) whose text names every table — 本工作簿包含：新冠肺炎疫情防控、值班工作 … —
  as offices add one;
- 报送情况（工作表已改名）.xlsx (in renamed/): seed 003's 报送 workbook under a name no pattern
  expects, its sheets renamed Sheet1 and Sheet2 by openpyxl, as a lead unit's copy may come;
- shared-string-flood.xlsx: a seed workbook whose shared-string table inflates to MB
  megabytes (default 200) of 65,000-character strings, every part inside the reader's
  per-part limits (ratio about 470 : 1).

    python3 scripts/make_night_fixtures.py [--flood-mb MB] [--out DIR]

`--flood-mb 2048 --out /tmp` makes the 2 GB workbook of issue 19 for a manual measurement.
"""
import argparse
import os
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "Workbooks", "inbox", "003-雁江区-政务信息报送.xlsx")
SST_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


SST_REL = (b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
           b'Target="sharedStrings.xml"/></Relationships>')
SST_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')


def rewrite(out, sst_writer):
    """The seed workbook (openpyxl wrote its text inline) with a shared-string table added,
    which the reader loads before it reads any sheet."""
    src = zipfile.ZipFile(BASE)
    stamp = (2026, 12, 6, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", SST_REL)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SST_TYPE)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
        zi = zipfile.ZipInfo("xl/sharedStrings.xml", date_time=stamp)
        zi.compress_type = zipfile.ZIP_DEFLATED
        with z.open(zi, "w", force_zip64=True) as f:
            sst_writer(f)


def nested(f):
    # A stray <si> opened inside a <t>, after a space, as the hand-made case of issue 19.
    f.write(SST_HEAD + b"<si><t>x <si></si></t></si><si><t>\xe8\x80\x83\xe6\xa0\xb8</t></si></sst>")


def flood(megabytes):
    def write(f):
        f.write(SST_HEAD)
        total, i = 0, 0
        while total < megabytes << 20:
            body = ("<si><t>%06d" % i + "考核得分" * 5416 + "</t></si>").encode()
            f.write(body)
            total += len(body)
            i += 1
        f.write(b"</sst>")
    return write


def cover(out_dir):
    import openpyxl
    name = "000-巴中市-省定政务目标考核.xlsx"
    wb = openpyxl.load_workbook(os.path.join(ROOT, "Workbooks", "inbox", name))
    ws = wb.create_sheet("封面说明", 0)
    ws["A1"] = "巴中市2021年度省定政务目标考核 报送材料"
    ws["A2"] = ("本工作簿包含：新冠肺炎疫情防控、值班工作、30件民生实事、两书一函、政府廉政建设、网上政务服务能力建设、"
                "会务工作、文电办理、政务信息考核各表，请逐表填写后报送。")
    ws["A3"] = "填报单位：市政府办公室"
    os.makedirs(out_dir, exist_ok=True)
    wb.save(os.path.join(out_dir, name))


def renamed(out_dir):
    import openpyxl
    wb = openpyxl.load_workbook(BASE)
    for ws, name in zip(wb.worksheets, ["Sheet1", "Sheet2"]):
        ws.title = name
    os.makedirs(out_dir, exist_ok=True)
    wb.save(os.path.join(out_dir, "报送情况（工作表已改名）.xlsx"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flood-mb", type=int, default=200)
    ap.add_argument("--out", default=os.path.join(ROOT, "Tests", "KaoheRunnerTests", "Fixtures", "hostile"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rewrite(os.path.join(a.out, "nested-si.xlsx"), nested)
    rewrite(os.path.join(a.out, "shared-string-flood.xlsx"), flood(a.flood_mb))
    cover(os.path.join(a.out, "cover"))
    renamed(os.path.join(a.out, "renamed"))


if __name__ == "__main__":
    main()
