package accounts_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/totp"
)

func TestAddListGenerator(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		s := e.open(t)
		en := newEnrolment(t)
		en.Issuer = " Example\x07Broker "
		en.Account = "taro@example.jp"
		before := time.Now().Add(-time.Second)
		a := mustAdd(t, s, "  三菱 太郎\u3000", en)
		if a.Name != "三菱 太郎" || a.Issuer != "ExampleBroker" || a.Label != "taro@example.jp" {
			t.Fatalf("added %+v", a)
		}
		if len(a.ID) != 32 || a.Created.Before(before) || a.Created.After(time.Now()) || a.Profile != profile.SmartOTP {
			t.Fatalf("added %+v", a)
		}
		if got := e.ids(t); !slices.Equal(got, []string{a.ID}) {
			t.Fatalf("keyring ids %v, want [%s]", got, a.ID)
		}

		ref, err := totp.New(en.Secret, profile.SmartOTP)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
		// A second Store sees the account and reads its secret back from
		// the keyring.
		s2 := e.open(t)
		l := mustList(t, s2)
		if len(l) != 1 || l[0].Account != a || l[0].State != accounts.OK || l[0].Err != nil {
			t.Fatalf("List = %+v, want [%+v OK]", l, a)
		}
		g, err := s2.Generator(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := g.At(at), ref.At(at); got != want {
			t.Fatalf("code %+v, want %+v", got, want)
		}
	})
}

func TestGeneratorReadsKeyringOnce(t *testing.T) {
	e := fakeEnv(t)
	a := mustAdd(t, e.open(t), "Taro", newEnrolment(t))
	s := e.open(t)
	g1, err := s.Generator(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := e.fake.Gets()
	g2, err := s.Generator(a.ID)
	if err != nil || g2 != g1 {
		t.Fatalf("second Generator: %v, same=%v", err, g2 == g1)
	}
	if e.fake.Gets() != n {
		t.Fatalf("second Generator read the keyring again")
	}
	if err := s.Remove(a.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Generator(a.ID)
	wantErr(t, err, accounts.ErrNotFound)
}

func TestMissingSecretNeedsReenrol(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		s := e.open(t)
		gone := mustAdd(t, s, "Gone", newEnrolment(t))
		kept := mustAdd(t, s, "Kept", newEnrolment(t))
		e.clear(t, gone.ID)

		s = e.open(t)
		l := mustList(t, s)
		if len(l) != 2 || l[0].ID != gone.ID || l[1].ID != kept.ID {
			t.Fatalf("List = %+v: an account was dropped", l)
		}
		if l[0].State != accounts.NeedsSetupAgain || l[1].State != accounts.OK {
			t.Fatalf("states %v, %v; want needs-reenrol, ok", l[0].State, l[1].State)
		}
		ue := wantErr(t, l[0].Err, accounts.ErrNeedsReenrol)
		if !strings.Contains(ue.Msg.In(i18n.JA), "Gone") {
			t.Fatalf("error does not name the account: %s", ue.Msg.In(i18n.JA))
		}
		_, err := s.Generator(gone.ID)
		wantErr(t, err, accounts.ErrNeedsReenrol)
		if _, err := s.Generator(kept.ID); err != nil {
			t.Fatal(err)
		}
		// Still listed after another load, and removable.
		if l := mustList(t, e.open(t)); len(l) != 2 {
			t.Fatalf("List after reopen has %d entries", len(l))
		}
		if err := s.Remove(gone.ID); err != nil {
			t.Fatal(err)
		}
		if got := e.ids(t); !slices.Equal(got, []string{kept.ID}) {
			t.Fatalf("keyring ids %v, want [%s]", got, kept.ID)
		}
	})
}

func TestDamagedSecretNeedsReenrol(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		a := mustAdd(t, e.open(t), "Taro", newEnrolment(t))
		for _, bad := range []string{"not base32!", "", "jbswy3dpehpk3pxp", "JBSWY3DPEHPK3PXP===="} {
			if err := e.secrets.Set(a.ID, bad); err != nil {
				t.Fatal(err)
			}
			l := mustList(t, e.open(t))
			if len(l) != 1 || l[0].State != accounts.NeedsSetupAgain {
				t.Fatalf("secret %q: List = %+v, want needs-reenrol", bad, l)
			}
			wantErr(t, l[0].Err, accounts.ErrNeedsReenrol)
		}
	})
}

