//go:build !linux

package app

// canRestart: see restart_linux.go.
const canRestart = false

func restartInTray() int { return 0 }
