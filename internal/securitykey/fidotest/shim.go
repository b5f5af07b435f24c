//go:build linux

package fidotest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/testenv"
)

// Environment variables shared with the shim and the re-executed child.
const (
	// EnvSocket lists the sockets the shim connects to, ':'-separated;
	// socket N is the device /dev/hidraw-omamoriN.
	EnvSocket = "OMAMORI_HIDSHIM_SOCKET"
	// envShim is the path of an already built shim (set for the child of
	// RunPackageUnderShim so it is built once per test binary run).
	envShim = "OMAMORI_FIDORIG_SHIM"
	// envChild marks the re-executed test binary that runs under the shim.
	envChild = "OMAMORI_FIDORIG_CHILD"
)

// DevicePrefix is the prefix of the fake device paths the shim serves.
const DevicePrefix = "/dev/hidraw-omamori"

// ShimSource returns the path of hidshim.c, found next to this package's
// source (tests always build from source).
func ShimSource() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("fidotest: cannot locate package source")
	}
	src := filepath.Join(filepath.Dir(file), "..", "testdata", "hidshim", "hidshim.c")
	if _, err := os.Stat(src); err != nil {
		return "", fmt.Errorf("fidotest: shim source: %w", err)
	}
	return src, nil
}

// BuildShim compiles the shim with gcc into dir and returns the .so path.
func BuildShim(dir string) (string, error) {
	src, err := ShimSource()
	if err != nil {
		return "", err
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		return "", fmt.Errorf("fidotest: gcc is needed to build the hidshim: %w", err)
	}
	out := filepath.Join(dir, "hidshim.so")
	cmd := exec.Command(gcc, "-shared", "-fPIC", "-O2", "-Wall", "-o", out, src, "-ldl")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("fidotest: building hidshim: %v\n%s", err, msg)
	}
	return out, nil
}

// shimFor returns a built shim: the one RunPackageUnderShim built, or a
// fresh build in the test's temp dir.
func shimFor(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(envShim); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	NeedTools(t, "gcc")
	p, err := BuildShim(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// NeedTools fails the test (OMAMORI_REQUIRE_ALL=1) or skips it when one
// of the named programs is not on PATH.
func NeedTools(t testing.TB, names ...string) {
	t.Helper()
	var missing []string
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return
	}
	testenv.Missingf(t, "needs %s (Debian: gcc, fido2-tools)", strings.Join(missing, ", "))
}

// RequireAll reports whether OMAMORI_REQUIRE_ALL=1.
func RequireAll() bool { return testenv.RequireAll() }
