package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey/libfido2"
)

func runCLI(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Lang: i18n.EN,
		OpenStore: func() (Store, error) { return nil, errors.New("no keyring in this test") }}
	code := Run(context.Background(), e, args)
	return out.String(), code
}

// version and doctor name the libfido2 the binary is linked with, as the
// library itself reports it.
func TestVersionNamesKeyLibrary(t *testing.T) {
	v := libfido2.Version()
	if v == "" {
		t.Skip("this build has no libfido2 (nofido2 or no cgo)")
	}
	out, code := runCLI(t, "version")
	if code != ExitOK || !strings.Contains(out, "libfido2 "+v) {
		t.Fatalf("version: %d %q, want libfido2 %s", code, out, v)
	}
	out, _ = runCLI(t, "doctor", "--json")
	var r doctorReport
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.KeyLibrary != "libfido2 "+v {
		t.Fatalf("doctor --json: %v %q", err, out)
	}
	out, _ = runCLI(t, "doctor")
	if !strings.Contains(out, "libfido2 "+v) {
		t.Fatalf("doctor: %q", out)
	}
}

func TestVersionWithoutKeyLibrary(t *testing.T) {
	defer func(f func() string) { keyLibrary = f }(keyLibrary)
	keyLibrary = func() string { return "" }
	out, code := runCLI(t, "version")
	if code != ExitOK || !strings.Contains(out, "no libfido2") {
		t.Fatalf("version: %d %q", code, out)
	}
	out, _ = runCLI(t, "doctor")
	if !strings.Contains(out, "security keys cannot be used") {
		t.Fatalf("doctor: %q", out)
	}
}
