#!/usr/bin/env bash
# The installer's Authenticode check (internal/update.VerifyAuthenticode:
# WinVerifyTrust, then the signer's name) under wine, against files signed
# here with osslsigncode: ours (CN=Omamori) passes; one changed byte, no
# signature and another certificate (CN=Someone Else) are refused, each
# with its own message.
# Wine 8's WinVerifyTrust checks the digest but not the chain to a trusted
# root (a self-signed certificate passes: checked): under wine only the
# name tells the other certificate apart. Windows also requires the chain.
# Usage: scripts/windows-authenticode.sh
source "$(dirname "$0")/lib.sh"
need_packages "$ROOT/installer/deps-debian.txt"
source "$ROOT/installer/wine/wine-lib.sh"
cd "$ROOT"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v osslsigncode >/dev/null || fail "osslsigncode missing (Debian package osslsigncode)"

T=$(mktemp -d)
trap 'wine_done; rm -rf "$T"' EXIT
umask 077
log "cross-build internal/update's tests"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -o "$T/update.test.exe" ./internal/update

log "sign copies with two throw-away certificates"
S="$T/signed"
mkdir -p "$S"
for who in ours:Omamori other:"Someone Else"; do
	id=${who%%:*} cn=${who#*:}
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -sha256 -subj "/CN=$cn/O=Test" \
		-addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=codeSigning" \
		-keyout "$T/$id.key" -out "$T/$id.pem" 2>/dev/null
	osslsigncode sign -certs "$T/$id.pem" -key "$T/$id.key" -h sha256 -n "Omamori test" \
		-in "$T/update.test.exe" -out "$S/$id.exe" >/dev/null || fail "osslsigncode ($id)"
done
cp "$T/update.test.exe" "$S/unsigned.exe"
cp "$S/ours.exe" "$S/tampered.exe"
python3 - "$S/tampered.exe" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 3] ^= 1  # one byte inside the signed code
open(p, "wb").write(bytes(b))
PY

log "VerifyAuthenticode under wine"
wine_init "$T"
OMAMORI_AUTHENTICODE_DIR="Z:${S//\//\\}" timeout 300 "$WINE64" "$T/update.test.exe" \
	-test.run 'TestAuthenticode' -test.v >"$T/test.log" 2>&1 || { cat "$T/test.log" >&2; fail "Authenticode tests under wine"; }
grep -q -- '--- PASS: TestAuthenticode ' "$T/test.log" || { cat "$T/test.log" >&2; fail "TestAuthenticode did not run"; }
grep -E 'exe: ' "$T/test.log"
echo "Authenticode: ours passes; tampered, unsigned, another publisher and a missing file are refused"
