#!/usr/bin/env bash
# Builds Omamori and runs it: with no arguments the window opens; with
# arguments it is the command line (scripts/run.sh code, scripts/run.sh add --name NAME).
source "$(dirname "$0")/lib.sh"
need_packages "$ROOT/scripts/deps-debian.txt"
need_go
mkdir -p "$ROOT/bin"
(cd "$ROOT" && go build -o bin/omamori ./cmd/omamori)
exec "$ROOT/bin/omamori" "$@"
