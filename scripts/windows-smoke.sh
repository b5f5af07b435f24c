#!/usr/bin/env bash
# Smoke test of the Windows build under wine 8 in a virtual X server, with
# wine's Visual C++ runtime turned off (vcruntime140=d, as on a fresh PC):
#  0. every shipped PE file imports only DLLs every Windows 10/11 has
#     (scripts/pe-imports.sh, which also checks DependentLoadFlags), and
#     `version` names libfido2 1.16 or newer; no DLL planted in the program's
#     folder runs inside either program (scripts/windows-dll-planting.sh);
#     both carry LibreSSL's libcrypto and not OpenSSL 3's, and
#     under wine that libcrypto signs an ES256 assertion which the same static
#     libfido2 verifies and refuses once changed (scripts/windows/fido2verify.c;
#     no security key is reachable under wine);
#  1. omamori-cli.exe enrols a setup code piped on stdin and prints the code
#     oathtool computes for the same key and time step;
#  2. the secret is in wine's Credential Manager and nowhere else: the
#     credential exists (encrypted) in the prefix registry, the plain key is in
#     no file, a fresh process lists the account, and once the credential is
#     deleted the account needs re-enrolment; with the account list lost,
#     `recover` finds the item by its name and restores it;
#  3. Omamori.exe (built with -tags accessibility) opens its window; a
#     screenshot is taken and must not be blank;
#  4. the copy button puts the code on the clipboard with the formats that
#     keep it out of Windows' clipboard history and cloud clipboard
#     (clipcheck.exe lists them), and the clipboard adapter's and the
#     clipboard guard's tests pass against wine's real clipboard;
#  5. with wine's system colours set to High Contrast Black, the window
#     draws in them (dist/windows-smoke-highcontrast.png);
#  6. the file dialogs are Windows' own (internal/filepicker): its tests show
#     wine's common file dialog, find it by its title and answer it; in the
#     real Omamori.exe the first-run button 「以前のパソコンから移す」 opens it
#     (found with xdotool by its Japanese title), Esc does nothing, and a
#     backup typed into it is restored;
#  7. security keys under wine: no reader and no key (wine's winscard reaches no
#     PC/SC service, wine has no webauthn.dll) is a clean "no key" message;
#  8. screen QR (internal/screenqr's GDI capturer): a QR code shown in a real
#     X window on wine's screen is read back by the Windows build, by the
#     package's test and by `omamori-cli add --screen`, whose account then
#     gives oathtool's codes;
#  9. Windows Hello under wine (internal/applock): the real WinRT path
#     (combase, the UserConsentVerifier's factory) answers "not available"
#     with the key or passphrase as the way, and the lock stays locked.
# Usage: scripts/windows-smoke.sh [DIST_WINDOWS_DIR]   (default: make windows)
# Leaves the screenshot in dist/windows-smoke.png. About 2 min with a warm
# build cache (first Windows build ~5 min).
source "$(dirname "$0")/lib.sh"
# Never ask a public time server from a test.
export OMAMORI_TIME_SERVERS=off
need_packages "$ROOT/installer/deps-debian.txt"
source "$ROOT/installer/wine/wine-lib.sh"
cd "$ROOT"
fail() { echo "FAIL: $*" >&2; exit 1; }