func TestDuplicateSecretRefused(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		s := e.open(t)
		en := newEnrolment(t)
		first := mustAdd(t, s, "三菱 太郎", en)
		mustAdd(t, s, "Other", newEnrolment(t))
		again := en
		again.Profile.Digits = 8 // same secret, other parameters: still the same secret
		_, err := e.open(t).Add("Second", again)
		ue := wantErr(t, err, accounts.ErrSecretTaken)
		for _, l := range []i18n.Lang{i18n.JA, i18n.EN} {
			if !strings.Contains(i18n.Localize(ue, l), "三菱 太郎") {
				t.Errorf("%s: error does not name the holder: %s", l, i18n.Localize(ue, l))
			}
		}
		for _, sp := range spellings(en.Secret) {
			if strings.Contains(err.Error(), string(sp)) {
				t.Fatal("error text holds the secret")
			}
		}
		if l := mustList(t, s); len(l) != 2 || l[0].ID != first.ID {
			t.Fatalf("List = %v", names(l))
		}
		if got := e.ids(t); len(got) != 2 {
			t.Fatalf("keyring holds %d items, want 2", len(got))
		}
		noSecretsOnDisk(t, e.dir, en.Secret)
	})
}

func TestDuplicateNameRefused(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	taro := mustAdd(t, s, "Taro Mitsubishi", newEnrolment(t))
	hanako := mustAdd(t, s, "三菱　花子", newEnrolment(t))
	for _, n := range []string{"Taro Mitsubishi", "taro  MITSUBISHI", "Ｔａｒｏ Ｍｉｔｓｕｂｉｓｈｉ", " Taro Mitsubishi "} {
		_, err := s.Add(n, newEnrolment(t))
		ue := wantErr(t, err, accounts.ErrNameTaken)
		if !strings.Contains(ue.Msg.In(i18n.EN), "Taro Mitsubishi") {
			t.Errorf("%q: error does not name the existing account: %s", n, ue.Msg.In(i18n.EN))
		}
		wantErr(t, s.Rename(hanako.ID, n), accounts.ErrNameTaken)
	}
	if _, err := s.Add("三菱 花子", newEnrolment(t)); !errors.Is(err, accounts.ErrNameTaken) {
		t.Fatalf("ideographic space vs space: %v", err)
	}
	// Renaming an account to a spelling of its own name is fine.
	if err := s.Rename(taro.ID, "TARO MITSUBISHI"); err != nil {
		t.Fatal(err)
	}
	if l := mustList(t, s); !slices.Equal(names(l), []string{"TARO MITSUBISHI", "三菱　花子"}) {
		t.Fatalf("names %q", names(l))
	}
	if len(e.fake.Items()) != 2 {
		t.Fatalf("refused adds left %d keyring items", len(e.fake.Items()))
	}
}

func TestRenameMoveFind(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	a := mustAdd(t, s, "A", newEnrolment(t))
	b := mustAdd(t, s, "B", newEnrolment(t))
	c := mustAdd(t, s, "C", newEnrolment(t))
	order := func(want ...string) {
		t.Helper()
		if got := names(mustList(t, e.open(t))); !slices.Equal(got, want) {
			t.Fatalf("order %q, want %q", got, want)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Move(c.ID, 0))
	order("C", "A", "B")
	must(s.Move(c.ID, 99))
	order("A", "B", "C")
	must(s.Move(b.ID, -5))
	order("B", "A", "C")
	must(s.Move(b.ID, 1))
	order("A", "B", "C")
	must(s.Rename(b.ID, " 三菱 太郎 "))
	order("A", "三菱 太郎", "C")
	wantErr(t, s.Rename(b.ID, "\t"), accounts.ErrBadName)
	wantErr(t, s.Rename("0123456789abcdef0123456789abcdef", "X"), accounts.ErrNotFound)
	wantErr(t, s.Move("nope", 0), accounts.ErrNotFound)

	got, err := s.Find("三菱　太郎")
	if err != nil || got.ID != b.ID {
		t.Fatalf("Find = %+v, %v", got, err)
	}
	if got, err := s.Find("a"); err != nil || got.ID != a.ID {
		t.Fatalf("Find(a) = %+v, %v", got, err)
	}
	_, err = s.Find("三菱 次郎")
	ue := wantErr(t, err, accounts.ErrNotFound)
	if !strings.Contains(ue.Msg.In(i18n.JA), "三菱 次郎") {
		t.Fatalf("error does not say what was looked for: %s", ue.Msg.In(i18n.JA))
	}
}

func TestRemove(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		s := e.open(t)
		gone := mustAdd(t, s, "Gone", newEnrolment(t))
		kept := mustAdd(t, s, "Kept", newEnrolment(t))
		if _, err := s.Generator(gone.ID); err != nil {
			t.Fatal(err)
		}
		for range 2 { // idempotent
			if err := s.Remove(gone.ID); err != nil {
				t.Fatal(err)
			}
			if got := names(mustList(t, e.open(t))); !slices.Equal(got, []string{"Kept"}) {
				t.Fatalf("after Remove: %q", got)
			}
			if got := e.ids(t); !slices.Equal(got, []string{kept.ID}) {
				t.Fatalf("keyring ids %v, want only %s", got, kept.ID)
			}
		}
		_, err := s.Generator(gone.ID)
		wantErr(t, err, accounts.ErrNotFound)
		// From another Store, too.
		if err := e.open(t).Remove(gone.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Remove(kept.ID); err != nil {
			t.Fatal(err)
		}
		if got := e.ids(t); len(got) != 0 {
			t.Fatalf("orphans in keyring: %v", got)
		}
		if l := mustList(t, s); len(l) != 0 {
			t.Fatalf("List = %v", names(l))
		}
	})
}

