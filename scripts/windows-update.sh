#!/usr/bin/env bash
# Omamori's own update, end to end under wine (issue 26): version N is
# installed by its Setup.exe and an account added; a loopback HTTPS feed
# (a test CA, a test minisign key) offers N+1; `omamori-cli update
# --install` downloads it, checks size+SHA-256, then the Authenticode
# signature by the publisher, and starts Setup /S /RUN, which replaces the
# program and starts the new Omamori.exe; its code = oathtool's. Before
# that, with N installed: a Setup changed by one byte (served under the
# real feed: wrong SHA-256; under a feed signed for it: bad Authenticode)
# and one signed by another certificate are refused, each with its own
# message, nothing is left in the download folder, and N keeps working.
# Last, automatic (issue 26): N again, the policy set to automatic with
# `reg add HKLM\Software\Policies\Omamori /v UpdateMode`, N started in the
# tray (Omamori.exe --tray): without a click it downloads, verifies and
# installs N+1, which starts in the tray; its code = oathtool's. Then N
# again with its window open: it waits; closed (Alt+F4, quitting) it
# installs N+1 and starts nothing. Then notify: N again, its window shows the banner, a click on 「更新する」
# (found by its colour in a screenshot) installs N+1, whose window opens.
#
# Both builds have -tags updatetest (cmd/omamori/updatefeed_updatetest.go):
# only they read the OMAMORI_TEST_UPDATE_* switches; release builds are
# made without the tag. The refusals go through the CLI (the window's
# 「更新する」 calls the same update.Service.Install). Under wine the publisher check is what refuses
# "another certificate" (wine 8 trusts a self-signed chain:
# scripts/windows-authenticode.sh).
# Usage: scripts/windows-update.sh     About 5-8 min plus two builds
# (OMAMORI_UPDATE_REUSE=1 reuses dist/utest's).
source "$(dirname "$0")/lib.sh"
export OMAMORI_TIME_SERVERS=off
need_packages "$ROOT/installer/deps-debian.txt"
source "$ROOT/installer/wine/wine-lib.sh"
cd "$ROOT"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v osslsigncode >/dev/null || fail "osslsigncode missing (Debian package osslsigncode)"
command -v minisign >/dev/null || fail "minisign missing (Debian package minisign)"

N=0.0.1 N1=0.0.2
D=dist/utest
export OMAMORI_SIGN_TEST=1 OMAMORI_SIGN_TEST_DIR=$PWD/$D/cert
if [ "${OMAMORI_UPDATE_REUSE:-}" != 1 ] || [ ! -f "$D/n1/Omamori-Setup-$N1.exe" ]; then
	log "build Setup.exe $N and $N1 (-tags updatetest, signed with a throw-away test certificate)"
	rm -rf "$D"
	make -s installer VERSION=$N DIST=$D/n GUI_TAGS="accessibility updatetest"
	make -s installer VERSION=$N1 DIST=$D/n1 GUI_TAGS="accessibility updatetest"
fi
unset OMAMORI_SIGN_TEST OMAMORI_SIGN_TEST_DIR
PUBLISHER="Omamori TEST signing - not trusted" # installer/sign.sh's test certificate

T=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wine_done; rm -rf "$T"' EXIT
umask 077
mkdir -p "$T/www" "$T/bad"

log "the bad installers: one byte changed; signed by another certificate"
cp "$D/n1/Omamori-Setup-$N1.exe" "$T/bad/tampered.exe"
python3 - "$T/bad/tampered.exe" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 3] ^= 1  # one byte inside the signed part
open(p, "wb").write(bytes(b))
PY
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -sha256 -subj "/CN=Someone Else/O=Test" \
	-addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=codeSigning" \
	-keyout "$T/other.key" -out "$T/other.pem" 2>/dev/null
osslsigncode remove-signature -in "$D/n1/Omamori-Setup-$N1.exe" -out "$T/bad/unsigned.exe" >/dev/null
osslsigncode sign -certs "$T/other.pem" -key "$T/other.key" -h sha256 -n "Omamori" \
	-in "$T/bad/unsigned.exe" -out "$T/bad/other.exe" >/dev/null || fail "osslsigncode (other certificate)"