# start_gui NAME [VAR=VALUE...]: starts Omamori.exe with that environment,
# sets GUI_PID and WID (its window), and fails with its log ($T/NAME.log)
# if it exits or shows no window within 60 s.
start_gui() {
	local name=$1
	shift
	env "$@" OMAMORI_TIME_SERVERS=off "$WINE64" "$WIN/Omamori.exe" >"$T/$name.log" 2>&1 &
	GUI_PID=$!
	WID=""
	for _ in $(seq 60); do
		WID=$(xdotool search --onlyvisible --name 'Omamori|お守り' 2>/dev/null | head -1 || true)
		[ -n "$WID" ] && break
		kill -0 $GUI_PID 2>/dev/null || { cat "$T/$name.log" >&2; fail "Omamori.exe ($name) exited without a window"; }
		sleep 1
	done
	[ -n "$WID" ] || { cat "$T/$name.log" >&2; fail "no $name window after 60 s"; }
	sleep 4 # let the first frames draw
	on_top
}
# on_top: raise our window. Omamori sets up its tray icon after showing the
# window; with no tray on the X server, wine shows the icon in a small window
# of its own at the top-left corner, over ours (a real Windows puts it in
# the taskbar). Screenshots and clicks are of our window.
on_top() {
	local w
	for w in $(xdotool search --onlyvisible --name '' 2>/dev/null); do
		echo "window $w: $(xdotool getwindowname "$w" 2>/dev/null) $(xdotool getwindowgeometry "$w" 2>/dev/null | tr -s '\n ' ' ')"
	done
	xdotool windowraise "$WID"
	sleep 0.5
}

WIN=${1:-}
if [ -z "$WIN" ]; then
	log "make windows"
	make -s windows
	WIN=dist/windows
fi
WIN=$(cd "$WIN" && pwd)

# The LibreSSL the build links (third_party/build-windows.sh's LIBRESSL=libressl-X.Y.Z).
LIBRESSL_VERSION=$(sed -n 's/.*LIBRESSL=libressl-\([0-9.]*\).*/\1/p' third_party/build-windows.sh)
[ -n "$LIBRESSL_VERSION" ] || fail "no LIBRESSL= in third_party/build-windows.sh"
log "imports of every shipped PE file"
mapfile -t PE < <(find "$WIN" -maxdepth 1 -type f \( -iname '*.exe' -o -iname '*.dll' \))
bash scripts/pe-imports.sh "${PE[@]}" || fail "a shipped file imports a DLL Windows does not have"
# NFC readers (PC/SC through winscard.dll) and Windows Hello (webauthn.dll, whose
# functions libfido2 looks up by name at run time) are compiled into libfido2.
for exe in "$WIN/Omamori.exe" "$WIN/omamori-cli.exe"; do
	objdump -p "$exe" | grep -i 'DLL Name: winscard.dll' >/dev/null || fail "$exe: libfido2 without PC/SC (no winscard.dll import)"
	grep -qa 'WebAuthNAuthenticatorMakeCredential' "$exe" || fail "$exe: libfido2 without Windows Hello (it looks up WebAuthNAuthenticatorMakeCredential in webauthn.dll)"
	# libcrypto is LibreSSL's (issue 22: OpenSSL 3.0 is past its end of life).
	grep -qa "LibreSSL $LIBRESSL_VERSION" "$exe" || fail "$exe: no LibreSSL $LIBRESSL_VERSION inside"
	# Every OpenSSL 3 libcrypto names its built-in provider so (3.0.22's exes did).
	! grep -qa 'OpenSSL Default Provider' "$exe" || fail "$exe: carries OpenSSL 3's libcrypto"
done
# The check itself must catch what it is for: go-libfido2's old fido2.dll imports
# VCRUNTIME140.dll and crypto-45.dll.
OLD=$(go list -m -f '{{.Dir}}' github.com/keys-pub/go-libfido2)/windows/lib/fido2.dll
if bash scripts/pe-imports.sh "$OLD" >/dev/null 2>&1; then
	fail "the import check accepts $OLD, which needs the VC++ runtime"
fi

log "DLLs planted in the program's folder (own wine prefix)"
bash scripts/windows-dll-planting.sh "$WIN" || fail "DLL planting"

T=$(mktemp -d)
trap 'wine_done; rm -rf "$T"' EXIT

