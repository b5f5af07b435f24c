//go:build !windows

package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/testenv"
)

// doctorWith runs `doctor --json` with the given D-Bus session address
// ("" = none at all) and returns the keyring status, its message, the
// exit code and how long it took.
func doctorWith(t *testing.T, r *cliRun, bus string) (status, msg string, rc int, took time.Duration) {
	t.Helper()
	cmd := exec.Command(binary, "doctor", "--json")
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "DISPLAY=") {
			env = append(env, kv)
		}
	}
	if bus != "" {
		env = append(env, "DBUS_SESSION_BUS_ADDRESS="+bus)
	}
	// No XDG_RUNTIME_DIR bus to fall back on either.
	cmd.Env = append(env, "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service, "LANG=C.UTF-8",
		"XDG_RUNTIME_DIR="+t.TempDir())
	start := time.Now()
	out, err := cmd.Output()
	took = time.Since(start)
	if ee, ok := err.(*exec.ExitError); ok {
		rc = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Keyring      string `json:"keyring"`
		KeyringError string `json:"keyring_error"`
	}
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("doctor output %q: %v", out, err)
	}
	return d.Keyring, d.KeyringError, rc, took
}

// Doctor tests the keyring for real and says what is wrong with it.
func TestDoctorProbesKeyring(t *testing.T) {
	r := newCLI(t)
	if st, msg, rc, _ := doctorWith(t, r, os.Getenv("DBUS_SESSION_BUS_ADDRESS")); st != "ok" || rc != 0 {
		t.Errorf("working keyring: %s %q rc=%d", st, msg, rc)
	}
	for _, bus := range []string{"", "unix:path=/nonexistent/bus"} {
		st, msg, rc, _ := doctorWith(t, r, bus)
		if st != "missing" || rc != 1 || !strings.Contains(msg, "not running") {
			t.Errorf("no D-Bus session (%q): %s %q rc=%d", bus, st, msg, rc)
		}
	}
}

// A D-Bus peer that accepts the connection and never answers: doctor
// says the keyring timed out, well before the old two minutes.
func TestDoctorHungKeyring(t *testing.T) {
	r := newCLI(t)
	st, msg, rc, took := doctorWith(t, r, testenv.HungBus(t))
	if st != "timed_out" || rc != 1 || !strings.Contains(msg, "did not answer") {
		t.Errorf("hung keyring: %s %q rc=%d", st, msg, rc)
	}
	if took > 60*time.Second {
		t.Errorf("doctor took %v on a hung keyring", took)
	}
}

// A locked keyring (in a private D-Bus session of its own, so no other
// test's keyring is locked) is reported as locked, not as working.
func TestDoctorLockedKeyring(t *testing.T) {
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon", "gdbus"} {
		_, err := exec.LookPath(tool)
		testenv.Need(t, err == nil, tool+" not installed (scripts/deps-debian.txt)")
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data", "keyrings"), 0o700); err != nil {
		t.Fatal(err)
	}
	script := `echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
  --method org.freedesktop.Secret.Service.Lock "['/org/freedesktop/secrets/collection/login']" >/dev/null
exec "$0" doctor --json`
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script, binary)
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "DISPLAY=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "XDG_DATA_HOME="+filepath.Join(dir, "data"), "OMAMORI_CONFIG_DIR="+filepath.Join(dir, "cfg"), "LANG=C.UTF-8")
	out, _ := cmd.Output()
	if i := bytes.IndexByte(out, '{'); i > 0 {
		out = out[i:] // gnome-keyring-daemon's own line
	}
	var d struct {
		Keyring      string `json:"keyring"`
		KeyringError string `json:"keyring_error"`
	}
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("doctor output %q: %v", out, err)
	}
	if d.Keyring != "locked" || !strings.Contains(d.KeyringError, "locked") {
		t.Errorf("locked keyring: %+v", d)
	}
}
