#!/usr/bin/env bash
# DLL planting (issue 22): a DLL dropped into Omamori's folder must never
# run inside Omamori. The folder (%LOCALAPPDATA%\Programs\Omamori) is
# writable by the user; Windows looks there first for every DLL that is not
# a KnownDLL. Under wine 8, in a virtual X server:
#  0. a control program (built here, no protection) loads a planted hid.dll
#     (static import) and webauthn.dll (LoadLibrary): this wine does load
#     planted DLLs, so the checks below can fail;
#  1. static imports (hid, winscard, opengl32, bcrypt, setupapi): Omamori's
#     defence is DependentLoadFlags = LOAD_LIBRARY_SEARCH_SYSTEM32 in the PE
#     load configuration, which wine 8 ignores (it loads them anyway and
#     this script says which); the field itself is checked here and by
#     scripts/pe-imports.sh (peloadflags check);
#  2. run-time loads (libfido2's webauthn.dll, GLFW's dinput8/xinput1_4):
#     SetDefaultDllDirectories at start-up, which wine honours: none is
#     loaded into omamori-cli.exe or Omamori.exe (key list), Omamori.exe (the window) or
#     Omamori.exe started as 「管理者として再起動」 starts it (ShellExecute
#     "runas", its own folder as working directory; scripts/windows/runas.c).
# Usage: scripts/windows-dll-planting.sh DIST_WINDOWS_DIR   (about 2 min)
# scripts/windows-smoke.sh runs it on the build it tests.
source "$(dirname "$0")/lib.sh"
export OMAMORI_TIME_SERVERS=off
need_packages "$ROOT/installer/deps-debian.txt"
source "$ROOT/installer/wine/wine-lib.sh"
cd "$ROOT"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ $# -eq 1 ] && [ -f "$1/Omamori.exe" ] || { echo "usage: $0 DIST_WINDOWS_DIR (with Omamori.exe, omamori-cli.exe)" >&2; exit 2; }
WIN=$(cd "$1" && pwd)
CC=x86_64-w64-mingw32-gcc
OBJDUMP=${OBJDUMP:-$(command -v x86_64-w64-mingw32-objdump || echo objdump)}
T=$(mktemp -d)
trap 'wine_done; rm -rf "$T"' EXIT

# imports_from DLL EXE...: the functions the programs import from DLL.
imports_from() {
	local dll=$1
	shift
	for f in "$@"; do
		"$OBJDUMP" -p "$f" | awk -v want="$dll" '
			/DLL Name:/ { d = tolower($3); next }
			d == want && /^\t[0-9a-f]+\t/ && NF >= 3 { print $3 }'
	done | sort -u
}
# plant DLL [FUNCTION...]: builds $T/plants/DLL exporting each FUNCTION.
plant() {
	local dll=$1
	shift
	mkdir -p "$T/plants"
	{
		echo "LIBRARY $dll"
		echo "EXPORTS"
		for fn in "$@"; do echo "$fn = plant_stub"; done
	} >"$T/$dll.def"
	$CC -shared -O2 -s -o "$T/plants/$dll" scripts/windows/plant.c "$T/$dll.def"
}

