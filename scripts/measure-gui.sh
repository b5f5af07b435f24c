#!/bin/sh
# measure-gui.sh: Omamori's window next to OTPClient (GTK) and KeePassXC
# (Qt) under Xvfb: time from launch to a visible window, resident memory,
# and CPU used over IDLE seconds with Omamori's codes ticking. Also a bare
# Fyne window (the floor Fyne itself sets), Omamori started hidden in the
# tray, and the same two built with stock Fyne (without third_party/fyne's
# patches), all side by side in one run.
#
# Idle CPU is each process's own CPU time (utime+stime from /proc/PID/stat)
# over REPEAT windows of IDLE seconds, reported as the median, so other
# work on a shared machine does not count against it; the load average
# before and after is printed. RSS is read at the end, and again after a
# click on Omamori's first Copy button, and again after a language switch
# through the settings dialog (to English).
#
# Run from the repository root:
#   dbus-run-session -- scripts/measure-gui.sh
# Needs: xvfb xdotool gnome-keyring otpclient keepassxc (Debian), Go.
# Prints a Markdown table; docs/performance.md ("Desktop window") has the figures.
set -eu
IDLE=${IDLE:-30}
REPEAT=${REPEAT:-5}
RUNS=${RUNS:-3}
DISP=${DISP:-:73}
work=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	[ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
	rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# PEERS=0 leaves OTPClient and KeePassXC out (when they cannot be installed).
PEERS=${PEERS:-1}
tools="Xvfb xdotool gnome-keyring-daemon"
[ "$PEERS" = 0 ] || tools="$tools otpclient keepassxc"
for t in $tools; do
	command -v "$t" >/dev/null || { echo "measure-gui: $t is missing" >&2; exit 1; }
done
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "measure-gui: run under dbus-run-session" >&2; exit 1; }

# Binaries, with Fyne patched as every build is (third_party/fyne). STOCK=1
# measures stock Fyne instead. cmd/omamori is both the command and the window.
if [ "${STOCK:-0}" = 1 ]; then export GOWORK=off; else eval "$(bash scripts/fyne-patched.sh)"; fi
go build -o "$work/omamori" ./cmd/omamori
gui="$work/omamori"
go build -o "$work/bare" ./app/testdata/bare
GOWORK=off go build -o "$work/omamori-stock" ./cmd/omamori
# EXTRA_GOWORK=path/go.work EXTRA_NAME=text: one more Omamori build (e.g. a Fyne
# patch being tried), measured beside the others in the same run, copy and
# language switch included. EXTRA_SRC=dir builds it from another checkout (e.g.
# main, for before and after in one run; its go.work: EXTRA_GOWORK=off for stock
# Fyne, or the path `scripts/fyne-patched.sh --gowork` prints in that checkout).
if [ -n "${EXTRA_GOWORK:-}" ]; then
	out="$work/omamori-extra"
	(cd "${EXTRA_SRC:-.}" && GOWORK="$EXTRA_GOWORK" go build -o "$out" ./cmd/omamori)
fi
GOWORK=off go build -o "$work/bare-stock" ./app/testdata/bare
. scripts/measure-lib.sh
as_installed "$work/omamori" "$work/bare" "$work/omamori-stock" "$work/bare-stock" ${EXTRA_GOWORK:+"$work/omamori-extra"}

# A keyring and two accounts, enrolled through the CLI.
own_keyring measure
# ACCOUNTS=N (default 2) enrols N: the list's cost must not grow with them.
ACCOUNTS=${ACCOUNTS:-2}
names="三菱 太郎"
echo JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP | "$work/omamori" add --name "三菱 太郎" >/dev/null
if [ "$ACCOUNTS" -ge 2 ]; then
	echo GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ | "$work/omamori" add --name "みずほ証券" >/dev/null
	names="$names
みずほ証券"
fi
i=3
while [ "$i" -le "$ACCOUNTS" ]; do
	# A distinct 32-character base32 key per account (A-Z and 2-7 only).
	key=$(printf 'ACCOUNT%05dXX' "$i" | tr '0189' 'ABCD')GEZDGNBVGY3TQOJQGE
	echo "$key" | "$work/omamori" add --name "口座 $i" >/dev/null
	names="$names
口座 $i"
	i=$((i + 1))
done
mkdir -p "$work/hidden"
cp -r "$work/cfg/." "$work/hidden/"
echo '{"start_hidden": true}' >"$work/hidden/settings.json"
# The stock builds get config folders of their own: one instance per folder.
cp -r "$work/cfg" "$work/cfg-stock"
cp -r "$work/hidden" "$work/hidden-stock"
cp -r "$work/cfg" "$work/cfg-extra"

start_xvfb "$DISP"
clk=$(getconf CLK_TCK)