log "the feed server: loopback HTTPS with a test CA, a test minisign key"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Omamori update test CA" \
	-keyout "$T/ca.key" -out "$T/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$T/srv.key" -out "$T/srv.csr" 2>/dev/null
openssl x509 -req -in "$T/srv.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial -days 2 \
	-extfile <(printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n') -out "$T/srv.pem" 2>/dev/null
minisign -G -W -p "$T/feed.pub" -s "$T/feed.key" >/dev/null
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$T/www" "$T/srv.pem" "$T/srv.key" "$PORT" >"$T/server.log" 2>&1 <<'PY' &
import functools, http.server, ssl, sys
d, cert, key, port = sys.argv[1:]
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=d)
s = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), h)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
s.socket = ctx.wrap_socket(s.socket, server_side=True)
s.serve_forever()
PY
SERVER=$!
URL=https://127.0.0.1:$PORT
echo "テスト用の更新です。" >"$T/notes.ja"
echo "A test update." >"$T/notes.en"

# offer FILE [SERVED]: a feed for N+1 made (size, SHA-256) from FILE and
# signed with the test key; SERVED (default FILE) is what is downloaded.
offer() {
	rm -f "$T/www"/*
	bash scripts/release-feed.sh --key "$T/feed.key" --keys "$T/feed.pub" --out "$T/www" --version $N1 \
		--minimum 0.0.1 --days 2 --notes-ja "$T/notes.ja" --notes-en "$T/notes.en" --file "windows-amd64=$1=$URL/Omamori-Setup-$N1.exe" >"$T/feed.log" 2>&1 ||
		{ cat "$T/feed.log" >&2; fail "release-feed.sh"; }
	cp "${2:-$1}" "$T/www/Omamori-Setup-$N1.exe"
}

wine_init "$T"
U=$(wine_user_dir)
APPDIR="$U/AppData/Local/Programs/Omamori"
UPDATES="$U/AppData/Local/Omamori/updates"
export OMAMORI_TEST_UPDATE_FEED=$URL/feed.json
export OMAMORI_TEST_UPDATE_KEY=$(grep -v '^untrusted comment:' "$T/feed.pub")
export OMAMORI_TEST_UPDATE_CA="Z:${T//\//\\}\\ca.pem"
export OMAMORI_TEST_UPDATE_PUBLISHER=$PUBLISHER
# wine_pgrep PATTERN: processes of this test's wine prefix whose command
# line matches (other people's wine tests may run Omamori.exe meanwhile).
wine_pgrep() {
	local p
	for p in $(pgrep -f "$1" || true); do
		tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qxF "WINEPREFIX=$WINEPREFIX" && echo "$p"
	done
	return 0
}
CLI() { timeout 120 "$WINE64" "$APPDIR/omamori-cli.exe" --lang en "$@"; }
code_is_oathtools() {
	CLI code "証券 口座" --json --time-server 127.0.0.1:9 >"$T/code.json" || fail "code ($1)"
	same_code_as_oathtool "$T/code.json" "$KEY" || fail "code differs from oathtool ($1)"
}

log "install $N, add an account"
"$WINE64" "$D/n/Omamori-Setup-$N.exe" /S
wineserver -w
CLI version | grep -q "omamori $N " || fail "installed version is not $N"
KEY=$(head -c 20 /dev/urandom | base32 | tr -d '=')
printf '%s\n' "$KEY" | CLI add --name "証券 口座" >/dev/null || fail "add"
code_is_oathtools "$N"

# refused WHAT MESSAGE: update --install exits 1 saying MESSAGE; nothing
# ran, nothing is left in the download folder, N still works.
refused() {
	local out rc=0
	out=$(CLI update --install 2>&1) || rc=$?
	[ $rc = 1 ] || { echo "$out" >&2; fail "$1: update --install exited $rc, want 1"; }
	grep -q -- "$2" <<<"$out" || {
		echo "$out" >&2; CLI update --check >&2 || true; cat "$T/server.log" >&2
		fail "$1: no message '$2'"
	}
	wineserver -w
	# The refused file must be gone. Go's RemoveAll fails under wine 8
	# ("Invalid function" from its Windows unlinkat); Download.Remove falls
	# back to DeleteFile/RemoveDirectory (TestDownloadRemovedWhereRemoveAllFails).
	[ -z "$(ls -A "$UPDATES" 2>/dev/null)" ] ||
		fail "$1: the refused download was not deleted: $(ls -R "$UPDATES")"
	CLI version | grep -q "omamori $N " || fail "$1: $N no longer installed"
	code_is_oathtools "$N after $1"
	echo "$1: refused ($(grep -o -- "$2[^.]*" <<<"$out" | head -1)); $N keeps working"
}

log "refusals, with $N installed"
offer "$D/n1/Omamori-Setup-$N1.exe" "$T/bad/tampered.exe"
refused "one byte changed (the real feed)" "not the one that was released"
offer "$T/bad/tampered.exe"
refused "one byte changed (a feed signed for it)" "not validly signed"
offer "$T/bad/other.exe"
refused "another certificate" "signed by .Someone Else."

log "update $N -> $N1 with omamori-cli update --install"
offer "$D/n1/Omamori-Setup-$N1.exe"
# To a file, not a pipe: the installer and the new Omamori.exe it starts
# inherit wine's output and would hold a pipe open.
CLI update --install >"$T/install.log" 2>&1 || { cat "$T/install.log" >&2; fail "update --install"; }
grep -q "Installing version $N1" "$T/install.log" || { cat "$T/install.log" >&2; fail "update --install did not start the installer"; }
# The installer waits for us, replaces the program and starts the new Omamori.exe.
W=""
for _ in $(seq 120); do
	W=$(xdotool search --onlyvisible --name '^Omamori$' 2>/dev/null | head -1 || true)
	[ -n "$W" ] && break
	sleep 1
done
[ -n "$W" ] || fail "the installer did not start the new Omamori.exe"
CLI version | grep -q "omamori $N1 " || fail "the running program is not $N1: $(CLI version)"
code_is_oathtools "$N1"
echo "$N1 installed by update --install, started, same account and code"

log "automatic: policy UpdateMode=automatic, $N in the tray updates itself to $N1 without a click"
"$WINE64" "$D/n/Omamori-Setup-$N.exe" /S # back to N (closes the running $N1)
wineserver -w
CLI version | grep -q "omamori $N " || fail "reinstalling $N did not give $N"
"$WINE64" reg add 'HKLM\Software\Policies\Omamori' /v UpdateMode /t REG_SZ /d automatic /f >/dev/null || fail "reg add UpdateMode"
wineserver -w
CLI doctor --time-server 127.0.0.1:9 >"$T/doctor.txt" 2>&1 || true
grep -q "installed when Omamori is only in the tray" "$T/doctor.txt" || { cat "$T/doctor.txt" >&2; fail "doctor does not say automatic installs in the tray"; }
# The CLI runs above recorded a check today: the window's daily check is due again only without it.
rm -f "$U/AppData/Roaming/Omamori/update-state.json"
"$WINE64" "$APPDIR/Omamori.exe" --tray >"$T/window-n.log" 2>&1 &
WPID=$!
# It checks behind the hidden window, downloads and verifies N+1, and, nobody
# using it (in the tray, nothing copied, no dialog), starts Setup /S /RUN /TRAY
# and quits; the installer replaces the program and starts N+1 in the tray.
for _ in $(seq 180); do
	cmp -s "$APPDIR/Omamori.exe" "$D/n1/windows/Omamori.exe" && cmp -s "$APPDIR/omamori-cli.exe" "$D/n1/windows/omamori-cli.exe" && break
	sleep 1
done
cmp -s "$APPDIR/Omamori.exe" "$D/n1/windows/Omamori.exe" || { cat "$T/window-n.log" >&2; fail "$N in the tray did not install $N1 by itself"; }
for _ in $(seq 60); do kill -0 "$WPID" 2>/dev/null || break; sleep 1; done
kill -0 "$WPID" 2>/dev/null && fail "$N did not quit for the update"
NEW=""
for _ in $(seq 60); do
	NEW=$(wine_pgrep 'Omamori\.exe --tray')
	[ -n "$NEW" ] && break
	sleep 1
done
[ -n "$NEW" ] || fail "the installer did not start $N1 in the tray"
[ -z "$(xdotool search --onlyvisible --name '^Omamori$' 2>/dev/null || true)" ] || fail "$N1 started with its window shown, not in the tray"
CLI version | grep -q "omamori $N1 " || fail "after the automatic update: $(CLI version)"
code_is_oathtools "$N1 after the automatic update"
# The new Omamori removes the installer it was updated by (CleanDownloads).
for _ in $(seq 20); do [ -z "$(ls -A "$UPDATES" 2>/dev/null)" ] && break; sleep 1; done
[ -z "$(ls -A "$UPDATES" 2>/dev/null)" ] || fail "the used download is still there: $(ls -R "$UPDATES")"
echo "automatic: $N in the tray installed $N1 by itself, $N1 runs in the tray, same account and code, download removed"

log "automatic at quit: $N's window open while it downloads, then closed (quit): $N1 installed, nothing restarted"
"$WINE64" "$D/n/Omamori-Setup-$N.exe" /S # back to N (closes the running $N1); the policy stays automatic
wineserver -w
CLI version | grep -q "omamori $N " || fail "reinstalling $N did not give $N"
rm -f "$U/AppData/Roaming/Omamori/update-state.json"
echo '{"close_to_tray": false}' >"$U/AppData/Roaming/Omamori/settings.json" # closing the window quits
"$WINE64" "$APPDIR/Omamori.exe" >"$T/window-q.log" 2>&1 &
WPID=$!
W=""
for _ in $(seq 120); do
	W=$(xdotool search --onlyvisible --name '^Omamori$' 2>/dev/null | head -1 || true)
	[ -n "$W" ] && break
	sleep 1
done
[ -n "$W" ] || fail "$N's window did not open"
# The window is on screen: it downloads and verifies, and waits. The whole
# installer in the download folder means Prepare is done (a few seconds more
# for its result to reach the window).
SIZE=$(stat -c %s "$D/n1/Omamori-Setup-$N1.exe")
for _ in $(seq 120); do
	[ "$(stat -c %s "$UPDATES"/download-*/Omamori-Setup-$N1.exe 2>/dev/null | head -1)" = "$SIZE" ] && break
	sleep 1