log "planted DLLs, the control program and runas.exe"
# The non-KnownDLLs the programs import (a -tags nofido2 build: opengl32 only).
STATIC=""
for d in hid.dll winscard.dll opengl32.dll bcrypt.dll setupapi.dll; do
	mapfile -t fns < <(imports_from "$d" "$WIN/Omamori.exe" "$WIN/omamori-cli.exe")
	[ ${#fns[@]} -gt 0 ] || continue
	# hid.dll also serves the control program below.
	[ "$d" = hid.dll ] && fns+=(HidD_GetHidGuid)
	mapfile -t fns < <(printf '%s\n' "${fns[@]}" | sort -u)
	plant "$d" "${fns[@]}"
	STATIC="$STATIC $d"
done
[ -n "$STATIC" ] || fail "the programs import none of hid, winscard, opengl32, bcrypt, setupapi: update this test"
[ -f "$T/plants/hid.dll" ] || plant hid.dll HidD_GetHidGuid # for the control
RUNTIME="webauthn.dll dinput8.dll xinput1_4.dll"
for d in $RUNTIME; do plant "$d"; done
cat >"$T/control.c" <<'C'
#include <windows.h>
#include <hidsdi.h>
int main(void) { GUID g; HidD_GetHidGuid(&g); LoadLibraryA("webauthn.dll"); return 0; }
C
$CC -O2 -s -o "$T/control.exe" "$T/control.c" -lhid
$CC -O2 -s -municode -o "$T/runas.exe" scripts/windows/runas.c -lshell32

# Before wine_init, which moves HOME (and Go's caches with it).
GOWORK=off go build -o "$T/peloadflags" ./internal/safedll/loadflags/peloadflags
wine_init "$T"
# app NAME PLANTS...: a fresh install folder with both programs, the
# control and the given planted DLLs; sets APP (unix) and APPW (Windows).
app() {
	APP="$WINEPREFIX/drive_c/users/Public/$1/Programs/Omamori"
	mkdir -p "$APP"
	cp "$WIN/Omamori.exe" "$WIN/omamori-cli.exe" "$T/control.exe" "$APP/"
	shift
	for d in "$@"; do cp "$T/plants/$d" "$APP/"; done
	APPW="C:\\users\\Public\\${APP#*/users/Public/}"
	APPW=${APPW//\//\\}
}
# loaded_into EXE: the planted DLLs that ran inside EXE (one per line).
loaded_into() {
	tr -d '\r' 2>/dev/null <"$APP/plant-markers.txt" | grep -i "loaded into .*\\\\$1\$" | sed 's/ loaded into.*//; s/.*\\//' | tr 'A-Z' 'a-z' | sort -u || true
}
# window: waits up to 60 s for Omamori's window, then ends every wine process.
window() {
	local wid=""
	for _ in $(seq 60); do
		wid=$(xdotool search --onlyvisible --name 'Omamori|お守り' 2>/dev/null | head -1 || true)
		[ -n "$wid" ] && break
		sleep 1
	done
	sleep 3
	wineserver -k 2>/dev/null || true
	sleep 1
	[ -n "$wid" ] || fail "no Omamori window within 60 s ($1)"
}

log "control: this wine loads a DLL planted beside a program"
app control hid.dll webauthn.dll
(cd "$APP" && timeout 60 "$WINE64" ./control.exe) || true
got=$(loaded_into control.exe | tr '\n' ' ')
[ "$got" = "hid.dll webauthn.dll " ] || fail "the control program did not load the planted hid.dll and webauthn.dll (got: $got): this test would prove nothing"
echo "control.exe loaded the planted: $got"

log "static imports: DependentLoadFlags in both programs (wine 8 ignores the field)"
bad=0
"$T/peloadflags" check "$WIN/Omamori.exe" "$WIN/omamori-cli.exe" || {
	echo "FAIL: a program lacks DependentLoadFlags = LOAD_LIBRARY_SEARCH_SYSTEM32" >&2
	bad=1
}
app static $STATIC
(cd "$APP" && timeout 60 "$WINE64" ./omamori-cli.exe version >/dev/null 2>&1) || true
echo "loaded into omamori-cli.exe from its folder (wine 8 does not read DependentLoadFlags; Windows 10 1607+ does): $(loaded_into omamori-cli.exe | tr '\n' ' ')"
wineserver -k 2>/dev/null || true

log "run-time loads: none of $RUNTIME from the program's folder"
app runtime $RUNTIME
# none_loaded EXE WHAT: fails (after the other checks) if a planted DLL ran in EXE.
none_loaded() {
	local got
	got=$(loaded_into "$1")
	rm -f "$APP/plant-markers.txt"
	if [ -n "$got" ]; then
		echo "FAIL: $2 loaded the planted $(echo $got) from its folder" >&2
		bad=1
	else
		echo "$2: nothing planted loaded"
	fi
}
(cd "$APP" && timeout 120 "$WINE64" ./omamori-cli.exe --lang en key list >"$T/keys.txt" 2>&1) || true
none_loaded omamori-cli.exe "omamori-cli.exe key list"
# The same libfido2 path in the GUI program (arguments: the command line);
# under wine the window alone may load nothing from the folder even unprotected.
(cd "$APP" && timeout 120 "$WINE64" ./Omamori.exe --lang en key list >"$T/keys-gui.txt" 2>&1) || true
wineserver -k 2>/dev/null || true
none_loaded Omamori.exe "Omamori.exe key list"
(cd "$APP" && OMAMORI_LANG=ja "$WINE64" ./Omamori.exe >"$T/gui.log" 2>&1 &)
window Omamori.exe
none_loaded Omamori.exe "Omamori.exe (the window)"
(cd "$T" && OMAMORI_LANG=ja "$WINE64" ./runas.exe "$APPW\\Omamori.exe" >"$T/runas.log" 2>&1 &)
window "Omamori.exe started with ShellExecute runas"
none_loaded Omamori.exe "Omamori.exe started as 管理者として再起動 starts it (ShellExecute runas)"
[ $bad -eq 0 ] || fail "a DLL planted in the program's folder ran inside Omamori"
log "DLL planting test passed"
