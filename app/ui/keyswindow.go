package ui

import (
	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/app/keyview"
	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
)

// keysWindow is the security-key screen in a window of its own, so the
// codes stay in view beside it. The screen polls for keys only while
// this window is open.
type keysWindow struct {
	w   fyne.Window
	scr *keyview.Screen
}

// ShowKeys opens the security-key window, or brings it to the front.
func (s *Shell) ShowKeys() {
	if s.sess.IsOpen(session.Keys) {
		s.keysWin.w.Show()
		s.keysWin.w.RequestFocus()
		return
	}
	w := s.d.App.NewWindow(s.t("keys_title"))
	scr := keyview.New(w, keyview.Options{Service: s.d.Keys, NewPractice: s.d.NewPractice, Lang: s.Language,
		ResetBackups: func() []i18n.Message { return backup.ResetWarning(s.d.ConfigDir) },
		MakeBackup:   func() { s.w.RequestFocus(); s.ShowCreateBackup() },
		PasskeyReady: func() { s.ShowPasskeyReady("") }})
	w.SetContent(scr.Content())
	w.Resize(fyne.NewSize(560, 640))
	kw := &keysWindow{w: w, scr: scr}
	w.SetOnClosed(func() {
		scr.Stop()
		s.keysWin = nil
		s.sess.Close(session.Keys)
	})
	s.keysWin = kw
	s.sess.Open(session.Keys)
	if !s.noKeyPolling {
		scr.Start()
	}
	w.Show()
}

// relabelKeys follows a language switch in the security-key window.
func (s *Shell) relabelKeys() {
	if s.keysWin != nil {
		s.keysWin.w.SetTitle(s.t("keys_title"))
		s.keysWin.scr.Refresh()
	}
}
