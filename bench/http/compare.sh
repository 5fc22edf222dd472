#!/usr/bin/env bash
# Throughput before and after a change (issue 15's criterion: within 5 %): builds BASE (a
# commit) in a git worktree and this tree, both Release; gives each binary its own database
# with the same seeded synthetic community set (`linli seed --scale small`) and a city
# administrator; then alternates BASE and this tree, PAIRS times, with wrk on
#   GET /api/v1/divisions/3210              (the division tree), and
#   GET /api/v1/residents?limit=50          (a page of the registry, masked),
# printing every pair and, per path, the mean ratio this/BASE.
#   bench/http/compare.sh BASE [--pairs 3] [--duration 10] [--connections 64]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BASE=${1:?usage: bench/http/compare.sh BASE [--pairs N] [--duration S] [--connections C]}
shift
PAIRS=3
DURATION=10
CONNECTIONS=64
while (($#)); do
  case $1 in
    --pairs) PAIRS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
BASE_REV=$(git rev-parse --short "$BASE")
HEAD_REV=$(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo "+changes")
WORKTREE=/tmp/linli-bench-base-$BASE_REV
if [[ ! -d $WORKTREE ]]; then git worktree add --detach "$WORKTREE" "$BASE" >/dev/null; fi
# The web install and the vendored data are not in git: share this tree's.
[[ -e $WORKTREE/web/node_modules ]] || ln -s "$ROOT/web/node_modules" "$WORKTREE/web/node_modules"
[[ -e $WORKTREE/data/vendor/node_modules ]] ||
  ln -s "$ROOT/data/vendor/node_modules" "$WORKTREE/data/vendor/node_modules"
for tree in "$WORKTREE" "$ROOT"; do
  (cd "$tree" && export CCACHE_BASEDIR=$tree CCACHE_NOHASHDIR=1 &&
    cmake --preset release >/dev/null && cmake --build --preset release >/dev/null)
done
[[ ${COMPARE_BUILD_ONLY:-0} == 1 ]] && exit 0

TMP=$(mktemp -d /tmp/linli-compare.XXXXXX)
chmod 755 "$TMP"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export LINLI_KEYS; LINLI_KEYS=$("$ROOT/build/release/linli" keys generate k1)

declare -A PORT TOKEN
start() {  # name tree
  local name=$1 tree=$2 bin=$2/build/release/linli db="sqlite:$TMP/$1.db"
  (cd "$tree" &&
    "$bin" --db "$db" migrate >/dev/null &&
    "$bin" --db "$db" import divisions --city 3210 >/dev/null &&
    "$bin" --db "$db" seed --scale small >/dev/null &&
    printf 'Compare-pass-2026\n' | "$bin" --db "$db" user add bench --role city_admin --scope 3210 >/dev/null)
  PORT[$name]=$(free_port)
  (cd "$tree" && LINLI_LOG_LEVEL=warn exec "$bin" --db "$db" serve --listen "127.0.0.1:${PORT[$name]}" \
    >"$TMP/$name.log" 2>&1) &
  PIDS+=($!)
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:${PORT[$name]}/healthz" >/dev/null && break; sleep 0.2; done
  TOKEN[$name]=$(curl -sf -H 'content-type: application/json' \
    -d '{"username":"bench","password":"Compare-pass-2026"}' "http://127.0.0.1:${PORT[$name]}/api/v1/session" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
}
start base "$WORKTREE"
start head "$ROOT"

PATHS=("/api/v1/divisions/3210" "/api/v1/residents?limit=50")
run_wrk() {  # name path -> "rps p99_ms"
  local url="http://127.0.0.1:${PORT[$1]}$2"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer ${TOKEN[$1]}" "$url" >"$TMP/wrk.txt"
  local non2xx; non2xx=$(awk '/Non-2xx/ {print $4}' "$TMP/wrk.txt")
  [[ -z "$non2xx" ]] || { echo "non-2xx responses from $1 $2: $non2xx" >&2; cat "$TMP/wrk.txt" >&2; exit 1; }
  awk '/^Requests\/sec:/ {r=$2} $1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p=v} END {print r, p}' "$TMP/wrk.txt"
}
for name in base head; do
  for path in "${PATHS[@]}"; do
    curl -sf -o /dev/null -H "Authorization: Bearer ${TOKEN[$name]}" "http://127.0.0.1:${PORT[$name]}$path"
    wrk -t2 -c"$CONNECTIONS" -d2s -H "Authorization: Bearer ${TOKEN[$name]}" "http://127.0.0.1:${PORT[$name]}$path" >/dev/null
  done
done

echo "base $BASE_REV vs this tree $HEAD_REV: wrk -t2 -c$CONNECTIONS -d${DURATION}s, $PAIRS alternating pairs, $(nproc) cores"
printf '%-30s %4s %12s %9s %12s %9s %7s\n' path pair "base req/s" "base p99" "this req/s" "this p99" ratio
RESULTS=$TMP/results.txt
for path in "${PATHS[@]}"; do
  for pair in $(seq 1 "$PAIRS"); do
    # Alternate which goes first, so that drift in the machine's state favours neither.
    if ((pair % 2)); then order=(base head); else order=(head base); fi
    declare -A RPS P99
    for name in "${order[@]}"; do read -r RPS[$name] P99[$name] < <(run_wrk "$name" "$path"); done
    ratio=$(python3 -c "print(f'{${RPS[head]}/${RPS[base]}:.3f}')")
    printf '%-30s %4d %12.0f %9.2f %12.0f %9.2f %7s\n' "$path" "$pair" "${RPS[base]}" "${P99[base]}" \
      "${RPS[head]}" "${P99[head]}" "$ratio"
    echo "$path $ratio" >>"$RESULTS"
  done
done
python3 - "$RESULTS" <<'PY'
import sys, collections
ratios = collections.defaultdict(list)
for line in open(sys.argv[1]):
    path, ratio = line.rsplit(' ', 1)
    ratios[path].append(float(ratio))
for path, values in ratios.items():
    mean = sum(values) / len(values)
    print(f"{path}: mean ratio this/base {mean:.3f} over {len(values)} pairs "
          f"({'within' if mean >= 0.95 else 'NOT within'} 5 %)")
PY
