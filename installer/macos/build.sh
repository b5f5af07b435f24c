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
# -tags accessibility: Fyne exposes the widgets to VoiceOver (NSAccessibility).
go build -tags accessibility -ldflags "-s -w -X github.com/omamori-app/omamori/internal/version.Version=$VERSION" \
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
echo "built $OUT/Omamori.app ($VERSION build $BUILD)"
