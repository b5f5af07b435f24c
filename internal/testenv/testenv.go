// Package testenv decides, for tests, what to do when something they
// need (a tool, a service, a display) is missing: skip, or fail when
// OMAMORI_REQUIRE_ALL=1, so CI (scripts/test.sh sets it) never passes
// by skipping. It is imported by tests and test rigs only.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// EnvRequireAll names the switch that turns skips into failures.
const EnvRequireAll = "OMAMORI_REQUIRE_ALL"

// RequireAll reports whether OMAMORI_REQUIRE_ALL=1.
func RequireAll() bool { return os.Getenv(EnvRequireAll) == "1" }

// Need does nothing when ok; otherwise it fails t under
// OMAMORI_REQUIRE_ALL=1 and skips it otherwise, saying why.
func Need(t testing.TB, ok bool, why string) {
	t.Helper()
	if ok {
		return
	}
	Missing(t, why)
}

// Missing fails t under OMAMORI_REQUIRE_ALL=1 and skips it otherwise.
func Missing(t testing.TB, why string) {
	t.Helper()
	if RequireAll() {
		t.Fatal(why + " (required: " + EnvRequireAll + "=1)")
	}
	t.Skip(why)
}

// Missingf is Missing with a format.
func Missingf(t testing.TB, format string, args ...any) {
	t.Helper()
	Missing(t, fmt.Sprintf(format, args...))
}

// Tool returns the path of program prog, or skips or fails t (see
// Missing) naming the Debian package that has it.
func Tool(t testing.TB, prog, debPackage string) string {
	t.Helper()
	p, err := exec.LookPath(prog)
	if err != nil {
		Missingf(t, "%s not found (Debian package %s)", prog, debPackage)
	}
	return p
}
