#!/bin/sh
# measure-timeline.sh: where the main thread's time goes between exec and the
# window's first frame, for Omamori (this checkout) and the bare patched Fyne
# window, with no instrumented build. perf uprobes sit on the entry and return
# of GLFW's set-up steps (compiled into each binary), of Xlib's XOpenDisplay
# and of dlopen. Each program is launched RUNS times, in
# turn, under `perf record`; the table gives the median milliseconds from
# exec to each step. perf adds tens of milliseconds in all, so read the steps
# against each other, and time to window with measure-startup.sh.
#
# Run as root (uprobes), from the repository root:
#   dbus-run-session -- scripts/measure-timeline.sh
#   RUNS=9 ACCOUNTS=200 dbus-run-session -- scripts/measure-timeline.sh
# Needs: perf (linux-perf), xvfb, xdotool, gnome-keyring, python3, Go.
# docs/performance.md ("Time to window: the main thread's steps") has figures.
set -eu
RUNS=${RUNS:-5}
ACCOUNTS=${ACCOUNTS:-1}
DISP=${DISP:-:75}
work=$(mktemp -d)
cleanup() {
	[ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
	perf probe -q -d 'omt_*:*' 2>/dev/null || true
	rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

for t in perf Xvfb xdotool gnome-keyring-daemon python3; do
	command -v "$t" >/dev/null || { echo "measure-timeline: $t is missing" >&2; exit 1; }
done
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "measure-timeline: run under dbus-run-session" >&2; exit 1; }

eval "$(bash scripts/fyne-patched.sh)"
go build -o "$work/omamori" ./cmd/omamori
go build -o "$work/bare" ./app/testdata/bare
. scripts/measure-lib.sh
as_installed "$work/omamori" "$work/bare"

# probe GROUP FILE FUNC [return]: a uprobe named NAME_FUNC, where GROUP is
# omt_NAME (perf names the return probe NAME_FUNC__return); a dot in FUNC is
# written as _. The names differ between programs: perf renames a duplicate.
probe() {
	e=${1#omt_}_$(echo "$3" | tr . _)
	if [ "${4:-}" = return ]; then
		perf probe -q -f -x "$2" "$1:$e=$3%return"
	else
		perf probe -q -f -x "$2" "$1:$e=$3"
	fi
}
lib() { ldconfig -p | awk -v n="$1" '$1 == n && /x86-64/ {print $NF; exit}'; }
perf probe -q -d 'omt_*:*' 2>/dev/null || true
for p in omamori bare; do
	g=omt_$p
	probe "$g" "$work/$p" main.main
	for f in glfwInit glfwCreateWindow _glfwInitGLX _glfwChooseFBConfig _glfwCreateContextGLX glfwShowWindow glfwSwapBuffers; do
		probe "$g" "$work/$p" "$f"
		probe "$g" "$work/$p" "$f" return
	done
done
probe omt_x11 "$(lib libX11.so.6)" XOpenDisplay
probe omt_x11 "$(lib libX11.so.6)" XOpenDisplay return
probe omt_libc "$(lib libc.so.6)" dlopen
probe omt_libc "$(lib libc.so.6)" dlopen return

own_keyring timeline
enrol_accounts "$ACCOUNTS" "$work/omamori"
start_xvfb "$DISP"

# One launch of each first, not kept: the shader and page caches warm.
r=0
while [ $r -le "$RUNS" ]; do
	for p in omamori bare; do
		perf record -q -e 'omt_*:*' -e sched:sched_process_exec -o "$work/$p-$r.data" -- "$work/$p" >/dev/null 2>&1 &
		rec=$!
		n=0
		until xdotool search --onlyvisible --name . >/dev/null 2>&1; do
			n=$((n + 1))
			[ $n -le 500 ] || { echo "measure-timeline: no window from $p" >&2; break; }
			sleep 0.01
		done
		sleep 0.5 # the first frame
		pkill -f "^$work/$p\$" || true
		wait "$rec" 2>/dev/null || true
		sleep 1 # the killed program finishes exiting before the next starts (with -noreset there is no server reset to wait for)
		[ $r -gt 0 ] || rm -f "$work/$p-$r.data"
	done
	r=$((r + 1))
done

for p in omamori bare; do
	for f in "$work/$p"-*.data; do perf script -i "$f" -F tid,time,event 2>/dev/null >"$f.txt"; done
done
python3 - "$work" <<'EOF'
import glob, re, statistics, sys

STEPS = [  # (label, event: its first on the main thread)
    ("main.main", "main_main"),
    ("XOpenDisplay (first)", "XOpenDisplay"),
    ("glfwInit", "glfwInit"),
    ("glfwInit returns (X11 set up)", "glfwInit__return"),
    ("glfwCreateWindow", "glfwCreateWindow"),
    ("_glfwInitGLX returns (GL driver loaded)", "_glfwInitGLX__return"),
    ("_glfwChooseFBConfig", "_glfwChooseFBConfig"),
    ("_glfwCreateContextGLX returns", "_glfwCreateContextGLX__return"),
    ("glfwCreateWindow returns", "glfwCreateWindow__return"),
    ("glfwShowWindow (mapped)", "glfwShowWindow"),
    ("first glfwSwapBuffers returns", "glfwSwapBuffers__return"),
]

def events(path):
    out = []
    for line in open(path):
        m = re.match(r"\s*(\d+)\s+([\d.]+):\s+(\S+):(\S+):", line)
        if m:
            name = m[4]
            if m[3].startswith("omt_"):  # NAME_FUNC (probe above): FUNC
                name = name.split("_", 1)[1]
            out.append((int(m[1]), float(m[2]) * 1000, name))
    return out

def launch(path):
    ev = events(path)
    execs = [t for _, t, e in ev if e == "sched_process_exec"]
    mains = [tid for tid, _, e in ev if e == "main_main"]
    if not execs or not mains:
        return None
    t0, main = execs[-1], mains[0]
    got = {}
    for tid, t, e in ev:
        for label, name in STEPS:
            if tid == main and name == e and label not in got:
                got[label] = t - t0
    # The longest dlopen on the main thread: the GL driver (Mesa and LLVM).
    start, longest = None, 0.0
    for tid, t, e in ev:
        if tid == main and e == "dlopen":
            start = t
        elif tid == main and e == "dlopen__return" and start is not None:
            longest, start = max(longest, t - start), None
    got["longest dlopen on the main thread (ms)"] = longest
    return got

work = sys.argv[1]
rows = {}
for prog in ("omamori", "bare"):
    runs = [g for g in (launch(f) for f in sorted(glob.glob(f"{work}/{prog}-*.data.txt"))) if g]
    rows[prog] = runs
labels = [s[0] for s in STEPS] + ["longest dlopen on the main thread (ms)"]
print("| step (ms from exec, median) | Omamori | bare Fyne window |")
print("| --- | ---: | ---: |")
for label in labels:
    cells = []
    for prog in ("omamori", "bare"):
        v = [r[label] for r in rows[prog] if label in r]
        cells.append("%.1f" % statistics.median(v) if v else "–")
    print("| %s | %s |" % (label, " | ".join(cells)))
print("\nlaunches: Omamori %d, bare %d" % (len(rows["omamori"]), len(rows["bare"])))
EOF
