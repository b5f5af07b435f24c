#!/bin/sh
# Cross-builds zlib, libcbor, LibreSSL's libcrypto and libfido2 as static libraries for
# windows/amd64 with mingw-w64, from the pinned archives beside this script.
#
# The result goes to a cache folder keyed by the SHA-256 of every input (archives, this
# script, patches), so a machine that has built once reuses it and any change rebuilds:
#   ${XDG_CACHE_HOME:-~/.cache}/omamori/fido2-windows-<hash>/{include,lib,lib/pkgconfig}
# The folder's path is the script's only output on stdout; progress goes to stderr.
# A cold build takes about 15 minutes on a loaded 2-core machine (see docs/install.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cross=x86_64-w64-mingw32
jobs=${FIDO2_BUILD_JOBS:-2}

ZLIB=zlib-1.3.1 CBOR=libcbor-0.12.0 LIBRESSL=libressl-4.3.2 FIDO2=libfido2-1.16.0

(cd "$here" && sha256sum --quiet -c SHA256SUMS) >&2
# Only the C libraries' own patches: Fyne's (third_party/fyne) do not change this build.
key=$(cd "$here" && { cat SHA256SUMS build-windows.sh; find libfido2 libcbor zlib libressl -path '*/patches/*' -type f | LC_ALL=C sort | xargs -r cat; } | sha256sum | cut -c1-16)
out=${XDG_CACHE_HOME:-$HOME/.cache}/omamori/fido2-windows-$key
if [ -f "$out/.complete" ]; then
	echo "$out"
	exit 0
fi

log() { echo "build-windows: $*" >&2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pre=$work/prefix
mkdir -p "$pre/include" "$pre/lib/pkgconfig"
start=$(date +%s)

# unpack NAME ARCHIVE: extracts the archive and applies its patches in order.
unpack() {
	tar -C "$work" -xzf "$here/$2"
	for p in $(ls "$here/$1/patches/"*.patch 2>/dev/null | LC_ALL=C sort); do
		log "patch $p"
		patch -d "$work/$3" -p1 -s <"$p" >&2
	done
}

cat >"$work/toolchain.cmake" <<TC
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR AMD64)
set(CMAKE_C_COMPILER $cross-gcc)
set(CMAKE_RC_COMPILER $cross-windres)
set(CMAKE_FIND_ROOT_PATH $pre /usr/$cross)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
TC

log "zlib"
unpack zlib "zlib/$ZLIB.tar.gz" "$ZLIB"
make -C "$work/$ZLIB" -f win32/Makefile.gcc PREFIX=$cross- CFLAGS="-O2 -Wall" libz.a >&2
cp "$work/$ZLIB/zlib.h" "$work/$ZLIB/zconf.h" "$pre/include/"
cp "$work/$ZLIB/libz.a" "$pre/lib/"
cat >"$pre/lib/pkgconfig/zlib.pc" <<PC
prefix=$pre
Name: zlib
Description: zlib compression library
Version: 1.3.1
Libs: -L\${prefix}/lib -lz
Cflags: -I\${prefix}/include
PC

log "libcbor"
unpack libcbor "libcbor/$CBOR.tar.gz" "$CBOR"
cmake -S "$work/$CBOR" -B "$work/$CBOR/build" -DCMAKE_TOOLCHAIN_FILE="$work/toolchain.cmake" \
	-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$pre" -DBUILD_SHARED_LIBS=OFF \
	-DWITH_EXAMPLES=OFF -DWITH_TESTS=OFF -DSANITIZE=OFF >&2
cmake --build "$work/$CBOR/build" -j "$jobs" >&2
cmake --install "$work/$CBOR/build" >&2

log "libressl (libcrypto only; the long part)"
unpack libressl "libressl/$LIBRESSL.tar.gz" "$LIBRESSL"
# OPENSSLDIR only ends up as a string inside libcrypto (where it would look for
# openssl.cnf, which libfido2 never asks it to read): point it at a folder only
# administrators can create, never at a user-writable one (the CVE-2019-1552 class).
cmake -S "$work/$LIBRESSL" -B "$work/$LIBRESSL/build" -DCMAKE_TOOLCHAIN_FILE="$work/toolchain.cmake" \
	-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DLIBRESSL_APPS=OFF -DLIBRESSL_TESTS=OFF \
	-DLIBRESSL_SKIP_INSTALL=ON -DOPENSSLDIR=C:/Windows/System32/LibreSSL-omamori/ssl >&2
# Only libcrypto: libfido2 needs no TLS (libssl, libtls).
cmake --build "$work/$LIBRESSL/build" -j "$jobs" --target crypto >&2
mkdir -p "$pre/include/openssl"
cp "$work/$LIBRESSL"/build/include/openssl/*.h "$pre/include/openssl/"
cp "$work/$LIBRESSL/build/crypto/libcrypto.a" "$pre/lib/"
# What LibreSSL's CMakeLists.txt links on Windows (PLATFORM_LIBS): all system DLLs.
cat >"$pre/lib/pkgconfig/libcrypto.pc" <<PC
prefix=$pre
Name: LibreSSL-libcrypto
Description: LibreSSL cryptography library
Version: 4.3.2
Libs: -L\${prefix}/lib -lcrypto
Libs.private: -lws2_32 -lntdll -lbcrypt
Cflags: -I\${prefix}/include
PC

log "libfido2"
unpack libfido2 "libfido2/$FIDO2.tar.gz" "$FIDO2"
PKG_CONFIG_LIBDIR="$pre/lib/pkgconfig" PKG_CONFIG_PATH= \
cmake -S "$work/$FIDO2" -B "$work/$FIDO2/build" -DCMAKE_TOOLCHAIN_FILE="$work/toolchain.cmake" \
	-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$pre" \
	-DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON -DBUILD_TOOLS=OFF -DBUILD_TESTS=OFF \
	-DBUILD_EXAMPLES=OFF -DBUILD_MANPAGES=OFF -DUSE_PCSC=ON -DUSE_WINHELLO=ON >&2
cmake --build "$work/$FIDO2/build" -j "$jobs" >&2
cmake --install "$work/$FIDO2/build" >&2

# Licences travel with the libraries (the installers' THIRD-PARTY notice quotes them).
mkdir -p "$pre/licenses"
for n in libfido2 libcbor zlib libressl; do
	for f in "$here/$n"/LICENSE* "$here/$n"/COPYING; do
		[ -f "$f" ] || continue
		cp "$f" "$pre/licenses/$n-$(basename "$f")"
	done
done
log "done in $(($(date +%s) - start)) s"
echo "$(($(date +%s) - start))" >"$pre/.build-seconds"

mkdir -p "$(dirname "$out")"
rm -rf "$out.tmp"
cp -r "$pre" "$out.tmp"
# .pc files name the temporary prefix; point them at the cache folder.
sed -i "s|^prefix=.*|prefix=$out|" "$out.tmp"/lib/pkgconfig/*.pc
touch "$out.tmp/.complete"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$out"
