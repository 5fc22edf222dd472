#!/usr/bin/env bash
# 政策找人 at city scale (issue 19, "Speed": all eligibility rules over the seeded city, under
# 5 s, no slower than the same conditions as plain SQL run by sqlite3 in the same run).
# Seeds var/bench-$SCALE.db once (shared with bench/care/run.sh), then
#  1. the nightly job `care.eligibility` (`linli jobs run care.eligibility`: every rule of
#     data/care/benefits.json in one pass over the people the rules can reach, the new findings
#     written and the stale ones resolved; the first run, then the best of 3 steady runs), beside
#  2. the six rules written by hand as plain SQL (eligibility_baseline.sql: the two sets a run
#     finds, materialised), run by sqlite3 (best of 3).
#   bench/care/eligibility.sh [--scale city|town]
set -euo pipefail
cd "$(dirname "$0")/../.."
SCALE=city
while (($#)); do
  case $1 in
    --scale) SCALE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
bench_city "$SCALE"
"$BIN" --db "$DB" seed care --scale "$SCALE" --months 1 --if-missing
people=$(sqlite3 "$DB_FILE" "SELECT COUNT(*) FROM residents")
run_ms() { "$BIN" --db "$DB" jobs run care.eligibility | sed -E 's/.* ran in ([0-9]+) ms$/\1/'; }
first=$(run_ms)
ours=$(for _ in 1 2 3; do run_ms; done | sort -n | head -n 1)
findings=$(sqlite3 "$DB_FILE" "SELECT COUNT(*) FROM care_findings WHERE status = 'open'")
DATE=$(date -u -d '+8 hours' +%Y-%m-%d)
born() { echo "$(( 10#${DATE:0:4} - $1 ))${DATE:4}"; }
sql=$(sed -e "s/:date/'$DATE'/g" -e "s/:b60/'$(born 60)'/g" -e "s/:b80/'$(born 80)'/g" bench/care/eligibility_baseline.sql)
baseline=""
baseline_ms=$(for _ in 1 2 3; do
  start=$(date +%s%N)
  sets=$(printf '%s\n' "$sql" | sqlite3 "$DB_FILE")
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $sets"
done | sort -n | head -n 1)
printf '政策找人, %s people, 6 rules: linli %.3f s (first run %.3f s; %s open findings) · the same rules as plain SQL in sqlite3 %.3f s (eligible and lapsed: %s) · goal < 5 s and no slower than sqlite3\n' \
  "$people" "$(echo "$ours / 1000" | bc -l)" "$(echo "$first / 1000" | bc -l)" "$findings" \
  "$(echo "${baseline_ms%% *} / 1000" | bc -l)" "${baseline_ms#* }"
