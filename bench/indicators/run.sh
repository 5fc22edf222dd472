#!/usr/bin/env bash
# Plan indicators at city scale (issue 18, "Speed"): seeds the synthetic city into
# var/bench-$SCALE.db once (shared with bench/registry) with its synthetic reported figures, then
#  1. the full recompute of every computed indicator for every place of the city, one month
#     (`linli indicators compute`, its own timing of the compute, best of 5), beside the same
#     aggregates written as plain SQL GROUP BY queries run by sqlite3 in the same run
#     (baseline.sql, materialised into a table as the snapshot is; best of 5);
#  2. the dashboard's API call, GET /api/v1/indicators?place= for the city, every county, every
#     town and 300 communities (twice each, p50/p99 over all), beside GET /api/v1/divisions/{code}
#     of the same places (the cached division tree: the server's floor).
#   bench/indicators/run.sh [--scale city|town] [--period YYYY-MM]
set -euo pipefail
cd "$(dirname "$0")/../.."
SCALE=city
PERIOD=$(date -u -d '+8 hours' +%Y-%m)
while (($#)); do
  case $1 in
    --scale) SCALE=$2; shift 2 ;;
    --period) PERIOD=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
bench_city "$SCALE"
"$BIN" --db "$DB" seed indicators --scale "$SCALE" --if-missing

# 1. The recompute beside plain SQL.
best() { sort -n | head -n 1; }
ours=$(for _ in 1 2 3 4 5; do
  "$BIN" --db "$DB" indicators compute --period "$PERIOD" | sed -E 's/.*; ([0-9.e+-]+) s$/\1/'
done | best)
figures=$("$BIN" --db "$DB" indicators compute --period "$PERIOD" | sed -E 's/.* ([0-9]+) figures.*/\1/')
from_ms=$(( $(date -u -d "$PERIOD-01 00:00 +0800" +%s) * 1000 ))
next=$(date -u -d "$PERIOD-01 +1 month" +%Y-%m)
to_ms=$(( $(date -u -d "$next-01 00:00 +0800" +%s) * 1000 ))
day=$(date -u -d "$next-01 -1 day" +%Y-%m-%d)
sql=$(sed -e "s/:from/$from_ms/g" -e "s/:to/$to_ms/g" -e "s/:day/'$day'/g" bench/indicators/baseline.sql)
baseline=$(for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  rows=$(printf '%s\n' "$sql" | sqlite3 "$DB_FILE")
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $rows"
done | sort -n | head -n 1)
baseline_ms=${baseline%% *}
baseline_rows=${baseline##* }
communities=$(sqlite3 "$DB_FILE" "SELECT COUNT(*) FROM divisions WHERE level = 'community' AND code LIKE '3210%' AND retired_at IS NULL")
printf 'recompute, %s communities and their roll-ups, %s: linli %.3f s (%s figures stored) · plain SQL GROUP BY in sqlite3 %.3f s (%s rows materialised) · goal < 2 s and no slower than the SQL\n' \
  "$communities" "$PERIOD" "$ours" "$figures" "$(echo "$baseline_ms / 1000" | bc -l)" "$baseline_rows"

# 2. The dashboard's API calls.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PASSWORD='Bench-indicators-2026!'
"$BIN" --db "$DB" user list --quiet | grep -qx benchadmin || printf '%s\n' "$PASSWORD" | "$BIN" --db "$DB" user add benchadmin --role city_admin --scope 3210 >/dev/null
"$BIN" --db "$DB" serve --listen "127.0.0.1:$PORT" >var/bench-indicators-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
PLACES=$(sqlite3 "$DB_FILE" "SELECT code FROM divisions WHERE code LIKE '3210%' AND retired_at IS NULL AND level IN ('city', 'county', 'town') UNION ALL SELECT code FROM (SELECT code FROM divisions WHERE level = 'community' AND code LIKE '3210%' AND retired_at IS NULL ORDER BY code LIMIT 300)" | paste -sd, -)
BASE=http://127.0.0.1:$PORT USER=benchadmin PASSWORD=$PASSWORD PLACES=$PLACES PERIOD=$PERIOD node bench/indicators/api_latency.mjs
