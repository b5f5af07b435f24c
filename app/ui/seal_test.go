package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/lockview"
	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/seal"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

// A sealed folder: the window starts locked even with the lock off in
// the settings, offers only the security key, stays locked on a wrong
// PIN, shows the codes after the key's PIN (one unlock opens the data
// key too), and locking again drops the data key.
func TestSealedWindowUnlocksWithTheKey(t *testing.T) {
	ctx := context.Background()
	d, err := practice.New(practice.Options{AutoTouch: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Key().SetPIN(ctx, "1234"); err != nil {
		t.Fatal(err)
	}
	keys := securitykey.New(d)
	dir := t.TempDir()
	kr := accountstest.NewSecrets()
	sl := seal.New(dir, kr, keys)
	store, err := accounts.Open(t.TempDir(), sl)
	if err != nil {
		t.Fatal(err)
	}
	a := addAccount(t, store, "三菱 太郎", goodCode)
	b := addAccount(t, store, "みずほ証券", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	if err := backup.SaveState(dir, backup.State{LastPassphrase: "2026-12-06"}); err != nil {
		t.Fatal(err)
	}
	if err := sl.Enable(ctx, "1234", []string{a.ID, b.ID}); err != nil {
		t.Fatal(err)
	}
	sl.Lock() // as a new start finds it
	store.ForgetSecrets()

	c := &clock{start}
	s := New(Deps{App: test.NewTempApp(t), Store: store, ConfigDir: dir, LangForced: "ja", Version: "1.0.0", OS: "windows", Arch: "amd64",
		Now: c.Now, OnQuit: func() {}, Lock: &LockDeps{LogN: 4, Keys: keys, Seal: sl},
		Settings: settings.Settings{Theme: "light"}})
	s.Window().Resize(fyne.NewSize(520, 560))
	s.Window().Show()
	t.Cleanup(func() { s.Window().Close() })

	if !s.Session().Locked() || s.LockScreen() == nil {
		t.Fatal("a sealed window started unlocked")
	}
	if m := s.lockMethods(); !slices.Equal(m, []string{lockview.Key}) {
		t.Fatalf("methods %v, want the key only", m)
	}
	if got := secretsShown(t, s, c.t); len(got) > 0 {
		t.Fatalf("sealed and locked, yet on screen: %v", got)
	}
	err = wait(t, func(done func(error)) { s.unlock(lockview.Key, "9999", done) })
	if i18n.MessageKey(err) != "pin_wrong" || !s.Session().Locked() || !sl.Locked() {
		t.Fatalf("wrong PIN: %v, locked %v", err, s.Session().Locked())
	}
	if err := wait(t, func(done func(error)) { s.unlock(lockview.Key, "1234", done) }); err != nil {
		t.Fatal(err)
	}
	if s.Session().Locked() || sl.Locked() {
		t.Fatal("the key's PIN did not unlock the window and the data key")
	}
	if got := secretsShown(t, s, c.t); len(got) != 4 {
		t.Fatalf("unlocked: on screen %v, want both names and codes", got)
	}
	s.Lock().Lock()
	if !sl.Locked() {
		t.Fatal("locking kept the data key")
	}
	if _, err := store.Generator(a.ID); !errors.Is(err, seal.ErrLocked) {
		t.Fatalf("a code generator outlived the lock: %v", err)
	}
}

// Sealing from the settings: refused with the reason before a passphrase
// backup, then sealed with the key's PIN; the lock is on from then and
// locking drops the data key. Unsealing from the settings (after the
// key's unlock) puts the secret back in the keyring as it was, and the
// lock follows its setting again (off here).
func TestSealFromTheWindow(t *testing.T) {
	ctx := context.Background()
	d, err := practice.New(practice.Options{AutoTouch: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Key().SetPIN(ctx, "1234"); err != nil {
		t.Fatal(err)
	}
	keys := securitykey.New(d)
	dir := t.TempDir()
	kr := accountstest.NewSecrets()
	sl := seal.New(dir, kr, keys)
	store, err := accounts.Open(t.TempDir(), sl)
	if err != nil {
		t.Fatal(err)
	}
	a := addAccount(t, store, "三菱 太郎", goodCode)
	c := &clock{start}
	s := New(Deps{App: test.NewTempApp(t), Store: store, ConfigDir: dir, LangForced: "ja", Version: "1.0.0", OS: "windows", Arch: "amd64",
		Now: c.Now, OnQuit: func() {}, Lock: &LockDeps{LogN: 4, Keys: keys, Seal: sl},
		Settings: settings.Settings{Theme: "light"}})
	t.Cleanup(func() { s.Window().Close() })
	if s.Session().Locked() {
		t.Fatal("not sealed, lock off, yet locked")
	}
	ls := s.lockSettings()
	if ls.SealCheck == nil || ls.Seal == nil || ls.Unseal != nil {
		t.Fatal("sealing not offered with a key service, or unsealing offered before")
	}
	plain := kr.Items()[a.ID]
	if err := ls.SealCheck(); !errors.Is(err, seal.ErrNoBackup) {
		t.Fatalf("before a passphrase backup: %v", err)
	}
	if err := backup.SaveState(dir, backup.State{LastPassphrase: "2026-12-06"}); err != nil {
		t.Fatal(err)
	}
	if err := ls.SealCheck(); err != nil {
		t.Fatal(err)
	}
	if err := wait(t, func(done func(error)) { ls.Seal("1234", done) }); err != nil {
		t.Fatal(err)
	}
	if !sl.On() || !strings.HasPrefix(kr.Items()[a.ID], seal.Prefix) || !s.Lock().Config().Enabled {
		t.Fatalf("after sealing: on %v, lock %+v", sl.On(), s.Lock().Config())
	}
	if s.lockSettings().Seal != nil {
		t.Fatal("sealing offered again once sealed")
	}
	s.Lock().Lock()
	if !s.Session().Locked() || !sl.Locked() {
		t.Fatal("locking a sealed window kept the data key")
	}

	if err := wait(t, func(done func(error)) { s.unlock(lockview.Key, "1234", done) }); err != nil {
		t.Fatal(err)
	}
	ls = s.lockSettings()
	if ls.Unseal == nil || !ls.Sealed || ls.Forced {
		t.Fatalf("sealed settings: unseal offered %v, sealed %v, forced %v", ls.Unseal != nil, ls.Sealed, ls.Forced)
	}
	if err := wait(t, ls.Unseal); err != nil {
		t.Fatal(err)
	}
	if sl.On() || kr.Items()[a.ID] != plain || s.Lock().Config().Enabled || s.Session().Locked() {
		t.Fatalf("after unsealing: on %v, item back %v, lock %+v", sl.On(), kr.Items()[a.ID] == plain, s.Lock().Config())
	}
	if _, err := store.Generator(a.ID); err != nil {
		t.Fatalf("unsealed account: %v", err)
	}
	if s.lockSettings().Unseal != nil {
		t.Fatal("unsealing offered once unsealed")
	}
}
