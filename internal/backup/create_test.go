package backup

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

func passRecipient() (age.Recipient, error) { return Recipient(testPass, testWork) }

func TestCreateWritesRecordsAndNeverOverwrites(t *testing.T) {
	s, _ := newStore(t)
	add(t, s, "A", accountstest.RandomKey(t, 20), profile.SmartOTP)
	add(t, s, "B", accountstest.RandomKey(t, 20), hotp8)
	dir, cfg := t.TempDir(), t.TempDir()
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.Local)
	f := NewFile{Path: filepath.Join(dir, "b"+FileExt), ConfigDir: cfg, Now: now, AppVersion: "1.2.3"}
	n, err := Create(s, passRecipient, f)
	if err != nil || n != 2 {
		t.Fatalf("Create: %d %v", n, err)
	}
	data, err := ReadFile(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := open(t, data, testPass)
	if err != nil || len(doc.Accounts) != 2 || doc.AppVersion != "1.2.3" || doc.Accounts[1].Name != "B" {
		t.Fatalf("opened %+v %v", doc, err)
	}
	if st, _ := LoadState(cfg); st.LastBackup != now.Format(time.DateOnly) || st.LastPassphrase != st.LastBackup {
		t.Errorf("reminder state %+v", st)
	}

	// The same path again: refused, the first file untouched.
	if _, err := Create(s, passRecipient, f); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second Create: %v", err)
	}
	if again, _ := os.ReadFile(f.Path); string(again) != string(data) {
		t.Fatal("existing file changed")
	}
}

func TestCreateAsksNothingWhenThereIsNothingToBackUp(t *testing.T) {
	empty, _ := newStore(t)
	asked := false
	ask := func() (age.Recipient, error) { asked = true; return passRecipient() }
	path, cfg := filepath.Join(t.TempDir(), "b"+FileExt), t.TempDir()
	if _, err := Create(empty, ask, NewFile{Path: path, ConfigDir: cfg, Now: time.Now()}); !errors.Is(err, ErrNothing) {
		t.Fatalf("got %v", err)
	}
	if asked {
		t.Error("asked for a passphrase before finding nothing to back up")
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file written: %v", err)
	}
	if st, _ := LoadState(cfg); st.LastBackup != "" {
		t.Errorf("recorded a backup that was not made: %+v", st)
	}
}

func TestCreateWithKeyOpensWithKey(t *testing.T) {
	keys, _ := keyService(t, practice.Options{})
	s, _ := newStore(t)
	add(t, s, "A", accountstest.RandomKey(t, 20), profile.SmartOTP)
	path := filepath.Join(t.TempDir(), "k"+FileExt)
	ctx := context.Background()
	r := func() (age.Recipient, error) { return ProtectWithKey(ctx, keys, practice.Path, "1234") }
	if _, err := Create(s, r, NewFile{Path: path, Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	data, _ := ReadFile(path)
	if !KeyProtected(data) {
		t.Fatal("not key-protected")
	}
	doc, err := Open(data, "k", OpenWithKey(ctx, keys, practice.Path, "1234"))
	if err != nil || len(doc.Accounts) != 1 {
		t.Fatalf("open: %+v %v", doc, err)
	}
}
