#!/usr/bin/env bash
# Screenshots for the help-desk guides (docs/helpdesk-ja.md, -en.md), taken
# from the real Linux build under Xvfb with a real Secret Service, never by
# hand: the Windows installer's last page and the uninstaller's "also delete
# my accounts" page (under wine), first run, the add-account dialog, the codes, the copy
# confirmation, settings (clock), security keys, support information, and
# moving to a new PC (backup dialog, restore from the file). Light
# theme, as most Windows desktops are. Writes docs/helpdesk/{ja,en}-*.png.
# Usage: scripts/helpdesk-screenshots.sh [OUTDIR]     About 3 min.
source "$(dirname "$0")/lib.sh"
need_packages "$ROOT/scripts/deps-debian.txt"
cd "$ROOT"
OUT=${1:-docs/helpdesk}
mkdir -p "$OUT"
make -s linux DIST=dist
BIN=$PWD/dist/linux/omamori

T=$(mktemp -d)
cleanup() {
	kill "${XVFB_PID:-}" 2>/dev/null || true
	[ -z "${WINEPREFIX:-}" ] || wineserver -k 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
D=":$((200 + RANDOM % 300))"
Xvfb "$D" -screen 0 1280x800x24 -nolisten tcp >"$T/xvfb.log" 2>&1 &
XVFB_PID=$!
export DISPLAY=$D XDG_DATA_HOME="$T/data" OMAMORI_TIME_SERVERS=off BIN T OUT
mkdir -p "$XDG_DATA_HOME/keyrings"

dbus-run-session -- bash -euo pipefail -c '
echo -n shots | gnome-keyring-daemon --unlock --components=secrets >/dev/null
export OMAMORI_KEYRING_SERVICE=omamori-shots-$$

# win LANG: start the app, wait for its window, print the window id.
start() {
	LANG=$1 LC_ALL= LANGUAGE= "$BIN" >"$T/app.log" 2>&1 &
	APP=$!
	WID=$(timeout 60 xdotool search --sync --onlyvisible --pid $APP | head -1)
	sleep 2
}
stop() { kill $APP 2>/dev/null || true; wait $APP 2>/dev/null || true; }
shot() { sleep 1.2; import -window "$WID" "$OUT/$1.png"; echo "$OUT/$1.png"; }
key() { xdotool key --window "$WID" "$@"; }
# click X Y: a button at window coordinates (the toolbar layout is fixed).
click() { xdotool mousemove --window "$WID" "$1" "$2" click 1; }

for lang in ja en; do
	export OMAMORI_CONFIG_DIR=$T/cfg-$lang
	mkdir -p "$OMAMORI_CONFIG_DIR"
	printf "{\"theme\":\"light\"}" >"$OMAMORI_CONFIG_DIR/settings.json"
	L=$([ $lang = ja ] && echo ja_JP.UTF-8 || echo en_US.UTF-8)

	start $L
	shot $lang-1-first-run
	key ctrl+n
	shot $lang-2-add-account
	stop

	name=$([ $lang = ja ] && echo "三菱 太郎" || echo "Taro Mitsubishi")
	echo JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP | "$BIN" add --name "$name" >/dev/null
	start $L
	shot $lang-3-codes
	key Tab Tab Tab ctrl+c
	shot $lang-4-copied
	stop
	# The toolbar buttons sit right-aligned at the same places in both languages.
	for b in "245 5-security-keys" "362 6-settings" "462 7-support"; do
		set -- $b
		start $L
		click $1 27
		sleep 1.5 # security keys opens its own window: take the newest one
		WID=$(xdotool search --onlyvisible --pid $APP | tail -1)
		shot $lang-$2
		if [ "$2" = 5-security-keys ]; then
			# 練習モードで試す / Try practice mode: a virtual key without a PIN.
			click 280 278
			shot $lang-5b-practice-key
		fi
		stop
	done

	# パソコンを買い替えたとき / Moving to a new PC. On the old PC: the backup
	# dialog after 作ってもらう（数字） (Tab Tab Space: the same keys in both languages).
	start $L
	click 495 67 # バックアップ / Backup, right of the search field
	sleep 1
	click 470 104 # バックアップを作成… / Create backup…
	sleep 1
	key Tab Tab space
	shot $lang-9-backup-create
	stop
	# The file it makes, in the Documents folder of the new PC (where the file
	# dialog opens), with a throw-away passphrase typed on standard input.
	home=$T/home-$lang
	mkdir -p "$home/Documents" "$home/.cache"
	printf "4831-0927-5512-0073\n4831-0927-5512-0073\n" |
		"$BIN" backup --out "$home/Documents/omamori-$(date +%F).omamori-backup.age" >/dev/null
	# The new PC: its own settings folder and keyring service, first run.
	old_service=$OMAMORI_KEYRING_SERVICE
	export OMAMORI_CONFIG_DIR=$T/new-$lang OMAMORI_KEYRING_SERVICE=$old_service-new
	mkdir -p "$OMAMORI_CONFIG_DIR"
	printf "{\"theme\":\"light\"}" >"$OMAMORI_CONFIG_DIR/settings.json"
	HOME=$home start $L
	click 264 487 # 以前のパソコンから移す / Move from my previous PC (bottom of the first-run screen)
	sleep 1.5
	shot $lang-10-restore-file
	xdotool mousemove --window "$WID" 296 190 click --repeat 2 --delay 120 1 # double-click the file
	sleep 1.5
	xdotool type --window "$WID" --delay 30 4831-0927-5512-0073
	shot $lang-11-restore-passphrase
	key Return
	sleep 8 # scrypt takes about a second; longer on a busy machine
	shot $lang-12-restore-summary
	key Tab Tab space # N件を復元する / Restore N accounts
	shot $lang-13-restored
	stop
	export OMAMORI_KEYRING_SERVICE=$old_service
done
'
kill $XVFB_PID 2>/dev/null || true # wine_init starts its own X server
log "installer pages under wine"
need_packages "$ROOT/installer/deps-debian.txt"
make -s installer DIST=dist >/dev/null
SETUP=$(ls -t dist/Omamori-Setup-*.exe | head -1)
source "$ROOT/installer/wine/wine-lib.sh"
# wait_window REGEX: the id of the visible window whose title matches.
wait_window() {
	local w
	for _ in $(seq 60); do
		w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | tail -1 || true)
		[ -n "$w" ] && { echo "$w"; return; }
		sleep 1
	done
	echo "FAIL: no window $1" >&2
	return 1
}
for lang in ja en; do
	W=$(mktemp -d)
	wine_init "$W"
	wine_japanese_fonts
	L=$([ $lang = ja ] && echo ja_JP.UTF-8 || echo en_US.UTF-8)
	LANG=$L LC_ALL=$L "$WINE64" "$SETUP" >/dev/null 2>&1 &
	WID=$(wait_window 'Omamori')
	# The progress page moves on by itself to the last page once installed.
	APPDIR=$(wine_user_dir)/AppData/Local/Programs/Omamori
	for _ in $(seq 60); do [ -f "$APPDIR/uninstall.exe" ] && break; sleep 1; done
	sleep 4
	import -window "$WID" "$OUT/$lang-0-installer-finish.png"
	wineserver -k
	LANG=$L LC_ALL=$L "$WINE64" "$APPDIR/uninstall.exe" >/dev/null 2>&1 &
	WID=$(wait_window 'Omamori')
	sleep 2
	xdotool key --window "$WID" Return # confirm page → the checkbox page
	sleep 2
	import -window "$WID" "$OUT/$lang-8-uninstall.png"
	wine_done
	rm -rf "$W"
done

# Every picture must show something: not one flat colour, not a tiny window.
n=0
for f in "$OUT"/{ja,en}-*.png; do
	sd=$(identify -format '%[fx:standard_deviation]' "$f")
	w=$(identify -format '%w' "$f")
	awk -v sd="$sd" -v w="$w" 'BEGIN { exit !(sd > 0.02 && w >= 300) }' ||
		{ echo "FAIL: $f looks blank (deviation $sd, width $w)" >&2; exit 1; }
	n=$((n + 1))
done
[ $n -eq 30 ] || { echo "FAIL: $n screenshots, want 30" >&2; exit 1; }
log "$n help-desk screenshots in $OUT"
