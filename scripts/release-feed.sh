#!/usr/bin/env bash
# Makes, signs and verifies Omamori's update feed (docs/release.md).
#
#   scripts/release-feed.sh --key /media/OFFLINE/omamori-release.key --out dist/feed \
#       --version 1.4.0 [--minimum 1.2.0] [--days 30] [--security] \
#       --notes-ja notes.ja.txt --notes-en notes.en.txt \
#       --file windows-amd64=dist/Omamori-Setup-1.4.0.exe=https://…/Omamori-Setup-1.4.0.exe \
#       [--file darwin-arm64=…] [--keys FILE]
#
# --key is minisign's secret key file, kept off the build machine (a USB
# stick, an offline machine that runs this script); "--key -" reads it
# from standard input. minisign asks for its password on the terminal.
# The key never goes on a command line or into dist/.
# --keys: the public keys to verify against; default the ones built into
# Omamori (internal/update/keys/release.pub), so a feed signed by a key
# the clients do not trust is caught here, not by the customers.
# Writes OUT/feed.json and OUT/feed.json.minisig, then checks them with
# `minisign -Vm` (one key at a time) and with omamori-feed verify (our
# client's own checks: fields, expiry, each file's size and SHA-256).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PATH="/usr/local/go/bin:$PATH"
key="" out="" keys="$ROOT/internal/update/keys/release.pub" version=""
make_args=() file_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --key) key=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --keys) keys=$2; shift 2 ;;
    --version) version=$2; make_args+=("$1" "$2"); shift 2 ;;
    --minimum|--days|--notes-ja|--notes-en) make_args+=("$1" "$2"); shift 2 ;;
    --security) make_args+=("$1"); shift ;;
    --file) file_args+=("$1" "$2"); shift 2 ;;
    *) echo "release-feed.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$key" ] && [ -n "$out" ] && [ -n "$version" ] && [ ${#file_args[@]} -gt 0 ] || {
  echo "release-feed.sh: --key, --out, --version and at least one --file are needed" >&2; exit 2; }
command -v minisign >/dev/null || { echo "release-feed.sh: minisign not found (Debian package minisign)" >&2; exit 1; }

tool=$(mktemp -d)
trap 'rm -rf "$tool"' EXIT
(cd "$ROOT" && GOWORK=off go build -o "$tool/omamori-feed" ./cmd/omamori-feed)

mkdir -p "$out"
feed="$out/feed.json"
rm -f "$feed" "$feed.minisig"
"$tool/omamori-feed" make "${make_args[@]}" "${file_args[@]}" >"$feed"

# Sign: the trusted comment names the version; `minisign -Vm` prints it.
[ "$key" = "-" ] && key=/dev/stdin
minisign -S -s "$key" -m "$feed" -t "omamori feed $version" >&2

# Verify with the minisign tool against each trusted key in turn.
ok=""
while IFS= read -r line; do
  case "$line" in ''|'#'*|'untrusted comment:'*) continue ;; esac
  printf 'untrusted comment: omamori release key\n%s\n' "$line" >"$tool/one.pub"
  if minisign -Vm "$feed" -p "$tool/one.pub" -q >/dev/null 2>&1; then ok=$line; break; fi
done <"$keys"
[ -n "$ok" ] || { echo "release-feed.sh: no key in $keys verifies $feed: it was signed by a key Omamori does not trust" >&2; exit 1; }
echo "minisign: verified with $ok" >&2

# Verify as the client will, and that the files are the ones named.
"$tool/omamori-feed" verify --keys "$keys" "${file_args[@]}" "$feed"
