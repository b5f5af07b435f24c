package accounts_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/keyring"
)

// With no keyring to be had (the session bus points nowhere), the store
// still lists names, refuses every change that needs the keyring with an
// error that says what to do, and writes no secret anywhere.
func TestKeyringUnavailable(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("makes the Secret Service unreachable through DBUS_SESSION_BUS_ADDRESS")
	}
	e := fakeEnv(t)
	mustAdd(t, e.open(t), "三菱 太郎", newEnrolment(t))
	cmd := runChild(t, "TestChildUnavailable", childDir+"="+e.dir,
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(t.TempDir(), "nobus"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	t.Logf("child:\n%s", out)
}

func TestChildUnavailable(t *testing.T) {
	childOnly(t)
	kr := keyring.New("omamori-test-unavailable")
	dir := os.Getenv(childDir)
	s, err := accounts.Open(dir, kr)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	unavailable := func(what string, err error) {
		t.Helper()
		var ue *i18n.Error
		if !errors.As(err, &ue) || !errors.Is(err, keyring.ErrUnavailable) {
			t.Fatalf("%s: %v, want the keyring's *i18n.Error", what, err)
		}
		t.Logf("%s: %s", what, i18n.Localize(err, i18n.JA))
	}

	l, err := s.List()
	unavailable("List", err)
	if len(l) != 1 || l[0].Name != "三菱 太郎" || l[0].State != accounts.Unknown {
		t.Fatalf("List = %+v, want the account in state unknown", l)
	}
	unavailable("List entry", l[0].Err)
	_, err = s.Generator(l[0].ID)
	unavailable("Generator", err)
	en := newEnrolment(t)
	_, err = s.Add("New", en)
	unavailable("Add", err)
	unavailable("Remove", s.Remove(l[0].ID))
	if got, _ := s.List(); len(got) != 1 {
		t.Fatalf("after refused changes: %+v", got)
	}

	// An empty store: nothing to compare with, so Add reaches Set.
	empty := filepath.Join(t.TempDir(), "Omamori")
	s2, err := accounts.Open(empty, kr)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s2.Add("New", en)
	unavailable("Add to empty", err)
	if l, err := s2.List(); err != nil || len(l) != 0 {
		t.Fatalf("List = %+v, %v", l, err)
	}
	noSecretsOnDisk(t, dir, en.Secret)
	noSecretsOnDisk(t, empty, en.Secret)
}
