#!/usr/bin/env bash
# Builds the pinned libfido2 for Linux with PC/SC (NFC readers) against
# Debian's libcbor, OpenSSL, zlib and pcsc-lite, for the NFC test
# (internal/securitykey/nfctest). Debian's own libfido2 has no PC/SC.
#
#   scripts/libfido2-pcsc.sh [SOURCE.tar.gz]   # prints the install prefix
#
# SOURCE defaults to the libfido2 archive under third_party/ (or
# $OMAMORI_LIBFIDO2_TARBALL). The build goes to
# ${XDG_CACHE_HOME:-~/.cache}/omamori/libfido2-pcsc/<sha256 of the inputs>,
# where the inputs are the archive, this script and the versions of the
# Debian -dev packages it links against; a finished build there is reused.
# Logs go to stderr, the prefix (bin/ lib/ include/ lib/pkgconfig/) to stdout.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

src=${1:-${OMAMORI_LIBFIDO2_TARBALL:-}}
if [ -z "$src" ]; then
	src=$(find "$ROOT/third_party/libfido2" -name 'libfido2-*.tar.gz' 2>/dev/null | sort -V | tail -n1 || true)
	# The pinned archive must match third_party/SHA256SUMS.
	if [ -n "$src" ] && ! (cd "$ROOT/third_party" && grep " libfido2/$(basename "$src")\$" SHA256SUMS | sha256sum -c --quiet -); then
		echo "libfido2-pcsc: $src does not match third_party/SHA256SUMS" >&2
		exit 2
	fi
fi
if [ -z "$src" ] || [ ! -f "$src" ]; then
	echo "libfido2-pcsc: no libfido2 source archive (looked in third_party/libfido2/ and \$OMAMORI_LIBFIDO2_TARBALL)" >&2
	exit 2
fi

deps="libcbor-dev libssl-dev zlib1g-dev libpcsclite-dev libudev-dev cmake gcc"
key=$({
	sha256sum <"$src"
	sha256sum <"${BASH_SOURCE[0]}"
	dpkg-query -W -f='${Package} ${Version}\n' $deps
} | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/omamori/libfido2-pcsc
prefix=$cache/$key
if [ -f "$prefix/.done" ]; then
	echo "$prefix"
	exit 0
fi

log "building $(basename "$src") with PC/SC into $prefix"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$src" -C "$work"
dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n1)
rm -rf "$prefix"
# Tools on: fido2-token from this build is the independent check that the
# virtual NFC card works with libfido2 itself.
cmake -S "$dir" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
	-DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
	-DCMAKE_INSTALL_RPATH="$prefix/lib" \
	-DUSE_PCSC=ON -DBUILD_TESTS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_MANPAGES=OFF \
	-DBUILD_STATIC_LIBS=OFF -DBUILD_TOOLS=ON >"$work/cmake.log" 2>&1 ||
	{ cat "$work/cmake.log" >&2; exit 1; }
cmake --build "$work/build" -j2 >"$work/build.log" 2>&1 || { tail -n 50 "$work/build.log" >&2; exit 1; }
cmake --install "$work/build" >/dev/null
touch "$prefix/.done"
echo "$prefix"
