package ui

import (
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/app/tray"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/applock"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// With ListLater the first window reads the secrets of FirstRows accounts
// from the keyring, no more; LoadList reads the rest and the list (and
// the tray's copy entries) then has every account. A rebuild (language
// switch) reads them all at once.
func TestListLaterReadsTheFirstScreenfulFirst(t *testing.T) {
	sec := accountstest.NewSecrets()
	store, err := accounts.Open(t.TempDir(), sec)
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	for i := range n {
		key := accountstest.RandomKey(t, 20)
		if _, err := store.Add(fmt.Sprint("口座 ", i), newaccount.Details{Secret: key, Profile: profile.SmartOTP}); err != nil {
			t.Fatal(err)
		}
	}
	before := sec.Gets()
	s := New(Deps{App: test.NewTempApp(t), Store: store, ConfigDir: t.TempDir(), LangForced: "ja", OnQuit: func() {},
		ListLater: true, Settings: settings.Settings{Theme: "light"}})
	t.Cleanup(func() { s.Window().Close() })
	if got := sec.Gets() - before; got != FirstRows {
		t.Errorf("the first window read %d secrets, want %d", got, FirstRows)
	}
	if !s.Codes().Unread() || len(s.Codes().Usable()) != FirstRows {
		t.Fatalf("unread %v, usable %d", s.Codes().Unread(), len(s.Codes().Usable()))
	}
	q := make(chan func(), 1)
	s.LoadList(func(f func()) { q <- f })
	(<-q)()
	if s.Codes().Unread() || len(s.Codes().Usable()) != n {
		t.Fatalf("after LoadList: unread %v, usable %d of %d", s.Codes().Unread(), len(s.Codes().Usable()), n)
	}
	// The tray copies the first tray.MaxCopies and counts the rest: all n.
	more := fmt.Sprintf("ほかの%d件はウィンドウでコピー", n-tray.MaxCopies)
	if !slices.ContainsFunc(s.trayMenu().Items, func(it *fyne.MenuItem) bool { return it.Label == more }) {
		t.Errorf("the tray menu has no %q entry for %d accounts", more, n)
	}
	s.Build()
	if s.Codes().Unread() || len(s.Codes().Usable()) != n {
		t.Errorf("rebuilt: unread %v, usable %d", s.Codes().Unread(), len(s.Codes().Usable()))
	}
}

// A window that starts locked reads no secret: neither the first
// screenful read ahead in New nor the first list.
func TestLockedStartReadsNoSecret(t *testing.T) {
	sec := accountstest.NewSecrets()
	store, err := accounts.Open(t.TempDir(), sec)
	if err != nil {
		t.Fatal(err)
	}
	addAccount(t, store, "三菱 太郎", goodCode)
	dir := t.TempDir()
	if err := (applock.Passphrase{Dir: dir, LogN: 4}).Set(lockPass); err != nil {
		t.Fatal(err)
	}
	before := sec.Gets()
	s := New(Deps{App: test.NewTempApp(t), Store: store, ConfigDir: dir, LangForced: "ja", OnQuit: func() {},
		ListLater: true, Lock: &LockDeps{LogN: 4}, Settings: settings.Settings{Theme: "light", Lock: true}})
	t.Cleanup(func() { s.Window().Close() })
	if !s.Session().Locked() {
		t.Fatal("the window did not start locked")
	}
	if got := sec.Gets() - before; got != 0 {
		t.Errorf("a locked start read %d secrets, want none", got)
	}
}
