//go:build linux

package main_test

import (
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
	"github.com/omamori-app/omamori/internal/testenv"
)

// The real binary, the real libfido2 and the Secret Service: omamori
// seal on asks for a passphrase backup first, then the keyring item
// holds no secret in clear (secret-tool); omamori code then asks for the
// key's PIN on the terminal and gives oathtool's code, refuses a wrong
// PIN or no key with no code printed; seal off brings the plain items back.
func TestSealedCodeAsksForTheKey(t *testing.T) {
	r := newCLI(t)
	rig := fidotest.Start(t, fidotest.Options{})
	const pin = "tsuru-kame-pin"
	if err := rig.Key().SetPIN(context.Background(), pin); err != nil {
		t.Fatal(err)
	}
	acc := account{"三菱 花子", randomSecret(), "sha1", 6, 60}
	if _, e, rc := r.run(acc.secret, "add", "--name", acc.name); rc != 0 {
		t.Fatal(e)
	}
	if out, _, rc := r.run("", "seal", "status"); rc != 0 || !strings.Contains(out, "command line is not locked") {
		t.Fatalf("status: %d %q", rc, out)
	}
	if out, e, rc := r.runKey(rig, pin+"\n", "seal", "on"); rc != 1 || !strings.Contains(e, "backup with a passphrase") {
		t.Fatalf("seal on before a backup: %d %s %s", rc, out, e)
	}
	file := t.TempDir() + "/b.omamori-backup.age"
	if _, e, rc := r.run(testPassphrase+"\n"+testPassphrase+"\n", "backup", "--out", file); rc != 0 {
		t.Fatal(e)
	}
	if out, e, rc := r.runKey(rig, pin+"\n", "seal", "on"); rc != 0 || !strings.Contains(e, "(2 of 2)") || !strings.Contains(out, "Sealed 1 accounts") {
		t.Fatalf("seal on: %d %s %s", rc, out, e)
	}
	tool := testenv.Tool(t, "secret-tool", "libsecret-tools")
	ids, err := exec.Command(tool, "search", "--all", "service", r.service).CombinedOutput()
	if err != nil || !strings.Contains(string(ids), "omamori-sealed:1:") || strings.Contains(string(ids), acc.secret) {
		t.Fatalf("keyring item through secret-tool (%v):\n%s", err, ids)
	}

	// doctor asks for no key: it counts the accounts and says they are sealed.
	if out, e, rc := r.run("", "doctor", "--json", "--time-server", "127.0.0.1:9"); !strings.Contains(out, `"sealed": true`) || !strings.Contains(out, `"accounts": 1`) || strings.Contains(e, "PIN") {
		t.Fatalf("doctor: %d %s %s", rc, out, e)
	}
	out, e, rc := r.runKey(rig, pin+"\n", "code", "--json")
	var codes []code
	if rc != 0 || json.Unmarshal([]byte(out), &codes) != nil || len(codes) != 1 || !strings.Contains(e, "sealed with your security key") {
		t.Fatalf("sealed code: %d %q %q", rc, out, e)
	}
	if want := oathtoolWith(t, acc, codes[0].ValidUntil.Add(-time.Second)); codes[0].Code != want {
		t.Fatalf("code %s, oathtool says %s", codes[0].Code, want)
	}
	out, e, rc = r.runKey(rig, "0000-wrong\n", "code")
	t.Logf("wrong PIN: %s", e)
	if rc != 1 || strings.TrimSpace(out) != "" || !strings.Contains(e, "PIN") {
		t.Fatalf("wrong PIN: %d %q %q", rc, out, e)
	}
	out, e, rc = r.run(pin+"\n", "code") // no key visible to libfido2
	t.Logf("no key: %s", e)
	if rc != 1 || strings.TrimSpace(out) != "" || !strings.Contains(e, "No security key is plugged in") {
		t.Fatalf("no key: %d %q %q", rc, out, e)
	}
	if out, e, rc := r.runKey(rig, pin+"\n", "seal", "off"); rc != 0 || !strings.Contains(out, "Sealing is off") {
		t.Fatalf("seal off: %d %s %s", rc, out, e)
	}
	checkCodes(t, r, []account{acc}) // no key, no PIN
}