done
sleep 5
cmp -s "$APPDIR/Omamori.exe" "$D/n/windows/Omamori.exe" || fail "$N installed $N1 with its window on screen"
kill -0 "$WPID" 2>/dev/null || fail "$N quit with its window on screen"
for try in 1 2 3; do # Alt+F4: close the window, which quits; again if wine drops the key
	xdotool windowfocus --sync "$W" 2>/dev/null || true
	xdotool key --window "$W" alt+F4
	for _ in $(seq 10); do kill -0 "$WPID" 2>/dev/null || break; sleep 1; done
	kill -0 "$WPID" 2>/dev/null || break
done
kill -0 "$WPID" 2>/dev/null && fail "$N's window did not close (Alt+F4)"
for _ in $(seq 180); do
	cmp -s "$APPDIR/Omamori.exe" "$D/n1/windows/Omamori.exe" && cmp -s "$APPDIR/omamori-cli.exe" "$D/n1/windows/omamori-cli.exe" && break
	sleep 1
done
cmp -s "$APPDIR/Omamori.exe" "$D/n1/windows/Omamori.exe" || { cat "$T/window-q.log" >&2; fail "quitting $N did not install $N1"; }
for _ in $(seq 30); do [ -n "$(wine_pgrep 'Setup-')" ] || break; sleep 1; done
sleep 3
[ -z "$(wine_pgrep 'Omamori\.exe')" ] || fail "an update at quit started Omamori again: $(wine_pgrep 'Omamori\.exe')"
CLI version | grep -q "omamori $N1 " || fail "after the update at quit: $(CLI version)"
code_is_oathtools "$N1 after the update at quit"
rm -f "$U/AppData/Roaming/Omamori/settings.json"
echo "automatic at quit: $N waited while its window was open, quitting installed $N1 (/S /WAIT), nothing restarted; same account and code"

