package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/lockview"
	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/applock"
	"github.com/omamori-app/omamori/internal/i18n"
)

const lockPass = "さくら もみじ 2026"

// lockedShell is a window with two accounts, a lock passphrase set and
// the lock on in the settings: it starts locked.
func lockedShell(t *testing.T, lang string, idle int) (*Shell, *clock) {
	t.Helper()
	a := test.NewTempApp(t)
	dir := t.TempDir()
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	addAccount(t, store, "三菱 太郎", goodCode)
	addAccount(t, store, "みずほ証券", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	if err := (applock.Passphrase{Dir: dir, LogN: 4}).Set(lockPass); err != nil {
		t.Fatal(err)
	}
	c := &clock{start}
	on := true
	s := New(Deps{App: a, Store: store, ConfigDir: dir, LangForced: lang, Version: "1.0.0", OS: "windows", Arch: "amd64",
		Now: c.Now, OnQuit: func() {}, Lock: &LockDeps{LogN: 4},
		Settings: settings.Settings{Theme: "light", CloseToTray: &on, Lock: true, LockIdleMinutes: idle}})
	s.Window().Resize(fyne.NewSize(520, 560))
	s.Window().Show()
	t.Cleanup(func() { s.Window().Close() })
	return s, c
}

// onScreen is every text drawn on the window's canvas, overlays included,
// with spaces removed (a code is drawn as "492 039").
func onScreen(c fyne.Canvas) string {
	var b strings.Builder
	objs := []fyne.CanvasObject{c.Content()}
	objs = append(objs, c.Overlays().List()...)
	for _, o := range objs {
		uitest.Visit(o, func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *canvas.Text:
				b.WriteString(x.Text + "\n")
			case *widget.Label:
				b.WriteString(x.Text + "\n")
			case *widget.Entry:
				b.WriteString(x.Text + "\n")
			}
		})
	}
	return strings.ReplaceAll(b.String(), " ", "")
}

// secretsShown lists the account names and codes (now and next) found
// on screen.
func secretsShown(t *testing.T, s *Shell, now time.Time) []string {
	t.Helper()
	text := onScreen(s.Window().Canvas())
	var found []string
	for _, name := range []string{"三菱太郎", "みずほ証券"} {
		if strings.Contains(text, name) {
			found = append(found, name)
		}
	}
	for _, k := range []string{goodCode, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"} {
		c := want(t, k, now)
		for _, code := range []string{c.Code, c.Next} {
			if strings.Contains(text, code) {
				found = append(found, code)
			}
		}
	}
	return found
}

// While locked no code and no account name is anywhere on the canvas or
// in the tray; a wrong passphrase leaves it so, the right one shows the
// codes again; idle minutes lock again.
func TestLockHidesCodes(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			s, c := lockedShell(t, lang, 5)
			s.hasTray = true
			if !s.Session().Locked() || s.LockScreen() == nil {
				t.Fatal("the lock is on but the window started unlocked")
			}
			if got := secretsShown(t, s, c.t); len(got) > 0 {
				t.Fatalf("locked, yet on screen: %v", got)
			}
			if n := len(s.trayMenu().Items); n != 3 {
				t.Fatalf("locked: tray menu has %d items, want show, separator, quit", n)
			}
			if n := len(s.Codes().Usable()); n != 0 {
				t.Fatalf("locked: the code list was built with %d accounts", n)
			}
			uitest.GoldenCanvas(t, "lock_"+lang+".png", s.Window().Canvas())

			v := s.LockScreen()
			test.Type(v.Entry, "さくら")
			test.Tap(v.Button)
			if !s.Session().Locked() || !v.Error.Visible() || v.Entry.Text != "" {
				t.Fatalf("wrong passphrase: locked %v, error shown %v, entry %q", s.Session().Locked(), v.Error.Visible(), v.Entry.Text)
			}
			wantErr := applock.Catalog().M("wrong_passphrase").In(i18n.Lang(lang))
			if !strings.Contains(v.Error.Content(), wantErr) {
				t.Fatalf("error %q, want %q", v.Error.Content(), wantErr)
			}
			if got := secretsShown(t, s, c.t); len(got) > 0 {
				t.Fatalf("after a wrong passphrase, on screen: %v", got)
			}
			uitest.GoldenCanvas(t, "lock_wrong_"+lang+".png", s.Window().Canvas())

			test.Type(v.Entry, lockPass)
			test.Tap(v.Button)
			if s.Session().Locked() || s.LockScreen() != nil {
				t.Fatal("the right passphrase did not unlock")
			}
			if got := secretsShown(t, s, c.t); len(got) != 4 { // two names, two current codes
				t.Fatalf("unlocked: on screen %v, want both names and codes", got)
			}
			if n := len(s.trayMenu().Items); n != 5+1 { // show, sep, two accounts, sep, quit
				t.Errorf("unlocked: tray menu has %d items", n)
			}

			c.t = c.t.Add(4 * time.Minute)
			s.Tick()
			press(s, fyne.KeyDown) // input starts the idle time again
			c.t = c.t.Add(4 * time.Minute)
			s.Tick()
			if s.Session().Locked() {
				t.Fatal("locked 4 minutes after input, idle is 5")
			}
			c.t = c.t.Add(time.Minute)
			s.Tick()
			if !s.Session().Locked() {
				t.Fatal("not locked after 5 idle minutes")
			}
			if got := secretsShown(t, s, c.t); len(got) > 0 {
				t.Fatalf("locked on idle, yet on screen: %v", got)
			}
		})
	}
}

