#!/usr/bin/env bash
# Screenshots for the help-desk guides (docs/helpdesk-ja.md, -en.md), never
# taken by hand. The customers the guides are for are on Windows, so every
# picture is the Windows build under wine in a virtual X server, with wine's
# Credential Manager holding the secrets: the installer's last page, first
# run, the add-account dialog, the codes, the copy confirmation, security
# keys (and practice mode), settings, support information, an account's menu
# and the passkey-readiness window it opens, moving to a new
# PC (the backup dialog, restoring from the file on a "new PC": its own
# settings folder and Credential Manager entries), and the uninstaller's
# "also delete my accounts" page. Light theme, as most Windows
# desktops are. Writes docs/helpdesk/{ja,en}-*.png. Fails when a step did not
# happen (no window, the restored account not in the new PC's list), not
# only when a picture is blank.
# Usage: scripts/helpdesk-screenshots.sh [OUTDIR]     About 5 min (cold
# Windows cross-build: 5 more). WINE_DISPLAY=:N picks the X display.
source "$(dirname "$0")/lib.sh"
need_packages "$ROOT/scripts/deps-debian.txt"
need_packages "$ROOT/installer/deps-debian.txt"
cd "$ROOT"
OUT=${1:-docs/helpdesk}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
make -s windows installer DIST=dist >/dev/null
WIN=$PWD/dist/windows
SETUP=$(ls -t dist/Omamori-Setup-*.exe | head -1)
source "$ROOT/installer/wine/wine-lib.sh"

T=$(mktemp -d)
APP=""
cleanup() {
	[ -z "$APP" ] || kill "$APP" 2>/dev/null || true
	wine_done
	rm -rf "$T"
}
trap cleanup EXIT

# wait_window REGEX [SECONDS]: the id of the newest visible window whose title matches.
wait_window() {
	local w
	for _ in $(seq "${2:-60}"); do
		w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | tail -1 || true)
		[ -n "$w" ] && { echo "$w"; return; }
		sleep 1
	done
	echo "FAIL: no window $1" >&2
	return 1
}
# titled TITLE [SECONDS]: the visible window whose _NET_WM_NAME is TITLE.
# wine writes WM_NAME (what xdotool --name matches) in the locale's
# charset, and without ja_JP.UTF-8 on the machine a Japanese title there is
# "???"; _NET_WM_NAME is always UTF-8.
titled() {
	local w
	for _ in $(seq "${2:-60}"); do
		for w in $(xdotool search --onlyvisible --name '' 2>/dev/null); do
			LC_ALL=C.UTF-8 xprop -id "$w" _NET_WM_NAME 2>/dev/null | grep -qF "= \"$1\"" && { echo "$w"; return; }
		done
		sleep 1
	done
	return 1
}
# new_window OLD: a visible window of at least 300 px wide other than OLD
# (wine's X windows carry no name xdotool can match in every language).
new_window() {
	local w
	for _ in $(seq 30); do
		for w in $(xdotool search --onlyvisible --name '' 2>/dev/null | tac); do
			[ "$w" = "$1" ] && continue
			[ "$(xdotool getwindowgeometry "$w" | awk '/Geometry/ { split($2, a, "x"); print a[1] }')" -ge 300 ] && { echo "$w"; return; }
		done
		sleep 1
	done
	echo "FAIL: no new window" >&2
	return 1
}
# shot NAME: our window, raised first (wine shows the tray icon, set up after
# the window, in a small window of its own over ours: no tray on Xvfb).
shot() { sleep 1.5; xdotool windowraise "$WID"; sleep 0.3; import -window "$WID" "$OUT/$1.png"; echo "$OUT/$1.png"; }
key() { xdotool key --window "$WID" "$@"; }
# click X Y: a button at window coordinates (the toolbar layout is fixed).
click() { xdotool mousemove --window "$WID" "$1" "$2" click 1; }
# start: Omamori.exe in the current language; WID its main window.
start() {
	"$WINE64" "$WIN/Omamori.exe" >"$T/app.log" 2>&1 &
	APP=$!
	WID=$(wait_window 'Omamori')
	sleep 3
}
stop() {
	kill "$APP" 2>/dev/null || true
	wait "$APP" 2>/dev/null || true
	APP=""
	timeout 30 wineserver -w 2>/dev/null || true
}

