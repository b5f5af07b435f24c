//go:build linux

package cli

import (
	"strings"
	"testing"
)

// Each input's messages are its own: a far too long piped PIN is not
// called a setup code.
func TestLongPipedPINIsNotASetupCode(t *testing.T) {
	_, errOut, code := runKeyInProcess(t, strings.Repeat("1", 2000)+"\n", "set-pin", "--practice")
	if code != ExitFailure {
		t.Fatalf("exit %d: %q", code, errOut)
	}
	if strings.Contains(strings.ToLower(errOut), "setup code") || !strings.Contains(errOut, "too long") {
		t.Errorf("message %q", errOut)
	}
}
