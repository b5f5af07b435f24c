package golibfido2

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