# launch NAME CMD...: start, wait for its first visible window, print ms.
launch() {
	name=$1; shift
	t0=$(now_ms)
	"$@" >"$work/$name.log" 2>&1 &
	pid=$!
	if ! wait_window "$pid" 3000; then
		echo "measure-gui: no window from $name" >&2
		kill "$pid"; return 1
	fi
	t1=$(now_ms)
	echo "$pid $((t1 - t0))"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# Time to window: RUNS cold-ish launches each, one program at a time.
startup() {
	name=$1; shift
	best=""; all=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		set -- "$@"
		r=$(launch "$name" "$@") || return 1
		pid=${r% *}; ms=${r#* }
		kill "$pid"; wait "$pid" 2>/dev/null || true
		sleep 1
		all="$all $ms"
		i=$((i + 1))
	done
	echo "$all" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "Launch timings ($RUNS runs each, median ms):" >&2
t_om=$(startup omamori "$gui")
if [ "$PEERS" != 0 ]; then
	t_otp=$(startup otpclient otpclient)
	t_kp=$(startup keepassxc keepassxc)
fi
t_bare=$(startup bare "$work/bare")
t_om_stock=$(startup omamori-stock env OMAMORI_CONFIG_DIR="$work/cfg-stock" "$work/omamori-stock")
t_bare_stock=$(startup bare-stock "$work/bare-stock")
# The extra build is launched as often as the main one: how a binary came into
# the page cache (read ahead in large folios by earlier runs, or just written)
# changes how many of its pages a run maps, 6 MiB of "executable" (2026-12-07).
[ -z "${EXTRA_GOWORK:-}" ] || t_omx=$(startup omamori-extra env OMAMORI_CONFIG_DIR="$work/cfg-extra" "$work/omamori-extra")

# Idle: all side by side, IDLE seconds.
set -- $(launch omamori "$gui"); p_om=$1; pids="$pids $p_om"
OMAMORI_CONFIG_DIR="$work/hidden" "$gui" >"$work/hidden.log" 2>&1 & p_hid=$!; pids="$pids $p_hid"
if [ "$PEERS" != 0 ]; then
	set -- $(launch otpclient otpclient); p_otp=$1; pids="$pids $p_otp"
	set -- $(launch keepassxc keepassxc); p_kp=$1; pids="$pids $p_kp"
fi
set -- $(launch bare "$work/bare"); p_bare=$1; pids="$pids $p_bare"
set -- $(launch omamori-stock env OMAMORI_CONFIG_DIR="$work/cfg-stock" "$work/omamori-stock"); p_oms=$1; pids="$pids $p_oms"
OMAMORI_CONFIG_DIR="$work/hidden-stock" "$work/omamori-stock" >"$work/hidden-stock.log" 2>&1 & p_hids=$!; pids="$pids $p_hids"
set -- $(launch bare-stock "$work/bare-stock"); p_bares=$1; pids="$pids $p_bares"
all_pids="$p_om $p_hid ${p_otp:-} ${p_kp:-} $p_bare $p_oms $p_hids $p_bares"
if [ -n "${EXTRA_GOWORK:-}" ]; then
	set -- $(launch omamori-extra env OMAMORI_CONFIG_DIR="$work/cfg-extra" "$work/omamori-extra"); p_omx=$1; pids="$pids $p_omx"
	all_pids="$all_pids $p_omx"
fi
sleep 5
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
r=0
while [ $r -lt "$REPEAT" ]; do
	for p in $all_pids; do eval "c0_$p=$(cpu_ticks $p)"; done
	sleep "$IDLE"
	for p in $all_pids; do
		eval "c0=\$c0_$p"
		c1=$(cpu_ticks "$p")
		eval "cpus_$p=\"\${cpus_$p:-} $(awk -v d=$((c1 - c0)) -v hz="$clk" -v s="$IDLE" 'BEGIN {printf "%.2f", 100 * d / hz / s}')\""
	done
	r=$((r + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)" >&2
rss_mib() { awk -v k="$(rss_kb "$1")" 'BEGIN {printf "%.1f", k / 1024}'; }
rss_om=$(rss_mib "$p_om"); rss_oms=$(rss_mib "$p_oms"); [ -z "${p_omx:-}" ] || rss_omx=$(rss_mib "$p_omx")
# maps NAME PID EXE: where that RSS is, by mapping (as measure-tray.sh splits it).
maps() {
	awk -v exe="$3" -v name="$1" '
		/^[0-9a-f]+-[0-9a-f]+ / { m = $6 }
		/^Rss:/ {
			if (m ~ /libLLVM|\/dri\/|libGL|libglapi|libgallium/) gl += $2
			else if (m == exe) bin += $2
			else if (m == "[heap]") ch += $2
			else if (m ~ /^\//) f += $2
			else an += $2
		}
		END { printf "%s: Mesa+LLVM files %.1f, executable %.1f, other files %.1f, C heap %.1f, other anonymous (Go heap etc.) %.1f MiB\n", name, gl / 1024, bin / 1024, f / 1024, ch / 1024, an / 1024 }' "/proc/$2/smaps" >&2
	# and the executable's by mapping (text, read-only data, data: readelf -lW shows which)
	awk -v exe="$3" '/^[0-9a-f]+-[0-9a-f]+ / { m = $1; p = $2; x = ($6 == exe) }
		/^Rss:/ && x { printf "  %s %s %.1f MiB\n", m, p, $2 / 1024 }' "/proc/$2/smaps" >&2
}
maps "Omamori (window)" "$p_om" "$gui"; maps "bare window (patched)" "$p_bare" "$work/bare"
[ -z "${p_omx:-}" ] || maps "Omamori, ${EXTRA_NAME:-extra build}" "$p_omx" "$work/omamori-extra"
# A copy: the first row's Copy button (the "✓ コピーしました" line then shows).
for p in $p_om $p_oms ${p_omx:-}; do
	w=$(xdotool search --onlyvisible --pid "$p" | head -1)
	# All windows sit at the same place (no window manager): a click lands on
	# the topmost, so raise this one first.
	xdotool windowraise "$w"; sleep 0.5
	import -window "$w" "$work/rows.png"
	xdotool mousemove --window "$w" 430 "$(bash "$(dirname "$0")/copy-button-y.sh" "$work/rows.png" 430)" click 1
done
sleep 2
[ -z "${SHOTS:-}" ] || import -window root "$SHOTS/copied.png" # the topmost: 「✓ コピーしました」 at the bottom
rss_om_copy=$(rss_mib "$p_om"); rss_oms_copy=$(rss_mib "$p_oms"); [ -z "${p_omx:-}" ] || rss_omx_copy=$(rss_mib "$p_omx")
# A language switch the way a user makes it: 設定, 表示言語 → English, 保存. The
# points are those of the Japanese window (528×560) and its settings dialog,
# which fills the window and scrolls (表示言語 its first row, 保存 at the
# bottom, outside the scroll); a changed layout moves them: SHOTS=dir keeps a
# screenshot of each step to check them (2026-12-07: 386,71 / 292,188 / 321,526).
for p in $p_om $p_oms ${p_omx:-}; do
	w=$(xdotool search --onlyvisible --pid "$p" | head -1)
	xdotool windowraise "$w"; sleep 0.5
	xdotool mousemove --window "$w" 371 27 click 1; sleep 1.5
	[ -z "${SHOTS:-}" ] || import -window root "$SHOTS/$p-1-settings.png"
	xdotool mousemove --window "$w" 386 71 click 1; sleep 1
	[ -z "${SHOTS:-}" ] || import -window root "$SHOTS/$p-2-language.png"
	xdotool mousemove --window "$w" 292 188 click 1; sleep 1
	[ -z "${SHOTS:-}" ] || import -window root "$SHOTS/$p-3-english.png"
	xdotool mousemove --window "$w" 321 526 click 1
done
sleep 3
[ -z "${SHOTS:-}" ] || import -window root "$SHOTS/switched.png"
# The switch is saved in settings.json: a figure without it says so.
switched() { if grep -q '"language": *"en"' "$1/settings.json" 2>/dev/null; then rss_mib "$2"; else echo "no switch"; fi; }
rss_om_lang=$(switched "$work/cfg" "$p_om"); rss_oms_lang=$(switched "$work/cfg-stock" "$p_oms")
[ -z "${p_omx:-}" ] || rss_omx_lang=$(switched "$work/cfg-extra" "$p_omx")
row() {
	name=$1 pid=$2 t=$3 rss=${4:-$(rss_mib "$2")} after=${5:--} lang=${6:--}
	eval "all=\$cpus_$pid"
	cpu=$(echo "$all" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	echo "| $name | $t | $rss | $after | $lang | $cpu | $(echo $all) |"
}
echo "| program | time to window (ms, median of $RUNS) | RSS (MiB) | RSS after a copy | RSS after a language switch | idle CPU (% of one core, median) | each ${IDLE} s window |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
row "Omamori (window, $ACCOUNTS accounts ticking)" "$p_om" "$t_om" "$rss_om" "$rss_om_copy" "$rss_om_lang"
row "Omamori (started hidden in the tray)" "$p_hid" "-"
if [ "$PEERS" != 0 ]; then
	row "OTPClient $(dpkg-query -W -f='${Version}' otpclient)" "$p_otp" "$t_otp"
	row "KeePassXC $(dpkg-query -W -f='${Version}' keepassxc)" "$p_kp" "$t_kp"
fi
row "bare Fyne 2.8.1 window (patched)" "$p_bare" "$t_bare"
row "Omamori, stock Fyne (window)" "$p_oms" "$t_om_stock" "$rss_oms" "$rss_oms_copy" "$rss_oms_lang"
row "Omamori, stock Fyne (hidden)" "$p_hids" "-"
row "bare Fyne 2.8.1 window (stock)" "$p_bares" "$t_bare_stock"
[ -z "${EXTRA_GOWORK:-}" ] || row "Omamori, ${EXTRA_NAME:-extra build} (window)" "$p_omx" "$t_omx" "$rss_omx" "$rss_omx_copy" "$rss_omx_lang"
echo "$names" | while IFS= read -r n; do "$work/omamori" remove "$n" --yes >/dev/null 2>&1 || true; done
