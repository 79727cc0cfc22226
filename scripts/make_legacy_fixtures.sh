#!/usr/bin/env bash
# Writes, once, the legacy and WPS submissions the runner's tests convert, with LibreOffice, from
# the committed .xlsx workbooks: 002's table as .xls, 003's 报送 as .ods, 003's 采用 as a WPS .et
# (WPS saves .et in the same compound-file format as .xls, so it is LibreOffice's .xls, renamed).
#   bash scripts/make_legacy_fixtures.sh      (needs libreoffice-calc-nogui)
set -euo pipefail
cd "$(dirname "$0")/.."
out=Tests/KaoheRunnerTests/Fixtures/legacy
mkdir -p "$out"
profile=$(mktemp -d)
scratch=$(mktemp -d)
convert() { soffice --headless "-env:UserInstallation=file://$profile" --convert-to "$1" --outdir "$scratch" "$2" >/dev/null 2>&1; }
convert xls "Workbooks/inbox/002-恩阳区-政务服务亮牌情况.xlsx"
convert ods "Workbooks/inbox/003-雁江区-政务信息报送.xlsx"
convert xls "Workbooks/inbox/003-雁江区-政务信息采用.xlsx"
cp "$scratch/002-恩阳区-政务服务亮牌情况.xls" "$out/"
cp "$scratch/003-雁江区-政务信息报送.ods" "$out/"
cp "$scratch/003-雁江区-政务信息采用.xls" "$out/003-雁江区-政务信息采用.et"
rm -rf "$profile" "$scratch"
ls -l "$out"
