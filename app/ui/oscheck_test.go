package ui

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/lockview"
	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/applock"
)

// fakeOS is a Windows Hello that answers as told.
type fakeOS struct {
	avail  error
	verify error
	asked  atomic.Int32
}

func (*fakeOS) Kind() string       { return "hello" }
func (*fakeOS) Name() string       { return "Windows Hello" }
func (f *fakeOS) Available() error { return f.avail }
func (f *fakeOS) Verify(context.Context, string) error {
	f.asked.Add(1)
	return f.verify
}

func osShell(t *testing.T, os *fakeOS) *Shell {
	t.Helper()
	store, _ := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	addAccount(t, store, "三菱 太郎", goodCode)
	s := New(Deps{App: test.NewTempApp(t), Store: store, ConfigDir: t.TempDir(), LangForced: "en", OnQuit: func() {},
		Lock: &LockDeps{LogN: 4, OS: os}, Settings: settings.Settings{Theme: "light", Lock: true}})
	t.Cleanup(func() { s.Window().Close() })
	select { // the probe's answer is on screen before the test looks
	case <-s.lk.probed:
	case <-time.After(10 * time.Second):
		t.Fatal("the OS check was never asked whether it is available")
	}
	return s
}

// With the lock on and only Windows Hello as a way back, the window
// locks once Hello says it is available; the lock screen offers it by
// name; a refusal keeps it locked and Hello's yes unlocks.
func TestOSCheckUnlocks(t *testing.T) {
	os := &fakeOS{verify: errors.New("cancelled")}
	s := osShell(t, os)
	if !s.Session().Locked() || !slices.Equal(s.lockMethods(), []string{lockview.OS}) || s.LockScreen() == nil {
		t.Fatalf("Hello available: locked %v, methods %v", s.Session().Locked(), s.lockMethods())
	}
	if err := wait(t, func(done func(error)) { s.unlock(lockview.OS, "", done) }); err == nil || !s.Session().Locked() {
		t.Fatalf("Hello said no: %v, locked %v", err, s.Session().Locked())
	}
	os.verify = nil
	if err := wait(t, func(done func(error)) { s.unlock(lockview.OS, "", done) }); err != nil || s.Session().Locked() || os.asked.Load() != 2 {
		t.Fatalf("Hello said yes: %v, locked %v, asked %d", err, s.Session().Locked(), os.asked.Load())
	}
}

// Hello not available (wine, a PC without it): not offered, and a lock
// with no other way back stays off.
func TestOSCheckNotOffered(t *testing.T) {
	s := osShell(t, &fakeOS{avail: applock.ErrNotAvailable})
	s.Lock().Event(applock.ScreenLocked)
	if s.Session().Locked() || len(s.lockMethods()) != 0 {
		t.Fatalf("locked %v, methods %v", s.Session().Locked(), s.lockMethods())
	}
}
