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
swift build -c release --product kaohe-reader-bench >/dev/null
READER=$(swift build -c release --show-bin-path)/kaohe-reader-bench
FILE="$WORK/bench_${ROWS}.xlsx"
STRINGS="$WORK/bench_${ROWS}_strings.xlsx"
[ -f "$FILE" ] || python3 bench/make_big_workbook.py "$FILE" "$ROWS"
[ -f "$STRINGS" ] || python3 bench/make_big_workbook.py "$STRINGS" "$ROWS" strings
gcc -O2 -o "$WORK/inflate_floor" bench/c/inflate_floor.c $(pkg-config --cflags --libs libzip)
ls -l "$FILE" "$STRINGS"
measure() { # name, command... (wall to the microsecond from bash's clock: time(1) rounds to 10 ms)
  local name=$1; shift
  local start=$EPOCHREALTIME
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null
  local end=$EPOCHREALTIME
  read -r _ rss < "$WORK/time.txt"
  local wall
  wall=$(echo "$end - $start" | bc -l)
  printf '%-32s wall %6.3f s   peak RSS %6.1f MB\n' "$name" "$wall" "$(echo "$rss / 1024" | bc -l)"
  LAST=$wall
}
# The floor: libzip inflating the sheet part alone, beside the reader, best of five each.
for f in "$FILE" "$STRINGS"; do
  echo "== $(basename "$f")"
  best_floor=99; best_kaohe=99; best_reader=99
  for i in 1 2 3 4 5; do
    measure "inflate floor (libzip)" "$WORK/inflate_floor" "$f" xl/worksheets/sheet1.xml
    best_floor=$(echo "if ($LAST < $best_floor) $LAST else $best_floor" | bc -l)
    # KaoheReader alone (no Foundation, nothing printed): every cell turned into its value.
    measure "kaohe-reader-bench" "$READER" "$f" Sheet1
    best_reader=$(echo "if ($LAST < $best_reader) $LAST else $best_reader" | bc -l)
    measure "kaohe inspect --format csv" "$BIN" inspect "$f" --sheet Sheet1 --format csv
    best_kaohe=$(echo "if ($LAST < $best_kaohe) $LAST else $best_kaohe" | bc -l)
  done
  printf 'best: floor %.3f s; reader %.3f s (%.2f x the floor); kaohe inspect %.3f s (%.2f x)\n' "$best_floor" \
    "$best_reader" "$(echo "$best_reader / $best_floor" | bc -l)" "$best_kaohe" "$(echo "$best_kaohe / $best_floor" | bc -l)"
done
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
