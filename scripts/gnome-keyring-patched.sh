#!/usr/bin/env bash
# Builds gnome-keyring-daemon 42.1 (Debian bookworm's version) from the
# pinned upstream archive under third_party/gnome-keyring with its patches
# applied, and prints the daemon's path. Only the daemon is built, with
# the components our tests use (no PAM module, no ssh agent, no docs).
#
#   scripts/gnome-keyring-patched.sh            # prints .../gnome-keyring-daemon
#   scripts/gnome-keyring-patched.sh --check    # fails if a patch no longer applies
#
# The build goes to ${XDG_CACHE_HOME:-~/.cache}/omamori/gnome-keyring-<hash>,
# the hash of the archive, the patches, this script and the versions of
# the -dev packages it builds against; a finished build there is reused
# (about a minute of two cores the first time). Missing build packages
# are installed with apt-get (listed below, not in scripts/deps-debian.txt:
# only scripts/measure-restore.sh uses this daemon). Logs go to stderr.
# Why we carry these patches: docs/performance.md, "Restoring and
# recovering on gnome-keyring"; third_party/gnome-keyring/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TP="$ROOT/third_party/gnome-keyring"
ARCHIVE="$TP/gnome-keyring-42.1.tar.gz"
SHA256=437fb16c3c8d4e35135ce9394a08ce8f1b3d415cd5716e75ce47ee140579f2ae
DEPS="gcc make pkg-config autoconf automake libtool autopoint gettext libglib2.0-dev libgcrypt20-dev libgck-1-dev libgcr-3-dev"
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! echo "$SHA256  $ARCHIVE" | sha256sum -c --quiet - >&2; then
	echo "gnome-keyring-patched: $ARCHIVE does not have the SHA-256 third_party/gnome-keyring/README.md gives" >&2
	exit 2
fi
shopt -s nullglob
PATCHES=("$TP"/patches/*.patch)

# unpack_patched DIR: the pristine source in DIR/src with every patch applied in name order.
unpack_patched() {
	mkdir -p "$1/src"
	tar -xzf "$ARCHIVE" -C "$1/src" --strip-components=1
	local p
	for p in "${PATCHES[@]}"; do
		if ! patch -d "$1/src" -p1 --batch --forward --no-backup-if-mismatch --quiet <"$p" >&2; then
			echo "gnome-keyring-patched: $(basename "$p") does not apply to gnome-keyring 42.1" >&2
			return 1
		fi
	done
}

if [ "${1:-}" = "--check" ]; then
	TMP=$(mktemp -d)
	trap 'rm -rf "$TMP"' EXIT
	unpack_patched "$TMP"
	echo "gnome-keyring-patched: ${#PATCHES[@]} patch(es) apply to gnome-keyring 42.1" >&2
	exit 0
fi

missing=()
for pkg in $DEPS; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing Debian packages: ${missing[*]}"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# shellcheck disable=SC2086 # DEPS is a word list
KEY=$({
	cat "$ARCHIVE" "${BASH_SOURCE[0]}"
	for p in "${PATCHES[@]}"; do basename "$p"; cat "$p"; done
	dpkg-query -W -f='${Package} ${Version}\n' $DEPS
} | sha256sum | cut -c1-16)
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/omamori"
DIR="$CACHE/gnome-keyring-$KEY"
if [ -x "$DIR/gnome-keyring-daemon" ]; then
	echo "$DIR/gnome-keyring-daemon"
	exit 0
fi

log "building gnome-keyring-daemon 42.1 with ${#PATCHES[@]} patch(es) into $DIR"
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/.gnome-keyring-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
unpack_patched "$WORK"
build() {
	cd "$WORK/src"
	NOCONFIGURE=1 ./autogen.sh
	./configure --disable-pam --disable-ssh-agent --without-libcap-ng --disable-selinux \
		--without-systemd --disable-doc --disable-p11-tests CFLAGS="-O2 -g"
	# Only the daemon: the generated sources first (make builds BUILT_SOURCES only for `all`).
	local built
	# shellcheck disable=SC2016 # $(BUILT_SOURCES) is make's
	built=$(printf 'print-built:\n\t@echo $(BUILT_SOURCES)\n' | make -s -f Makefile -f - print-built)
	# shellcheck disable=SC2086 # a word list
	make -j"$(nproc)" $built
	make -j"$(nproc)" gnome-keyring-daemon
}
# Not `if ! build` or `build || ...`: either turns off set -e inside it.
set +e
(
	set -e
	build
) >"$WORK/build.log" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ]; then
	tail -n 40 "$WORK/build.log" >&2
	exit 1
fi
rm -rf "$DIR"
mkdir -p "$DIR"
cp "$WORK/src/gnome-keyring-daemon" "$DIR/gnome-keyring-daemon.tmp"
mv "$DIR/gnome-keyring-daemon.tmp" "$DIR/gnome-keyring-daemon"
echo "$DIR/gnome-keyring-daemon"