# Windows test programs, built before wine_init moves HOME (and with it
# Go's default module cache) into the temporary folder.
log "cross-build the clipboard and file dialog tests, clipcheck.exe and uiadump.exe"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -o "$T/clipboard.test.exe" ./internal/clipboard
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -o "$T/filepicker.test.exe" ./internal/filepicker
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -o "$T/codes.test.exe" ./app/codes
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -o "$T/screenqr.test.exe" ./internal/screenqr
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -o "$T/applock.test.exe" ./internal/applock
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -o "$T/clipcheck.exe" ./internal/clipboard/clipcheck
x86_64-w64-mingw32-gcc -O2 -municode -o "$T/uiadump.exe" scripts/windows/uiadump.c -lole32 -loleaut32 -loleacc -luuid
# fido2verify.exe: the static libfido2 and libcrypto the exes carry (the cache
# folder make windows used), for the crypto check below.
F=$(third_party/build-windows.sh)
x86_64-w64-mingw32-gcc -O2 -o "$T/fido2verify.exe" scripts/windows/fido2verify.c -I"$F/include" \
	-L"$F/lib" -lfido2 -lcbor -lcrypto -lz -lwinscard -lbcrypt -lsetupapi -lhid -lws2_32 -lntdll \
	-lcrypt32 -lgdi32 -ladvapi32 -luser32

log "wine prefix"
wine_init "$T"
CLI() { timeout 120 "$WINE64" "$WIN/omamori-cli.exe" --lang en "$@"; }

log "CLI: version, enrol a setup code from stdin, code vs oathtool"
CLI version | tee "$T/version.txt"
grep -q 'windows/amd64' "$T/version.txt" || fail "version does not say windows/amd64"
FIDO=$(grep -o 'libfido2 [0-9][0-9.]*' "$T/version.txt" | cut -d' ' -f2)
[ -n "$FIDO" ] || fail "version does not name libfido2"
printf '1.16.0\n%s\n' "$FIDO" | sort -CV || fail "libfido2 $FIDO is older than 1.16"
log "libcrypto: LibreSSL signs and libfido2 verifies an ES256 assertion under wine"
# No security key is reachable under wine, so this is what runs the key's crypto
# (its random numbers come from Windows' BCryptGenRandom) on the Windows build.
timeout 120 "$WINE64" "$T/fido2verify.exe" | tee "$T/fido2verify.txt" || fail "fido2verify: $(cat "$T/fido2verify.txt")"
tr -d '\r' <"$T/fido2verify.txt" | grep -qx "libcrypto: LibreSSL $LIBRESSL_VERSION" ||
	fail "fido2verify does not run LibreSSL $LIBRESSL_VERSION" # (wine's console ends lines in CR LF)
CLI doctor --json --time-server 127.0.0.1:9 >"$T/doctor.json" || true
grep -q "\"key_library\": \"libfido2 $FIDO\"" "$T/doctor.json" || fail "doctor --json does not name libfido2 $FIDO"
KEY=$(head -c 20 /dev/urandom | base32 | tr -d '=')
NAME="テスト 太郎"
printf '%s\n' "$KEY" | CLI add --name "$NAME" || fail "add"
CLI code "$NAME" --json --time-server 127.0.0.1:9 >"$T/code.json" || fail "code --json"
same_code_as_oathtool "$T/code.json" "$KEY" "テスト 太郎" || fail "code differs from oathtool"

log "the secret is in wine's Credential Manager, nowhere else"
wineserver -w # flush the registry to user.reg
ID=$(python3 -c 'import json,sys,glob; print(json.load(open(glob.glob(sys.argv[1])[0]))["accounts"][0]["id"])' \
	"$WINEPREFIX/drive_c/users/*/AppData/Roaming/Omamori/accounts.json")
grep -q "Credential Manager\\\\\\\\Generic: omamori:$ID\]" "$WINEPREFIX/user.reg" ||
	fail "no Credential Manager item omamori:$ID in the prefix registry"
echo "Credential Manager item: Generic: omamori:$ID"
if grep -rqsF "$KEY" "$WINEPREFIX"; then fail "the plain secret is in a file in the prefix"; fi
CLI list --json >"$T/list.json"
grep -q '"state": "ok"' "$T/list.json" || fail "a fresh process does not read the account: $(cat "$T/list.json")"
"$WINE64" reg delete "HKCU\\Software\\Wine\\Credential Manager\\Generic: omamori:$ID" /f >/dev/null ||
	fail "could not delete the credential"
