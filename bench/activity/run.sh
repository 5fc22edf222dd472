#!/usr/bin/env bash
# A year of service-desk activity for the whole city, replayed through the services: a fresh
# database (SQLite file, or --postgres URL: an empty database), migrated, with the real
# divisions imported as bench/registry/import.sh does, then bench_activity (see its header and
# bench/activity/README.md).
#   bench/activity/run.sh [--requests 2000000] [--events 500000] [--days 365] [--postgres URL]
# LINLI_BENCH_BUILD=<folder> uses an already configured Release folder with LINLI_BUILD_BENCH=ON
# (holding both `linli` and `bench_activity`) instead of the release and bench presets.
set -euo pipefail
cd "$(dirname "$0")/../.."
ARGS=()
PG=""
while (($#)); do
  case $1 in
    --postgres) PG=$2; shift 2 ;;
    --requests|--events|--days|--applicants|--samples|--seed) ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ -n ${LINLI_BENCH_BUILD:-} ]]; then
  cmake --build "$LINLI_BENCH_BUILD" --target linli bench_activity >/dev/null
  BIN=$PWD/$LINLI_BENCH_BUILD/linli
  BENCH=$PWD/$LINLI_BENCH_BUILD/bench/activity/bench_activity
else
  bash scripts/setup.sh >/dev/null
  cmake --preset release >/dev/null && cmake --build --preset release --target linli >/dev/null
  cmake --preset bench >/dev/null && cmake --build --preset bench --target bench_activity >/dev/null
  BIN=$PWD/build/release/linli
  BENCH=$PWD/build/bench/bench/activity/bench_activity
fi
TMP=$(mktemp -d /tmp/linli-activity-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export LINLI_KEYS; LINLI_KEYS=$("$BIN" keys generate k1)
if [[ -n $PG ]]; then DB=$PG; else DB="sqlite:$TMP/activity.db"; fi
"$BIN" --db "$DB" migrate >/dev/null
"$BIN" --db "$DB" import divisions --city 3210 >/dev/null
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
/usr/bin/time -f '  bench_activity: %e s wall, %U s user, peak RSS %M KiB' "$BENCH" --db "$DB" "${ARGS[@]}"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
