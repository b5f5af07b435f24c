# Wine helpers for the Windows tests (sourced by scripts/windows-smoke.sh and
# scripts/installer-test.sh). Each test gets its own throw-away 64-bit prefix
# and its own virtual X server, so nothing touches the user's ~/.wine.
#
#   wine_init DIR      make a prefix in DIR/prefix, start Xvfb, add the ProcessPrng shim
#   wine_run ARGS...   run a Windows program in that prefix
#   wine_done          stop wineserver and Xvfb (call from the test's EXIT trap)
#   win_path UNIXPATH  the C:\... path of a file inside the prefix

# Debian's wine64 package keeps its loader in wine's lib folder, off PATH.
WINE64=${WINE64:-/usr/lib/wine/wine64}
[ -x "$WINE64" ] || WINE64=$(command -v wine64 || true)

wine_init() {
	local dir=$1 root
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	[ -x "$WINE64" ] || { echo "wine64 not found (Debian packages wine wine64)" >&2; return 1; }
	export WINEPREFIX="$dir/prefix" WINEARCH=win64 WINEDEBUG=-all WINELOADER="$WINE64"
	# No Mono/Gecko download prompts; our bcryptprimitives.dll, not a built-in.
	# vcruntime140=d: no Visual C++ runtime, as on a fresh Windows PC (wine has a
	# built-in one that would hide a dependency on it).
	export WINEDLLOVERRIDES="mscoree=;mshtml=;bcryptprimitives=n;vcruntime140=d;msvcp140=d"
	export LANG=${WINE_LANG:-C.UTF-8} LC_ALL=${WINE_LANG:-C.UTF-8}
	# wine links Desktop, Documents... to folders under HOME: keep them here.
	export HOME="$dir/home"
	mkdir -p "$HOME"
	# WINE_DISPLAY=:N picks the display (parallel runs on one machine).
	XVFB_DISPLAY=${WINE_DISPLAY:-":$((200 + RANDOM % 300))"}
	Xvfb "$XVFB_DISPLAY" -screen 0 1280x800x24 -nolisten tcp >"$dir/xvfb.log" 2>&1 &
	XVFB_PID=$!
	export DISPLAY=$XVFB_DISPLAY
	sleep 1
	"$WINE64" wineboot --init >"$dir/wineboot.log" 2>&1
	wineserver -w
	# Go 1.24+ needs ProcessPrng, which wine 8 lacks: a test-only shim.
	x86_64-w64-mingw32-gcc -shared -O2 -s -o "$dir/bcryptprimitives.dll" \
		"$root/installer/wine/processprng.c" -ladvapi32
	cp "$dir/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
}

# wine_japanese_fonts: wine has no Japanese font for native dialogs (the
# installer's pages): link Debian's Noto Sans CJK behind the UI fonts.
wine_japanese_fonts() {
	cp /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc "$WINEPREFIX/drive_c/windows/Fonts/"
	local k='HKLM\Software\Microsoft\Windows NT\CurrentVersion\FontLink\SystemLink' f
	for f in Tahoma "MS Shell Dlg" "MS Shell Dlg 2" "Segoe UI"; do
		"$WINE64" reg add "$k" /v "$f" /t REG_MULTI_SZ /d "NotoSansCJK-Regular.ttc,Noto Sans CJK JP" /f >/dev/null
	done
	wineserver -w
}

wine_run() { "$WINE64" "$@"; }

wine_done() {
	[ -n "${WINEPREFIX:-}" ] && wineserver -k 2>/dev/null || true
	[ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
}

# wine_user_dir: the prefix's C:\users\<name> folder.
wine_user_dir() {
	local d
	for d in "$WINEPREFIX"/drive_c/users/*; do
		[ "$(basename "$d")" = Public ] || { echo "$d"; return; }
	done
}

win_path() {
	local rel=${1#"$WINEPREFIX/drive_c/"}
	printf 'C:\\%s' "${rel//\//\\}"
}

# screenshot_check PNG: fail unless the picture has real content (not one
# flat colour): standard deviation above 0.02 and more than 16 colours.
screenshot_check() {
	local sd colours
	sd=$(identify -format '%[fx:standard_deviation]' "$1")
	colours=$(identify -format '%k' "$1")
	echo "screenshot $1: standard deviation $sd, $colours colours"
	awk -v sd="$sd" -v c="$colours" 'BEGIN { exit !(sd > 0.02 && c > 16) }'
}
