package app

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

// canRestart: only measured and needed on Linux, where the OpenGL driver
// stays mapped (docs/performance.md). Windows has no exec, and neither
// its nor macOS's driver was measured.
const canRestart = true

// restartInTray replaces this process with a new one of the same
// executable (a package update since start-up: the new version), started
// in the tray. Same process id, same environment, same standard streams.
// Should exec fail, it starts a new process instead and returns.
func restartInTray() int {
	exe, err := os.Executable()
	if err == nil {
		err = syscall.Exec(exe, []string{os.Args[0], TrayArg}, os.Environ())
	}
	fmt.Fprintln(os.Stderr, "omamori: starting again in the tray:", err)
	if exe == "" {
		exe = os.Args[0]
	}
	cmd := exec.Command(exe, TrayArg)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "omamori: could not start again:", err)
		return 1
	}
	return 0
}
