package accounts_test

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/keyring/keyringtest"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// env is one config directory and the secret store behind it.
type env struct {
	dir     string
	secrets accounts.SecretStore
	fake    *accountstest.Secrets // nil for the real keyring
	service string                // real keyring only
}

// ids lists the ids that have an item in the secret store, sorted.
func (e env) ids(t *testing.T) []string {
	t.Helper()
	var ids []string
	if e.fake != nil {
		for id := range e.fake.Items() {
			ids = append(ids, id)
		}
	} else {
		ids = keyringtest.IDs(t, e.service)
	}
	slices.Sort(ids)
	return ids
}

// clear deletes id's secret behind the store's back.
func (e env) clear(t *testing.T, id string) {
	t.Helper()
	if e.fake != nil {
		if err := e.fake.Delete(id); err != nil {
			t.Fatal(err)
		}
		return
	}
	keyringtest.Clear(t, e.service, id)
}

func fakeEnv(t *testing.T) env {
	f := accountstest.NewSecrets()
	return env{dir: filepath.Join(t.TempDir(), "Omamori"), secrets: f, fake: f}
}

func realEnv(t *testing.T) env {
	k := keyringtest.Real(t)
	return env{dir: filepath.Join(t.TempDir(), "Omamori"), secrets: k, service: k.Service}
}

// both runs fn against the in-memory fake and the real OS keyring.
func both(t *testing.T, fn func(t *testing.T, e env)) {
	t.Run("fake", func(t *testing.T) { fn(t, fakeEnv(t)) })
	t.Run("real", func(t *testing.T) { fn(t, realEnv(t)) })
}

func (e env) open(t *testing.T) *accounts.Store {
	t.Helper()
	s, err := accounts.Open(e.dir, e.secrets)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func newEnrolment(t *testing.T) newaccount.Details {
	return newaccount.Details{Secret: accountstest.RandomKey(t, 20), Profile: profile.SmartOTP}
}

func mustAdd(t *testing.T, s *accounts.Store, name string, en newaccount.Details) accounts.Account {
	t.Helper()
	a, err := s.Add(name, en)
	if err != nil {
		t.Fatalf("Add(%q): %v", name, err)
	}
	return a
}

func mustList(t *testing.T, s *accounts.Store) []accounts.Entry {
	t.Helper()
	l, err := s.List()
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	return l
}

func names(l []accounts.Entry) []string {
	var n []string
	for _, e := range l {
		n = append(n, e.Name)
	}
	return n
}

func accountIDs(l []accounts.Entry) []string {
	var ids []string
	for _, e := range l {
		ids = append(ids, e.ID)
	}
	slices.Sort(ids)
	return ids
}

// wantErr checks err is an *i18n.Error wrapping target, with a message
// in both languages.
func wantErr(t *testing.T, err, target error) *i18n.Error {
	t.Helper()
	var ue *i18n.Error
	if !errors.As(err, &ue) || !errors.Is(err, target) {
		t.Fatalf("error %v, want an *i18n.Error wrapping %v", err, target)
	}
	if ja, en := i18n.Localize(err, i18n.JA), i18n.Localize(err, i18n.EN); ja == en || ja == "" {
		t.Fatalf("error not translated: ja %q, en %q", ja, en)
	}
	return ue
}

// spellings lists every way a key might be written down.
func spellings(key []byte) [][]byte {
	b32 := base32.StdEncoding.EncodeToString(key)
	return [][]byte{
		key,
		[]byte(strings.TrimRight(b32, "=")),
		[]byte(strings.ToLower(strings.TrimRight(b32, "="))),
		[]byte(hex.EncodeToString(key)),
		[]byte(base64.StdEncoding.EncodeToString(key)),
	}
}

// noSecretsOnDisk fails if any file under dir holds any key in any
// spelling, or is readable by others.
func noSecretsOnDisk(t *testing.T, dir string, keys ...[]byte) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			if info.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s: mode %v, want 0700", path, info.Mode().Perm())
			}
			return nil
		}
		files++
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s: mode %v, want 0600", path, info.Mode().Perm())
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, k := range keys {
			for j, sp := range spellings(k) {
				if bytes.Contains(b, sp) {
					t.Errorf("%s holds key %d (spelling %d)", path, i, j)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no files under %s: nothing was checked", dir)
	}
}

func readCatalog(t *testing.T, path string) map[string]string {
	t.Helper()
	var m map[string]string
	if err := json.Unmarshal(readFile(t, path), &m); err != nil {
		t.Fatal(err)
	}
	return m
}
