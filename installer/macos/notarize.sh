#!/usr/bin/env bash
# macOS: notarises the signed DMG with Apple (notarytool, App Store Connect
# API key: no password on any command line) and staples the ticket.
#   MACOS_NOTARY_KEY       base64 of the App Store Connect API key (.p8)
#   MACOS_NOTARY_KEY_ID    its key id
#   MACOS_NOTARY_ISSUER    the issuer id (UUID)
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=${VERSION:-0.1.0}
DMG=dist/Omamori-$VERSION.dmg
if [ -z "${MACOS_NOTARY_KEY:-}" ] || [ -z "${MACOS_CERT_P12:-}" ]; then
	echo "NOT NOTARISED: $DMG (no MACOS_NOTARY_KEY or no Developer ID signature)"
	exit 0
fi
KEY=$RUNNER_TEMP/notary.p8
printf '%s' "$MACOS_NOTARY_KEY" | base64 --decode >"$KEY"
xcrun notarytool submit "$DMG" --key "$KEY" --key-id "$MACOS_NOTARY_KEY_ID" \
	--issuer "$MACOS_NOTARY_ISSUER" --wait --timeout 30m
rm -f "$KEY"
xcrun stapler staple "$DMG"
xcrun stapler validate "$DMG"
spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
echo "notarised and stapled $DMG"
