#!/usr/bin/env bash
# The one run command: installs what is missing, builds the release binary and the web
# app, creates or migrates var/linli.db, imports the real divisions of the configured city
# (Yangzhou, 3210) if absent, creates the first administrator and serves on
# http://127.0.0.1:8080. A second run is incremental and changes no data.
#   LINLI_ADMIN_PASSWORD  password of the first administrator "admin" (else generated, printed once)
#   LINLI_CITY            city code (default 3210); LINLI_DB, LINLI_LISTEN: see `linli serve --help`
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=1
CITY=${LINLI_CITY:-3210}

bash scripts/setup.sh
echo "run: building the release binary"
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" | tail -n 3
BIN=$ROOT/build/release/linli

if [[ -f web/package.json ]]; then
  stamp=web/dist/.linli-build
  if [[ ! -f $stamp ]] || [[ -n $(find web/src web/index.html web/package-lock.json web/vite.config.* -newer "$stamp" 2>/dev/null | head -1) ]]; then
    echo "run: building the web app"
    (cd web && npm run build --silent) && touch "$stamp"
  fi
fi

mkdir -p var
# Personal-data keys (SM4/HMAC-SM3): created once, mode 0600, never in the database.
# Set LINLI_KEYS instead to keep them outside the machine's disk.
[[ -n ${LINLI_KEYS:-} ]] || "$BIN" keys init
"$BIN" migrate
"$BIN" import divisions --city "$CITY" --if-missing
# Demo data: a synthetic town (every community of one street, ~70,000 residents, all marked
# synthetic). LINLI_SEED_SCALE=small|town|city|none chooses; a second run seeds nothing.
scale=${LINLI_SEED_SCALE:-town}
[[ $scale == none ]] || "$BIN" seed --scale "$scale" --if-missing
# And a month of the service desk up to yesterday in those communities (one street at most):
# requests filed and handled, events reported and whistled to departments, the notifications
# they send, so that every workbench and list has something on first start (marked 合成数据).
if [[ $scale != none ]]; then
  "$BIN" seed activity --scale "$([[ $scale == small ]] && echo small || echo town)" --recent --days 30 --if-missing
  # Care: archives from the registry's tags (低保, 特困, 特殊困难老年人, 残疾人 …) and a year of
  # monthly visit plans, the past months visited with realistic misses (before the indicators,
  # so that C2c's snapshots see them).
  "$BIN" seed care --scale "$([[ $scale == small ]] && echo small || echo town)" --if-missing
  # The plan's indicators since 2023-01: synthetic reported figures for those communities (their
  # towns, counties and the city) and the monthly snapshots of the computed ones.
  "$BIN" seed indicators --scale "$([[ $scale == small ]] && echo small || echo town)" --if-missing
fi

if [[ -z $("$BIN" user list --quiet) ]]; then
  password=${LINLI_ADMIN_PASSWORD:-}
  if [[ -z $password ]]; then
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20)
    generated=1
  fi
  printf '%s\n' "$password" | "$BIN" user add admin --role city_admin --scope "$CITY" --display-name 系统管理员
  if [[ ${generated:-0} == 1 ]]; then
    echo "run: first administrator created — username: admin  password: $password  (shown once)"
  fi
fi

listen=${LINLI_LISTEN:-127.0.0.1:8080}
echo "run: serving on http://$listen"
exec "$BIN" serve --listen "$listen" --web "$ROOT/web/dist"
