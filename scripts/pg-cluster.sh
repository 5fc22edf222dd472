#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests.
#
#   eval "$(scripts/pg-cluster.sh start DIR)"   # creates DIR, starts, exports LINLI_TEST_PG_URL
#   scripts/pg-cluster.sh createdb DIR NAME     # prints the URL of a fresh database NAME
#   scripts/pg-cluster.sh stop DIR              # stops (fast mode) and removes DIR
#
# Settings profile (PG_CLUSTER_PROFILE, read by start):
#   test (default)  light and fast for the test suite and CI: fsync, synchronous_commit and
#                   full_page_writes off, shared_buffers 16MB.
#   bench           closer to a production server, for benchmarks (bench/registry/README.md):
#                   durable (fsync, synchronous_commit, full_page_writes on), shared_buffers 2GB,
#                   maintenance_work_mem 1GB, max_wal_size 8GB, checkpoint_timeout 30min, and
#                   pg_stat_statements loaded (CREATE EXTENSION pg_stat_statements to read it).
# PG_CLUSTER_OPTIONS adds server options after the profile's ("-c work_mem=64MB ...").
#
# Only the export/URL line goes to stdout; progress and errors go to stderr. start on a
# running cluster prints its URL again; stop on a missing or stopped one just cleans up.
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` OS user.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DATABASE=linli_test

log() { echo "pg-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

usage() {
  echo "usage: $0 start DIR | stop DIR | createdb DIR NAME" >&2
  exit 2
}

# Runs a command as the cluster owner (postgres when we are root).
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_owner() {
  [[ $(id -u) -eq 0 ]] || return 0
  if ! id postgres >/dev/null 2>&1; then
    log "creating OS user postgres"
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres >&2
  fi
}

port_of() { cat "$1/port" 2>/dev/null || true; }

is_running() {
  local dir=$1
  [[ -f $dir/data/postmaster.pid ]] && as_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

port_free() {
  local port=$1
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

url_for() { echo "postgresql://postgres@127.0.0.1:$1/$2"; }

wait_ready() {
  local dir=$1 port=$2
  for _ in $(seq 1 100); do
    if as_owner "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres; then return 0; fi
    sleep 0.1
  done
  return 1
}

psql_cmd() {
  local port=$1
  shift
  as_owner "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"
}

start() {
  local dir=$1
  ensure_owner
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if is_running "$dir"; then
    log "already running in $dir"
    echo "export LINLI_TEST_PG_URL=$(url_for "$(port_of "$dir")" "$DATABASE")"
    return 0
  fi
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    rm -rf "$dir/data"
    log "initdb in $dir/data"
    as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust --locale=C --encoding=UTF8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  local settings
  case "${PG_CLUSTER_PROFILE:-test}" in
    test) settings="-c fsync=off -c synchronous_commit=off -c full_page_writes=off \
-c shared_buffers=16MB" ;;
    bench) settings="-c fsync=on -c synchronous_commit=on -c full_page_writes=on \
-c shared_buffers=2GB -c maintenance_work_mem=1GB -c max_wal_size=8GB -c checkpoint_timeout=30min \
-c shared_preload_libraries=pg_stat_statements" ;;
    *) die "PG_CLUSTER_PROFILE must be test or bench: ${PG_CLUSTER_PROFILE}" ;;
  esac
  settings="$settings -c max_connections=200 ${PG_CLUSTER_OPTIONS:-}"
  log "profile ${PG_CLUSTER_PROFILE:-test}: $settings"
  local started=""
  for _ in 1 2 3 4 5 6 7 8; do
    local port=$((20000 + RANDOM % 30000))
    port_free "$port" || continue
    log "starting on 127.0.0.1:$port"
    if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $settings" start >&2; then
      started=$port
      break
    fi
    log "start on port $port failed; trying another"
    tail -n 5 "$dir/server.log" >&2 || true
  done
  [[ -n $started ]] || die "could not start PostgreSQL (see $dir/server.log)"
  echo "$started" >"$dir/port"
  wait_ready "$dir" "$started" || die "server did not become ready"
  if ! psql_cmd "$started" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" |
      grep -q 1; then
    psql_cmd "$started" -d postgres -c "CREATE DATABASE $DATABASE" >&2
  fi
  log "ready"
  echo "export LINLI_TEST_PG_URL=$(url_for "$started" "$DATABASE")"
}

stop() {
  local dir=$1
  if [[ ! -d $dir ]]; then
    log "nothing at $dir"
    return 0
  fi
  if is_running "$dir"; then
    log "stopping cluster in $dir"
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
}

create_database() {
  local dir=$1 name=$2
  [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || die "database name must match [a-z_][a-z0-9_]*: $name"
  is_running "$dir" || die "no cluster running in $dir (run start first)"
  local port
  port=$(port_of "$dir")
  psql_cmd "$port" -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >&2
  psql_cmd "$port" -d postgres -c "CREATE DATABASE $name" >&2
  url_for "$port" "$name"
}

case "${1:-}" in
  start) [[ $# -eq 2 ]] || usage; start "$2" ;;
  stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
  createdb) [[ $# -eq 3 ]] || usage; create_database "$2" "$3" ;;
  *) usage ;;
esac
