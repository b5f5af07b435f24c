package ui

import (
	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/app/tray"
)

// The tray icon and its menu: copy a code, show the window, quit.

// SetTray installs the tray menu; it reports whether there is a tray.
func (s *Shell) SetTray(icon fyne.Resource) bool {
	s.hasTray = tray.Set(s.d.App, s.trayMenu(), icon)
	return s.hasTray
}

func (s *Shell) trayMenu() *fyne.Menu {
	var accts []tray.Account
	for _, e := range s.codes.Usable() {
		id := e.ID
		accts = append(accts, tray.Account{Name: e.Name, Copy: func() { s.codes.Copy(id) }})
	}
	return tray.Menu(s.Language(), accts, s.sess)
}

func (s *Shell) refreshTray() {
	if s.hasTray {
		tray.Set(s.d.App, s.trayMenu(), nil)
	}
}
