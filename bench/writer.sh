#!/usr/bin/env bash
# Writer benchmark (issue 3): 200,000 rows × 12 columns in constant-memory mode, written by
# KaoheWriter (Swift) and by a minimal C program calling libxlsxwriter directly, in one run.
# Prints wall time and peak RSS of each, three runs each (CALLGRIND=1: instruction counts too). Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-200000}
WORK=${WORK:-/tmp/kaohe-bench}
mkdir -p "$WORK"
swift build -c release --product kaohe-writer-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)/kaohe-writer-bench
gcc -O2 -o "$WORK/write_bench" bench/c/write_bench.c $(pkg-config --cflags --libs xlsxwriter)
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null
  read -r wall rss < "$WORK/time.txt"
  printf '%-22s wall %6.2f s   peak RSS %6.1f MB\n' "$name" "$wall" "$(echo "$rss / 1024" | bc -l)"
}
for i in 1 2 3; do
  measure "C (libxlsxwriter)" "$WORK/write_bench" "$WORK/c.xlsx" "$ROWS"
  measure "Swift (KaoheWriter)" "$BIN" "$WORK/swift.xlsx" "$ROWS"
done
ls -l "$WORK/c.xlsx" "$WORK/swift.xlsx"
# Wall time on a shared machine is noisy; instruction counts are not. CALLGRIND=1 also counts
# both programs' instructions for 20,000 rows under valgrind (same binaries, same cells).
if [ "${CALLGRIND:-0}" = 1 ]; then
  count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'; }
  c=$(count "$WORK/write_bench" "$WORK/c-cg.xlsx" 20000)
  s=$(count "$BIN" "$WORK/swift-cg.xlsx" 20000)
  printf 'instructions, 20,000 rows: C %s, Swift %s (%.2f x)\n' "$c" "$s" "$(echo "$s / $c" | bc -l)"
fi
