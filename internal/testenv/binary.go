package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// EnvBinary names an omamori binary that scripts/test.sh builds once for
// every test package that runs the command. Without it each such package
// builds its own.
const EnvBinary = "OMAMORI_TEST_BINARY"

// BuildOmamori returns the omamori command for tests that run it:
// $OMAMORI_TEST_BINARY when set, else this module's ./cmd/omamori built
// into dir.
func BuildOmamori(dir string) (string, error) {
	if p := os.Getenv(EnvBinary); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s: %w", EnvBinary, err)
		}
		return p, nil
	}
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	bin := filepath.Join(dir, "omamori")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/omamori")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/omamori: %v\n%s", err, out)
	}
	return bin, nil
}
