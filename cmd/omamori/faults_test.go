package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// With no keyring to ask (no D-Bus session), doctor still shows the
// Accounts line, counted from accounts.json, and the support code counts
// them too (issue 23: it said nothing, and 0 accounts).
func TestDoctorCountsAccountsWithoutKeyring(t *testing.T) {
	r := newCLI(t)
	for _, name := range []string{"A", "B"} {
		if _, e, rc := r.run(randomSecret()+"\n", "add", "--name", name); rc != 0 {
			t.Fatalf("add: %s", e)
		}
	}
	cmd := exec.Command(binary, "doctor", "--json")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service, "LANG=C.UTF-8", "XDG_RUNTIME_DIR="+t.TempDir())
	out, _ := cmd.Output()
	var d struct {
		Keyring  string `json:"keyring"`
		Accounts *int   `json:"accounts"`
	}
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("doctor output %q: %v", out, err)
	}
	if d.Keyring == "ok" || d.Accounts == nil || *d.Accounts != 2 {
		t.Errorf("doctor without a keyring: keyring %q, accounts %v; want 2 counted from the list", d.Keyring, d.Accounts)
	}
}

// `add >/dev/full` saves the account; it must say so, not "run the
// command again" (which would register a duplicate or fail).
func TestAddToFullOutputSaysSaved(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	r := newCLI(t)
	cmd := exec.Command(binary, "add", "--name", "A")
	cmd.Env = append(os.Environ(), "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service, "LANG=C.UTF-8")
	cmd.Stdin = strings.NewReader(randomSecret() + "\n")
	cmd.Stdout = full
	var e strings.Builder
	cmd.Stderr = &e
	if err := cmd.Run(); err == nil {
		t.Error("add >/dev/full exited 0")
	}
	if msg := e.String(); !strings.Contains(msg, "was made and saved") || strings.Contains(msg, "run the command again") {
		t.Errorf("stderr: %s", msg)
	}
	if out, _, _ := r.run("", "list", "--json"); !strings.Contains(out, `"A"`) {
		t.Errorf("account not saved: %s", out)
	}
}