log "notify: $N's window shows the banner; a click on 「更新する」 installs $N1"
"$WINE64" "$D/n/Omamori-Setup-$N.exe" /S # back to N (closes the running $N1)
wineserver -w
"$WINE64" reg delete 'HKLM\Software\Policies\Omamori' /v UpdateMode /f >/dev/null || fail "reg delete UpdateMode"
wineserver -w
CLI version | grep -q "omamori $N " || fail "reinstalling $N did not give $N"
rm -f "$U/AppData/Roaming/Omamori/update-state.json"
# No backup reminder: its 「バックアップを作成」 is a button of the same colour above the banner.
printf '{"reminder_dismissed": "%s"}\n' "$(date +%F)" >"$U/AppData/Roaming/Omamori/backup-settings.json"
"$WINE64" "$APPDIR/Omamori.exe" >"$T/window-n2.log" 2>&1 &
WPID=$!
W=""
for _ in $(seq 120); do
	W=$(xdotool search --onlyvisible --name '^Omamori$' 2>/dev/null | head -1 || true)
	[ -n "$W" ] && break
	sleep 1
done
[ -n "$W" ] || fail "$N's window did not open"
# update_button_y: the middle of 「更新する」 in a shot of the window: the
# first run, at least 20 px tall, of the primary colour (「アカウントを追加」's
# at (14,14)) in column 8 below the toolbar: the button's left margin, left
# of its icon and text; nothing else there has that colour (the backup
# reminder's button would, one pixel further right; Fyne draws its own
# widgets: no accessibility tree to ask under wine).
update_button_y() {
	xdotool windowraise "$W" 2>/dev/null || true
	sleep 0.3
	import -window "$W" "$T/banner.png" 2>/dev/null || return 1
	local primary
	primary=$(convert "$T/banner.png" -format '%[pixel:p{14,14}]' info:)
	convert "$T/banner.png" -crop "1x480+8+50" +repage txt:- |
		awk -v p="$primary" 'NR > 1 { split($1, a, "[,:]"); y = a[2] + 50
			if ($NF == p) { if (!n++) top = y } else { if (n >= 20) { print int((top + y) / 2); found = 1; exit } n = 0 } }
			END { if (!found) exit 1 }'
}
Y=""
for _ in $(seq 60); do
	Y=$(update_button_y) && break
	sleep 2