# The new PC's first run: restore the backup from Documents through the
# window (file dialog, pasted passphrase, summary, restore).
restore_attempt() {
	local try
	start
	# 以前のパソコンから移す / Move from my previous PC (bottom of the
	# first-run screen) opens Windows' own file dialog (internal/filepicker),
	# titled in the window's language, in Documents, where the backup is.
	# Under wine a click now and then opens nothing (scripts/windows-smoke.sh
	# says more): click again, up to 3 times.
	title=$([ $lang = ja ] && echo 復元するバックアップファイルを選ぶ || echo "Choose the backup file to restore")
	DLG=""
	for try in 1 2 3; do
		xdotool windowfocus --sync "$WID" 2>/dev/null || true
		click 264 487
		DLG=$(titled "$title" 15) && break
		echo "file dialog: click $try opened nothing"
	done
	[ -n "$DLG" ] || {
		import -window root "$OUT/$lang-no-file-dialog.png"
		echo "FAIL: no file dialog $title after 3 clicks (screen: $OUT/$lang-no-file-dialog.png); Omamori.exe said:" >&2
		cat "$T/app.log" >&2
		exit 1
	}
	sleep 1.5
	import -window "$DLG" "$OUT/$lang-10-restore-file.png"
	xdotool windowfocus --sync "$DLG" # XTEST keys: wine may drop synthetic ones here
	xdotool type --delay 20 "omamori-$(date +%F).omamori-backup.age"
	xdotool key Return
	sleep 2
	# Back to Omamori's window; the passphrase pasted from the X clipboard
	# (wine hands it to the Windows clipboard) with an XTEST Ctrl+V. Typed as
	# synthetic events after the native dialog it arrived wrong, and typed
	# through XTEST on a busy machine wine dropped characters (11 of 19): the
	# restored picture showed "not this backup's passphrase" either way.
	# Wine reads the X clipboard when it sees a new owner: a Ctrl+V sent at
	# once pasted nothing (seen here twice in a row: the picture shows the
	# empty-passphrase message). Wait until the X clipboard has it, and a moment more.
	printf %s 4831-0927-5512-0073 | xclip -selection clipboard
	for _ in $(seq 30); do
		[ "$(xclip -o -selection clipboard 2>/dev/null)" = 4831-0927-5512-0073 ] && break
		sleep 0.1
	done
	sleep 1
	xdotool windowfocus --sync "$WID"
	xdotool key ctrl+v
	shot $lang-11-restore-passphrase
	key Return
	sleep 10 # scrypt takes about a second; longer under wine on a busy machine
	shot $lang-12-restore-summary
	key Tab Tab space # N件を復元する / Restore N accounts
	shot $lang-13-restored
	# The restore writes to Credential Manager and the account list after the
	# click; on a busy machine under wine that outlasted the picture, and
	# stop's kill then undid it (all or nothing). Wait for it (up to 60 s).
	for _ in $(seq 60); do
		restored_now && break
		sleep 1
	done
	stop
}

# restored_now: the new PC's account list holds the account (asked through
# the command line, as a help desk would).
restored_now() {
	LANG=C.UTF-8 LC_ALL=C.UTF-8 "$WINE64" "$WIN/omamori-cli.exe" --lang en list --json >"$T/restored.json" 2>"$T/restored.err" || true
	grep -qF "\"name\": \"$name\"" "$T/restored.json"
}

