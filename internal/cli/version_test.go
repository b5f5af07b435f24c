package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
)

func runCLI(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Lang: i18n.EN,
		OpenStore: func() (Store, error) { return nil, errors.New("no keyring in this test") }}
	code := Run(context.Background(), e, args)
	return out.String(), code
}

// Without a security-key library (Env.KeyLib empty) version and doctor
// say so. With one, cmd/omamori's TestVersionNamesKeyLibrary checks the
// real binary.
func TestVersionWithoutKeyLibrary(t *testing.T) {
	out, code := runCLI(t, "version")
	if code != ExitOK || !strings.Contains(out, "no libfido2") {
		t.Fatalf("version: %d %q", code, out)
	}
	out, _ = runCLI(t, "doctor")
	if !strings.Contains(out, "security keys cannot be used") {
		t.Fatalf("doctor: %q", out)
	}
}

// version and doctor name the library cmd/omamori wires in.
func TestVersionNamesWiredKeyLibrary(t *testing.T) {
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Lang: i18n.EN, KeyLib: "libfido2 1.16.0",
		OpenStore: func() (Store, error) { return nil, errors.New("no keyring in this test") }}
	if code := Run(context.Background(), e, []string{"version"}); code != ExitOK || !strings.Contains(out.String(), "libfido2 1.16.0)") {
		t.Fatalf("version: %d %q", code, out.String())
	}
	out.Reset()
	Run(context.Background(), e, []string{"doctor", "--json"})
	var r doctorReport
	if err := json.Unmarshal(out.Bytes(), &r); err != nil || r.KeyLibrary != "libfido2 1.16.0" {
		t.Fatalf("doctor --json: %v %q", err, out.String())
	}
}