func TestRemoveRefusedByKeyringChangesNothing(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	a := mustAdd(t, s, "Taro", newEnrolment(t))
	locked := errors.New("keyring locked")
	e.fake.FailWith(func(op, id string) error {
		if op == "delete" {
			return locked
		}
		return nil
	})
	if err := s.Remove(a.ID); !errors.Is(err, locked) {
		t.Fatalf("Remove = %v, want %v", err, locked)
	}
	if l := mustList(t, e.open(t)); len(l) != 1 || l[0].ID != a.ID || l[0].State != accounts.OK {
		t.Fatalf("after refused Remove: %+v", l)
	}
	e.fake.FailWith(nil)
	if err := s.Remove(a.ID); err != nil {
		t.Fatal(err)
	}
	if len(e.fake.Items()) != 0 || len(mustList(t, s)) != 0 {
		t.Fatal("Remove after the keyring came back left something")
	}
}

func TestAddRefusedLeavesNothing(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	bad := []struct {
		name string
		en   newaccount.Details
		err  error
	}{
		{"", newEnrolment(t), accounts.ErrBadName},
		{"Taro", newaccount.Details{Profile: profile.SmartOTP}, accounts.ErrBadSecret},
	}
	for _, b := range bad {
		_, err := s.Add(b.name, b.en)
		wantErr(t, err, b.err)
	}
	short := newEnrolment(t)
	short.Secret = short.Secret[:5]
	if _, err := s.Add("Short", short); err == nil {
		t.Fatal("a 40-bit key was accepted")
	}
	noDigits := newEnrolment(t)
	noDigits.Profile.Digits = 0
	if _, err := s.Add("NoDigits", noDigits); err == nil {
		t.Fatal("a profile without digits was accepted")
	}
	if len(e.fake.Items()) != 0 || len(mustList(t, s)) != 0 {
		t.Fatal("a refused Add left something behind")
	}
}

func TestAddKeyringRefusedLeavesNoSecret(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	locked := errors.New("keyring locked")
	e.fake.FailWith(func(op, id string) error {
		if op == "set" {
			return locked
		}
		return nil
	})
	en := newEnrolment(t)
	if _, err := s.Add("Taro", en); !errors.Is(err, locked) {
		t.Fatalf("Add = %v, want %v", err, locked)
	}
	e.fake.FailWith(nil)
	if l := mustList(t, e.open(t)); len(l) != 0 {
		t.Fatalf("List = %v", names(l))
	}
	noSecretsOnDisk(t, e.dir, en.Secret)
	// The same secret can be added once the keyring works.
	mustAdd(t, s, "Taro", en)
}

func TestStateString(t *testing.T) {
	for st, want := range map[accounts.State]string{accounts.OK: "ok", accounts.NeedsSetupAgain: "needs-reenrol", accounts.Unknown: "unknown"} {
		if st.String() != want {
			t.Errorf("%d.String() = %q, want %q", st, st.String(), want)
		}
	}
}

// When the batch read of the secrets fails part-way (the keyring fails on
// one item), the accounts read before it still show their codes, as they
// did when List read them one by one.
func TestListKeepsAccountsReadBeforeAKeyringFailure(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	a := mustAdd(t, s, "Alpha", newEnrolment(t))
	b := mustAdd(t, s, "Beta", newEnrolment(t))
	c := mustAdd(t, s, "Gamma", newEnrolment(t))
	locked := errors.New("the keyring said no")
	e.fake.FailWith(func(op, id string) error {
		if op == "get" && id == b.ID {
			return locked
		}
		return nil
	})
	l, err := e.open(t).List()
	if !errors.Is(err, locked) {
		t.Fatalf("List error %v, want the keyring's", err)
	}
	want := map[string]accounts.State{a.ID: accounts.OK, b.ID: accounts.Unknown, c.ID: accounts.Unknown}
	if len(l) != 3 {
		t.Fatalf("List gave %d entries, want 3", len(l))
	}
	for _, en := range l {
		if en.State != want[en.ID] {
			t.Errorf("%s: state %v, want %v", en.Name, en.State, want[en.ID])
		}
	}
}
