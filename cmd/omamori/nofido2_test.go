package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/testenv"
)

// Codes never depend on the security-key library: a build without libfido2
// (-tags nofido2, what a customer has when the library cannot start) still
// enrols and makes the codes oathtool makes, while `key` commands say in
// Japanese and English what is wrong, and version/doctor show it.
func TestCodesWithoutKeyLibrary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "omamori-nofido2")
	if out, err := exec.Command("go", "build", "-tags", "nofido2", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build -tags nofido2: %v\n%s", err, out)
	}
	r := newCLI(t)
	run := func(lang, stdin string, args ...string) (string, string, int) {
		saved := binary
		binary = bin
		defer func() { binary = saved }()
		r.lang = lang
		return r.run(stdin, args...)
	}
	secret := randomSecret()
	if out, e, rc := run("C.UTF-8", secret, "add", "--name", "口座"); rc != 0 {
		t.Fatalf("add: %d %s %s", rc, out, e)
	}
	out, e, rc := run("C.UTF-8", "", "code", "口座", "--json")
	var codes []code
	if rc != 0 || json.Unmarshal([]byte(out), &codes) != nil || len(codes) != 1 {
		t.Fatalf("code: %d %q %s", rc, out, e)
	}
	if want := oathtool(t, secret, codes[0].ValidUntil.Add(-time.Second)); codes[0].Code != want {
		t.Fatalf("code %s, oathtool says %s", codes[0].Code, want)
	}
	_, e, rc = run("C.UTF-8", "", "key", "list")
	if rc == 0 || !strings.Contains(e, "security-key library did not start") || !strings.Contains(e, "Reinstall Omamori") {
		t.Errorf("key list (en): rc=%d %q", rc, e)
	}
	_, e, rc = run("ja_JP.UTF-8", "", "key", "list")
	if rc == 0 || !strings.Contains(e, "セキュリティキーを使えません") || !strings.Contains(e, "入れ直して") {
		t.Errorf("key list (ja): rc=%d %q", rc, e)
	}
	if out, _, _ := run("C.UTF-8", "", "version"); !strings.Contains(out, "no libfido2") {
		t.Errorf("version: %q", out)
	}
	if out, _, _ := run("C.UTF-8", "", "doctor"); !strings.Contains(out, "security keys cannot be used") {
		t.Errorf("doctor: %q", out)
	}
	// The window opens too (under scripts/test.sh's X server).
	if os.Getenv("DISPLAY") == "" {
		return
	}
	_, err := exec.LookPath("xdotool")
	testenv.Need(t, err == nil, "xdotool not installed")
	win := exec.Command(bin)
	win.Env = append(os.Environ(), "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service, "OMAMORI_TIME_SERVERS=off")
	if err := win.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- win.Wait() }()
	defer func() { win.Process.Kill(); <-done }()
	find := exec.Command("timeout", "60", "xdotool", "search", "--sync", "--onlyvisible", "--pid", strconv.Itoa(win.Process.Pid))
	if out, err := find.Output(); err != nil || len(strings.Fields(string(out))) == 0 {
		t.Fatalf("no window without libfido2: %v", err)
	}
}
