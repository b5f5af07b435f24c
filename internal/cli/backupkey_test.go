package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// withVirtualKey makes the backup rigs' security-key commands use one virtual key
// (touched at once) with PIN 1234 instead of libfido2.
func withVirtualKey(t *testing.T, opts practice.Options) *practice.Driver {
	t.Helper()
	opts.AutoTouch = time.Millisecond
	d, err := practice.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Key().SetPIN(context.Background(), "1234"); err != nil {
		t.Fatal(err)
	}
	old := rigKeys
	rigKeys = d
	t.Cleanup(func() { rigKeys = old })
	return d
}

func TestBackupWithSecurityKey(t *testing.T) {
	withVirtualKey(t, practice.Options{})
	old := newBackupRig(t)
	keyA := old.add("A")
	file := filepath.Join(t.TempDir(), "key"+backup.FileExt)
	out, errOut, code := old.run("1234\n", "backup", "--out", file, "--security-key")
	if code != ExitOK || !strings.Contains(out, "only with this security key") || !strings.Contains(errOut, "(2 of 2)") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	if strings.Contains(out+errOut, "1234") {
		t.Fatal("the PIN was printed")
	}
	data, _ := os.ReadFile(file)
	if !backup.KeyProtected(data) || bytes.Contains(data, []byte("scrypt")) {
		t.Fatal("file is not protected by the key alone")
	}

	fresh := newBackupRig(t)
	fresh.lang = i18n.JA
	// A wrong PIN: the key's message, nothing restored.
	_, errOut, code = fresh.run("9999\n", "restore", file, "--yes")
	if code == ExitOK || !strings.Contains(errOut, "PINが違います") {
		t.Fatalf("wrong PIN: %d %q", code, errOut)
	}
	if l, _ := fresh.store.List(); len(l) != 0 {
		t.Fatal("a wrong PIN restored something")
	}
	out, errOut, code = fresh.run("1234\n", "restore", file, "--yes")
	if code != ExitOK || !strings.Contains(errOut, "セキュリティキーで保護されています") {
		t.Fatalf("restore: %d %q %q", code, out, errOut)
	}
	l, _ := fresh.store.List()
	if len(l) != 1 {
		t.Fatalf("after restore: %+v", l)
	}
	if got, err := fresh.store.Export(l[0].ID); err != nil || !bytes.Equal(got.Secret, keyA) {
		t.Fatalf("restored secret differs (%v)", err)
	}

	// Another key cannot open it.
	withVirtualKey(t, practice.Options{})
	other := newBackupRig(t)
	if _, errOut, code := other.run("1234\n", "restore", file, "--yes"); code == ExitOK || !strings.Contains(errOut, "not the one that protects this backup") {
		t.Fatalf("other key: %d %q", code, errOut)
	}
}

func TestBackupWithKeyWithoutHMACSecret(t *testing.T) {
	withVirtualKey(t, practice.Options{Quirks: virtualkey.Quirks{NoHMACSecret: true}})
	r := newBackupRig(t)
	r.add("A")
	r.lang = i18n.JA
	file := filepath.Join(t.TempDir(), "key"+backup.FileExt)
	_, errOut, code := r.run("1234\n", "backup", "--out", file, "--security-key")
	if code != ExitFailure || !strings.Contains(errOut, "このセキュリティキーはバックアップの保護に使えません") {
		t.Fatalf("%d %q", code, errOut)
	}
	if _, err := os.Stat(file); err == nil {
		t.Fatal("a file was written")
	}
	if _, errOut, code := r.run("", "backup", "--out", file, "--security-key", "--generate", "digits"); code != ExitUsage || !strings.Contains(errOut, "--generate") {
		t.Fatalf("--generate with --security-key: %d %q", code, errOut)
	}
}

// Resetting a key destroys the credential behind every backup it
// protects: the reset names the key-protected backups this computer made
// (not the passphrase ones), never says nothing is affected, and offers a
// passphrase backup first.
func TestKeyResetNamesTheBackupsItStrands(t *testing.T) {
	withVirtualKey(t, practice.Options{})
	r := newBackupRig(t)
	r.add("A")
	dir := t.TempDir()
	keyFile, passFile := filepath.Join(dir, "key"+backup.FileExt), filepath.Join(dir, "pass"+backup.FileExt)
	if _, errOut, code := r.run("1234\n", "backup", "--out", keyFile, "--security-key"); code != ExitOK {
		t.Fatalf("key backup: %d %q", code, errOut)
	}
	if _, errOut, code := r.run(cliPass+"\n"+cliPass+"\n", "backup", "--out", passFile); code != ExitOK {
		t.Fatalf("passphrase backup: %d %q", code, errOut)
	}
	defer func(d time.Duration) { practiceTouchDelay = d }(practiceTouchDelay)
	practiceTouchDelay = 10 * time.Millisecond
	for lang, want := range map[i18n.Lang][]string{
		i18n.EN: {keyFile, "can never be opened again", "passphrase", "omamori backup --out"},
		i18n.JA: {keyFile, "二度と開けなくなります", "パスフレーズで保護したバックアップを作成", "omamori backup --out"},
	} {
		var out, errb bytes.Buffer
		e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Lang: lang,
			NewPractice: practice.New, ConfigDir: func() (string, error) { return r.dir, nil }}
		code := Run(context.Background(), e, []string{"key", "reset", "--practice", "--yes"})
		said := out.String() + errb.String()
		if code != ExitOK {
			t.Fatalf("%s reset: %d %q", lang, code, said)
		}
		for _, w := range want {
			if !strings.Contains(said, w) {
				t.Errorf("%s reset does not say %q:\n%s", lang, w, said)
			}
		}
		if strings.Contains(said, "not affected") || strings.Contains(said, "影響しません") || strings.Contains(said, passFile) {
			t.Errorf("%s reset says its accounts are not affected or names a passphrase backup:\n%s", lang, said)
		}
	}
}
