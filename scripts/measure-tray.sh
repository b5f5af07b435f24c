#!/bin/sh
# measure-tray.sh: what Omamori costs hidden in the tray, and how fast it
# shows again. Under Xvfb (Mesa llvmpipe), with ACCOUNTS accounts enrolled
# through the CLI (default 1):
#
#   1. started hidden (settings: start_hidden), after SETTLE seconds;
#   2. shown by a second launch (as the tray's 表示 does: both go through
#      the session), after SETTLE seconds;
#   3. hidden again by a close request (WM_DELETE_WINDOW, the close
#      button; close_to_tray is set), after SETTLE seconds, and its idle CPU
#      over IDLE seconds;
#   4. SHOWS more show / hide cycles, each shown once by a second launch
#      and once by the tray menu's first item (表示, "Show window"),
#      clicked as a tray host clicks it (com.canonical.dbusmenu.Event over
#      the session bus): time from the second launch's fork, or from the
#      click's dbus-send, to the window visible again (xdotool, polled
#      every 20 ms; a second launch includes starting that process, about
#      20-40 ms). On Linux each show after a hide draws a new process's
#      first window (app/restart.go).
#
# Memory: VmRSS, split into file-backed (RssFile) and anonymous (RssAnon)
# memory, and by mapping (/proc/PID/smaps): Mesa/LLVM (libLLVM, the DRI
# driver, libGL*), the omamori executable, other files, the C heap
# ([heap]), other anonymous memory (the Go heap and Mesa's mmaps); plus
# the live Go heap after the last collection (GODEBUG=gctrace=1).
#
# Run from the repository root:
#   dbus-run-session -- scripts/measure-tray.sh
#   ACCOUNTS=200 dbus-run-session -- scripts/measure-tray.sh
#   BIN=/path/to/omamori ... measures another build (before/after).
# Needs: xvfb xdotool gnome-keyring dbus-send, Go. Prints a Markdown table;
# docs/performance.md ("Hidden in the tray") has the figures.
set -eu
cd "$(dirname "$0")/.."
SETTLE=${SETTLE:-10}
IDLE=${IDLE:-20}
SHOWS=${SHOWS:-5}
DISP=${DISP:-:74}
ACCOUNTS=${ACCOUNTS:-1}
work=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	[ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
	rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
for t in Xvfb xdotool gnome-keyring-daemon dbus-send; do
	command -v "$t" >/dev/null || { echo "measure-tray: $t is missing" >&2; exit 1; }
done
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "measure-tray: run under dbus-run-session" >&2; exit 1; }

eval "$(bash scripts/fyne-patched.sh)"
. scripts/measure-lib.sh
if [ -z "${BIN:-}" ]; then
	go build -o "$work/omamori" ./cmd/omamori
	as_installed "$work/omamori"
	BIN="$work/omamori"
fi
go build -o "$work/wmclose" ./app/testdata/wmclose

own_keyring tray
names="三菱 太郎"
echo JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP | "$BIN" add --name "三菱 太郎" >/dev/null
i=2
while [ "$i" -le "$ACCOUNTS" ]; do
	key=$(printf 'ACCOUNT%05dXX' "$i" | tr '0189' 'ABCD')GEZDGNBVGY3TQOJQGE
	echo "$key" | "$BIN" add --name "口座 $i" >/dev/null
	names="$names
口座 $i"
	i=$((i + 1))
done
echo '{"start_hidden": true, "close_to_tray": true}' >"$work/cfg/settings.json"

start_xvfb "$DISP"
clk=$(getconf CLK_TCK)

GODEBUG=gctrace=1 "$BIN" >"$work/omamori.log" 2>&1 &
pid=$!; pids="$pid"

