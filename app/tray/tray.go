// Package tray is the system-tray menu: show the window, copy each
// account's code without opening it, quit. Showing and quitting go
// through the session (app/session), which the window watches.
package tray

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/app/translations"
)

// Account is one "copy" entry.
type Account struct {
	Name string
	Copy func()
}

// Menu builds the tray menu for the session s. The last item is our own
// quit (IsQuit), so Fyne adds no second one and quitting clears our
// clipboard first. A locked session offers no codes.
func Menu(accounts []Account, s *session.Session) *fyne.Menu {
	items := []*fyne.MenuItem{fyne.NewMenuItem(translations.T("tray_show"), s.Show)}
	if s.Locked() {
		accounts = nil
	}
	if len(accounts) > 0 {
		items = append(items, fyne.NewMenuItemSeparator())
	}
	for _, a := range accounts {
		items = append(items, fyne.NewMenuItem(translations.T("tray_copy", "Name", a.Name), a.Copy))
	}
	q := fyne.NewMenuItem(translations.T("quit"), s.Quit)
	q.IsQuit = true
	items = append(items, fyne.NewMenuItemSeparator(), q)
	return fyne.NewMenu(translations.T("app_title"), items...)
}

// Set installs the menu if the app has a tray; it reports whether it did.
func Set(a fyne.App, m *fyne.Menu, icon fyne.Resource) bool {
	d, ok := a.(desktop.App)
	if !ok {
		return false
	}
	d.SetSystemTrayMenu(m)
	if icon != nil {
		d.SetSystemTrayIcon(icon)
	}
	return true
}