done
[ -n "$Y" ] || { cp "$T/banner.png" /tmp/omamori-update-banner.png 2>/dev/null; fail "no 「更新する」 in $N's window (shot: /tmp/omamori-update-banner.png)"; }
# Click; while it downloads the banner has no buttons. A click wine drops
# is made again (at most 3).
for try in 1 2 3; do
	xdotool mousemove --window "$W" 40 "$Y" click 1
	gone=""
	for _ in $(seq 5); do
		sleep 2
		kill -0 "$WPID" 2>/dev/null || { gone=1; break; }
		update_button_y >/dev/null || { gone=1; break; }
	done
	[ -n "$gone" ] && break
	echo "the click on 「更新する」 ($try) was not taken; again"
done
[ -n "$gone" ] || fail "「更新する」 did not react to 3 clicks"
for _ in $(seq 180); do
	cmp -s "$APPDIR/Omamori.exe" "$D/n1/windows/Omamori.exe" && cmp -s "$APPDIR/omamori-cli.exe" "$D/n1/windows/omamori-cli.exe" && break
	sleep 1
done
cmp -s "$APPDIR/Omamori.exe" "$D/n1/windows/Omamori.exe" || { cat "$T/window-n2.log" >&2; fail "「更新する」 did not install $N1"; }
for _ in $(seq 60); do kill -0 "$WPID" 2>/dev/null || break; sleep 1; done
kill -0 "$WPID" 2>/dev/null && fail "$N did not quit for the update"
W=""
for _ in $(seq 120); do
	W=$(xdotool search --onlyvisible --name '^Omamori$' 2>/dev/null | head -1 || true)
	[ -n "$W" ] && break
	sleep 1
done
[ -n "$W" ] || fail "the installer did not start $N1 with its window"
CLI version | grep -q "omamori $N1 " || fail "after 「更新する」: $(CLI version)"
code_is_oathtools "$N1 after 「更新する」"
echo "notify: 「更新する」 clicked in $N's window installed $N1, which opened its window; same account and code"
log "windows update test passed"
