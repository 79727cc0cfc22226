#!/usr/bin/env bash
# Reader benchmark (issue 2): one generated 200,000-row × 12-column workbook read in one run by
# `kaohe inspect --format csv` (to /dev/null), python-calamine and openpyxl (read_only), each
# reading every cell. Prints wall time and peak RSS of each. Not a test.
#
#   bash bench/reader.sh            # all three
#   SKIP_OPENPYXL=1 bash bench/reader.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-200000}
WORK=${WORK:-/tmp/kaohe-bench}
mkdir -p "$WORK"
python3 -c 'import xlsxwriter, python_calamine, openpyxl' 2>/dev/null || python3 -m pip install -q xlsxwriter python-calamine openpyxl
swift build -c release --product kaohe >/dev/null
BIN=$(swift build -c release --show-bin-path)/kaohe
FILE="$WORK/bench_${ROWS}.xlsx"
if [ ! -f "$FILE" ]; then
  python3 bench/make_big_workbook.py "$FILE" "$ROWS"
fi
ls -l "$FILE"
measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null
  read -r wall rss < "$WORK/time.txt"
  printf '%-28s wall %6.2f s   peak RSS %6.1f MB\n' "$name" "$wall" "$(echo "$rss / 1024" | bc -l)"
}
for i in 1 2 3; do measure "kaohe inspect --format csv" "$BIN" inspect "$FILE" --sheet Sheet1 --format csv; done
measure "python-calamine" python3 -c "
import sys
from python_calamine import CalamineWorkbook
n = 0
for row in CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name('Sheet1').iter_rows():
    n += len(row)
" "$FILE"
if [ -z "${SKIP_OPENPYXL:-}" ]; then
measure "openpyxl read_only" python3 -c "
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = 0
for row in wb['Sheet1'].iter_rows(values_only=True):
    n += len(row)
" "$FILE"
fi
