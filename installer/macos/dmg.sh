#!/usr/bin/env bash
# macOS: packs dist/macos/Omamori.app into dist/Omamori-$VERSION.dmg with an
# Applications link (drag to install), and signs the DMG when a Developer ID
# identity is set (MACOS_SIGN_IDENTITY, keychain from sign.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=${VERSION:-0.1.0}
DMG=dist/Omamori-$VERSION.dmg
STAGE=$(mktemp -d)
cp -R dist/macos/Omamori.app "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "Omamori $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
rm -rf "$STAGE"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ] && [ -n "${MACOS_CERT_P12:-}" ]; then
	codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
else
	echo "UNSIGNED: $DMG"
fi
echo "built $DMG"
