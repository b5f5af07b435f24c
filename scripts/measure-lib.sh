# Shared by measure-gui.sh and measure-startup.sh (POSIX sh, sourced).

# start_xvfb DISPLAY: a virtual screen like measure-gui's figures were taken
# on (1280x1024x24, Mesa llvmpipe), with throw-away XDG folders under $work
# so nothing of the user's is read; $xvfb is its pid. -noreset: an X server
# resets when its last client leaves; the next client's first connection
# then waited 35–65 ms for it, and GTK lost the GL probe it keeps on the
# root window (GDK_VISUALS) and loaded the GL driver again. A desktop's
# server never resets (its window manager and panel stay connected), so
# neither does ours (docs/performance.md, "The X server's reset, icons
# parsed once, rows made once").
start_xvfb() {
	Xvfb "$1" -screen 0 1280x1024x24 -nolisten tcp -noreset >/dev/null 2>&1 &
	xvfb=$!
	export DISPLAY="$1" LANG=ja_JP.UTF-8
	export XDG_CONFIG_HOME="$work/xdg" XDG_DATA_HOME="$work/xdgdata" XDG_CACHE_HOME="$work/xdgcache"
	mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
	sleep 1
}

now_ms() { date +%s%3N; }

# wait_window PID POLLS: waits until process PID shows a visible window,
# polling every 20 ms (xdotool's own --sync polls only twice a second);
# fails after POLLS polls.
wait_window() {
	n=0
	until xdotool search --onlyvisible --pid "$1" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -le "$2" ] || return 1
		sleep 0.02
	done
}

# as_installed FILE...: writes each binary again with write(), as an
# installer or a package manager writes it. `go build` writes its output
# through a shared memory mapping, and while those pages stay in the page
# cache a process started from them maps 5–9 MiB more of the executable
# than one started from the same bytes written with write() or read back
# from disk (docs/performance.md, "Shown RSS: the executable as installed").
as_installed() {
	for f in "$@"; do
		cat "$f" >"$f.installed" && chmod 755 "$f.installed" && mv "$f.installed" "$f"
	done
}

# own_keyring NAME: a keyring folder of the run's own under $work (in the
# user's login keyring every run left its accounts behind, and every later
# search scanned them all), unlocked; Omamori's settings in $work/cfg and
# its secrets under the service omamori-NAME-PID, the clock check off.
own_keyring() {
	export XDG_DATA_HOME="$work/keyring-data"
	mkdir -p "$XDG_DATA_HOME/keyrings"
	printf pass | gnome-keyring-daemon --unlock >/dev/null
	export OMAMORI_CONFIG_DIR="$work/cfg" OMAMORI_KEYRING_SERVICE="omamori-$1-$$" OMAMORI_TIME_SERVERS=off
}

# enrol_accounts N OMAMORI: N accounts 「口座 1」… through OMAMORI's command line.
enrol_accounts() {
	i=1
	while [ $i -le "$1" ]; do
		# A different valid setup code for each account (32 base32 characters).
		code=$(printf '%032d' "$i" | tr 0123456789 ABCDEFGHIJ)
		echo "$code" | "$2" add --name "口座 $i" >/dev/null
		i=$((i + 1))
	done
}
