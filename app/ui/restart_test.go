package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/app/settings"
)

// memClip is a clipboard in memory that takes every write.
type memClip struct{ text string }

func (c *memClip) Content() string { return c.text }

func (c *memClip) SetContent(s string) error { c.text = s; return nil }

// A window hidden in the tray may start again only when nothing would be
// lost: not while shown, not with a dialog open behind it, not with a code
// of ours on the clipboard (it would go with the process on X11).
func TestRestartableOnlyWhenNothingIsLost(t *testing.T) {
	clip := &memClip{}
	s, store, _, _ := newShellClip(t, "ja", clip)
	a := addAccount(t, store, "三菱 太郎", goodCode)
	s.Codes().Reload()
	toTray := true
	s.Apply(settings.Settings{CloseToTray: &toTray})
	s.hasTray = true
	sess := s.Session()

	if s.Restartable() {
		t.Fatal("shown, yet restartable")
	}
	s.closeWindow()
	if !s.Restartable() {
		t.Fatal("hidden with nothing open, yet not restartable")
	}

	sess.Show()
	s.ShowSettings()
	sess.Hide()
	if s.Restartable() {
		t.Fatal("the settings dialog is open behind the hidden window, yet restartable")
	}
	s.dlg.Hide()
	if !s.Restartable() {
		t.Fatal("the dialog closed, yet not restartable")
	}

	sess.Show()
	if !s.Codes().Copy(a.ID) || clip.text == "" {
		t.Fatal("the code was not copied")
	}
	sess.Hide()
	if s.Restartable() {
		t.Fatal("our code is on the clipboard, yet restartable")
	}
	clip.text = "my letter" // the user copied something else
	if !s.Restartable() {
		t.Fatal("the user replaced our code, yet not restartable")
	}
	if clip.text != "my letter" {
		t.Fatalf("asking changed the clipboard: %q", clip.text)
	}
}

// With the app lock on, a new start is locked: an unlocked window must
// not start again (the customer would be asked again), a locked one may.
func TestRestartableKeepsAnUnlockedWindow(t *testing.T) {
	s, _ := lockedShell(t, "ja", 0)
	sess := s.Session()
	sess.Hide()
	if !sess.Locked() || !s.Restartable() {
		t.Fatalf("locked %v, restartable %v; want a locked hidden window to be restartable", sess.Locked(), s.Restartable())
	}
	sess.Show()
	v := s.LockScreen()
	test.Type(v.Entry, lockPass)
	test.Tap(v.Button)
	if sess.Locked() {
		t.Fatal("the passphrase did not unlock")
	}
	sess.Hide()
	if s.Restartable() {
		t.Fatal("unlocked with the lock on, yet restartable")
	}
}

// The passkey-readiness windows are an open screen while any is open: the
// tray's restart (and an automatic update) would otherwise end the
// process under a window the customer is reading.
func TestPasskeyWindowsHoldTheRestart(t *testing.T) {
	s, _, _, a := newShell(t, "ja")
	s.d.Keys = noKeys{}
	s.hasTray = true
	posts := passkeyPosts(s)
	s.ShowPasskeyReady("")
	runUI(t, posts)
	s.ShowPasskeyReady("")
	runUI(t, posts)
	var wins []fyne.Window
	for _, w := range a.Driver().AllWindows() {
		if w.Title() == "パスキーの準備" {
			wins = append(wins, w)
		}
	}
	if len(wins) != 2 || !s.Session().IsOpen(session.Passkeys) {
		t.Fatalf("%d passkey-readiness windows, open in the session %v; want two, open", len(wins), s.Session().IsOpen(session.Passkeys))
	}
	s.Session().Hide()
	if s.Restartable() {
		t.Fatal("a passkey-readiness window is open, yet restartable")
	}
	wins[0].Close()
	if !s.Session().IsOpen(session.Passkeys) || s.Restartable() {
		t.Fatal("one passkey-readiness window is still open, yet the screen closed")
	}
	wins[1].Close()
	if s.Session().IsOpen(session.Passkeys) || !s.Restartable() {
		t.Fatal("every passkey-readiness window closed, yet the screen is open or not restartable")
	}
}

// Hidden in the tray, the paused tick wakes when the app lock's idle time
// is up (untilIdleLock), so the lock locks on time: the tray menu stops
// offering codes, and the process may start again.
func TestHiddenWindowLocksOnIdleTime(t *testing.T) {
	s, c := lockedShell(t, "ja", 1)
	sess := s.Session()
	v := s.LockScreen()
	test.Type(v.Entry, lockPass)
	test.Tap(v.Button)
	if sess.Locked() {
		t.Fatal("the passphrase did not unlock")
	}
	s.hasTray = true
	sess.Hide()
	s.Tick()
	if !s.Idle() {
		t.Fatal("hidden with nothing to do, yet the tick does not pause")
	}
	if d, ok := s.untilIdleLock(); !ok || d != time.Minute {
		t.Fatalf("until the idle lock: %v %v, want 1m0s", d, ok)
	}
	c.t = c.t.Add(time.Minute)
	if d, ok := s.untilIdleLock(); !ok || d != 0 {
		t.Fatalf("idle time up: %v %v, want 0", d, ok)
	}
	s.Tick() // the tick the timer wakes
	if !sess.Locked() {
		t.Fatal("the idle time is up, yet the hidden window is not locked")
	}
	if n := len(s.trayMenu().Items); n != 3 {
		t.Errorf("locked: tray menu has %d items, want show, separator, quit", n)
	}
	if _, ok := s.untilIdleLock(); ok {
		t.Error("locked, yet an idle lock is due")
	}
	if !s.Restartable() {
		t.Error("locked in the tray, yet not restartable")
	}
}
