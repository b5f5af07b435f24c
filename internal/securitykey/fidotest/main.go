//go:build linux

package fidotest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Slots is how many rigs can run at once in a package under the shim.
const Slots = 8

// RunPackageUnderShim is for TestMain in packages whose tests call
// libfido2 in-process:
//
//	func TestMain(m *testing.M) { os.Exit(fidotest.RunPackageUnderShim(m)) }
//
// In the parent it builds the shim once, then re-runs this test binary
// (same arguments) with LD_PRELOAD set and Slots socket paths in
// OMAMORI_HIDSHIM_SOCKET, and returns the child's exit code; the child
// just runs the tests. Without gcc the tests run in this process without
// the shim (Start then skips or, with OMAMORI_REQUIRE_ALL=1, fails).
func RunPackageUnderShim(m *testing.M) int {
	if os.Getenv(envChild) == "1" {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "fidotest")
	if err != nil {
		fmt.Fprintln(os.Stderr, "fidotest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	so, err := BuildShim(dir)
	if err != nil {
		if RequireAll() {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Fprintln(os.Stderr, "fidotest: running without the hidshim:", err)
		return m.Run()
	}
	socks := make([]string, Slots)
	for i := range socks {
		socks[i] = filepath.Join(dir, fmt.Sprintf("key%d.sock", i))
	}
	preload := so
	if old := os.Getenv("LD_PRELOAD"); old != "" {
		preload += " " + old
	}
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(),
		"LD_PRELOAD="+preload,
		EnvSocket+"="+strings.Join(socks, ":"),
		envShim+"="+so,
		envChild+"=1",
	)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if code := exit.ExitCode(); code > 0 {
			return code
		}
		return 1 // killed by a signal
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fidotest: running tests under the shim:", err)
		return 1
	}
	return 0
}
