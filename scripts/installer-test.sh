#!/usr/bin/env bash
# Tests the NSIS installer under wine: silent per-user install, the
# installed CLI (version, doctor), an account, an upgrade in place to another
# version (account kept), uninstall (program gone, accounts kept), and
# uninstall with /REMOVEACCOUNTS (accounts and Credential Manager items gone).
# Then the per-machine MSI: msiexec /i, upgrade with a newer MSI, msiexec /x.
# Usage: scripts/installer-test.sh     About 2 min with a warm build cache.
source "$(dirname "$0")/lib.sh"
# Never ask a public time server from a test.
export OMAMORI_TIME_SERVERS=off
need_packages "$ROOT/installer/deps-debian.txt"
source "$ROOT/installer/wine/wine-lib.sh"
cd "$ROOT"

V1=0.0.1 V2=0.0.2
log "build installers $V1 (unsigned) and $V2 (signed with a throw-away test certificate)"
rm -rf dist/itest1 dist/itest2
make -s installer msi VERSION=$V1 DIST=dist/itest1
strings -el dist/itest1/windows/Omamori.exe | grep -q '^Unsigned build' ||
	{ echo "FAIL: unsigned build does not say so in its version info" >&2; exit 1; }
export OMAMORI_SIGN_TEST=1 OMAMORI_SIGN_TEST_DIR=$PWD/dist/itest2/test-cert
make -s installer msi VERSION=$V2 DIST=dist/itest2
installer/sign.sh --verify dist/itest2/windows/Omamori.exe dist/itest2/windows/omamori-cli.exe \
	dist/itest2/Omamori-Setup-$V2.exe dist/itest2/Omamori-$V2.msi
strings -el dist/itest2/windows/Omamori.exe | grep -q '^Unsigned build' &&
	{ echo "FAIL: signed build calls itself unsigned" >&2; exit 1; }
unset OMAMORI_SIGN_TEST OMAMORI_SIGN_TEST_DIR
SETUP1=$PWD/dist/itest1/Omamori-Setup-$V1.exe
SETUP2=$PWD/dist/itest2/Omamori-Setup-$V2.exe

T=$(mktemp -d)
trap 'wine_done; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
wine_init "$T"
U=$(wine_user_dir)
APPDIR="$U/AppData/Local/Programs/Omamori"
DATADIR="$U/AppData/Roaming/Omamori"
STARTMENU="$U/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/お守り (Omamori).lnk"
UNINSTKEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Omamori'
CLI() { timeout 120 "$WINE64" "$APPDIR/omamori-cli.exe" --lang en "$@"; }
regval() { "$WINE64" reg query "$UNINSTKEY" /v "$1" 2>/dev/null | tr -d '\r' | awk -v k="$1" '$1 == k { print $3 }'; }
# wine may link Desktop to $HOME: go through the link.
desktop_lnk() { [ -e "$U/Desktop/お守り (Omamori).lnk" ] && echo "$U/Desktop/お守り (Omamori).lnk" || true; }
creds() { wineserver -w; grep -c 'Credential Manager\\\\Generic: omamori:' "$WINEPREFIX/user.reg" || true; }

log "silent install $V1"
"$WINE64" "$SETUP1" /S
wineserver -w
for f in Omamori.exe omamori-cli.exe THIRD-PARTY.txt uninstall.exe; do
	[ -f "$APPDIR/$f" ] || fail "$f not installed in $APPDIR"
