#!/usr/bin/env bash
# Care at city scale (issue 19, "Speed"): seeds the synthetic city into var/bench-$SCALE.db once
# (shared with bench/registry and bench/indicators) with its care archives (`linli seed care
# --months 1`), then
#  1. the month's visit plan for the whole city (`linli care plan-visits`, its own timing; the
#     month's visits deleted before each run; best of 3), beside the same INSERT … SELECT written
#     as plain SQL and run by sqlite3 in the same run (baseline.sql; best of 3);
#  2. a community's compliance page and its visit list, GET /api/v1/care/compliance?place= and
#     GET /api/v1/care/visits?place= (every page of 50) for 300 communities (twice each, p50/p99), beside
#     GET /api/v1/divisions/{code} of the same places (the cached division tree: the floor).
#   bench/care/run.sh [--scale city|town] [--month YYYY-MM]
set -euo pipefail
cd "$(dirname "$0")/../.."
SCALE=city
MONTH=$(date -u -d '+8 hours' +%Y-%m)
while (($#)); do
  case $1 in
    --scale) SCALE=$2; shift 2 ;;
    --month) MONTH=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
bench_city "$SCALE"
"$BIN" --db "$DB" seed care --scale "$SCALE" --months 1 --if-missing
archives=$(sqlite3 "$DB_FILE" "SELECT COUNT(*) FROM care_archives WHERE status = 'open'")

# 1. The month's plan beside plain SQL.
clear_month() { sqlite3 "$DB_FILE" "DELETE FROM care_visits WHERE month = '$MONTH'"; }
ours=$(for _ in 1 2 3; do
  clear_month
  "$BIN" --db "$DB" care plan-visits --month "$MONTH" | sed -E 's/.*; ([0-9.e+-]+) s$/\1/'
done | sort -n | head -n 1)
planned=$(sqlite3 "$DB_FILE" "SELECT COUNT(*) FROM care_visits WHERE month = '$MONTH'")
index=$(( 10#${MONTH:0:4} * 12 + 10#${MONTH:5:2} - 1 ))
sql=$(sed -e "s/:month/'$MONTH'/g" -e "s/:index/$index/g" bench/care/baseline.sql)
baseline_ms=$(for _ in 1 2 3; do
  clear_month
  start=$(date +%s%N)
  printf '%s\n' "$sql" | sqlite3 "$DB_FILE"
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 ))"
done | sort -n | head -n 1)
baseline_rows=$(sqlite3 "$DB_FILE" "SELECT COUNT(*) FROM care_visits WHERE month = '$MONTH'")
clear_month
"$BIN" --db "$DB" care plan-visits --month "$MONTH" >/dev/null
printf 'month plan, %s open archives, %s: linli %.3f s (%s visits planned) · the same INSERT … SELECT in sqlite3 %.3f s (%s visits) · goal < 10 s\n' \
  "$archives" "$MONTH" "$ours" "$planned" "$(echo "$baseline_ms / 1000" | bc -l)" "$baseline_rows"

# 2. The compliance page and the visit list.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PASSWORD='Bench-care-2026!'
"$BIN" --db "$DB" user list --quiet | grep -qx benchadmin || printf '%s\n' "$PASSWORD" | "$BIN" --db "$DB" user add benchadmin --role city_admin --scope 3210 >/dev/null
"$BIN" --db "$DB" serve --listen "127.0.0.1:$PORT" >var/bench-care-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
PLACES=$(sqlite3 "$DB_FILE" "SELECT code FROM (SELECT DISTINCT substr(place_code, 1, 12) AS code FROM care_visits WHERE month = '$MONTH' ORDER BY code LIMIT 300)" | paste -sd, -)
BASE=http://127.0.0.1:$PORT USER=benchadmin PASSWORD=$PASSWORD PLACES=$PLACES MONTH=$MONTH node bench/care/api_latency.mjs
