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

for n in "${counts[@]}"; do
	for d in "${daemons[@]}"; do
		rm -rf "$W/data" "$W/config"
		mkdir -p "$W/data/keyrings" "$W/config"
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
				cd "$2/internal/backup" && "$3" -test.run - -test.bench "^BenchmarkRestore\$/^$4\$" -test.benchtime 1x
			' _ "$d" "$ROOT" "$W/backup.test" "$n" 2>&1 | grep -E '^(Benchmark|daemon:)|FAIL|panic' || true
	done
done
echo "== done ($(cut -d' ' -f1-3 /proc/loadavg) load)"
