# Shared by the scripts in scripts/ (run.sh, test.sh and the package and
# screenshot scripts): sourced, not run. need_packages and need_go install
# what is missing (Debian packages through apt, Go modules through the Go
# module proxy) and download nothing else; same_code_as_oathtool is a check
# the package tests share.
set -eu

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"

# Each step says when it began, in minutes and seconds since the first
# script that sourced this file started (test.sh for CI): a cold run's slow
# steps can then be read off its log.
OMAMORI_T0=${OMAMORI_T0:-$(date +%s)}
export OMAMORI_T0
log() {
	local t=$(($(date +%s) - OMAMORI_T0))
	printf '\033[1m==> [%d:%02d] %s\033[0m\n' $((t / 60)) $((t % 60)) "$*" >&2
}

# need_packages FILE: install the Debian packages listed in FILE that are missing.
need_packages() {
	local missing=()
	while read -r pkg; do
		case "$pkg" in '' | '#'*) continue ;; esac
		if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
			missing+=("$pkg")
		fi
	done <"$1"
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing Debian packages: ${missing[*]}"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

need_go() {
	if ! command -v go >/dev/null; then
		echo "Go 1.26 or newer is needed: https://go.dev/dl/ (it was not found on PATH or in /usr/local/go)." >&2
		exit 1
	fi
	(cd "$ROOT" && go mod download)
	# Every build and test uses Fyne with third_party/fyne/patches applied.
	eval "$(bash "$ROOT/scripts/fyne-patched.sh")"
}

# same_code_as_oathtool FILE KEY [NAME]: the first entry of `omamori code
# --json` saved in FILE has the code oathtool (an independent TOTP) gives for
# KEY — a throw-away test key — at the start of that entry's step (its own
# period and number of digits, SHA-1 as setup codes are), and the display
# name NAME if given.
same_code_as_oathtool() {
	python3 - "$@" <<'PY'
import json, subprocess, sys, datetime
item = json.load(open(sys.argv[1]))[0]
end = datetime.datetime.fromisoformat(item["valid_until"].replace("Z", "+00:00"))
start = int(end.timestamp()) - item["period"]
want = subprocess.run(["oathtool", "--totp", "-s", str(item["period"]), "-d", str(len(item["code"])),
                       "-b", "--now", "@%d" % start, sys.argv[2]],
                      check=True, capture_output=True, text=True).stdout.strip()
print("omamori code", item["code"], "oathtool", want, "step start", start)
sys.exit(item["code"] != want or (len(sys.argv) > 3 and item["name"] != sys.argv[3]))
PY
}