done
# Every PE file the installer puts on the PC, and the installers themselves,
# import only DLLs every Windows 10/11 has.
bash scripts/pe-imports.sh "$SETUP1" "$SETUP2" "$APPDIR"/*.exe ||
	fail "an installed file imports a DLL Windows does not have"
# libfido2 is linked in: no DLL of it is installed.
for f in fido2.dll cbor.dll crypto-45.dll; do
	[ ! -e "$APPDIR/$f" ] || fail "$f installed: libfido2 should be linked into the exes"
done
[ -f "$STARTMENU" ] || fail "no Start-menu shortcut"
[ -n "$(desktop_lnk)" ] || fail "no desktop shortcut"
[ "$(regval DisplayVersion)" = "$V1" ] || fail "Apps entry: DisplayVersion $(regval DisplayVersion)"
regval UninstallString | grep -q uninstall.exe || fail "Apps entry has no UninstallString"
echo "installed in $(win_path "$APPDIR"), Start menu + desktop shortcuts, Apps entry $V1"

log "installed app: version, doctor, an account"
CLI version | grep -q "omamori $V1 " || fail "installed version is not $V1"
CLI doctor --time-server 127.0.0.1:9 || fail "doctor"
KEY=$(head -c 20 /dev/urandom | base32 | tr -d '=')
printf '%s\n' "$KEY" | CLI add --name "証券 口座" || fail "add"
[ "$(creds)" = 1 ] || fail "no Credential Manager item after add"
# The GUI program also answers on the command line (it attaches to the caller's console).
timeout 60 "$WINE64" "$APPDIR/Omamori.exe" version | grep -q "omamori $V1 " || fail "Omamori.exe version"
OMAMORI_TIME_SERVERS=off "$WINE64" "$APPDIR/Omamori.exe" >/dev/null 2>&1 &
for _ in $(seq 60); do
	xdotool search --onlyvisible --name '^Omamori$' >/dev/null 2>&1 && break
	sleep 1
done
xdotool search --onlyvisible --name '^Omamori$' >/dev/null 2>&1 || fail "the installed app opened no window"
echo "the installed app opens its window"
# The upgrade below asks this running copy to close before replacing it.

log "upgrade in place to $V2 (signed installer)"
"$WINE64" "$SETUP2" /S
wineserver -w
CLI version | grep -q "omamori $V2 " || fail "upgrade did not replace the program"
[ "$(regval DisplayVersion)" = "$V2" ] || fail "Apps entry not updated"
CLI code "証券 口座" --json --time-server 127.0.0.1:9 | grep -q '"code"' || fail "account lost in upgrade"
echo "upgraded to $V2, account kept"

log "uninstall (accounts kept)"
"$WINE64" "$APPDIR/uninstall.exe" /S
wineserver -w
sleep 2; wineserver -w # the uninstaller re-runs itself from a temp copy
[ ! -e "$APPDIR" ] || fail "program folder left: $(ls "$APPDIR")"
[ ! -e "$STARTMENU" ] || fail "Start-menu shortcut left"
[ -z "$(desktop_lnk)" ] || fail "desktop shortcut left"
"$WINE64" reg query "$UNINSTKEY" >/dev/null 2>&1 && fail "Apps entry left"
[ -f "$DATADIR/accounts.json" ] || fail "accounts were removed without being asked"
[ "$(creds)" = 1 ] || fail "the Credential Manager item was removed without being asked"
echo "program, shortcuts, Apps entry gone; accounts and credential kept"

log "reinstall finds the account; uninstall /REMOVEACCOUNTS"
"$WINE64" "$SETUP2" /S
wineserver -w
CLI code "証券 口座" --json --time-server 127.0.0.1:9 | grep -q '"code"' || fail "reinstall does not see the kept account"
"$WINE64" "$APPDIR/uninstall.exe" /S /REMOVEACCOUNTS
wineserver -w
sleep 2; wineserver -w
[ ! -e "$APPDIR" ] || fail "program folder left"
[ ! -e "$DATADIR" ] || fail "settings folder left after /REMOVEACCOUNTS"
[ "$(creds)" = 0 ] || fail "Credential Manager items left after /REMOVEACCOUNTS"
echo "accounts and Credential Manager items removed on request"

log "MSI: per-machine install $V1, upgrade to $V2, uninstall"
PF="$WINEPREFIX/drive_c/Program Files/Omamori"
# Windows puts an ALLUSERS=1 shortcut under ProgramData; wine 8 under the user's Start menu.
msi_lnk() { find "$WINEPREFIX/drive_c/ProgramData" "$U/AppData/Roaming/Microsoft/Windows/Start Menu" -name Omamori.lnk 2>/dev/null | head -1; }
MCLI() { timeout 120 "$WINE64" "$PF/omamori-cli.exe" --lang en "$@"; }
"$WINE64" msiexec /i "$PWD/dist/itest1/Omamori-$V1.msi" /qn || fail "msiexec /i $V1"
wineserver -w
MCLI version | grep -q "omamori $V1 " || fail "MSI: installed version is not $V1"
[ -f "$PF/THIRD-PARTY.txt" ] || fail "MSI: THIRD-PARTY.txt missing"
[ ! -e "$PF/fido2.dll" ] || fail "MSI: fido2.dll installed: libfido2 should be linked into the exes"
[ -n "$(msi_lnk)" ] || fail "MSI: no Start-menu shortcut"
printf '%s\n' "$KEY" | MCLI add --name "MSI 口座" >/dev/null || fail "MSI: add"
"$WINE64" msiexec /i "$PWD/dist/itest2/Omamori-$V2.msi" /qn || fail "msiexec /i $V2"
wineserver -w
MCLI version | grep -q "omamori $V2 " || fail "MSI: upgrade did not replace $V1"
# wine lists each product twice (64-bit view and Wow6432Node): check versions.
grep -A1 '^"DisplayName"="Omamori"' "$WINEPREFIX/system.reg" | grep -q "DisplayVersion\"=\"$V1" &&
	fail "MSI: the $V1 Apps entry is still there after the upgrade"
"$WINE64" msiexec /x "$PWD/dist/itest2/Omamori-$V2.msi" /qn || fail "msiexec /x"
wineserver -w
[ ! -e "$PF/Omamori.exe" ] || fail "MSI: program left after /x"
[ -z "$(msi_lnk)" ] || fail "MSI: shortcut left after /x"
[ -f "$DATADIR/accounts.json" ] || fail "MSI: /x removed the user's accounts"
echo "MSI installed per machine, upgraded, removed; the user's accounts kept"
rm -rf dist/itest1 dist/itest2
log "installer test passed"
