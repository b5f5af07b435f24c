#!/usr/bin/env bash
# Group Policy under wine: values written with `reg add` (as Group Policy
# and Intune write them from installer/policy/omamori.admx) under
# HKLM\Software\Policies\Omamori change what the Windows build does
# (internal/policy's registry reader, docs/admin.md):
#  1. UpdateMode off: `doctor --json` says "update_mode": "off" (the policy
#     folder's policy.json says automatic: the registry wins), and
#     `update --check` says checks are off by policy;
#  2. a value that is not a mode: doctor names UpdateMode and the key;
#  3. TimeNTPServers (REG_MULTI_SZ) and TimeHTTPSServers (empty): the clock
#     check asks exactly the server the registry names;
#  4. BrokerProfiles (imported from a .reg file, as GPO's multi-line box
#     stores it): `code --json` shows the login host the registry gives the
#     built-in smart-otp profile.
# Usage: scripts/windows-policy.sh [DIST_WINDOWS_DIR]   (default: make windows)
source "$(dirname "$0")/lib.sh"
need_packages "$ROOT/installer/deps-debian.txt"
source "$ROOT/installer/wine/wine-lib.sh"
cd "$ROOT"
fail() { echo "FAIL: $*" >&2; exit 1; }

WIN=${1:-}
if [ -z "$WIN" ]; then
	log "make windows"
	make -s windows
	WIN=dist/windows
fi
WIN=$(cd "$WIN" && pwd)

T=$(mktemp -d)
trap 'wine_done; rm -rf "$T"' EXIT
log "wine prefix"
wine_init "$T"
# No OMAMORI_TIME_SERVERS here: it would beat the registry. Every clock
# check below names its servers (flag or registry): never a public one.
unset OMAMORI_TIME_SERVERS OMAMORI_POLICY_DIR
CLI() { timeout 120 "$WINE64" "$WIN/omamori-cli.exe" --lang en "$@"; }
KEY='HKLM\Software\Policies\Omamori'
REG() { "$WINE64" reg add "$KEY" "$@" /f >/dev/null || fail "reg add $*"; wineserver -w; }
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }

# The policy folder says automatic; nothing in the registry yet.
PD="$WINEPREFIX/drive_c/ProgramData/Omamori"
mkdir -p "$PD"
echo '{"update": {"mode": "automatic"}}' >"$PD/policy.json"
CLI doctor --json --time-server 127.0.0.1:9 >"$T/d0.json" || true
[ "$(json "$T/d0.json" 'd["update_mode"]')" = automatic ] || fail "without a registry value the policy folder decides: $(cat "$T/d0.json")"

log "UpdateMode off in the registry beats policy.json"
REG /v UpdateMode /t REG_SZ /d off
CLI doctor --json --time-server 127.0.0.1:9 >"$T/d1.json" || true
[ "$(json "$T/d1.json" 'd["update_mode"]')" = off ] || fail "reg add UpdateMode off: doctor says $(cat "$T/d1.json")"
CLI doctor --time-server 127.0.0.1:9 >"$T/d1.txt" || true
grep -q 'off (set by policy)' "$T/d1.txt" || fail "doctor's text does not say off: $(cat "$T/d1.txt")"
# Off is said plainly (exit 0) and no request is made (the release feed's
# host is not even looked up: the check stops before the Checker runs).
CLI update --check >"$T/u1.txt" 2>&1 || fail "update --check with UpdateMode off: $(cat "$T/u1.txt")"
grep -q "turned off by your organisation's policy" "$T/u1.txt" || fail "update --check does not say checks are off: $(cat "$T/u1.txt")"
echo "update --check: $(head -1 "$T/u1.txt")"

log "a value that is not a mode is reported by name"
REG /v UpdateMode /t REG_SZ /d sometimes
CLI doctor --json --time-server 127.0.0.1:9 >"$T/d2.json" || true
json "$T/d2.json" '"\n".join(d.get("warnings", []))' | grep -F 'UpdateMode' | grep -qF 'HKLM\Software\Policies\Omamori' ||
	fail "a bad UpdateMode is not reported with its name and key: $(cat "$T/d2.json")"
"$WINE64" reg delete "$KEY" /v UpdateMode /f >/dev/null

log "time servers from the registry"
REG /v TimeNTPServers /t REG_MULTI_SZ /d '127.0.0.1:19'
REG /v TimeHTTPSServers /t REG_SZ /d ''
CLI doctor --json >"$T/d3.json" || true
[ "$(json "$T/d3.json" '",".join(s["server"] for s in d["clock"]["sources"])')" = 127.0.0.1:19 ] ||
	fail "the clock check does not ask the registry's server: $(cat "$T/d3.json")"

log "broker profiles from the registry (a .reg file, as Group Policy stores its multi-line box)"
SECRET=$(head -c 20 /dev/urandom | base32 | tr -d '=')
printf '%s\n' "$SECRET" | CLI add --name "Policy 太郎" >/dev/null || fail "add"
CLI code "Policy 太郎" --json >"$T/c0.json" || fail "code"
[ -z "$(json "$T/c0.json" 'd[0].get("host", "")')" ] || fail "smart-otp has a host before any policy: $(cat "$T/c0.json")"
# REG_MULTI_SZ is hex(7): UTF-16LE strings, each ending in a NUL, then one more.
python3 - "$WINEPREFIX/drive_c/profiles.reg" <<'PY'
import sys
lines = ['{"version": 1, "profiles": [',
         ' {"name": "smart-otp", "broker": {"origins": ["trade.example.co.jp"], "login_url": "https://trade.example.co.jp/login"}}]}']
data = "".join(l + "\0" for l in lines) + "\0"
hexs = ",".join("%02x" % b for b in data.encode("utf-16-le"))
with open(sys.argv[1], "w", encoding="utf-16") as f:
    f.write('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\Software\\Policies\\Omamori]\r\n"BrokerProfiles"=hex(7):' + hexs + '\r\n')
PY
"$WINE64" regedit /S 'C:\profiles.reg' || fail "regedit import"
wineserver -w
CLI code "Policy 太郎" --json >"$T/c1.json" || fail "code after the policy"
[ "$(json "$T/c1.json" 'd[0].get("host", "")')" = trade.example.co.jp ] ||
	fail "the registry's broker profile is not used: $(cat "$T/c1.json")"
echo "Group Policy values under wine: update mode, bad value, time servers, broker profiles — all read"
