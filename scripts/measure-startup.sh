#!/bin/sh
# measure-startup.sh: time from launch to a visible window, for Omamori (this
# checkout, Fyne patched as every build is), optionally another checkout of
# Omamori (BASE_SRC=dir, e.g. main, for before and after in one run),
# OTPClient, KeePassXC and a bare Fyne window, under Xvfb. The programs are
# launched in turn, RUNS rounds (round robin: a busy moment on a shared
# machine then touches every program alike), and the median, lowest and
# highest are printed as a Markdown table.
#
# The method is measure-gui.sh's: from fork to the first visible window of
# that process, polled with xdotool every 20 ms. Omamori starts with ACCOUNTS
# accounts (default 2, enrolled through the CLI into a throw-away keyring
# service); its first frame shows their codes.
#
# Run from the repository root:
#   dbus-run-session -- scripts/measure-startup.sh
#   BASE_SRC=/work/main RUNS=15 ACCOUNTS=10 dbus-run-session -- scripts/measure-startup.sh
# Needs: xvfb xdotool gnome-keyring (otpclient keepassxc unless PEERS=0), Go.
# docs/performance.md ("Time to window (start-up profile)") has the figures.
set -eu
RUNS=${RUNS:-11}
ACCOUNTS=${ACCOUNTS:-2}
DISP=${DISP:-:74}
PEERS=${PEERS:-1}
work=$(mktemp -d)
cleanup() {
	[ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
	rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

tools="Xvfb xdotool gnome-keyring-daemon"
[ "$PEERS" = 0 ] || tools="$tools otpclient keepassxc"
for t in $tools; do
	command -v "$t" >/dev/null || { echo "measure-startup: $t is missing" >&2; exit 1; }
done
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "measure-startup: run under dbus-run-session" >&2; exit 1; }

root=$(pwd)
eval "$(bash scripts/fyne-patched.sh)"
go build -o "$work/omamori" ./cmd/omamori
go build -o "$work/bare" ./app/testdata/bare
if [ -n "${BASE_SRC:-}" ]; then
	(cd "$BASE_SRC" && GOWORK="$(bash scripts/fyne-patched.sh --gowork)" go build -o "$work/omamori-base" ./cmd/omamori)
fi
. scripts/measure-lib.sh
as_installed "$work/omamori" "$work/bare" ${BASE_SRC:+"$work/omamori-base"}

own_keyring startup
enrol_accounts "$ACCOUNTS" "$work/omamori"
cp -r "$work/cfg" "$work/cfg-base"

start_xvfb "$DISP"

# launch NAME CMD...: start, wait for its first visible window, stop it;
# append the milliseconds to $work/NAME.ms.
launch() {
	name=$1; shift
	t0=$(now_ms)
	"$@" >"$work/$name.log" 2>&1 &
	pid=$!
	if ! wait_window "$pid" 1500; then
		# Not counted (e.g. a peer that found its earlier instance still
		# there and handed over to it); said, and the rounds go on.
		echo "measure-startup: no window from $name" >&2
		kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
		return 0
	fi
	echo $(($(now_ms) - t0)) >>"$work/$name.ms"
	kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
	sleep 1 # the killed program finishes exiting before the next starts (with -noreset there is no server reset to wait for)
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
programs="omamori"
[ -z "${BASE_SRC:-}" ] || programs="$programs omamori-base"
[ "$PEERS" = 0 ] || programs="$programs otpclient keepassxc"
programs="$programs bare"
# One launch of each first, not counted: caches (the shader cache, the
# page cache) warm as they would on a desktop used before.
r=0
while [ $r -le "$RUNS" ]; do
	for p in $programs; do
		case $p in
		omamori) launch omamori "$work/omamori" ;;
		omamori-base) launch omamori-base env OMAMORI_CONFIG_DIR="$work/cfg-base" "$work/omamori-base" ;;
		otpclient) launch otpclient otpclient ;;
		keepassxc) launch keepassxc keepassxc ;;
		bare) launch bare "$work/bare" ;;
		esac
	done
	if [ $r = 0 ]; then for p in $programs; do : >"$work/$p.ms"; done; fi
	r=$((r + 1))
done

label() {
	case $1 in
	omamori) echo "Omamori ($(git -C "$root" rev-parse --short HEAD), $ACCOUNTS accounts)" ;;
	omamori-base) echo "Omamori ($(git -C "$BASE_SRC" rev-parse --short HEAD 2>/dev/null || echo "$BASE_SRC"), $ACCOUNTS accounts)" ;;
	otpclient) echo "OTPClient $(dpkg-query -W -f='${Version}' otpclient)" ;;
	keepassxc) echo "KeePassXC $(dpkg-query -W -f='${Version}' keepassxc)" ;;
	bare) echo "bare Fyne window (patched)" ;;
	esac
}
stats() { sort -n "$1" | awk '{a[NR]=$1} END {printf "%d | %d | %d | %d", a[int((NR+1)/2)], a[1], a[NR], NR}'; }
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)" >&2
echo "| program | time to window (ms, median) | lowest | highest | launches |"
echo "| --- | ---: | ---: | ---: | ---: |"
for p in $programs; do echo "| $(label $p) | $(stats "$work/$p.ms") |"; done
i=1
while [ $i -le "$ACCOUNTS" ]; do "$work/omamori" remove "口座 $i" --yes >/dev/null 2>&1 || true; i=$((i + 1)); done