CLI list --json >"$T/list2.json" || true
grep -q '"state": "needs_reenrol"' "$T/list2.json" ||
	fail "account still readable without its credential: $(cat "$T/list2.json")"
echo "without the credential the account needs re-enrolment: the secret lives only in wincred"
printf '%s\n' "$KEY" | CLI add --name "口座 2" >/dev/null || fail "add after removal"

log "clipboard adapter and guard tests against wine's clipboard"
timeout 120 "$WINE64" "$T/clipboard.test.exe" -test.v >"$T/clipboard-test.log" 2>&1 ||
	{ cat "$T/clipboard-test.log" >&2; fail "clipboard adapter tests under wine"; }
timeout 120 "$WINE64" "$T/codes.test.exe" -test.run 'TestGuard' -test.v >"$T/guard-test.log" 2>&1 ||
	{ cat "$T/guard-test.log" >&2; fail "clipboard guard tests under wine"; }
grep -q -- '--- PASS: TestGuardClearsOnlyOurCode/system' "$T/guard-test.log" ||
	fail "the guard tests did not run against the Windows clipboard"
grep -c -- '--- PASS' "$T/clipboard-test.log" "$T/guard-test.log"

log "Windows Hello under wine: not available, through WinRT"
timeout 120 "$WINE64" "$T/applock.test.exe" -test.run 'TestHello|TestOSCheckNotAvailable|TestPinterfaceIID' -test.v >"$T/hello-test.log" 2>&1 ||
	{ cat "$T/hello-test.log" >&2; fail "Windows Hello tests under wine"; }
grep -q -- '--- PASS: TestHelloAvailability ' "$T/hello-test.log" && grep -q 'UserConsentVerifier: ' "$T/hello-test.log" ||
	{ cat "$T/hello-test.log" >&2; fail "the Windows Hello test did not ask WinRT"; }
grep 'UserConsentVerifier: \|lock screen says' "$T/hello-test.log"

log "screen QR: the GDI capturer reads a QR code shown in a window on wine's X screen"
display -geometry +300+200 internal/screenqr/testdata/broker-taro.png &
QR_PID=$!
SCREENQR_WANT='otpauth://totp/Broker:taro?secret=JBSWY3DPEHPK3PXP&issuer=Broker' \
	timeout 120 "$WINE64" "$T/screenqr.test.exe" -test.run 'TestGDI' -test.v >"$T/screenqr-test.log" 2>&1 ||
	{ kill $QR_PID; cat "$T/screenqr-test.log" >&2; fail "screen QR under wine"; }
kill $QR_PID
wait $QR_PID 2>/dev/null || true
grep -q -- '--- PASS: TestGDIReadsTheQRInAWindow' "$T/screenqr-test.log" || fail "the screen QR test did not run"

log "screen QR: omamori-cli add --screen enrols the QR code shown in a window; its codes are oathtool's"
# A throw-away test key (internal/screenqr/testdata), 60-second step.
SCREEN_KEY=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U
display -geometry +320+180 internal/screenqr/testdata/broker-screen-60s.png &
QR_PID=$!
ADDED=""
for _ in $(seq 20); do # the window takes a moment to map and draw
	if CLI add --name "画面 太郎" --screen >"$T/add-screen.log" 2>&1; then ADDED=1; break; fi
	sleep 1
done
kill $QR_PID
wait $QR_PID 2>/dev/null || true
[ -n "$ADDED" ] || { cat "$T/add-screen.log" >&2; fail "omamori-cli add --screen under wine"; }
CLI code "画面 太郎" --json --time-server 127.0.0.1:9 >"$T/code-screen.json" || fail "code --json after add --screen"
same_code_as_oathtool "$T/code-screen.json" "$SCREEN_KEY" "画面 太郎" || fail "the screen-read account's code differs from oathtool"

log "file dialog adapter against wine's common file dialog"
timeout 300 "$WINE64" "$T/filepicker.test.exe" -test.v >"$T/filepicker-test.log" 2>&1 ||
	{ cat "$T/filepicker-test.log" >&2; fail "file dialog tests under wine"; }
