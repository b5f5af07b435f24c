#!/usr/bin/env bash
# Measures BenchmarkRestore (internal/backup) on the real Secret Service
# with each gnome-keyring daemon given, back to back: each account count
# gets a fresh private D-Bus session and an empty keyring folder. Reports
# the load average before each run, since the machine may be shared; the
# benchmark's keyring-cpu-s/op (the daemon's processor time) is what load
# does not inflate. See docs/performance.md, "Restoring and recovering on
# gnome-keyring".
#
#   scripts/measure-restore.sh [N ...]        # default: 1 200 1000
#
# Daemons: $OMAMORI_GNOME_KEYRING_DAEMONS (space separated paths), else the
# distribution's gnome-keyring-daemon ("stock") and the one
# scripts/gnome-keyring-patched.sh builds ("patched").
#
# With OMAMORI_PERF_DIR=DIR, each run also records the daemon with
# `perf record --call-graph dwarf` into DIR/N-DAEMONNAME-I.data (I counts
# the daemons given), during the restore only: recording stops when the
# keyring file first shrinks (the benchmark's deletes). Read it with
# `perf report -i FILE --children`. Needs perf (Debian: linux-perf).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"
eval "$(bash scripts/fyne-patched.sh)"

counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1 200 1000)
if [ -n "${OMAMORI_GNOME_KEYRING_DAEMONS:-}" ]; then
	read -r -a daemons <<<"$OMAMORI_GNOME_KEYRING_DAEMONS"
else
	daemons=("$(command -v gnome-keyring-daemon)" "$(bash scripts/gnome-keyring-patched.sh)")
fi

W=$(mktemp -d /tmp/measure-restore-XXXXXX)
trap 'rm -rf "$W"' EXIT
go test -c -o "$W/backup.test" ./internal/backup

PERF_DIR=""
if [ -n "${OMAMORI_PERF_DIR:-}" ]; then
	mkdir -p "$OMAMORI_PERF_DIR"
	PERF_DIR=$(cd "$OMAMORI_PERF_DIR" && pwd)
fi

for n in "${counts[@]}"; do
	i=0
	for d in "${daemons[@]}"; do
		i=$((i + 1))
		rm -rf "$W/data" "$W/config" "$W/perf-ctl" "$W/perf-ack"
		mkdir -p "$W/data/keyrings" "$W/config"
		perf_out=""
		[ -z "$PERF_DIR" ] || perf_out="$PERF_DIR/$n-$(basename "$d")-$i.data"
		echo "== $n accounts, $d ($(cut -d' ' -f1-3 /proc/loadavg) load)"
		XDG_DATA_HOME="$W/data" XDG_CONFIG_HOME="$W/config" OMAMORI_TIME_SERVERS=off \
			dbus-run-session -- bash -c '
				echo -n t | "$1" --unlock --components=secrets >/dev/null
				# Wait for it to own the name: a test asking first would have
				# D-Bus start the distribution'"'"'s daemon instead.
				for _ in $(seq 50); do
					pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
						org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
						awk "/uint32/{print \$2}")
					[ -n "$pid" ] && break
					sleep 0.1
				done
				echo "daemon: $(readlink "/proc/$pid/exe")"
				if [ -n "$6" ]; then
					mkfifo "$5/perf-ctl" "$5/perf-ack"
					perf record -q -F 999 --call-graph dwarf,32768 -p "$pid" -o "$6" \
						--control="fifo:$5/perf-ctl,$5/perf-ack" >/dev/null 2>&1 &
					perf_pid=$!
					exec 8>"$5/perf-ctl" 9<"$5/perf-ack"
					sleep 0.5
					(
						last=0
						while sleep 0.05; do
							size=$(stat -c %s "$5/data/keyrings/login.keyring" 2>/dev/null || echo 0)
							if [ "$size" -lt "$last" ]; then
								echo disable >&8
								read -r -t 5 _ <&9 || true
								break
							fi
							last=$size
						done
					) &
					watch_pid=$!
				fi
				(cd "$2/internal/backup" && "$3" -test.run - -test.bench "^BenchmarkRestore\$/^$4\$" -test.benchtime 1x)
				if [ -n "$6" ]; then
					kill "$watch_pid" 2>/dev/null || true
					kill -INT "$perf_pid"
					wait "$perf_pid" || true
					echo "perf: $6"
				fi
			' _ "$d" "$ROOT" "$W/backup.test" "$n" "$W" "$perf_out" 2>&1 | grep -E '^(Benchmark|daemon:|perf:)|FAIL|panic' || true
	done
done
echo "== done ($(cut -d' ' -f1-3 /proc/loadavg) load)"
