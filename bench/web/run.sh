#!/usr/bin/env bash
# Time to the first meaningful screen after sign-in (issue 17) on a release build and the demo
# town (`linli seed --scale town` and a month of replayed desk activity, as the run command
# seeds), for a community worker, a grid worker, a town official, a department officer and the
# city administrator; the division browser (the old first screen) is the baseline in the same
# run. See first_screen.mjs.
#   bench/web/run.sh [--runs 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUNS=15
while (($#)); do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh
cmake --preset release >/dev/null && cmake --build --preset release >/dev/null
(cd web && npm run build >/dev/null)
BIN=$ROOT/build/release/linli
TMP=$(mktemp -d /tmp/linli-bench-web.XXXXXX)
PID=
trap '[[ -n $PID ]] && kill "$PID" 2>/dev/null; rm -rf "$TMP"' EXIT
DB="sqlite:$TMP/bench.db"
export LINLI_KEYS; LINLI_KEYS=$("$BIN" keys generate k1)
"$BIN" --db "$DB" migrate >/dev/null
"$BIN" --db "$DB" import divisions --city 3210 >/dev/null
"$BIN" --db "$DB" seed --scale town >/dev/null
"$BIN" --db "$DB" seed activity --scale town --recent --days 30 >/dev/null
PASS='Bench-first-screen-2026'
# The demo town's first community, its first grid, its town.
COMMUNITY=$(sqlite3 "$TMP/bench.db" "SELECT community_code FROM grids ORDER BY code LIMIT 1")
GRID=$(sqlite3 "$TMP/bench.db" "SELECT code FROM grids WHERE community_code = '$COMMUNITY' ORDER BY code LIMIT 1")
TOWN=${COMMUNITY:0:9}
add() { printf '%s\n' "$PASS" | "$BIN" --db "$DB" user add "$1" --role "$2" --scope "$3" "${@:4}" >/dev/null; }
add bench.admin city_admin 3210
add bench.town town_official "$TOWN"
add bench.worker community_worker "$COMMUNITY"
add bench.grid grid_worker "$GRID"
add bench.officer department_officer 3210 --department 市民政局
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LINLI_LOG_LEVEL=warn "$BIN" --db "$DB" serve --listen "127.0.0.1:$PORT" --web web/dist >"$TMP/linli.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
echo "demo town: $TOWN, community $COMMUNITY, grid $GRID ($(sqlite3 "$TMP/bench.db" 'SELECT COUNT(*) FROM residents') residents, $(sqlite3 "$TMP/bench.db" 'SELECT COUNT(*) FROM service_requests') requests, $(sqlite3 "$TMP/bench.db" 'SELECT COUNT(*) FROM events') events)"
LINLI_BASE_URL="http://127.0.0.1:$PORT" LINLI_BENCH_RUNS=$RUNS \
  LINLI_BENCH_ACCOUNTS="bench.worker:$PASS,bench.grid:$PASS,bench.town:$PASS,bench.officer:$PASS,bench.admin:$PASS" \
  node bench/web/first_screen.mjs
