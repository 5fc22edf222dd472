#!/usr/bin/env bash
# Backup, restore and check, as an operator runs them (issue 16, item 3):
# - `linli backup` while a loop of writes goes through the running server, on SQLite (and on
#   PostgreSQL through pg_dump when LINLI_TEST_PG_URL is set); the copy checks clean, restores
#   into a fresh database with every table's count equal to the manifest, and the restored
#   database passes `linli check` and `linli audit verify`;
# - a copy with pages in the middle overwritten by garbage (deterministic) fails `linli check`,
#   with and without its manifest, and is refused by `linli restore`;
# - a key file without the backup's key id is refused, naming the id;
# - `linli backup --into DIR --keep-last 2` (RunBackup) keeps two backups;
# - the server refuses to start on a schema newer than it knows.
# Usage: tests/ops/backup_test.sh path/to/linli
set -uo pipefail
BIN=$(realpath "${1:?usage: backup_test.sh path/to/linli}")
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
T=$(mktemp -d /tmp/linli-ops-backup.XXXXXX)
SERVER=""
WRITER=""
cleanup() {
  [[ -n $WRITER ]] && kill "$WRITER" 2>/dev/null
  [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
export LINLI_KEYS='k1=ahyzkbkvKIcXgsdBX2/ZRfCEleGUyFZTHb01pkeCGUE='
export LINLI_ADMIN_USER=admin LINLI_ADMIN_PASSWORD='Linli-ops-2026!'
unset LINLI_CONFIG LINLI_DB
cd "$T"  # nothing below depends on the working directory

count_of() { local count; count=$(cat "$T/count" 2>/dev/null); echo "${count:-0}"; }

# start_load DB_URL: a server on DB_URL and the writer against it.
start_load() {
  local db=$1 port
  port=$(free_port)
  "$BIN" --db "$db" migrate >/dev/null &&
    "$BIN" --db "$db" import divisions --city 3210 >/dev/null &&
    printf '%s\n' "$LINLI_ADMIN_PASSWORD" |
    "$BIN" --db "$db" user add admin --role city_admin --scope 3210 >/dev/null || return 1
  "$BIN" --db "$db" serve --listen "127.0.0.1:$port" >"$T/server.log" 2>&1 &
  SERVER=$!
  wait_http "http://127.0.0.1:$port/healthz" || { tail -20 "$T/server.log"; return 1; }
  rm -f "$T/stop" "$T/count"
  LINLI_BASE_URL="http://127.0.0.1:$port" node "$HERE/write_load.mjs" "$T/count" "$T/stop" \
    >"$T/writer.log" 2>&1 &
  WRITER=$!
  for _ in $(seq 1 150); do
    (($(count_of) >= 20)) && return 0
    kill -0 "$WRITER" 2>/dev/null || break
    sleep 0.2
  done
  cat "$T/writer.log"; return 1
}
stop_load() {
  touch "$T/stop"
  wait "$WRITER"; local writer_status=$?
  WRITER=""
  kill -TERM "$SERVER"; wait "$SERVER"; local server_status=$?
  SERVER=""
  ((writer_status == 0)) || { cat "$T/writer.log"; return 1; }
  ((server_status == 0)) || { tail -20 "$T/server.log"; return 1; }
}
# backup_under_load OUT: a backup while the writer keeps writing (it must write during it).
backup_under_load() {
  local before after
  before=$(count_of)
  "$BIN" --db "$DB" backup "$1" >"$T/backup.out" 2>&1 || { cat "$T/backup.out"; return 1; }
  after=$(count_of)
  echo "  backup $(basename "$1") taken while residents went from $before to $after"
  # The writer kept going: the backup did not block the server's writes.
  for _ in $(seq 1 50); do (($(count_of) > before)) && return 0; sleep 0.1; done
  echo "  the writer made no progress during the backup"; return 1
}
# same_counts_as_manifest BACKUP DB_URL: every table's row count equals the manifest's (read by
# the engine's own client, not by linli).
same_counts_as_manifest() {
  local backup=$1 db=$2 table expected actual bad=0
  while read -r table expected; do
    if [[ $db == sqlite:* ]]; then
      actual=$(sqlite3 "${db#sqlite:}" "SELECT COUNT(*) FROM \"$table\"")
    else
      actual=$(psql -X -qtA "$db" -c "SELECT COUNT(*) FROM \"$table\"")
    fi
    [[ $actual == "$expected" ]] || { echo "  $table: $actual rows, manifest $expected"; bad=1; }
  done < <(json_get "$backup.manifest.json" \
    "Object.entries(m.tables).map(([t, n]) => t + ' ' + n).join('\\n')")
  ((bad == 0))
}
residents_in_manifest() { json_get "$1.manifest.json" 'm.tables.residents'; }

# private_files: whatever the caller's umask, the database, its folder and its WAL are the
# service account's alone (0600 files, 0700 folders; issue 15 item 12).
private_files() {
  local dir=$T/private/var
  (umask 022 && "$BIN" --db "sqlite:$dir/linli.db" migrate >/dev/null) || return 1
  local mode
  for f in "$dir" "$dir/linli.db" "$dir"/linli.db-wal; do
    [[ -e $f ]] || continue
    mode=$(stat -c %a "$f")
    if [[ -d $f ]]; then [[ $mode == 700 ]] || { echo "  $f has mode $mode"; return 1; }
    else [[ $mode == 600 ]] || { echo "  $f has mode $mode"; return 1; }; fi
  done
}
check "sqlite: a new database and its folder are private (0600/0700)" private_files

# --- SQLite ---------------------------------------------------------------------------
DB="sqlite:$T/live.db"
if start_load "$DB"; then
  ok "sqlite: server and writer running"
  check "sqlite: backup under write load" backup_under_load "$T/b1.db"
  check "sqlite: backup --into with --keep-last 2 (RunBackup, retention)" bash -c '
    for i in 1 2 3; do "$0" --db "$1" backup --into "$2/rotated" --keep-last 2 >"$2/into-$i.out" || exit 1; sleep 1.1; done
    grep -q "removed by the retention rule" "$2/into-3.out" || exit 1
    [[ $(ls "$2/rotated"/linli-*.db | wc -l) == 2 && $(ls "$2/rotated"/*.manifest.json | wc -l) == 2 ]]
  ' "$BIN" "$DB" "$T"
  check "sqlite: writer and server stop cleanly (SIGTERM)" stop_load
else
  not_ok "sqlite: server and writer running"
fi
echo "  live database: $(sqlite3 "$T/live.db" 'SELECT COUNT(*) FROM residents') residents; backup: $(residents_in_manifest "$T/b1.db")"

check "sqlite: check --backup of the copy" "$BIN" check --backup "$T/b1.db"
check "sqlite: restore into a fresh database" "$BIN" --db "sqlite:$T/restored/linli.db" restore "$T/b1.db"
check "sqlite: restored counts equal the manifest's (sqlite3)" same_counts_as_manifest "$T/b1.db" "sqlite:$T/restored/linli.db"
check "sqlite: check of the restored database" "$BIN" --db "sqlite:$T/restored/linli.db" check
check "sqlite: audit verify of the restored database" "$BIN" --db "sqlite:$T/restored/linli.db" audit verify
restore_twice() { ! "$BIN" --db "sqlite:$T/restored/linli.db" restore "$T/b1.db" 2>"$T/twice.err" && grep -q "not empty" "$T/twice.err"; }
check "sqlite: restore refuses a database that is not empty" restore_twice

# A torn copy: three pages in the middle overwritten with deterministic garbage.
tear() {
  cp "$T/b1.db" "$T/torn.db" && cp "$T/b1.db.manifest.json" "$T/torn.db.manifest.json" &&
    python3 - "$T/torn.db" <<'PY'
import os, sys
path = sys.argv[1]
size = os.path.getsize(path)
page = 4096
offset = (size // page // 2) * page
state = 20260101
garbage = bytearray()
for _ in range(3 * page):
    state = (state * 1664525 + 1013904223) % (1 << 32)
    garbage.append(state >> 24)
with open(path, "r+b") as f:
    f.seek(offset)
    f.write(garbage)
PY
}
check "torn copy made" tear
torn_check() {
  "$BIN" --db "sqlite:$T/torn.db" check >"$T/torn.out" 2>&1; local status=$?
  grep '^问题 problem' "$T/torn.out" | head -3 | sed 's/^/  /'
  ((status == 2)) && grep -q '^问题 problem: .*integrity check failed\|^问题 problem: .*pages or indexes are damaged\|^问题 problem: 数据库无法打开：数据库文件已损坏' "$T/torn.out"
}
check "torn copy: linli check fails (integrity check)" torn_check
torn_backup_check() {
  "$BIN" check --backup "$T/torn.db" >"$T/torn-backup.out" 2>&1; local status=$?
  ((status == 2)) && grep -q 'SM3 differs' "$T/torn-backup.out"
}
check "torn copy: linli check --backup fails (SM3 and pages)" torn_backup_check
torn_restore() { ! "$BIN" --db "sqlite:$T/from-torn.db" restore "$T/torn.db" 2>"$T/torn-restore.err" && grep -q SM3 "$T/torn-restore.err"; }
check "torn copy: restore refuses it" torn_restore

wrong_keys() {
  ! LINLI_KEYS='k9=QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=' \
    "$BIN" --db "sqlite:$T/other.db" restore "$T/b1.db" 2>"$T/keys.err" &&
    grep -q 'lacks key id k1' "$T/keys.err" && grep -q '缺少数据所需的密钥 k1' "$T/keys.err" &&
    [[ ! -s $T/other.db ]]
}
check "restore refuses a key file without k1 and names it" wrong_keys

newer_schema() {
  cp "$T/restored/linli.db" "$T/newer.db" &&
    sqlite3 "$T/newer.db" "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)" &&
    ! timeout 60 "$BIN" --db "sqlite:$T/newer.db" serve --listen 127.0.0.1:0 >"$T/newer.out" 2>&1 &&
    grep -q 'newer than this binary' "$T/newer.out" &&
    ! "$BIN" --db "sqlite:$T/newer.db" migrate >/dev/null 2>&1
}
check "serve and migrate refuse a schema newer than the binary" newer_schema

# --- PostgreSQL (pg_dump / pg_restore) ---------------------------------------------------
if [[ -n ${LINLI_TEST_PG_URL:-} ]]; then
  base=${LINLI_TEST_PG_URL%/*}
  for name in linli_ops_live linli_ops_restored; do
    psql -X -q "$base/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" ||
      not_ok "postgres: create $name"
  done
  DB="$base/linli_ops_live"
  if start_load "$DB"; then
    ok "postgres: server and writer running"
    check "postgres: backup (pg_dump) under write load" backup_under_load "$T/pg.dump"
    check "postgres: writer and server stop cleanly" stop_load
  else
    not_ok "postgres: server and writer running"
  fi
  check "postgres: check --backup of the dump" "$BIN" check --backup "$T/pg.dump"
  check "postgres: restore into a fresh database" "$BIN" --db "$base/linli_ops_restored" restore "$T/pg.dump"
  check "postgres: restored counts equal the manifest's (psql)" same_counts_as_manifest "$T/pg.dump" "$base/linli_ops_restored"
  amcheck() {
    psql -X -q "$base/linli_ops_restored" -c "CREATE EXTENSION IF NOT EXISTS amcheck" &&
      "$BIN" --db "$base/linli_ops_restored" check >"$T/pg-check.out" 2>&1 &&
      grep -q 'amcheck bt_index_check' "$T/pg-check.out"
  }
  check "postgres: check of the restored database (amcheck, every row, audit chain)" amcheck
  for name in linli_ops_live linli_ops_restored; do
    psql -X -q "$base/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1
  done
else
  echo "  (PostgreSQL part skipped: LINLI_TEST_PG_URL is not set)"
fi

((OPS_FAILED == 0))
