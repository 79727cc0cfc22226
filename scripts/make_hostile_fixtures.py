#!/usr/bin/env python3
"""Writes the reader's regression corpus of hostile and broken workbooks, once; the outputs
are committed in Tests/KaoheReaderTests/Fixtures/regressions with expected.json, which says
for each file the ReaderError kind it must give ("ok" when it must read). The tests read
every file there on every run; scripts/fuzz-reader adds the inputs it finds (with the error
the fixed reader gives) to the same folder.

    python3 scripts/make_hostile_fixtures.py
"""
import json
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
sys.argv = sys.argv[:1]  # make_reader_fixtures reads its output folder from argv
from make_reader_fixtures import (CONTENT_TYPES, ROOT_RELS, SIMPLE_SHEET, TRANSITIONAL, WORKBOOK_RELS,  # noqa: E402
                                  package, sst)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "KaoheReaderTests", "Fixtures", "regressions")


def sheet(rows, dimension="", merges=""):
    return SIMPLE_SHEET.format(dimension=dimension, merges=merges, rows=rows)


def main():
    os.makedirs(OUT, exist_ok=True)
    # Keep what scripts/fuzz-reader added (fuzz-*): this script does not make those.
    try:
        with open(os.path.join(OUT, "expected.json"), encoding="utf-8") as f:
            exp = {k: v for k, v in json.load(f).items() if k.startswith("fuzz-")}
    except FileNotFoundError:
        exp = {}

    def add(name, kind, sheet_xml, sst_xml=None, contains=None):
        package(os.path.join(OUT, name + ".xlsx"), sheet_xml, sst_xml)
        exp[name] = {"kind": kind, "contains": contains}

    # The three trap sites found by mutation: a <row> inside a cell leaves the value's bounds
    # stale (shared and inline strings), and cells whose columns go backwards (CSV dump).
    add("row-inside-shared-cell", "malformedXML",
        sheet('<row r="1"><c r="A1" t="s"><v>12</v><row r="2"></row></c></row>'), sst(["x"] * 13),
        "A1")
    add("row-inside-inline-cell", "malformedXML",
        sheet('<row r="1"><c r="B1" t="inlineStr"><is><t>abc</t><row/></is></c></row>'), None, "B1")
    add("cells-backwards", "malformedXML",
        sheet('<row r="1"><c r="C1"><v>1</v></c><c r="A1"><v>2</v></c></row>'), None,
        "cell A1 comes after column C in its row (cells out of order)")
    add("rows-backwards", "malformedXML",
        sheet('<row r="5"><c r="A5"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'), None,
        "row 2 comes after row 5 (rows out of order)")
    add("cell-in-wrong-row", "malformedXML",
        sheet('<row r="1"><c r="A1"><v>1</v></c><c r="B7"><v>2</v></c></row>'), None, "cell B7 is inside row 1")
    # Excel's own limits.
    add("cell-too-long-inline", "cellTooLong",
        sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>%s</t></is></c></row>' % ("字" * 32768)), None,
        "cell A1 holds 32768 characters; Excel allows at most 32767")
    add("cell-too-long-shared", "cellTooLong",
        sheet('<row r="3"><c r="D3" t="s"><v>0</v></c></row>'), sst(["a" * 40000]), "cell D3 holds 40000 characters")
    add("nul-in-cell", "invalidCharacter",
        sheet('<row r="2"><c r="C2" t="inlineStr"><is><t>前_x0000_后</t></is></c></row>'), None,
        "cell C2 holds a NUL character (U+0000)")
    add("nul-in-shared-string", "invalidCharacter",
        sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), sst(["a_x0000_b"]), "cell A1 holds a NUL")
    add("column-beyond-xfd", "malformedXML",
        sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>'), None, "cell reference out of range 'XFE1'")
    # Amplification: one shared string of 32,000 characters (96 KB, as long as a cell may hold)
    # used by 12,000 cells: 1.1 GB of text from a small file.
    rows = "".join('<row r="%d">%s</row>' % (r + 1, "".join('<c r="%s%d" t="s"><v>0</v></c>' % (col, r + 1) for col in "ABCDEFGHIJKL"))
                   for r in range(1000))
    add("shared-string-bomb", "tooMuchText", sheet(rows), sst(["炸" * 32_000]), "budget")
    # 100,000 nested elements.
    add("deep-nesting", "malformedXML", sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + "<a>" * 100_000 + "</a>" * 100_000),
        None, "nested more than 256 deep")
    # A 100,000-character attribute: the message quotes 60 characters of it.
    add("huge-attribute", "malformedXML", sheet('<row r="1"><c r="%s"><v>1</v></c></row>' % ("Q" * 100_000)), None,
        "cell reference out of range")
    # An XML fragment with line breaks in a quoted name.
    add("line-break-in-end-tag", "malformedXML", sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
        "</sheetData>", "</sheet\nData\n>"), None, "malformed end tag")
    # One stray value at XFD1048576: reads, and costs what is there.
    add("stray-last-cell", "ok", sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'))
    # Cells of every shape the one-step read takes (plain, shared, styled, self-closing, no r=)
    # or must leave to the token-by-token read (entities, formulas, other attributes, single
    # quotes, white space, prefixes, CR): SimpleCellTests reads it both ways.
    shapes = sheet('<row r="1"><c r="A1"><v>1.5</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" s="1" t="n"><v>2</v></c>'
                   '<c r="D1"/><c><v>4</v></c></row>'
                   '<row r="2"><c r="A2" t="str"><v>a&amp;b</v></c><c r="B2"><f>1+1</f><v>2</v></c>'
                   '<c r="C2" cm="1"><v>5</v></c><c r=\'D2\'><v>6</v></c><c r="E2"><v>7</v>  </c>'
                   '<x:c r="F2"><x:v>8</x:v></x:c><c r="G2" t="str"><v>a&#13;b</v></c><c r="H2" t="str"><v>a\r\nb</v></c>'
                   '<c r="I2" t="b"><v>1</v></c><c r="J2" t="e"><v>#N/A</v></c><c r="K2" t="s"><v>1</v></c>'
                   '<c r="L2"><v></v></c><c r="M2" t="inlineStr"><is><t>in</t></is></c><c r="N2" s="99999999"><v>9</v></c>'
                   '<c r="$O$2"><v>10</v></c><c r="p2"><v>11</v></c><c r="Q2" s="1x"><v>12</v></c></row>')
    add("cell-shapes", "ok", shapes.replace("<worksheet ", '<worksheet xmlns:x="%s" ' % TRANSITIONAL[0], 1), sst(["x", ""]))
    # 2,000 sheet entries pointing at one part (the tests use a smaller total-inflation limit).
    many_sheets(os.path.join(OUT, "many-sheets-one-part.xlsx"), 2000)
    exp["many-sheets-one-part"] = {"kind": "tooLarge", "contains": "in all", "maxInflatedTotal": 5_000_000}

    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(exp, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", len(exp), "workbooks to", os.path.relpath(OUT, ROOT))


def many_sheets(path, n):
    ns, rns = TRANSITIONAL
    big = sheet("".join('<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (r, r, "x" * 1000)
                        for r in range(1, 1001)))
    sheets = "".join('<sheet name="S%d" sheetId="%d" r:id="rId%d"/>' % (i, i, i) for i in range(1, n + 1))
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="%s" xmlns:r="%s"><sheets>%s</sheets></workbook>'
          % (ns, rns, sheets))
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships">%s</Relationships>'
            % "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>' % (i, rns) for i in range(1, n + 1)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS.format(rt=rns, wb="xl/workbook.xml"))
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", big)


if __name__ == "__main__":
    main()
