package budoux

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"regexp"
	"testing"
)

// The files are as README.md says: the checksums in its table match.
func TestChecksumsMatchREADME(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile("(?m)^\\| `([^`]+)` \\|.*\\| `([0-9a-f]{64})` \\|$").FindAllStringSubmatch(string(readme), -1)
	if len(rows) != 3 {
		t.Fatalf("README.md lists %d files, want 3", len(rows))
	}
	for _, r := range rows {
		b, err := os.ReadFile(r[1])
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != r[2] {
			t.Errorf("%s: SHA-256 %x, README.md says %s", r[1], sum, r[2])
		}
	}
}
