#!/usr/bin/env bash
# macOS: builds dist/macos/Omamori.app (run on a Mac; `make macos`).
# Needs Xcode command-line tools, Go, and `brew install libfido2 openssl@3`:
# go-libfido2 links Homebrew's libfido2.a and libcrypto.a statically, so the
# app needs nothing installed on the customer's Mac.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=${VERSION:-0.1.0}
BUILD=${BUILD:-$(git rev-list --count HEAD)}
OUT=dist/macos
rm -rf "$OUT" && mkdir -p "$OUT"
export CGO_ENABLED=1 MACOSX_DEPLOYMENT_TARGET=11.0
# The binary reports the libfido2 it carries (version, doctor, サポート情報): a static
# link has no library file to ask, so hand it the version of Homebrew's libfido2
# ("libfido2 1.16.0_1": the _1 is Homebrew's own revision).
FIDO2_VERSION=$(brew list --versions libfido2 | awk '{ sub(/_.*/, "", $2); print $2 }')
IFS=. read -r FMAJ FMIN FPAT <<<"$FIDO2_VERSION"
export CGO_CFLAGS="-O2 -g -DOMAMORI_FIDO2_VERSION_MAJOR=$FMAJ -DOMAMORI_FIDO2_VERSION_MINOR=$FMIN -DOMAMORI_FIDO2_VERSION_PATCH=$FPAT"
go build -ldflags "-s -w -X github.com/omamori-app/omamori/internal/version.Version=$VERSION" \
	-o "$OUT/omamori" ./cmd/omamori
# Only system libraries and frameworks may remain dynamic.
if otool -L "$OUT/omamori" | tail -n +2 | grep -v -E '^\s*(/usr/lib/|/System/)'; then
	echo "the binary links a non-system library (above): the app would not start elsewhere" >&2
	exit 1
fi
(cd "$OUT" && ../../installer/macos/fyne.sh package --os darwin --src ../../cmd/omamori --exe omamori --name Omamori \
	--app-id app.omamori.desktop --app-version "$VERSION" --app-build "$BUILD" \
	--icon ../../assets/icon.png --release)
rm "$OUT/omamori"
# The packaged binary again: no Homebrew (/opt/homebrew, /usr/local) or @rpath library.
if otool -L "$OUT/Omamori.app/Contents/MacOS/omamori" | tail -n +2 | grep -E '/opt/homebrew|/usr/local|@rpath'; then
	echo "Omamori.app links a Homebrew library (above): it would not start on a Mac without Homebrew" >&2
	exit 1
fi
echo "built $OUT/Omamori.app ($VERSION build $BUILD)"
