// Package tray is the system-tray menu: show the window, copy each
// account's code without opening it, quit. Showing and quitting go
// through the session (app/session), which the window watches.
package tray

import (
	"embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/tray", locales)

// Account is one "copy" entry.
type Account struct {
	Name string
	Copy func()
}

// MaxCopies caps the copy entries: a menu of every account would run off
// the screen with a few dozen, and each entry is rebuilt on every change.
// The rest are one entry away, in the window (its search finds them).
const MaxCopies = 10

// Menu builds the tray menu in language l for the session s. The last
// item is our own quit (IsQuit), so Fyne adds no second one and quitting
// clears our clipboard first. A locked session offers no codes.
func Menu(l i18n.Lang, accounts []Account, s *session.Session) *fyne.Menu {
	t := func(key string, kv ...any) string { return cat.M(key, kv...).In(l) }
	items := []*fyne.MenuItem{fyne.NewMenuItem(t("tray_show"), s.Show)}
	if s.Locked() {
		accounts = nil
	}
	if len(accounts) > 0 {
		items = append(items, fyne.NewMenuItemSeparator())
	}
	shown := accounts
	if len(shown) > MaxCopies {
		shown = shown[:MaxCopies]
	}
	for _, a := range shown {
		items = append(items, fyne.NewMenuItem(t("tray_copy", "Name", a.Name), a.Copy))
	}
	if more := len(accounts) - len(shown); more > 0 {
		items = append(items, fyne.NewMenuItem(t("tray_more", "N", more), s.Show))
	}
	q := fyne.NewMenuItem(t("quit"), s.Quit)
	q.IsQuit = true
	items = append(items, fyne.NewMenuItemSeparator(), q)
	return fyne.NewMenu(t("app_title"), items...)
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
