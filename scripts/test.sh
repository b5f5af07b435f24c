#!/usr/bin/env bash
# Runs every check and test on a fresh Debian/Ubuntu machine: installs what
# is missing, starts a real Secret Service (gnome-keyring in its own D-Bus
# session, with a throw-away keyring folder) and a virtual X server, then
# runs go vet, staticcheck and the tests, and builds and checks the Windows
# build, installers and the .deb under wine and apt.
source "$(dirname "$0")/lib.sh"
need_packages "$ROOT/scripts/deps-debian.txt"
need_go
cd "$ROOT"

# Tests that need a tool or service fail instead of skipping.
export OMAMORI_REQUIRE_ALL=1
# No test asks a public time server: tests that check the clock start their
# own on loopback and name them with --time-server.
export OMAMORI_TIME_SERVERS=off

# Keep the tests' keyring, settings and X server away from the user's own.
WORK=$(mktemp -d)
XVFB_PID=""
trap '[ -z "$XVFB_PID" ] || kill "$XVFB_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config" XDG_CACHE_HOME="${XDG_CACHE_HOME:-$HOME/.cache}"
mkdir -p "$XDG_DATA_HOME/keyrings" "$XDG_CONFIG_HOME"

# libfido2 with PC/SC for the NFC test (internal/securitykey/nfctest), built
# once from third_party/ into the cache and reused.
log "libfido2 with PC/SC (NFC readers), cached by checksum"
OMAMORI_LIBFIDO2_PCSC=$(bash scripts/libfido2-pcsc.sh)
export OMAMORI_LIBFIDO2_PCSC

# A virtual screen for the window smoke tests.
DISPLAY_NUM=$((90 + RANDOM % 100))
Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
export DISPLAY=":$DISPLAY_NUM"

log "go mod tidy (go.mod and go.sum must already be tidy)"
GOWORK=off go mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy and commit the result" >&2; exit 1; }
log "go vet"
go vet ./...
log "staticcheck"
go tool staticcheck ./...
log "third_party/gnome-keyring: the pinned source's checksum and its patches apply"
bash scripts/gnome-keyring-patched.sh --check

# macOS code is written without a Mac: every internal/ package builds and
# vets for darwin without cgo, so a slip in a darwin-only file fails here.
# Not covered: the files that need cgo on darwin (clipboard_darwin.go,
# osdisplay_darwin.go, libfido2.go; without cgo their _other.go fallbacks
# build), and app/ and cmd/ (Fyne needs cgo).
for arch in amd64 arm64; do
	log "darwin/$arch without cgo: go build and go vet ./internal/..."
	GOOS=darwin GOARCH=$arch CGO_ENABLED=0 go build ./internal/...
	GOOS=darwin GOARCH=$arch CGO_ENABLED=0 go vet ./internal/...
done

# The omamori command, built once for the packages whose tests run it
# (internal/testenv.BuildOmamori).
go build -o "$WORK/bin/omamori" ./cmd/omamori
export OMAMORI_TEST_BINARY="$WORK/bin/omamori"

log "go test (real Secret Service via gnome-keyring, real libfido2 over USB HID and NFC, real NTP, Xvfb)"
export GOTEST_LOG="$WORK/gotest.log"
dbus-run-session -- bash -c '
	set -eo pipefail
	echo -n omamori-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
	# -v for the count below; the per-test RUN/PASS lines stay in the log only.
	go test -count=1 -timeout 30m -v ./... 2>&1 | tee "$GOTEST_LOG" |
		{ grep -vE "^(=== (RUN|PAUSE|CONT|NAME)|[[:space:]]*--- (PASS|SKIP): |PASS$)" || true; }
'
PASSED=$(grep -cE '^[[:space:]]*--- PASS: ' "$GOTEST_LOG" || true)
FAILED=$(grep -cE '^[[:space:]]*--- FAIL: ' "$GOTEST_LOG" || true)

# The packages, as customers and help desks get them. Each script installs
# its own Debian packages (installer/deps-debian.txt) and fails loudly.
log "Windows build (mingw cross-build) run under wine: CLI, Credential Manager, window"
bash scripts/windows-smoke.sh
log "Group Policy values (HKLM\\Software\\Policies\\Omamori) under wine change what Omamori does"
bash scripts/windows-policy.sh dist/windows
log "the installer's Authenticode check under wine (osslsigncode-signed files)"
bash scripts/windows-authenticode.sh
log "Omamori's own update under wine: N -> N+1 by update --install, automatically (tray, quit) and by 「更新する」; tampered and wrongly signed installers refused"
bash scripts/windows-update.sh
log "Windows installers under wine: NSIS install/upgrade/uninstall, MSI, signing"
bash scripts/installer-test.sh
log "Linux .deb: apt install, run, apt remove"
bash scripts/deb-test.sh
log "help-desk screenshots from the real app (into a scratch folder)"
# OMAMORI_HELPDESK_OUT keeps them (e.g. docs/helpdesk, to update the guides' pictures).
bash scripts/helpdesk-screenshots.sh "${OMAMORI_HELPDESK_OUT:-$WORK/helpdesk}"
log "all checks passed"
echo "tests: $PASSED passed, $FAILED failed"
