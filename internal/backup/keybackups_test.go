package backup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Only backups protected by a security key are recorded, once per file;
// a file deleted since is no longer named.
func TestKeyBackupsRecord(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	keyHead := []byte(ageMagic + "v1\n-> " + KeyStanzaType + " Y3JlZA c2FsdA\nAAAA\n--- mac\n")
	passHead := []byte(ageMagic + "v1\n-> scrypt c2FsdA 18\nAAAA\n--- mac\n")
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.Local)
	write := func(name string, data []byte) string {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := RecordKeyBackup(dir, now, p, data); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b := write("a.age", keyHead), write("b.age", keyHead)
	write("pass.age", passHead)
	write("a.age", keyHead) // saved again under the same name
	gone := write("gone.age", keyHead)
	os.Remove(gone)
	got := KeyBackups(dir)
	if len(got) != 2 || got[0].File != a || got[1].File != b || got[0].Date != "2026-12-06" {
		t.Fatalf("recorded %+v", got)
	}
	text := ""
	for _, m := range ResetWarning(dir) {
		text += m.In(i18n.EN) + "\n"
	}
	if !strings.Contains(text, a) || !strings.Contains(text, b) || strings.Contains(text, "pass.age") || !strings.Contains(text, "passphrase") {
		t.Errorf("warning:\n%s", text)
	}
	if w := ResetWarning(t.TempDir()); len(w) == 0 || !strings.Contains(w[0].In(i18n.JA), "二度と開けなくなります") {
		t.Errorf("warning without a record: %v", w)
	}
}

// Only a passphrase backup counts as the one sealing asks for first.
func TestPassphraseBackupRecord(t *testing.T) {
	dir := t.TempDir()
	keyHead := []byte(ageMagic + "v1\n-> " + KeyStanzaType + " Y3JlZA c2FsdA\nAAAA\n--- mac\n")
	passHead := []byte(ageMagic + "v1\n-> scrypt c2FsdA 18\nAAAA\n--- mac\n")
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.Local)
	if err := RecordPassphraseBackup(dir, now, keyHead); err != nil || LastPassphraseBackup(dir) != "" {
		t.Fatalf("a key-protected backup counted as a passphrase backup: %v", err)
	}
	if err := RecordPassphraseBackup(dir, now, passHead); err != nil || LastPassphraseBackup(dir) != "2026-12-06" {
		t.Fatalf("passphrase backup: %q %v", LastPassphraseBackup(dir), err)
	}
}
