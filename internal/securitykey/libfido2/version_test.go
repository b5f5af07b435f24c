//go:build linux && cgo && !nofido2

package libfido2

import (
	"os/exec"
	"strings"
	"testing"
)

// The version comes from the library itself: on Linux it must match what
// pkg-config says about the libfido2 the binding links.
func TestVersionMatchesLinkedLibrary(t *testing.T) {
	out, err := exec.Command("pkg-config", "--modversion", "libfido2").Output()
	if err != nil {
		t.Skip("no pkg-config libfido2:", err)
	}
	want := strings.TrimSpace(string(out))
	if got := Version(); got != want {
		t.Fatalf("Version() = %q, pkg-config says %q", got, want)
	}
}
