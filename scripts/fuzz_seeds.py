#!/usr/bin/env python3
"""Seed corpora for scripts/fuzz, taken from the committed fixtures: each workbook's XML parts
(sheets with their shared strings after a NUL), small workbooks whole, the job files with their
registries (after a NUL), the reason texts quoted in the adjustment tests, and the formulas
quoted in the formula tests.

    python3 scripts/fuzz_seeds.py OUT_DIR
"""
import glob
import hashlib
import os
import re
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1]


def put(target, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


books = sorted(glob.glob(os.path.join(ROOT, "Tests", "**", "*.xlsx"), recursive=True)
               + glob.glob(os.path.join(ROOT, "Workbooks", "inbox", "*.xlsx")))
for path in books:
    if os.path.getsize(path) <= 256 << 10:
        with open(path, "rb") as f:
            put("zip", f.read())
    try:
        z = zipfile.ZipFile(path)
        names = z.namelist()
        strings = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in names else b""
        for n in names:
            info = z.getinfo(n)
            if info.file_size > 64 << 10:
                continue
            data = z.read(n)
            if n.startswith("xl/worksheets/") and n.endswith(".xml"):
                put("sheet", data + b"\0" + strings[:32 << 10])
                put("draft", data + b"\0" + strings[:32 << 10])
            elif n.endswith("sharedStrings.xml"):
                put("sharedStrings", data)
            elif n.endswith("styles.xml"):
                put("styles", data)
            elif n.endswith("workbook.xml"):
                put("workbook", data)
            elif n.endswith(".rels"):
                put("relationships", data)
            elif n == "docProps/custom.xml":
                put("properties", data)
    except Exception:
        continue  # the hostile fixtures are meant not to open

for job in sorted(glob.glob(os.path.join(ROOT, "Jobs", "*.yaml"))):
    text = open(job, "rb").read()
    m = re.search(rb"^registry:\s*(\S+)", text, re.M)
    registry = b""
    if m:
        p = os.path.join(os.path.dirname(job), m.group(1).decode())
        if os.path.exists(p):
            registry = open(p, "rb").read()
    put("job", text + b"\0" + registry)

for test in glob.glob(os.path.join(ROOT, "Tests", "KaoheScoringTests", "**", "*.swift"), recursive=True):
    for s in re.findall(r'"([^"\n]*分[^"\n]*)"', open(test, encoding="utf-8").read()):
        put("reason", s.encode())

for s in re.findall(r'"(=[^"\n]*)"', open(os.path.join(ROOT, "Tests", "KaoheScoringTests", "CellFormulaTests.swift"), encoding="utf-8").read()):
    put("formula", s.replace('\\"', '"').encode())
