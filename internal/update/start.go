package update

import "os/exec"

// startDetached starts the installer as its own process and does not wait:
// it replaces this program's files, and on Windows a running program's
// file cannot be replaced, so this process must end first.
func startDetached(path string, args []string) error {
	cmd := exec.Command(path, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Process.Release()
}
