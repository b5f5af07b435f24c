package accounts_test

import (
	"encoding/base32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/totp"
)

// loseList deletes the account list and its backup behind the store's back.
func loseList(t testing.TB, e env) {
	t.Helper()
	for _, n := range []string{"accounts.json", "accounts.json.bak"} {
		if err := os.Remove(filepath.Join(e.dir, n)); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
}

// Secrets left behind by a lost list are found by the names they were
// enrolled under, and restored or deleted on request.
func TestOrphansFoundRestoredDeleted(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		s := e.open(t)
		enA, enB := newEnrolment(t), newEnrolment(t)
		a := mustAdd(t, s, "三菱 太郎", enA)
		b := mustAdd(t, s, "B", enB)
		if o, err := s.Orphans(); err != nil || len(o) != 0 {
			t.Fatalf("orphans with a whole list: %v %v", o, err)
		}
		loseList(t, e)
		s = e.open(t)
		if len(mustList(t, s)) != 0 {
			t.Fatal("list not lost")
		}
		o, err := s.Orphans()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, x := range o {
			got[x.ID] = x.Name
			if x.Profile != enA.Profile || x.Damaged {
				t.Errorf("orphan %+v", x)
			}
		}
		if len(o) != 2 || got[a.ID] != "三菱 太郎" || got[b.ID] != "B" {
			t.Fatalf("orphans %v", got)
		}
		r, err := s.ReattachOrphan(a.ID, "")
		if err != nil || r.Name != "三菱 太郎" || r.ID != a.ID {
			t.Fatalf("restore: %+v %v", r, err)
		}
		g, err := s.Generator(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, err := totp.New(enA.Secret, enA.Profile)
		must(t, err)
		if now := time.Unix(1234567890, 0); g.At(now).Code != want.At(now).Code {
			t.Error("restored account makes other codes")
		}
		if err := s.DeleteOrphan(b.ID); err != nil {
			t.Fatal(err)
		}
		if ids := e.ids(t); !slices.Equal(ids, []string{a.ID}) {
			t.Errorf("keyring after delete: %v", ids)
		}
		if err := s.DeleteOrphan(a.ID); err == nil {
			t.Error("DeleteOrphan removed a live account's secret")
		}
		if o, _ := s.Orphans(); len(o) != 0 {
			t.Errorf("orphans left: %v", o)
		}
	})
}

// Enrolling a secret again after the list was lost takes over its item:
// the keyring does not get a second one.
func TestReenrolTakesOverOrphan(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		s := e.open(t)
		en := newEnrolment(t)
		a := mustAdd(t, s, "A", en)
		loseList(t, e)
		s = e.open(t)
		b := mustAdd(t, s, "A again", en)
		if b.ID != a.ID {
			t.Errorf("new id %s, want the orphan's %s", b.ID, a.ID)
		}
		if ids := e.ids(t); len(ids) != 1 {
			t.Errorf("keyring holds %d items, want 1", len(ids))
		}
		if o, _ := s.Orphans(); len(o) != 0 {
			t.Errorf("orphans left: %v", o)
		}
	})
}

// Items from before names were kept (a bare base32 secret) are found too,
// restored under a name given then, and damaged ones can only be deleted.
func TestLegacyAndDamagedOrphans(t *testing.T) {
	f := accountstest.NewSecrets()
	dir := t.TempDir()
	key := accountstest.RandomKey(t, 20)
	legacy, damaged, foreign := accountstest.RandomID(t), accountstest.RandomID(t), "not-an-id"
	must(t, f.Set(legacy, base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(key)))
	must(t, f.Set(damaged, "{not json"))
	must(t, f.Set(foreign, "whatever"))
	s, err := accounts.Open(dir, f)
	must(t, err)
	o, err := s.Orphans()
	must(t, err)
	if len(o) != 2 {
		t.Fatalf("orphans %+v", o)
	}
	for _, x := range o {
		switch x.ID {
		case legacy:
			if x.Name != "" || x.Profile != profile.SmartOTP || x.Damaged {
				t.Errorf("legacy %+v", x)
			}
		case damaged:
			if !x.Damaged {
				t.Errorf("damaged %+v", x)
			}
		}
	}
	if _, err := s.ReattachOrphan(legacy, ""); err == nil {
		t.Error("restored without a name")
	}
	if _, err := s.ReattachOrphan(legacy, "Old"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReattachOrphan(damaged, "D"); err == nil {
		t.Error("restored a damaged item")
	}
	must(t, s.DeleteOrphan(damaged))
	if _, ok := f.Items()[foreign]; !ok {
		t.Error("an item that is not ours was touched")
	}
	// The legacy item now carries its name.
	loseList(t, env{dir: dir})
	s, err = accounts.Open(dir, f)
	must(t, err)
	if o, _ := s.Orphans(); len(o) != 1 || o[0].Name != "Old" {
		t.Errorf("after restore and loss: %+v", o)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A keyring that cannot list its items still takes new accounts.
func TestAddWhenListFails(t *testing.T) {
	f := accountstest.NewSecrets()
	f.FailWith(func(op, _ string) error {
		if op == "list" {
			return os.ErrPermission
		}
		return nil
	})
	s, err := accounts.Open(t.TempDir(), f)
	must(t, err)
	mustAdd(t, s, "A", newEnrolment(t))
	if _, err := s.Orphans(); err == nil {
		t.Error("Orphans hid the keyring's error")
	}
}

// An item whose codes cannot be made here (7 digits) is not restored into
// an account that at once needs re-registration: refused, saying why.
func TestOrphanWithUnusableProfileIsRefused(t *testing.T) {
	f := accountstest.NewSecrets()
	key := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(accountstest.RandomKey(t, 20))
	id := accountstest.RandomID(t)
	must(t, f.Set(id, `{"v":2,"secret":"`+key+`","name":"Seven","profile":{"name":"seven","encoding":"base32","digits":7,"period":30,"algorithm":"SHA1"}}`))
	s, err := accounts.Open(t.TempDir(), f)
	must(t, err)
	_, err = s.ReattachOrphan(id, "")
	if err == nil {
		t.Fatal("restored an item whose codes cannot be made")
	}
	if msg := i18n.Localize(err, i18n.EN); !strings.Contains(msg, "7 digits") {
		t.Errorf("no reason given: %s", msg)
	}
	if l := mustList(t, s); len(l) != 0 {
		t.Errorf("list after refusal: %+v", l)
	}
}
