#!/usr/bin/env bash
# Runner benchmark (issue 6): 1,000 generated workbooks (60 units each, four tables × 250
# periods of bench/runner/job.yaml) dropped in a fresh inbox, then one `kaohe run --root` over
# them, timed (wall, CPU, peak RSS). Not a test. Run it on an otherwise idle machine.
#
#   bash bench/runner.sh           # 1,000 workbooks
#   COUNT=200 bash bench/runner.sh
#   ARGS=--unsupervised bash bench/runner.sh      # extra options for kaohe run
#   BIN=/path/to/another/kaohe bash bench/runner.sh  # another build, for a before/after
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-1000}
WORK=${WORK:-/tmp/kaohe-runner-bench}
python3 -c 'import xlsxwriter' 2>/dev/null || python3 -m pip install -q xlsxwriter
if [ -z "${BIN:-}" ]; then
  swift build -c release --product kaohe >/dev/null
  BIN=$(swift build -c release --show-bin-path)/kaohe
fi
if [ ! -d "$WORK/source-$COUNT" ]; then
  python3 bench/runner/make_inbox.py "$WORK/source-$COUNT" "$COUNT"
fi
rm -rf "$WORK/root" && mkdir -p "$WORK/root/inbox"
cp "$WORK/source-$COUNT"/*.xlsx "$WORK/root/inbox/"
echo "inbox: $(ls "$WORK/root/inbox" | wc -l) workbooks, $(du -sh "$WORK/root/inbox" | cut -f1); cores: $(nproc)"
status=0
/usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$BIN" run bench/runner/job.yaml --root "$WORK/root" --min-age 0 ${ARGS:-} \
  > "$WORK/run.out" 2> "$WORK/run.log" || status=$?
read -r wall user sys rss < "$WORK/time.txt"
cat "$WORK/run.out"
printf 'kaohe run --root: exit %d, wall %.2f s, CPU %.2f s (user %.2f + sys %.2f), peak RSS %.1f MB\n' \
  "$status" "$wall" "$(echo "$user + $sys" | bc -l)" "$user" "$sys" "$(echo "$rss / 1024" | bc -l)"
echo "outputs: $(find "$WORK/root/outbox" -name '*.xlsx' | wc -l) summary workbooks; archived: $(find "$WORK/root/archive" -name '*.xlsx' | wc -l)"
