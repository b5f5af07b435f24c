// Package backupview is the window's side of moving to a new PC: the
// 「バックアップを作成」 and 「バックアップから復元」 dialogs, the reminder
// banner, and 「スマートフォンに移す」 (an account's QR code behind a
// warning, gone after 60 s). The work is internal/backup's; this package
// only asks and shows.
package backupview

import (
	"embed"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/omamori-app/omamori/app/filedialog"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/backupview", locales)

// text renders one of this package's texts in l.
func text(l i18n.Lang, key string, kv ...any) string { return cat.M("backup."+key, kv...).In(l) }

// Store is the account store as a backup, a restore and
// 「スマートフォンに移す」 use it; *accounts.Store implements it.
type Store interface {
	backup.Target
	Exporter
}

// Options wires the dialogs.
type Options struct {
	Window     fyne.Window
	Store      Store
	ConfigDir  string // where the last-backup date is kept
	Version    string
	Now        func() time.Time  // nil = time.Now
	WorkFactor int               // scrypt work factor of new backups; 0 = age's default
	OnRestored func(done string) // after accounts were added: reload the list, show done in the status line
	OnSaved    func()            // after a backup was written (hide the reminder)
	// Keys opens backups protected by a security key; nil: such a file
	// is reported as needing a key (restorekey.go).
	Keys KeyService
	// Lang is the language of the dialogs.
	Lang i18n.Lang
	// Files shows the file dialogs: the OS's own where there is one
	// (app/filedialog). nil: app/filedialog for Window.
	Files Files
	// Brokers looks up the restored accounts' brokers, for the call
	// centre the move note names; *profile.Set implements it. Nil: the
	// built-in profiles.
	Brokers Brokers
}

// Brokers looks up a broker by profile name.
type Brokers interface {
	Broker(name string) (profile.Broker, bool)
}

func (o Options) brokers() Brokers {
	if o.Brokers == nil {
		return profile.Builtin()
	}
	return o.Brokers
}

// Files is the port to the file dialogs. done runs on Fyne's goroutine
// with the chosen path, "" (and a nil error) when the customer cancelled.
type Files interface {
	Open(o filepicker.Options, done func(path string, err error))
	Save(o filepicker.Options, done func(path string, err error))
}

func (o Options) files() Files {
	if o.Files == nil {
		return filedialog.New(o.Window)
	}
	return o.Files
}

// backupFilter offers backup files (".omamori-backup.age" ends in ".age").
func (o Options) backupFilter() filepicker.Filter {
	return filepicker.Filter{Label: o.t("file_filter"), Exts: []string{"age"}}
}

// t renders one of this package's texts in the dialogs' language.
func (o Options) t(key string, kv ...any) string { return text(o.Lang, key, kv...) }

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// showErr shows a failure in the customer's words.
func showErr(w fyne.Window, l i18n.Lang, err error) {
	msg := jptext.NewLabel(i18n.Localize(err, l))
	d := dialog.NewCustom(text(l, "error_title"), text(l, "close"), msg, w)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(w, 440), 0))
	d.Show()
}

// showInfo shows a finished step.
func showInfo(w fyne.Window, l i18n.Lang, title, body string) {
	d := dialog.NewCustom(title, text(l, "close"), jptext.NewLabel(body), w)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(w, 440), 0))
	d.Show()
}

// LastBackup is the date of the last backup for サポート情報 ("" if none).
func LastBackup(dir string) string { return backup.LastBackupDate(dir) }

// Label renders one of this package's texts ("menu", "create", "restore",
// "move_previous", "to_phone") in l, for the buttons and menus other
// screens hold.
func Label(l i18n.Lang, key string) string { return text(l, key) }
