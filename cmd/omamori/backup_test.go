package main_test

import (
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/testenv"
)

// A throw-away passphrase: tests give it on standard input, never as an
// argument, like a customer would.
const testPassphrase = "ひまわり畑の夏やすみ2026"

type account struct {
	name, secret   string // secret in base32
	algo           string // oathtool's --totp value
	digits, period int
}

// oathtoolWith is oathtool for any profile.
func oathtoolWith(t *testing.T, a account, at time.Time) string {
	t.Helper()
	out, err := exec.Command(testenv.Tool(t, "oathtool", "oathtool"), "--totp="+a.algo, "-s", fmt.Sprint(a.period), "-d", fmt.Sprint(a.digits), "-b", a.secret,
		"-N", at.UTC().Format("2006-01-02 15:04:05 UTC")).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// checkCodes compares every account's code with oathtool.
func checkCodes(t *testing.T, r *cliRun, accs []account) {
	t.Helper()
	out, errOut, rc := r.run("", "code", "--json")
	var codes []code
	if rc != 0 || json.Unmarshal([]byte(out), &codes) != nil {
		t.Fatalf("code --json: %d %q %q", rc, out, errOut)
	}
	byName := map[string]code{}
	for _, c := range codes {
		byName[c.Name] = c
	}
	for _, a := range accs {
		c, ok := byName[a.name]
		if !ok {
			t.Errorf("%s missing after restore: %v", a.name, codes)
			continue
		}
		if want := oathtoolWith(t, a, c.ValidUntil.Add(-time.Second)); c.Code != want {
			t.Errorf("%s: code %s, oathtool says %s", a.name, c.Code, want)
		}
	}
}

// ageTool runs Debian's age under a pseudo-terminal (it reads
// passphrases from a terminal only), typing lines into it.
func ageTool(t *testing.T, typed string, args ...string) {
	t.Helper()
	testenv.Tool(t, "age", "age")
	cmd := exec.Command(testenv.Tool(t, "script", "bsdutils"), "-q", "-e", "-c", "age "+strings.Join(args, " "), "/dev/null")
	cmd.Stdin = strings.NewReader(typed)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("age %v: %v %q", args, err, strings.ReplaceAll(string(out), testPassphrase, "…"))
	}
}

func TestBackupRestoreRoundTripOnTheSecretService(t *testing.T) {
	old := newCLI(t)
	profiles := `{"version": 1, "profiles": [{"name": "eight", "encoding": "hex", "length": 64, "digits": 8, "period": 30, "algorithm": "SHA256"}]}`
	if err := os.WriteFile(filepath.Join(old.config, "profiles.json"), []byte(profiles), 0o600); err != nil {
		t.Fatal(err)
	}
	hexKey := strings.Repeat("0123456789abcdef", 4)
	raw, _ := hex.DecodeString(hexKey)
	sha512 := randomSecret()
	accs := []account{
		{"三菱 太郎", randomSecret(), "sha1", 6, 60},
		{"Eight", base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw), "sha256", 8, 30},
		{"Link", sha512, "sha512", 8, 30},
	}
	steps := []struct {
		stdin string
		args  []string
	}{
		{accs[0].secret, []string{"add", "--name", accs[0].name}},
		{hexKey, []string{"add", "--name", "Eight", "--profile", "eight"}},
		{"otpauth://totp/Ex:link?secret=" + sha512 + "&algorithm=SHA512&digits=8&period=30", []string{"add", "--name", "Link"}},
	}
	for _, s := range steps {
		if _, e, rc := old.run(s.stdin, s.args...); rc != 0 {
			t.Fatalf("%v: %s", s.args, e)
		}
	}
	checkCodes(t, old, accs)

	file := filepath.Join(t.TempDir(), "move.omamori-backup.age")
	out, e, rc := old.run(testPassphrase+"\n"+testPassphrase+"\n", "backup", "--out", file)
	if rc != 0 {
		t.Fatalf("backup: %s %s", out, e)
	}
	out, _, _ = old.run("", "doctor")
	if !strings.Contains(out, time.Now().Format(time.DateOnly)) || strings.Contains(out, file) {
		t.Errorf("doctor should show the date of the last backup and not where it is:\n%s", out)
	}

	fresh := newCLI(t) // another settings folder and keyring service, no profiles.json
	out, e, rc = fresh.run(testPassphrase+"\n", "restore", file, "--yes")
	if rc != 0 || !strings.Contains(out, "Accounts restored: 3") {
		t.Fatalf("restore: %d %s %s", rc, out, e)
	}
	checkCodes(t, fresh, accs)
	for _, a := range accs {
		assertNoSecretInFiles(t, old.config, a.secret)
		assertNoSecretInFiles(t, fresh.config, a.secret)
		assertKeyringHas(t, fresh.service, a.secret)
	}
	for _, p := range []string{old.config, fresh.config} {
		assertNotInFiles(t, p, testPassphrase)
	}

	// Debian's age opens it with the passphrase; the JSON is the documented one.
	plain := filepath.Join(t.TempDir(), "plain.json")
	ageTool(t, testPassphrase+"\n", "-d", "-o", plain, file)
	b, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	doc := docExample(t)
	sameShape(t, "", doc, got)
	if got["format"] != "omamori-backup" || got["version"] != float64(1) {
		t.Errorf("header fields: %v %v", got["format"], got["version"])
	}
	list := got["accounts"].([]any)
	for i, a := range accs {
		item := list[i].(map[string]any)
		if item["name"] != a.name || item["secret"] != a.secret {
			t.Errorf("account %d: %v", i, item["name"])
		}
	}
}