for lang in ja en; do
	W=$T/$lang
	mkdir -p "$W"
	wine_init "$W"
	wine_japanese_fonts # window titles and the installer's pages
	L=$([ $lang = ja ] && echo ja_JP.UTF-8 || echo en_US.UTF-8)
	export LANG=$L LC_ALL=$L OMAMORI_LANG=$lang OMAMORI_TIME_SERVERS=off

	log "$lang: installer"
	"$WINE64" "$SETUP" >/dev/null 2>&1 &
	WID=$(wait_window 'Omamori')
	APPDIR=$(wine_user_dir)/AppData/Local/Programs/Omamori
	# The progress page moves on by itself to the last page once installed.
	for _ in $(seq 60); do [ -f "$APPDIR/uninstall.exe" ] && break; sleep 1; done
	sleep 4
	import -window "$WID" "$OUT/$lang-0-installer-finish.png"
	wineserver -k
	printf '{"theme":"light"}' >"$W/settings.json"
	mkdir -p "$(wine_user_dir)/AppData/Roaming/Omamori"
	cp "$W/settings.json" "$(wine_user_dir)/AppData/Roaming/Omamori/"

	log "$lang: the app"
	start
	shot $lang-1-first-run
	key ctrl+n
	shot $lang-2-add-account
	stop

	name=$([ $lang = ja ] && echo "三菱 太郎" || echo "Taro Mitsubishi")
	# C.UTF-8: wine turns the argument into UTF-16 with the C library's
	# locale, and ja_JP.UTF-8 may not be generated on this machine.
	echo JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP | LANG=C.UTF-8 LC_ALL=C.UTF-8 "$WINE64" "$WIN/omamori-cli.exe" add --name "$name" >/dev/null
	start
	shot $lang-3-codes
	key Tab Tab Tab ctrl+c
	shot $lang-4-copied
	stop
	# The toolbar buttons sit right-aligned at the same places in both languages.
	for b in "245 5-security-keys" "362 6-settings" "462 7-support"; do
		set -- $b
		start
		main=$WID
		click $1 27
		sleep 2
		if [ "$2" = 5-security-keys ]; then
			# Its own window (セキュリティキー — お守り): the new visible one.
			WID=$(new_window "$main")
			shot $lang-$2
			# 練習モードで試す / Try practice mode: a virtual key without a PIN
			# (under 証券会社のパスキーを登録する…). A missed click leaves the
			# same screen: refuse a practice picture equal to the one before.
			click 280 360
			shot $lang-5b-practice-key
			compare -metric AE "$OUT/$lang-5-security-keys.png" "$OUT/$lang-5b-practice-key.png" null: 2>"$T/ae" || true
			[ "$(cat "$T/ae")" != 0 ] || { echo "FAIL: $lang: practice mode did not open (the picture did not change)" >&2; exit 1; }
		else
			WID=$main
			shot $lang-$2
		fi
		stop
	done

	# パスキーの準備 / Passkey readiness from the account: its row's 「…」 (right
	# edge of the row, under the backup reminder), then Down (名前の変更 is
	# focused, 上へ/下へ are disabled with one account) and Space. The window
	# opens on the account's broker (Smart OTP's); under wine there is no
	# webauthn.dll and no key: both lines say so, with the next step.
	log "$lang: passkey readiness"
	start
	main=$WID
	w=$(xdotool getwindowgeometry "$WID" | awk '/Geometry/ { split($2, a, "x"); print a[1] }')
	click $((w - 31)) 240
	sleep 1
	shot $lang-14-account-menu
	key Down space
	sleep 2
	WID=$(new_window "$main")
	shot $lang-15-passkey-ready
	stop

	# パソコンを買い替えたとき / Moving to a new PC. On the old PC: the backup
	# dialog after 作ってもらう（数字） (Tab Tab Space: the same keys in both languages).
	log "$lang: backup and restore"
	start
	click 495 67 # バックアップ / Backup, right of the search field
	sleep 1
	click 470 104 # バックアップを作成… / Create backup…
	sleep 1
	key Tab Tab space
	shot $lang-9-backup-create
	stop
	# The file it makes, in the Documents folder (where the file dialog
	# opens), with a throw-away passphrase on standard input.
	docs=$(wine_user_dir)/Documents
	mkdir -p "$docs"
	printf '4831-0927-5512-0073\n4831-0927-5512-0073\n' |
		LANG=C.UTF-8 LC_ALL=C.UTF-8 "$WINE64" "$WIN/omamori-cli.exe" backup --out "Z:$docs/omamori-$(date +%F).omamori-backup.age" >/dev/null
	# The new PC: its own settings folder and Credential Manager entries, first run.
	export OMAMORI_CONFIG_DIR=Z:$W/new OMAMORI_KEYRING_SERVICE=omamori-new-pc
	mkdir -p "$W/new"
	cp "$W/settings.json" "$W/new/"
	# The pictures alone cannot tell a restore from a failed one (a passphrase
	# typed wrong under wine still gives four non-blank pictures): the new
	# PC's Credential Manager and account list must hold the account now.
	# Wine now and then drops or mangles the pasted passphrase (an empty
	# field once, 8 of 19 characters once): a failed restore changes
	# nothing, so the whole new-PC step is tried again, up to 3 times, and
	# the script fails only if none restored.
	restored=""
	for attempt in 1 2 3; do
		restore_attempt
		if restored_now; then
			restored=yes
			break
		fi
		echo "$lang: restore attempt $attempt did not restore $name (its pictures: $OUT/fail$attempt-$lang-1[123]-*.png)"
		for f in "$OUT/$lang"-1[123]-restore*.png; do cp "$f" "$OUT/fail$attempt-$(basename "$f")"; done
	done
	[ -n "$restored" ] || {
		echo "FAIL: $lang: the restore did not restore $name after 3 attempts (see $OUT/$lang-13-restored.png); list --json said:" >&2
		cat "$T/restored.json" "$T/restored.err" >&2
		exit 1
	}
	unset OMAMORI_CONFIG_DIR OMAMORI_KEYRING_SERVICE

	log "$lang: uninstaller"
	"$WINE64" "$APPDIR/uninstall.exe" >/dev/null 2>&1 &
	WID=$(wait_window 'Omamori')
	sleep 2
	xdotool key --window "$WID" Return # confirm page → the checkbox page
	sleep 2
	import -window "$WID" "$OUT/$lang-8-uninstall.png"
	wine_done
	unset WINEPREFIX
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
[ $n -eq 34 ] || { echo "FAIL: $n screenshots, want 34" >&2; exit 1; }
log "$n help-desk screenshots in $OUT"
