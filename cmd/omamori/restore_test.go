package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A damaged account list is never silent: the first command after the
// repair says what was restored and from where, once; a later repair is
// told again; a list lost with its backup is not "No accounts yet".
func TestDamagedAccountListIsTold(t *testing.T) {
	r := newCLI(t)
	for _, n := range []string{"A", "B"} {
		if _, e, rc := r.run(randomSecret(), "add", "--name", n); rc != 0 {
			t.Fatal(e)
		}
	}
	list := filepath.Join(r.config, "accounts.json")
	damage := func(path string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(`{"version": 1, "accounts": [`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	damage(list)
	out, e, rc := r.run("", "list")
	if rc != 0 || !strings.Contains(out, "A") {
		t.Fatalf("list after repair: rc=%d %q %q", rc, out, e)
	}
	for _, want := range []string{"restored", "accounts.json.bak", "1 account(s)", "corrupt-", "omamori recover"} {
		if !strings.Contains(e, want) {
			t.Errorf("notice lacks %q: %q", want, e)
		}
	}
	if _, e, _ := r.run("", "code", "A"); strings.Contains(e, "restored") {
		t.Errorf("told twice: %q", e)
	}

	// A second, different repair is told again: the marker was for the first.
	damage(list)
	if _, e, _ := r.run("", "code", "A"); !strings.Contains(e, "restored") {
		t.Errorf("second repair not told: %q", e)
	}

	// Both damaged.
	damage(list)
	damage(list + ".bak")
	out, e, rc = r.run("", "list")
	if rc != 1 || strings.Contains(out+e, "No accounts yet") || !strings.Contains(e, "both") {
		t.Errorf("both damaged: rc=%d %q %q", rc, out, e)
	}
	r.lang = "ja_JP.UTF-8"
	damage(list)
	damage(list + ".bak")
	if _, e, rc := r.run("", "code"); rc != 1 || !strings.Contains(e, "両方が壊れて") || strings.Contains(e, "まだ登録されていません") {
		t.Errorf("both damaged, Japanese: rc=%d %q", rc, e)
	}
}
