#!/usr/bin/env bash
# macOS: signs dist/macos/Omamori.app with a Developer ID Application
# certificate and the hardened runtime (required for notarisation).
#   MACOS_CERT_P12       base64 of the Developer ID Application .p12
#   MACOS_CERT_PASS      its password
#   MACOS_SIGN_IDENTITY  e.g. "Developer ID Application: Example K.K. (ABCDE12345)"
# Without them the app gets an ad-hoc signature and the build says UNSIGNED.
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=dist/macos/Omamori.app
if [ -z "${MACOS_CERT_P12:-}" ] || [ -z "${MACOS_SIGN_IDENTITY:-}" ]; then
	codesign --force --sign - "$APP"
	echo "UNSIGNED: $APP has only an ad-hoc signature (no MACOS_CERT_P12 / MACOS_SIGN_IDENTITY)"
	exit 0
fi
# A throw-away keychain holds the certificate for this job only.
KC=$RUNNER_TEMP/omamori-signing.keychain-db
KCPASS=$(openssl rand -hex 16)
security create-keychain -p "$KCPASS" "$KC"
security set-keychain-settings -lut 3600 "$KC"
security unlock-keychain -p "$KCPASS" "$KC"
printf '%s' "$MACOS_CERT_P12" | base64 --decode >"$RUNNER_TEMP/cert.p12"
security import "$RUNNER_TEMP/cert.p12" -k "$KC" -P "$MACOS_CERT_PASS" -T /usr/bin/codesign
rm -f "$RUNNER_TEMP/cert.p12"
security set-key-partition-list -S apple-tool:,apple: -s -k "$KCPASS" "$KC" >/dev/null
# shellcheck disable=SC2046 # the existing keychains, one word each
security list-keychains -d user -s "$KC" $(security list-keychains -d user | tr -d '"')
codesign --force --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$APP"
codesign --verify --strict --verbose=2 "$APP"
echo "signed $APP as $MACOS_SIGN_IDENTITY"
