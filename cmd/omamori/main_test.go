package main_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	omamori "github.com/omamori-app/omamori/cmd/omamori"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/support"
	"github.com/omamori-app/omamori/internal/testenv"
)

// These tests run the real binary against the real Secret Service
// (scripts/test.sh starts gnome-keyring in a private D-Bus session) and
// check its codes against oathtool, an independent implementation.

var binary string

// TestMain builds the binary once for the Go tests, and lets the scripts
// in testdata/script run this test binary as "omamori" (its main).
func TestMain(m *testing.M) {
	testscript.Main(withBinary{m}, map[string]func(){"omamori": omamori.Main})
}

// withBinary builds the binary before the tests run (not when the test
// binary is started as "omamori" by a script).
type withBinary struct{ m *testing.M }

func (w withBinary) Run() int {
	dir, err := os.MkdirTemp("", "omamori-bin")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	binary, err = testenv.BuildOmamori(dir)
	if err != nil {
		panic(err)
	}
	return w.m.Run()
}

type cliRun struct {
	t       *testing.T
	config  string
	service string
	lang    string
}

func newCLI(t *testing.T) *cliRun {
	testenv.Need(t, os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "", "no D-Bus session: run under scripts/test.sh (dbus-run-session + gnome-keyring)")
	r := &cliRun{t: t, config: t.TempDir(), service: "omamori-test-" + randomID(t), lang: "C.UTF-8"}
	// Tests talk to loopback only: no public time servers unless a test
	// names its own with --time-server.
	if err := os.WriteFile(filepath.Join(r.config, "time-policy.json"), []byte(`{"ntp_servers": [], "https_servers": []}`), 0o600); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *cliRun) run(stdin string, args ...string) (stdout, stderr string, code int) {
	r.t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service,
		"LANG="+r.lang, "LC_ALL=", "LC_MESSAGES=")
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatal(err)
	}
	return o.String(), e.String(), code
}

