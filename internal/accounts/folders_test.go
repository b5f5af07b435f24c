package accounts_test

import (
	"encoding/base32"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/totp"
)

// inFolder is e with another settings folder on the same keyring service.
func (e env) inFolder(t *testing.T) env {
	e.dir = filepath.Join(t.TempDir(), "Other")
	return e
}

// wantCodes fails unless account id of s makes en's codes.
func wantCodes(t *testing.T, s *accounts.Store, id string, key []byte) {
	t.Helper()
	g, err := s.Generator(id)
	if err != nil {
		t.Fatalf("Generator: %v", err)
	}
	want, err := totp.New(key, profile.SmartOTP)
	must(t, err)
	if now := time.Unix(1234567890, 0); g.At(now).Code != want.At(now).Code {
		t.Fatal("account makes other codes")
	}
}

// Two settings folders on one keyring service: the same secret added in
// both gets two items; removing, recovering and deleting in one never
// touches the other's item.
func TestTwoFoldersNeverShareAnItem(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		a, b := e.open(t), e.inFolder(t).open(t)
		en := newEnrolment(t)
		accA := mustAdd(t, a, "A", en)
		accB := mustAdd(t, b, "B", en)
		if accB.ID == accA.ID {
			t.Fatal("folder B took over folder A's keyring item")
		}
		if o, err := b.Orphans(); err != nil || len(o) != 0 {
			t.Fatalf("B sees A's item as an orphan: %v %v", o, err)
		}
		if err := b.DeleteOrphan(accA.ID); !wantForeign(t, err) {
			t.Fatalf("DeleteOrphan of A's item from B: %v", err)
		}
		if _, err := b.ReattachOrphan(accA.ID, "stolen"); !wantForeign(t, err) {
			t.Fatalf("ReattachOrphan of A's item from B: %v", err)
		}
		if err := b.Remove(accB.ID); err != nil {
			t.Fatal(err)
		}
		wantCodes(t, e.open(t), accA.ID, en.Secret)
		if ids := e.ids(t); !slices.Equal(ids, []string{accA.ID}) {
			t.Errorf("keyring after B's remove: %v, want A's item only", ids)
		}
		// B's list lost: A's item is still not B's to recover.
		b2 := e.inFolder(t).open(t)
		mustAdd(t, b2, "B2", en)
		if err := os.Remove(filepath.Join(b2.Dir(), "accounts.json")); err != nil {
			t.Fatal(err)
		}
		b2 = mustOpen(t, b2.Dir(), e)
		o, err := b2.Orphans()
		if err != nil || len(o) != 1 || o[0].ID == accA.ID {
			t.Fatalf("B's orphans after its list was lost: %+v %v", o, err)
		}
		if err := b2.DeleteOrphan(o[0].ID); err != nil {
			t.Fatal(err)
		}
		wantCodes(t, e.open(t), accA.ID, en.Secret)
	})
}

// An item that two folders shared before items were tagged is claimed by
// the first to list its accounts; the second gets its own copy, so a remove in either
// leaves the other working. Untagged items (older versions) stay readable.
func TestSharedUntaggedItemIsSplit(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		en := newEnrolment(t)
		a := e.open(t)
		acc := mustAdd(t, a, "A", en)
		// As an older version left it: untagged item, both lists refer to it.
		untag(t, e, acc, en.Secret)
		eb := e.inFolder(t)
		must(t, os.MkdirAll(eb.dir, 0o700))
		copyFile(t, filepath.Join(e.dir, "accounts.json"), filepath.Join(eb.dir, "accounts.json"))
		for _, d := range []string{e.dir, eb.dir} {
			if err := os.Remove(filepath.Join(d, "keyring-folder.json")); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		a = e.open(t)
		mustList(t, a)       // the first to list claims the item
		b := eb.open(t)      //
		lb := mustList(t, b) // finds it A's: copies it, still readable
		if len(lb) != 1 || lb[0].ID == acc.ID || lb[0].State != accounts.OK {
			t.Fatalf("B's list: %+v", lb)
		}
		if err := b.Remove(lb[0].ID); err != nil {
			t.Fatal(err)
		}
		wantCodes(t, a, acc.ID, en.Secret)
		if ids := e.ids(t); !slices.Equal(ids, []string{acc.ID}) {
			t.Errorf("keyring: %v, want A's item only", ids)
		}
	})
}

func wantForeign(t *testing.T, err error) bool {
	t.Helper()
	if err == nil {
		return false
	}
	wantErr(t, err, accounts.ErrForeign)
	return true
}

func mustOpen(t *testing.T, dir string, e env) *accounts.Store {
	t.Helper()
	e.dir = dir
	return e.open(t)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	must(t, err)
	must(t, os.WriteFile(to, b, 0o600))
}

// untag rewrites acc's item as a version without folder tags wrote it.
func untag(t *testing.T, e env, acc accounts.Account, key []byte) {
	t.Helper()
	b32 := base32.StdEncoding.WithPadding(base32.NoPadding)
	must(t, e.secrets.Set(acc.ID, `{"v":2,"secret":"`+b32.EncodeToString(key)+`","name":"A","profile":{"name":"smartotp"}}`))
}