grep -q -- '--- PASS: TestSaveReturnsPathWithoutAsking' "$T/filepicker-test.log" ||
	fail "the file dialog tests did not run"
grep -c -- '--- PASS' "$T/filepicker-test.log"

# One usable account (the first one above has lost its credential); the
# window's copy-button click below relies on a single row.
CLI remove "$NAME" --yes >/dev/null || fail "remove"

log "lost account list: recover finds the Credential Manager item by its name (wincred FilteredList)"
rm -f "$WINEPREFIX"/drive_c/users/*/AppData/Roaming/Omamori/accounts.json*
CLI recover --json >"$T/orphans.json" || fail "recover"
grep -q '"name": "口座 2"' "$T/orphans.json" || fail "recover does not list 口座 2: $(cat "$T/orphans.json")"
CLI recover --restore "口座 2" || fail "recover --restore"
CLI list --json >"$T/list3.json"
grep -q '"state": "ok"' "$T/list3.json" || fail "restored account does not make codes: $(cat "$T/list3.json")"

log "GUI: Omamori.exe opens a window (in Japanese)"
start_gui gui OMAMORI_LANG=ja
mkdir -p dist
import -window "$WID" dist/windows-smoke.png
screenshot_check dist/windows-smoke.png || fail "the screenshot is blank"

log "GUI: what a screen reader gets (UI Automation, else MSAA)"
# Wine 8.0 has no CUIAutomation class and answers MSAA with the window
# alone, so this only records what wine gives; on a real Windows the same
# program is checked against the labels (.github/workflows/windows.yml).
timeout 60 "$WINE64" "$T/uiadump.exe" "Omamori" >"$T/uia.txt" 2>"$T/uia.err" && uia=0 || uia=$?
cat "$T/uia.err" "$T/uia.txt"
if grep -q "ワンタイムパスワード" "$T/uia.txt"; then
	echo "the code row is readable through UI Automation under wine"
else
	echo "wine exposes no element tree (exit $uia): see docs/accessibility.md"
fi

log "GUI: the copy button copies the code, marked out of clipboard history"
# The row's copy button, right of the name (window 520x560, one account),
# found by its colour: the backup reminder above the list moves the row.
import -window "$WID" "$T/rows.png"
COPY_Y=$(bash scripts/copy-button-y.sh "$T/rows.png" 435) || fail "no Copy button in the window"
xdotool mousemove --window "$WID" 435 "$COPY_Y" click 1
sleep 2
timeout 60 "$WINE64" "$T/clipcheck.exe" >"$T/clip.json" || fail "clipcheck"
cat "$T/clip.json"
python3 - "$T/clip.json" "$(oathtool --totp=sha1 -s 60 -b "$KEY")" \
	"$(oathtool --totp=sha1 -s 60 -b "$KEY" --now "$(date -u -d '-60 sec' '+%Y-%m-%d %H:%M:%S UTC')")" <<'PY' ||
import json, sys
c = json.load(open(sys.argv[1]))
f = c["formats"]
want = {"ExcludeClipboardContentFromMonitorProcessing": None,
        "CanIncludeInClipboardHistory": "00000000", "CanUploadToCloudClipboard": "00000000"}
for name, data in want.items():
    if name not in f:
        sys.exit("no %s format on the clipboard: %s" % (name, sorted(f)))
    if data is not None and f[name] != data:
        sys.exit("%s is %s, want DWORD 0" % (name, f[name]))
if c["text"] not in sys.argv[2:]:
    sys.exit("clipboard text %r is not the code oathtool computes (%s)" % (c["text"], sys.argv[2:]))
print("clipboard: code %s with %s" % (c["text"], ", ".join(sorted(want))))
PY
	fail "the copied code is not marked out of clipboard history"
kill $GUI_PID 2>/dev/null || true
wait $GUI_PID 2>/dev/null || true

log "GUI: high contrast takes the system colours (wine's set to High Contrast Black)"
# Wine never reports SPI_GETHIGHCONTRAST as on, but GetSysColor follows
# these registry values; OMAMORI_HIGH_CONTRAST=on makes Omamori use them.
for kv in "Window=0 0 0" "WindowText=255 255 255" "Hilight=26 235 255" "HilightText=0 0 0" \
	"ButtonFace=0 0 0" "ButtonText=255 255 255" "GrayText=63 242 63" "HotTrackingColor=255 255 0"; do
	"$WINE64" reg add 'HKCU\Control Panel\Colors' /v "${kv%%=*}" /t REG_SZ /d "${kv#*=}" /f >/dev/null
done
wineserver -w
start_gui gui-hc OMAMORI_HIGH_CONTRAST=on OMAMORI_LANG=ja
import -window "$WID" dist/windows-smoke-highcontrast.png
bg=$(convert dist/windows-smoke-highcontrast.png -format '%[pixel:p{260,480}]' info:)
button=$(convert dist/windows-smoke-highcontrast.png -format '%[pixel:p{20,14}]' info:)
echo "high contrast: background $bg, prominent button $button"
case "$bg" in srgb\(0,0,0\)|black) ;; *) fail "high-contrast background is $bg, not the system window colour (black)";; esac
case "$button" in "srgb(26,235,255)") ;; *) fail "prominent button is $button, not the system highlight colour";; esac
kill $GUI_PID 2>/dev/null || true

log "GUI: 以前のパソコンから移す opens Windows' own file dialog; Esc does nothing; a chosen backup is restored"
# A backup of this PC's accounts, restored on a "new PC": its own settings
# folder and Credential Manager service, so the window shows the first run.
BPASS=4831-0927-5512-0073
printf '%s\n%s\n' $BPASS $BPASS | CLI backup --out "Z:$T/smoke.omamori-backup.age" >/dev/null || fail "backup"
mkdir -p "$T/newpc"
NEWPC=(OMAMORI_CONFIG_DIR="Z:$T/newpc" OMAMORI_KEYRING_SERVICE=omamori-smoke-newpc)
start_gui gui-restore "${NEWPC[@]}" OMAMORI_LANG=ja
# file_dialog TITLE [SECONDS]: the native dialog's window, found by its title.
file_dialog() {
	local d=""
	for _ in $(seq "${2:-30}"); do
		d=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1 || true)
		[ -n "$d" ] && { echo "$d"; return; }
		sleep 1
	done
	return 1
}
TITLE=復元するバックアップファイルを選ぶ # app/backupview/translations/ja.json backup.choose_title
# open_file_dialog: clicks 以前のパソコンから移す (bottom of the first-run
# screen) and sets DLG to the dialog. Under wine without a window manager
# a click on our window now and then opens nothing (seen in CI on the
# first click and on the click after Esc; cause not found): a customer
# would click again, and so does the test, up to 3 times, saying so.
open_file_dialog() {
	DLG=""
	local try
	for try in 1 2 3; do
		xdotool windowfocus --sync "$WID" 2>/dev/null || true
		sleep 1
		xdotool mousemove --window "$WID" 264 487 click 1
		DLG=$(file_dialog "$TITLE" 15) && return
		echo "file dialog: click $try opened nothing"
	done
	import -window root dist/windows-smoke-no-filedialog.png
	fail "no file dialog titled $TITLE after 3 clicks"
}
open_file_dialog
echo "native file dialog $DLG: $(xdotool getwindowname "$DLG")"
import -window root dist/windows-smoke-filedialog.png
# Keys through XTEST to the focused window: wine ignores the dialog's
# synthetic (--window) key events now and then (no window manager here).
xdotool windowfocus --sync "$DLG"
xdotool key Escape
for _ in $(seq 20); do xdotool search --onlyvisible --name "$TITLE" >/dev/null 2>&1 || break; sleep 1; done
xdotool search --onlyvisible --name "$TITLE" >/dev/null 2>&1 && fail "Esc did not close the file dialog"
kill -0 $GUI_PID 2>/dev/null || fail "Omamori.exe ended after the file dialog was cancelled"
open_file_dialog # the second time
xdotool windowfocus --sync "$DLG"
xdotool type --delay 20 "Z:$(echo "$T" | tr / '\\')\\smoke.omamori-backup.age"
xdotool key Return
sleep 3
xdotool windowfocus --sync "$WID"
xdotool type --delay 30 "$BPASS"
xdotool key Return
sleep 15 # scrypt under wine on a busy machine
xdotool key Tab Tab space # N件を復元する
sleep 3
kill $GUI_PID 2>/dev/null || true
wait $GUI_PID 2>/dev/null || true
env "${NEWPC[@]}" timeout 120 "$WINE64" "$WIN/omamori-cli.exe" --lang en list --json >"$T/newpc.json" || true
grep -q '"name": "口座 2"' "$T/newpc.json" ||
	fail "the backup chosen in the native file dialog was not restored: $(cat "$T/newpc.json")"
echo "restored through Windows' file dialog: $(grep -c '"name"' "$T/newpc.json") account(s)"

log "security keys under wine: no PC/SC reader, no Windows Hello"
# wine 8's winscard.dll is a stub (SCardEstablishContext logs "stub"; nothing
# reaches pcscd) and wine has no webauthn.dll: libfido2 finds no reader and no
# Windows Hello device, and Omamori says plainly that no key is there.
CLI key list >"$T/keys.txt" 2>&1 || fail "key list without readers: $(cat "$T/keys.txt")"
grep -q "No security key is plugged in" "$T/keys.txt" || fail "key list without readers: $(cat "$T/keys.txt")"
# The passkey-readiness answer: without webauthn.dll it cannot tell about
# Windows Hello and says so (internal/passkeyready), with the next step.
CLI key ready --profile ymsec >"$T/ready.txt" 2>&1 || fail "key ready under wine: $(cat "$T/ready.txt")"
grep -q "webauthn.dll" "$T/ready.txt" && grep -q "→" "$T/ready.txt" || fail "key ready under wine: $(cat "$T/ready.txt")"
# The same as data: the first finding is Windows Hello's (no device), "cannot
# tell" because webauthn.dll is missing, with a next step.
CLI key ready --profile ymsec --json >"$T/ready.json" 2>"$T/ready.err" || fail "key ready --json under wine: $(cat "$T/ready.err")"
tr -d '\n\r' <"$T/ready.json" | grep -Eq '^\[ *\{ *"status": "unknown", *"message": "[^"]*webauthn\.dll[^"]*", *"next": "[^"]+"' ||
	fail "key ready --json under wine does not say webauthn.dll is missing: $(cat "$T/ready.json")"
# Every wine process is an administrator; OMAMORI_NO_ADMIN=1 shows what a
# customer without that right sees on Windows 10 1903+: only Windows Hello
# could reach a key, and wine has none, so a clear message in both languages.
if OMAMORI_NO_ADMIN=1 CLI key list >"$T/noadmin-en.txt" 2>&1; then
	fail "key list without administrator rights and without webauthn.dll succeeded"
fi
grep -q "webauthn.dll" "$T/noadmin-en.txt" && grep -q "as administrator" "$T/noadmin-en.txt" ||
	fail "no-admin message (en): $(cat "$T/noadmin-en.txt")"
OMAMORI_NO_ADMIN=1 timeout 120 "$WINE64" "$WIN/omamori-cli.exe" --lang ja key list >"$T/noadmin-ja.txt" 2>&1 || true
grep -q "管理者として起動し直して" "$T/noadmin-ja.txt" || fail "no-admin message (ja): $(cat "$T/noadmin-ja.txt")"
cat "$T/noadmin-en.txt" "$T/noadmin-ja.txt"
OMAMORI_NO_ADMIN=1 CLI code "口座 2" --json --time-server 127.0.0.1:9 >"$T/code2.json" || fail "code without administrator rights"
same_code_as_oathtool "$T/code2.json" "$KEY" "口座 2" || fail "code without administrator rights differs from oathtool"
log "windows smoke test passed"
