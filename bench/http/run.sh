#!/usr/bin/env bash
# HTTP benchmark: wrk against the authenticated GET /api/v1/divisions/3210 of a release
# `linli serve`, and, in the same run, against nginx (one worker per core) serving the same
# response bytes from a file. Prints requests/s and p99 for both and the ratio.
#   bench/http/run.sh [--duration 10] [--connections 64]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DURATION=10
CONNECTIONS=64
while (($#)); do
  case $1 in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh
cmake --preset release >/dev/null && cmake --build --preset release >/dev/null
BIN=$ROOT/build/release/linli
TMP=$(mktemp -d /tmp/linli-bench.XXXXXX)
chmod 755 "$TMP"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

DB="sqlite:$TMP/bench.db"
# A throwaway personal-data key for the benchmark database.
export LINLI_KEYS; LINLI_KEYS=$("$BIN" keys generate k1)
"$BIN" --db "$DB" migrate >/dev/null
"$BIN" --db "$DB" import divisions --city 3210 >/dev/null
printf 'Load-test-pass-2026\n' | "$BIN" --db "$DB" user add bench --role city_admin --scope 3210 >/dev/null
LINLI_PORT=$(free_port)
LINLI_LOG_LEVEL=warn "$BIN" --db "$DB" serve --listen "127.0.0.1:$LINLI_PORT" >"$TMP/linli.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$LINLI_PORT/healthz" >/dev/null && break; sleep 0.2; done
TOKEN=$(curl -sf -H 'content-type: application/json' \
  -d '{"username":"bench","password":"Load-test-pass-2026"}' "http://127.0.0.1:$LINLI_PORT/api/v1/session" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
URL_PATH=/api/v1/divisions/3210
mkdir -p "$TMP/www/api/v1/divisions"
curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$LINLI_PORT$URL_PATH" >"$TMP/www$URL_PATH"
BYTES=$(stat -c %s "$TMP/www$URL_PATH")

NGINX_PORT=$(free_port)
cat >"$TMP/nginx.conf" <<CONF
worker_processes $(nproc);
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 1000000;
  client_body_temp_path $TMP/nginx-body; proxy_temp_path $TMP/nginx-proxy;
  fastcgi_temp_path $TMP/nginx-fcgi; uwsgi_temp_path $TMP/nginx-uwsgi; scgi_temp_path $TMP/nginx-scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $TMP/www;
    default_type application/json;
    location / { try_files \$uri =404; }
  }
}
CONF
nginx -c "$TMP/nginx.conf" -p "$TMP" &
PIDS+=($!)
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$NGINX_PORT$URL_PATH" >/dev/null && break; sleep 0.1; done

run_wrk() {  # url -> "rps p99_ms"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$1" >"$TMP/wrk.txt"
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$TMP/wrk.txt")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$TMP/wrk.txt")
  local non2xx; non2xx=$(awk '/Non-2xx/ {print $4}' "$TMP/wrk.txt")
  [[ -z "$non2xx" ]] || { echo "non-2xx responses: $non2xx" >&2; cat "$TMP/wrk.txt" >&2; exit 1; }
  echo "$rps $p99"
}
# Warm up both, then measure.
wrk -t2 -c"$CONNECTIONS" -d2s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$LINLI_PORT$URL_PATH" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$NGINX_PORT$URL_PATH" >/dev/null
read -r LINLI_RPS LINLI_P99 < <(run_wrk "http://127.0.0.1:$LINLI_PORT$URL_PATH")
read -r NGINX_RPS NGINX_P99 < <(run_wrk "http://127.0.0.1:$NGINX_PORT$URL_PATH")

echo "GET $URL_PATH ($BYTES bytes), wrk -t2 -c$CONNECTIONS -d${DURATION}s, $(nproc) cores"
printf '%-28s %12s %10s\n' "server" "requests/s" "p99 ms"
printf '%-28s %12.0f %10.2f\n' "linli (authenticated)" "$LINLI_RPS" "$LINLI_P99"
printf '%-28s %12.0f %10.2f\n' "nginx (static file, baseline)" "$NGINX_RPS" "$NGINX_P99"
python3 -c "print(f'ratio linli/nginx: {$LINLI_RPS/$NGINX_RPS:.2f} (goal >= 0.50); linli p99 {$LINLI_P99:.2f} ms (goal < 10 ms)')"
