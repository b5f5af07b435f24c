#!/usr/bin/env bash
# Authenticode-signs Windows files (.exe, .msi) in place with osslsigncode.
#   installer/sign.sh FILE...            sign
#   installer/sign.sh --verify FILE...   check each file's signature
# The certificate comes from the environment, never from the repository:
#   OMAMORI_SIGN_PFX    base64 of the code-signing .pfx (PKCS#12)
#   OMAMORI_SIGN_PASS   its password
#   OMAMORI_SIGN_TIMESTAMP_URL   optional RFC 3161 time-stamp server
#   OMAMORI_SIGN_TEST=1 instead: a throw-away self-signed certificate made
#                       with openssl (CI); Windows does not trust it.
# The password reaches osslsigncode through a 0600 file (-readpass), not
# the command line.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TESTDIR=${OMAMORI_SIGN_TEST_DIR:-$ROOT/dist/test-cert}

verify=no
if [ "${1:-}" = --verify ]; then verify=yes; shift; fi
[ $# -gt 0 ] || { echo "usage: $0 [--verify] FILE..." >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
umask 077

# make_test_cert: a self-signed code-signing certificate, kept in TESTDIR so
# that the exes, installer and MSI of one build share it.
make_test_cert() {
	[ -f "$TESTDIR/test.pfx" ] && return
	mkdir -p "$TESTDIR"
	openssl rand -hex 16 >"$TESTDIR/pass"
	openssl req -x509 -newkey rsa:3072 -nodes -days 30 -sha256 \
		-subj "/CN=Omamori TEST signing - not trusted/O=Omamori" \
		-addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=codeSigning" \
		-keyout "$TESTDIR/key.pem" -out "$TESTDIR/cert.pem" 2>/dev/null
	openssl pkcs12 -export -inkey "$TESTDIR/key.pem" -in "$TESTDIR/cert.pem" \
		-passout "file:$TESTDIR/pass" -out "$TESTDIR/test.pfx"
	rm -f "$TESTDIR/key.pem"
}

if [ -n "${OMAMORI_SIGN_PFX:-}" ]; then
	printf '%s' "$OMAMORI_SIGN_PFX" | base64 -d >"$WORK/sign.pfx"
	printf '%s' "${OMAMORI_SIGN_PASS:-}" >"$WORK/pass"
	PFX=$WORK/sign.pfx PASSFILE=$WORK/pass CAFILE=/etc/ssl/certs/ca-certificates.crt
	openssl pkcs12 -in "$PFX" -passin "file:$PASSFILE" -nokeys -clcerts 2>/dev/null |
		openssl x509 -noout -subject -enddate | sed 's/^/certificate: /'
elif [ "${OMAMORI_SIGN_TEST:-}" = 1 ]; then
	make_test_cert
	PFX=$TESTDIR/test.pfx PASSFILE=$TESTDIR/pass CAFILE=$TESTDIR/cert.pem
	echo "certificate: THROW-AWAY TEST certificate ($TESTDIR/cert.pem), not trusted by Windows"
else
	echo "UNSIGNED: no certificate (set OMAMORI_SIGN_PFX + OMAMORI_SIGN_PASS, or OMAMORI_SIGN_TEST=1): $*"
	[ $verify = no ] || exit 1
	exit 0
fi

for f in "$@"; do
	if [ $verify = yes ]; then
		if ! osslsigncode verify -CAfile "$CAFILE" -ignore-crl -ignore-cdp -in "$f" >"$WORK/verify.log" 2>&1; then
			cat "$WORK/verify.log" >&2
			echo "signature check FAILED: $f" >&2
			exit 1
		fi
		echo "signature OK: $f ($(grep -m1 'Subject:' "$WORK/verify.log" | sed 's/^[[:space:]]*//'))"
		continue
	fi
	ts=()
	[ -z "${OMAMORI_SIGN_TIMESTAMP_URL:-}" ] || ts=(-ts "$OMAMORI_SIGN_TIMESTAMP_URL")
	rm -f "$WORK/signed"
	osslsigncode sign -pkcs12 "$PFX" -readpass "$PASSFILE" -h sha256 \
		-n "Omamori" -i "https://github.com/omamori-app/omamori" "${ts[@]}" \
		-in "$f" -out "$WORK/signed" >/dev/null
	cat "$WORK/signed" >"$f" # keep the file's own mode
	echo "signed: $f"
done