// A file that age itself encrypted from the documented JSON restores.
func TestAgeEncryptedDocExampleRestores(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "example.json")
	b, _ := json.Marshal(docExample(t))
	if err := os.WriteFile(plain, b, 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "example.age")
	ageTool(t, testPassphrase+"\n"+testPassphrase+"\n", "-p", "-o", file, plain)
	r := newCLI(t)
	out, e, rc := r.run(testPassphrase+"\n", "restore", file, "--yes")
	if rc != 0 {
		t.Fatalf("restore: %d %s %s", rc, out, e)
	}
	if !strings.Contains(out, "2026-11-29") {
		t.Errorf("restore did not show the creation date: %s", out)
	}
	checkCodes(t, r, []account{{"三菱 太郎", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "sha1", 6, 60}})
	// A wrong passphrase: its own message, nothing changed.
	r2 := newCLI(t)
	_, e, rc = r2.run("not the passphrase\n", "restore", file, "--yes")
	if rc != 1 || !strings.Contains(e, "passphrase is not the one") {
		t.Errorf("wrong passphrase: %d %s", rc, e)
	}
	if out, _, _ := r2.run("", "list", "--json"); strings.Contains(out, "三菱") {
		t.Error("a failed restore added accounts")
	}
}

// docExample is the JSON example in docs/backup.md.
func docExample(t *testing.T) map[string]any {
	t.Helper()
	md, err := os.ReadFile("../../docs/backup.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```json\n(.*?)```").FindSubmatch(md)
	if m == nil {
		t.Fatal("no JSON example in docs/backup.md")
	}
	var v map[string]any
	if err := json.Unmarshal(m[1], &v); err != nil {
		t.Fatalf("docs/backup.md example: %v", err)
	}
	return v
}

// optional are the fields docs/backup.md marks optional.
var optional = map[string]bool{
	".app_version": true, ".accounts[0].issuer": true, ".accounts[0].label": true, ".accounts[0].created": true,
	".accounts[0].profile.label": true, ".accounts[0].profile.issuer": true,
}

// sameShape checks that got has the fields of want (all but the optional
// ones) and no others, recursively (arrays by their first element), with
// the same JSON types.
func sameShape(t *testing.T, path string, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: want an object, got %T", path, got)
			return
		}
		for k := range w {
			if _, ok := g[k]; !ok && !optional[path+"."+k] {
				t.Errorf("%s.%s: documented but not written", path, k)
			}
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				t.Errorf("%s.%s: written but not documented", path, k)
				continue
			}
			sameShape(t, path+"."+k, w[k], g[k])
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(w) == 0 || len(g) == 0 {
			t.Errorf("%s: want a non-empty array, got %T", path, got)
			return
		}
		sameShape(t, path+"[0]", w[0], g[0])
	default:
		if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
			t.Errorf("%s: documented as %T, written as %T", path, want, got)
		}
	}
}

func assertNotInFiles(t *testing.T, dir, s string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if b, _ := os.ReadFile(p); strings.Contains(string(b), s) {
			t.Errorf("%s holds the passphrase", p)
		}
		return nil
	})
}
