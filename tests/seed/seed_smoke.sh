#!/usr/bin/env bash
# Smoke test of `linli seed` on a throwaway SQLite database: seeds the small scale, checks the
# counts it reports and what the database holds, and that a second run refuses.
# Usage: tests/seed/seed_smoke.sh path/to/linli
set -euo pipefail
linli="${1:?usage: seed_smoke.sh path/to/linli}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
export LINLI_KEYS="${LINLI_KEYS:-k1=ahyzkbkvKIcXgsdBX2/ZRfCEleGUyFZTHb01pkeCGUE=}"
db="sqlite:$dir/linli.db"
"$linli" --db "$db" migrate >/dev/null
"$linli" --db "$db" import divisions --city 3210 >/dev/null
out="$("$linli" --db "$db" seed --scale small 2>/dev/null)"
echo "$out"
grep -q "wrote 3 communities: 3 grids" <<<"$out"
residents="$(sqlite3 "$dir/linli.db" "SELECT count(*) FROM residents WHERE synthetic = 1")"
grep -q " $residents residents" <<<"$out" || { echo "FAIL: database holds $residents residents"; exit 1; }
nonsynthetic="$(sqlite3 "$dir/linli.db" "SELECT count(*) FROM residents WHERE synthetic = 0")"
[[ "$nonsynthetic" == 0 ]] || { echo "FAIL: $nonsynthetic residents not marked synthetic"; exit 1; }
if "$linli" --db "$db" seed --scale small >/dev/null 2>"$dir/err"; then
  echo "FAIL: a second seed was not refused"; exit 1
fi
grep -q "已有合成数据" "$dir/err" || { echo "FAIL: unclear refusal: $(cat "$dir/err")"; exit 1; }
"$linli" --db "$db" audit verify >/dev/null
echo "seed smoke test passed"
