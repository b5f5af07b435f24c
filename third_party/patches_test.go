package thirdparty_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every patch we carry, to a C library or a Go module, is named and
// explained in its folder's README.md, and a patches folder is never empty.
func TestEveryPatchIsExplained(t *testing.T) {
	dirs, _ := filepath.Glob("*/patches")
	if len(dirs) == 0 {
		t.Fatal("no */patches folders found")
	}
	for _, dir := range dirs {
		readme, err := os.ReadFile(filepath.Join(filepath.Dir(dir), "README.md"))
		if err != nil {
			t.Error(err)
			continue
		}
		patches, _ := filepath.Glob(filepath.Join(dir, "*.patch"))
		if len(patches) == 0 {
			t.Errorf("no patches found in %s", dir)
		}
		for _, p := range patches {
			if !strings.Contains(string(readme), filepath.Base(p)) {
				t.Errorf("%s/README.md does not explain %s", filepath.Dir(dir), filepath.Base(p))
			}
		}
	}
}
