#!/usr/bin/env bash
# Registry queries at city scale: seeds the synthetic city into var/bench-city.db once (timed;
# kept for later runs), then runs bench_registry_queries: exact search by ID number and filtered
# list pages (p50/p99) beside a primary-key lookup measured in the same run.
#   bench/registry/queries.sh [--scale city|town] [--postgres URL]
# With --postgres the same seeding and queries run against that (empty, migrated) database.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCALE=city
PG=""
while (($#)); do
  case $1 in
    --scale) SCALE=$2; shift 2 ;;
    --postgres) PG=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh >/dev/null
cmake --preset release >/dev/null && cmake --build --preset release --target linli >/dev/null
cmake --preset bench >/dev/null && cmake --build --preset bench --target bench_registry_queries >/dev/null
BIN=$PWD/build/release/linli
mkdir -p var
KEYS_FILE=var/bench-$SCALE.keys
[[ -f $KEYS_FILE ]] || { (umask 077; "$BIN" keys generate k1 >"$KEYS_FILE"); }
export LINLI_KEYS; LINLI_KEYS=$(cat "$KEYS_FILE")
if [[ -n $PG ]]; then DB=$PG; else DB=sqlite:var/bench-$SCALE.db; fi
if [[ -n $PG || ! -f var/bench-$SCALE.db ]]; then
  "$BIN" --db "$DB" migrate >/dev/null
  "$BIN" --db "$DB" import divisions --city 3210 --if-missing >/dev/null
  start=$(date +%s)
  "$BIN" --db "$DB" seed --scale "$SCALE" --if-missing
  echo "seeding $SCALE into ${DB%%:*}: $(( $(date +%s) - start )) s wall"
fi
build/bench/bench/registry/bench_registry_queries --db "$DB"