func randomID(t *testing.T) string {
	b := make([]byte, 6)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

func randomSecret() string {
	b := make([]byte, 20)
	rand.Read(b)
	return base32.StdEncoding.EncodeToString(b) // 32 characters, no padding for 20 bytes
}

type code struct {
	Name        string    `json:"name"`
	Code        string    `json:"code"`
	Next        string    `json:"next_code"`
	SecondsLeft int       `json:"seconds_left"`
	ValidUntil  time.Time `json:"valid_until"`
}

func oathtool(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	_, err := exec.LookPath("oathtool")
	testenv.Need(t, err == nil, "oathtool not installed (Debian package oathtool)")
	// A throw-away test key: on a command line only because it is not real.
	out, err := exec.Command("oathtool", "--totp", "-s", "60", "-d", "6", "-b", secret,
		"-N", at.UTC().Format("2006-01-02 15:04:05 UTC")).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

func TestEnrolAndCodeMatchOathtool(t *testing.T) {
	r := newCLI(t)
	secret := randomSecret()
	// Pasted the way customers do: in groups, full-width, with a trailing newline.
	pasted := secret[:8] + "　" + secret[8:16] + "-" + secret[16:24] + " " + strings.ToLower(secret[24:]) + "\n"
	out, errOut, rc := r.run(pasted, "add", "--name", "三菱 太郎")
	if rc != 0 {
		t.Fatalf("add: rc=%d\n%s%s", rc, out, errOut)
	}
	if !strings.Contains(out, "三菱 太郎") {
		t.Errorf("add did not confirm the name: %q", out)
	}
	out, errOut, rc = r.run("", "code", "三菱 太郎", "--json")
	if rc != 0 {
		t.Fatalf("code: rc=%d %s", rc, errOut)
	}
	var codes []code
	if err := json.Unmarshal([]byte(out), &codes); err != nil || len(codes) != 1 {
		t.Fatalf("code --json: %v %q", err, out)
	}
	c := codes[0]
	at := c.ValidUntil.Add(-time.Second)
	if want := oathtool(t, secret, at); c.Code != want {
		t.Errorf("code %s, oathtool says %s", c.Code, want)
	}
	if want := oathtool(t, secret, at.Add(60*time.Second)); c.Next != want {
		t.Errorf("next code %s, oathtool says %s", c.Next, want)
	}
	if c.SecondsLeft < 1 || c.SecondsLeft > 60 {
		t.Errorf("seconds left %d", c.SecondsLeft)
	}
	assertNoSecretInFiles(t, r.config, secret)
	assertKeyringHas(t, r.service, secret)

	// The same secret again is refused, naming the account that has it.
	_, errOut, rc = r.run(secret, "add", "--name", "二つ目")
	if rc != 1 || !strings.Contains(errOut, "三菱 太郎") {
		t.Errorf("duplicate secret: rc=%d %q", rc, errOut)
	}
	if strings.Contains(errOut, secret) {
		t.Error("an error message shows the secret")
	}
}

// Listing, renaming, removing, usage errors and the language of messages:
// testdata/script/add_code_remove.txtar and setupcode_errors.txtar.

func TestDoctor(t *testing.T) {
	r := newCLI(t)
	r.run(randomSecret(), "add", "--name", "A")
	out, e, rc := r.run("", "doctor", "--json")
	if rc != 0 {
		t.Fatalf("doctor: %d %s", rc, e)
	}
	var d struct {
		Keyring   string `json:"keyring"`
		ConfigDir string `json:"config_dir"`
		Accounts  int    `json:"accounts"`
		Code      string `json:"support_code"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Keyring != "ok" || d.Accounts != 1 || d.ConfigDir != r.config {
		t.Errorf("doctor: %+v", d)
	}
	// The same support code the window's サポート情報 computes (internal/support).
	if sc, err := support.Decode(d.Code); err != nil || sc.Accounts != 1 || sc.Keyring != support.KeyringOK || sc.OS != "linux" {
		t.Errorf("support code %q: %+v %v", d.Code, sc, err)
	}
}

func TestKeyringUnavailable(t *testing.T) {
	r := newCLI(t)
	secret := randomSecret()
	cmd := exec.Command(binary, "add", "--name", "A")
	cmd.Env = append(os.Environ(), "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service,
		"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus", "LANG=C.UTF-8")
	cmd.Stdin = strings.NewReader(secret)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("add with no keyring: %v %s", err, out)
	}
	if strings.Contains(string(out), secret) {
		t.Error("error output shows the secret")
	}
	assertNoSecretInFiles(t, r.config, secret)
}

func assertNoSecretInFiles(t *testing.T, dir, secret string) {
	t.Helper()
	raw, _ := base32.StdEncoding.DecodeString(secret)
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, s := range [][]byte{[]byte(secret), []byte(strings.ToLower(secret)), raw} {
			if bytes.Contains(b, s) {
				t.Errorf("%s holds the secret", p)
			}
		}
		return nil
	})
}

func assertKeyringHas(t *testing.T, service, secret string) {
	t.Helper()
	_, err := exec.LookPath("secret-tool")
	testenv.Need(t, err == nil, "secret-tool not installed (Debian package libsecret-tools)")
	out, err := exec.Command("secret-tool", "search", "--all", "--unlock", "service", service).CombinedOutput()
	if err != nil {
		t.Fatalf("secret-tool: %v %s", err, out)
	}
	if !strings.Contains(string(out), secret) {
		t.Errorf("the secret is not in the Secret Service under %q", service)
	}
}

func TestAddFromQRImage(t *testing.T) {
	r := newCLI(t)
	secret := randomSecret()
	png, err := otpauth.EncodeQR("otpauth://totp/Example%20Securities:taro?secret="+secret+"&issuer=Example%20Securities&period=60", 256)
	if err != nil {
		t.Fatal(err)
	}
	img := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(img, png, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, e, rc := r.run("", "add", "--name", "QR", "--qr", img); rc != 0 {
		t.Fatalf("add --qr: %s", e)
	}
	out, _, _ := r.run("", "list", "--json")
	if !strings.Contains(out, `"issuer": "Example Securities"`) {
		t.Errorf("issuer from the QR not kept: %s", out)
	}
	out, _, _ = r.run("", "code", "QR", "--json")
	var codes []code
	if err := json.Unmarshal([]byte(out), &codes); err != nil || len(codes) != 1 {
		t.Fatal(err, out)
	}
	if want := oathtool(t, secret, codes[0].ValidUntil.Add(-time.Second)); codes[0].Code != want {
		t.Errorf("code %s, oathtool says %s", codes[0].Code, want)
	}
	// Not an image: a clear failure, nothing stored.
	if _, _, rc := r.run("", "add", "--name", "bad", "--qr", filepath.Join(t.TempDir(), "missing.png")); rc != 1 {
		t.Errorf("missing image: rc=%d, want 1", rc)
	}
}

// Every command fails when its output cannot be written: a script must
// not take "omamori code >/dev/full" for a success.
func TestOutputWriteErrors(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	testenv.Need(t, err == nil, "no /dev/full")
	defer full.Close()
	r := newCLI(t)
	if _, e, rc := r.run(randomSecret(), "add", "--name", "A"); rc != 0 {
		t.Fatal(e)
	}
	for _, args := range [][]string{{"code"}, {"code", "A"}, {"code", "--json"}, {"list"}, {"version"}, {"doctor"}, {"help"}} {
		cmd := exec.Command(binary, args...)
		cmd.Env = append(os.Environ(), "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service, "LANG=C.UTF-8")
		cmd.Stdout = full
		var e bytes.Buffer
		cmd.Stderr = &e
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Errorf("%v >/dev/full: %v, want exit 1; stderr %q", args, err, e.String())
		}
	}
}