# mem: one table row of memory figures for the running window process.
mem() {
	awk -v exe="$BIN" '
		/^[0-9a-f]+-[0-9a-f]+ / { name = $6 }
		/^Rss:/ {
			if (name ~ /libLLVM|\/dri\/|libGL|libglapi|libgallium/) gl += $2
			else if (name == exe) bin += $2
			else if (name == "[heap]") ch += $2
			else if (name ~ /^\//) f += $2
			else an += $2
		}
		END { printf "%.1f | %.1f | %.1f | %.1f | %.1f", gl / 1024, bin / 1024, f / 1024, ch / 1024, an / 1024 }' "/proc/$pid/smaps"
}
status() { awk -v k="$1" '$1 == k":" {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
goheap() { sed -n 's/.*->\([0-9]*\) MB,.*/\1/p' "$work/omamori.log" | tail -1; }
row() { echo "| $1 | $(status VmRSS) | $(status RssFile) | $(status RssAnon) | $(mem) | $(goheap) |"; }
window() { xdotool search --onlyvisible --pid "$pid" 2>/dev/null | head -1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }

# show: a second launch; prints the ms until the window is visible.
show() {
	t0=$(now_ms)
	"$BIN" >/dev/null 2>&1 &
	wait_window "$pid" 250 || { echo "measure-tray: the window did not show" >&2; exit 1; }
	echo $(($(now_ms) - t0))
	wait $! 2>/dev/null || true
}
# tray_show: a click on the tray menu's first item (表示), sent as a tray
# host sends it; prints the ms until the window is visible. The item's id
# is read from the menu's layout: the menu is rebuilt with new ids.
tray_show() {
	dest="org.kde.StatusNotifierItem-$pid-1"
	menu=$(dbus-send --session --print-reply --dest="$dest" /StatusNotifierItem \
		org.freedesktop.DBus.Properties.Get string:org.kde.StatusNotifierItem string:Menu |
		sed -n 's/.*object path "\(.*\)"/\1/p')
	id=$(dbus-send --session --print-reply --dest="$dest" "$menu" com.canonical.dbusmenu.GetLayout \
		int32:0 int32:-1 array:string: | awk '$1 == "int32" {n++; if (n == 2) {print $2; exit}}')
	[ -n "$id" ] || { echo "measure-tray: no tray menu on the bus" >&2; exit 1; }
	t0=$(now_ms)
	dbus-send --session --type=method_call --dest="$dest" "$menu" com.canonical.dbusmenu.Event \
		int32:"$id" string:clicked variant:int32:0 uint32:0
	wait_window "$pid" 250 || { echo "measure-tray: the tray's 表示 did not show the window" >&2; exit 1; }
	echo $(($(now_ms) - t0))
}
hide() {
	"$work/wmclose" "$(window)"
	n=0
	while [ -n "$(window)" ]; do
		n=$((n + 1)); [ $n -le 250 ] || { echo "measure-tray: the window did not hide" >&2; exit 1; }
		sleep 0.02
	done
}

echo "| state ($ACCOUNTS accounts) | VmRSS | file | anon | Mesa+LLVM | executable | other files | C heap | other anon | Go heap live (MB) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
sleep "$SETTLE"
row "started hidden"
first=$(show)
sleep "$SETTLE"
row "shown (first show: $first ms)"
hide
sleep "$SETTLE"
c0=$(cpu_ticks); sleep "$IDLE"; c1=$(cpu_ticks)
row "hidden after showing"
cpu=$(awk -v d=$((c1 - c0)) -v hz="$clk" -v s="$IDLE" 'BEGIN {printf "%.2f", 100 * d / hz / s}')
times=""
ttimes=""
i=0
while [ $i -lt "$SHOWS" ]; do
	times="$times $(show)"
	sleep 1
	hide
	sleep "$SETTLE"
	ttimes="$ttimes $(tray_show)"
	sleep 1
	hide
	sleep "$SETTLE"
	i=$((i + 1))
done
row "hidden after $SHOWS more show/hide cycles of each kind"
median() { echo "$1" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "idle CPU hidden: $cpu % of one core over $IDLE s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "show again (second launch to visible window): median $(median "$times") ms of:$times"
echo "show again (the tray's 表示 to visible window): median $(median "$ttimes") ms of:$ttimes"
echo "$names" | while IFS= read -r n; do "$BIN" remove "$n" --yes >/dev/null 2>&1 || true; done
