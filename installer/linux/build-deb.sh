#!/usr/bin/env bash
# Builds the Debian/Ubuntu package with dpkg-deb only (no debhelper):
#   installer/linux/build-deb.sh BINARY VERSION OUT.deb
# Library dependencies come from dpkg-shlibdeps on the binary (dpkg-dev).
set -euo pipefail
BIN=$1 VERSION=$2 OUT=$3
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
P=$STAGE/pkg

install -D -m 0755 "$BIN" "$P/usr/bin/omamori"
install -D -m 0644 "$ROOT/installer/linux/omamori.desktop" "$P/usr/share/applications/omamori.desktop"
for s in 256 128 64 48 32 16; do
	mkdir -p "$P/usr/share/icons/hicolor/${s}x${s}/apps"
	convert "$ROOT/assets/icon.png" -resize "${s}x${s}" "$P/usr/share/icons/hicolor/${s}x${s}/apps/omamori.png"
done
install -d "$P/usr/share/doc/omamori"
cat >"$P/usr/share/doc/omamori/copyright" <<'TXT'
Omamori - one-time passwords and security keys.
Source: https://github.com/omamori-app/omamori
The bundled Noto Sans JP font is under the SIL Open Font License 1.1.
The embedded BudouX Japanese phrase model (https://github.com/google/budoux,
Google LLC) is under the Apache License 2.0: /usr/share/common-licenses/Apache-2.0.
TXT

# dpkg-shlibdeps wants a debian/control beside the files it inspects.
mkdir -p "$STAGE/debian"
printf 'Source: omamori\n\nPackage: omamori\nArchitecture: amd64\n' >"$STAGE/debian/control"
DEPS=$(cd "$STAGE" && dpkg-shlibdeps -O pkg/usr/bin/omamori 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
# GLFW dlopens the X11 and xkbcommon libraries, so dpkg-shlibdeps cannot see them.
DEPS="$DEPS, libx11-6, libx11-xcb1, libxcursor1, libxext6, libxi6, libxinerama1, libxrandr2, libxrender1, libxkbcommon0"
SIZE=$(du -sk "$P/usr" | cut -f1)

mkdir -p "$P/DEBIAN"
cat >"$P/DEBIAN/control" <<TXT
Package: omamori
Version: ${VERSION}
Architecture: amd64
Maintainer: Omamori <omamori@users.noreply.github.com>
Installed-Size: ${SIZE}
Depends: ${DEPS}
Recommends: gnome-keyring | kwalletmanager
Section: utils
Priority: optional
Homepage: https://github.com/omamori-app/omamori
Description: one-time passwords and security keys (お守り)
 Omamori shows the 60-second one-time passwords brokerages ask for, from the
 setup code they give customers without a smartphone, and helps set up FIDO2
 security keys. Secrets are kept in the desktop's keyring (Secret Service).
TXT
mkdir -p "$(dirname "$OUT")"
dpkg-deb --root-owner-group -Zxz --build "$P" "$OUT" >/dev/null
echo "built $OUT (Depends: $DEPS)"
