# Helpers of the operations tests (sourced). Each check prints "ok - NAME" or "not ok - NAME";
# scripts/test.sh counts those lines.
OPS_FAILED=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; OPS_FAILED=$((OPS_FAILED + 1)); }
# check NAME COMMAND...: ok when the command succeeds.
check() {
  local name=$1; shift
  if "$@"; then ok "$name"; else not_ok "$name"; fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wait_http URL [TRIES]: until the URL answers 2xx.
wait_http() {
  local url=$1 tries=${2:-150}
  for _ in $(seq 1 "$tries"); do
    curl -sf -o /dev/null "$url" && return 0
    sleep 0.2
  done
  return 1
}
# A value from a JSON file: json_get FILE 'expression over m' (node).
json_get() { node -e "const m=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8')); console.log($2)" "$1"; }
