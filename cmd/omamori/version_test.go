package main_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/securitykey/libfido2"
)

// version and doctor name the libfido2 the binary is linked with, as the
// library itself reports it (main hands the name to the command).
func TestVersionNamesKeyLibrary(t *testing.T) {
	v := libfido2.Version()
	if v == "" {
		t.Skip("this build has no libfido2 (nofido2 or no cgo)")
	}
	r := newCLI(t)
	out, _, code := r.run("", "version")
	if code != 0 || !strings.Contains(out, "libfido2 "+v) {
		t.Fatalf("version: %d %q, want libfido2 %s", code, out, v)
	}
	out, _, _ = r.run("", "doctor", "--json")
	var d struct {
		KeyLibrary string `json:"key_library"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil || d.KeyLibrary != "libfido2 "+v {
		t.Fatalf("doctor --json: %v %q", err, out)
	}
	out, _, _ = r.run("", "doctor")
	if !strings.Contains(out, "libfido2 "+v) {
		t.Fatalf("doctor: %q", out)
	}
}
