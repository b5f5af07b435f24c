package fyne

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// Each patch says why it exists in README.md.
func TestEveryPatchIsExplained(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	patches, _ := filepath.Glob("patches/*.patch")
	if len(patches) == 0 {
		t.Fatal("no patches found in patches/")
	}
	for _, p := range patches {
		if !strings.Contains(string(readme), filepath.Base(p)) {
			t.Errorf("README.md does not explain %s", filepath.Base(p))
		}
	}
}
