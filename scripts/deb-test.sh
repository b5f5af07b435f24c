#!/usr/bin/env bash
# Tests the .deb: builds it, installs it with apt, checks the desktop entry
# and icons, uses the installed CLI against a real Secret Service (enrol a
# setup code, code vs oathtool), opens the installed app under Xvfb and
# checks a screenshot is not blank, then removes the package with apt.
# Usage: scripts/deb-test.sh     Needs root (or sudo). About 1 min warm.
source "$(dirname "$0")/lib.sh"
# Never ask a public time server from a test.
export OMAMORI_TIME_SERVERS=off
need_packages "$ROOT/installer/deps-debian.txt"
need_packages "$ROOT/scripts/deps-debian.txt"
cd "$ROOT"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
fail() { echo "FAIL: $*" >&2; exit 1; }

V=0.0.9
log "make deb $V"
make -s deb VERSION=$V DIST=dist/debtest
DEB=$PWD/dist/debtest/omamori_${V}_amd64.deb

T=$(mktemp -d)
trap 'kill "${XVFB_PID:-}" 2>/dev/null || true; rm -rf "$T" dist/debtest' EXIT

log "apt install"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$DEB" >/dev/null
[ "$(dpkg-query -W -f='${Version}' omamori)" = $V ] || fail "omamori $V not installed"
desktop-file-validate /usr/share/applications/omamori.desktop || fail "desktop entry invalid"
[ -f /usr/share/icons/hicolor/256x256/apps/omamori.png ] || fail "icon missing"
/usr/bin/omamori version | grep -q "omamori $V " || fail "installed CLI is not $V"

log "installed CLI and app with a real Secret Service, under Xvfb"
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" OMAMORI_CONFIG_DIR="$T/config/Omamori"
mkdir -p "$XDG_DATA_HOME/keyrings"
D=":$((200 + RANDOM % 300))"
Xvfb "$D" -screen 0 1280x800x24 -nolisten tcp >"$T/xvfb.log" 2>&1 &
XVFB_PID=$!
export DISPLAY=$D KEY=$(head -c 20 /dev/urandom | base32 | tr -d '=') T
dbus-run-session -- bash -euc '
	echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
	printf "%s\n" "$KEY" | omamori --lang en add --name "テスト 口座"
	omamori --lang en code "テスト 口座" --json --time-server 127.0.0.1:9 >"$T/code.json"
	if grep -rqsF "$KEY" "$OMAMORI_CONFIG_DIR"; then echo "FAIL: secret in a file" >&2; exit 1; fi
	OMAMORI_LANG=ja OMAMORI_TIME_SERVERS=off omamori >"$T/gui.log" 2>&1 &
	GUI=$!
	for _ in $(seq 30); do
		W=$(xdotool search --onlyvisible --name "Omamori|お守り" 2>/dev/null | head -1 || true)
		[ -n "$W" ] && break
		kill -0 $GUI 2>/dev/null || { cat "$T/gui.log" >&2; echo "FAIL: app exited" >&2; exit 1; }
		sleep 1
	done
	[ -n "$W" ] || { cat "$T/gui.log" >&2; echo "FAIL: no window" >&2; exit 1; }
	sleep 3
	import -window "$W" "$T/deb-app.png"
	kill $GUI
'
same_code_as_oathtool "$T/code.json" "$KEY" || fail "code differs from oathtool"
sd=$(identify -format '%[fx:standard_deviation]' "$T/deb-app.png")
colours=$(identify -format '%k' "$T/deb-app.png")
echo "screenshot: standard deviation $sd, $colours colours"
awk -v sd="$sd" -v c="$colours" 'BEGIN { exit !(sd > 0.02 && c > 16) }' || fail "blank window"
mkdir -p dist && cp "$T/deb-app.png" dist/deb-app.png

log "apt remove"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq omamori >/dev/null
[ ! -e /usr/bin/omamori ] || fail "/usr/bin/omamori left after remove"
[ ! -e /usr/share/applications/omamori.desktop ] || fail "desktop entry left after remove"
log "deb test passed"
