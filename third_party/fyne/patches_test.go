package fyne

import (
	"os/exec"
	"testing"
)

// Every patch applies, in order, to a fresh copy of the Fyne version go.mod
// pins: a Fyne upgrade or an edited patch that breaks this fails here.
func TestPatchesApplyToPinnedFyne(t *testing.T) {
	cmd := exec.Command("bash", "../../scripts/fyne-patched.sh", "--check")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/fyne-patched.sh --check: %v\n%s", err, out)
	}
}
