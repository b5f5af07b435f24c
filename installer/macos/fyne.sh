#!/usr/bin/env bash
# Runs the fyne packaging tool, fyne.io/tools v1.7.2, built from the module
# cache: `go run fyne.io/tools/cmd/fyne@v1.7.2` also works where the module
# proxy answers list queries, but some proxies refuse them.
set -euo pipefail
BIN=${FYNE_TOOL:-$(go env GOPATH)/bin/fyne-v1.7.2}
if [ ! -x "$BIN" ]; then
	go mod download fyne.io/tools@v1.7.2
	(cd "$(go env GOMODCACHE)/fyne.io/tools@v1.7.2" && GOWORK=off GOFLAGS=-mod=mod go build -o "$BIN" ./cmd/fyne)
fi
exec "$BIN" "$@"
