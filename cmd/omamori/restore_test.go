package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// Secrets left when the list and its backup are lost are listed by their
// enrolled names and restored or deleted on request.
func TestRecover(t *testing.T) {
	r := newCLI(t)
	secretA := randomSecret()
	for n, s := range map[string]string{"三菱 太郎": secretA, "B": randomSecret(), "C": randomSecret()} {
		if _, e, rc := r.run(s, "add", "--name", n); rc != 0 {
			t.Fatal(e)
		}
	}
	for _, n := range []string{"accounts.json", "accounts.json.bak"} {
		os.Remove(filepath.Join(r.config, n))
	}
	if out, _, _ := r.run("", "doctor", "--json"); !strings.Contains(out, `"unused_registrations": 3`) {
		t.Errorf("doctor does not count the lost registration info: %s", out)
	}
	out, e, rc := r.run("", "recover")
	if rc != 0 || !strings.Contains(out, "三菱 太郎") || !strings.Contains(out, "B") || strings.Contains(out+e, secretA) {
		t.Fatalf("recover: rc=%d %q %q", rc, out, e)
	}
	if _, e, rc := r.run("", "recover", "--restore", "三菱 太郎"); rc != 0 {
		t.Fatal(e)
	}
	out, _, _ = r.run("", "code", "三菱 太郎", "--json")
	var codes []code
	if json.Unmarshal([]byte(out), &codes) != nil || len(codes) != 1 ||
		codes[0].Code != oathtool(t, secretA, codes[0].ValidUntil.Add(-time.Second)) {
		t.Errorf("restored account's code: %s", out)
	}
	if _, _, rc := r.run("", "recover", "--delete", "B"); rc != 2 {
		t.Errorf("delete from a pipe without --yes: rc=%d, want 2", rc)
	}
	if _, e, rc := r.run("", "recover", "--delete", "B", "--yes"); rc != 0 {
		t.Fatal(e)
	}
	// Enrolling C's secret again does not leave a second item.
	var items []struct {
		Name string `json:"name"`
	}
	out, _, _ = r.run("", "recover", "--json")
	if json.Unmarshal([]byte(out), &items) != nil || len(items) != 1 || items[0].Name != "C" {
		t.Fatalf("left: %s", out)
	}
	if _, e, rc := r.run("", "recover", "--restore", "C", "--name", "シー"); rc != 0 {
		t.Fatal(e)
	}
	out, _, _ = r.run("", "recover")
	if !strings.Contains(out, "No lost registration info") {
		t.Errorf("after restoring all: %q", out)
	}
	out, _, _ = r.run("", "list")
	if !strings.Contains(out, "三菱 太郎") || !strings.Contains(out, "シー") || strings.Contains(out, "B ") {
		t.Errorf("list: %q", out)
	}
}
