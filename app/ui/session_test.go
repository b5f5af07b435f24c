package ui

import (
	"testing"

	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/app/settings"
)

// The tray and a second launch reach the window only through its
// session: closing to the tray hides it, the tray's show and a second
// launch's request bring it back (and wake the paused tick), the tray's
// quit clears our code and ends the app, and a locked session leaves the
// codes out of the tray menu.
func TestSessionDrivesTheWindow(t *testing.T) {
	s, store, _, _ := newShell(t, "en")
	addAccount(t, store, "Bank", goodCode)
	s.Codes().Reload()
	quits := 0
	s.d.OnQuit = func() { quits++ }
	toTray := true
	s.Apply(settings.Settings{CloseToTray: &toTray})
	s.hasTray = true // the test app has no tray; the menu is built all the same
	sess := s.Session()
	woken := func() bool {
		select {
		case <-s.wake:
			return true
		default:
			return false
		}
	}

	s.closeWindow()
	if sess.Shown() || !s.Idle() || quits != 0 {
		t.Fatalf("closing with a tray: shown %v idle %v quits %d; want hidden, idle, running", sess.Shown(), s.Idle(), quits)
	}
	woken()
	sess.AskShow() // a second launch, through fyne.Do
	if !sess.Shown() || s.Idle() || !woken() {
		t.Fatal("a second launch did not show the window and wake the tick")
	}

	m := s.trayMenu()
	if len(m.Items) != 5 { // show, separator, copy Bank, separator, quit
		t.Fatalf("tray menu has %d items, want 5", len(m.Items))
	}
	sess.Hide()
	m.Items[0].Action() // "Show window"
	if !sess.Shown() {
		t.Fatal("the tray's show left the window hidden")
	}
	sess.Lock()
	if n := len(s.trayMenu().Items); n != 3 {
		t.Errorf("locked: tray menu has %d items, want show, separator, quit", n)
	}
	sess.Unlock()
	m = s.trayMenu()
	m.Items[len(m.Items)-1].Action() // "Quit"
	if quits != 1 {
		t.Fatalf("the tray's quit ran OnQuit %d times, want 1", quits)
	}
}

// Without a tray, closing the window quits.
func TestCloseWithoutTrayQuits(t *testing.T) {
	s, _, _, _ := newShell(t, "en")
	quits := 0
	s.d.OnQuit = func() { quits++ }
	s.closeWindow()
	if quits != 1 || !s.Session().Shown() {
		t.Fatalf("quits %d, shown %v; want one quit, window not sent to a tray", quits, s.Session().Shown())
	}
}

// The security-key window is an open screen of the session while it is open.
func TestKeyWindowIsAnOpenScreen(t *testing.T) {
	s, _, _, _ := newShell(t, "en")
	s.noKeyPolling = true
	s.d.Keys = noKeys{}
	s.ShowKeys()
	if !s.Session().IsOpen(session.Keys) {
		t.Fatal("the open security-key window is not in the session")
	}
	s.keysWin.w.Close()
	if s.Session().IsOpen(session.Keys) {
		t.Fatal("the closed security-key window is still open in the session")
	}
}

// The settings and サポート情報 dialogs are open screens while they are open.
func TestDialogsAreOpenScreens(t *testing.T) {
	s, _, _, _ := newShell(t, "en")
	for _, c := range []struct {
		sc   session.Screen
		open func()
	}{{session.Settings, s.ShowSettings}, {session.Help, s.ShowHelp}} {
		c.open()
		if !s.Session().IsOpen(c.sc) {
			t.Fatalf("%s: open, but not in the session", c.sc)
		}
		s.dlg.Hide()
		if s.Session().IsOpen(c.sc) {
			t.Fatalf("%s: closed, but still open in the session", c.sc)
		}
	}
}