// The lock screen never traps: Settings and Support open from it, Esc
// returns to it, and the settings cannot turn the lock off while locked.
func TestLockScreenNeverTraps(t *testing.T) {
	s, _ := lockedShell(t, "ja", 0)
	v := s.LockScreen()
	canvas := s.Window().Canvas()
	lv := lockview.Catalog()
	test.Tap(uitest.Button(canvas.Content(), lv.M("settings").In(i18n.JA)))
	if !s.Session().IsOpen(session.Settings) {
		t.Fatal("設定 did not open from the lock screen")
	}
	uitest.GoldenCanvas(t, "lock_settings_ja.png", canvas)
	press(s, fyne.KeyEscape)
	if s.Session().IsOpen(session.Settings) || s.LockScreen() != v || !s.Session().Locked() {
		t.Fatal("Esc did not return to the lock screen")
	}
	test.Tap(uitest.Button(canvas.Content(), lv.M("help").In(i18n.JA)))
	if !s.Session().IsOpen(session.Help) {
		t.Fatal("サポート情報 did not open from the lock screen")
	}
	press(s, fyne.KeyEscape)
	if s.Session().IsOpen(session.Help) || !s.Session().Locked() {
		t.Fatal("Esc did not close サポート情報")
	}
	// Saving the settings from the lock screen keeps the lock.
	s.Apply(settings.Settings{Theme: "light", Lock: true})
	if !s.Session().Locked() {
		t.Fatal("saving settings unlocked")
	}
	// Ctrl+N behind the lock screen adds nothing.
	s.shortcutKeys.TypedShortcut(&fyne.ShortcutCopy{})
	if s.addDlg != nil {
		t.Fatal("a shortcut opened the add dialog behind the lock")
	}
}

// A lock that is on with no passphrase or key set never locks: there
// would be no way back.
func TestLockWithoutVerifierStaysOpen(t *testing.T) {
	a := test.NewTempApp(t)
	store, _ := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	s := New(Deps{App: a, Store: store, ConfigDir: t.TempDir(), LangForced: "en", OnQuit: func() {},
		Lock:     &LockDeps{Policy: applock.Policy{Mode: applock.ModeLock}},
		Settings: settings.Settings{Lock: true}})
	t.Cleanup(func() { s.Window().Close() })
	s.Lock().Event(applock.ScreenLocked)
	if s.Session().Locked() {
		t.Fatal("locked with no way to unlock")
	}
}

// The screen lock signal (fed in by the adapter) locks the window.
func TestScreenLockEventLocks(t *testing.T) {
	s, c := lockedShell(t, "en", 0)
	v := s.LockScreen()
	test.Type(v.Entry, lockPass)
	test.Tap(v.Button)
	if s.Session().Locked() {
		t.Fatal("not unlocked")
	}
	s.Lock().Event(applock.ScreenLocked)
	if !s.Session().Locked() || len(secretsShown(t, s, c.t)) > 0 {
		t.Fatal("the screen lock did not lock the window")
	}
}
