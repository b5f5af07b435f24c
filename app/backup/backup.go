// Package backup is the window's side of moving to a new PC: the
// 「バックアップを作成」 and 「バックアップから復元」 dialogs, the reminder
// banner, and 「スマートフォンに移す」 (an account's QR code behind a
// warning, gone after 60 s). The work is internal/backup's; this package
// only asks and shows.
package backup

import (
	"embed"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/omamori-app/omamori/app/filedialog"
	"github.com/omamori-app/omamori/app/jptext"
	omtheme "github.com/omamori-app/omamori/app/theme"
	apptr "github.com/omamori-app/omamori/app/translations"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed translations
var translations embed.FS

var cat = i18n.MustCatalogIn("app/backup", translations, "translations")

// t renders one of this package's texts in the window's language.
func t(key string, kv ...any) string { return cat.M("backup."+key, kv...).In(apptr.Lang()) }

// Store is the account store as a backup and a restore use it;
// *accounts.Store implements it.
type Store = backup.Target

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
	// Files shows the file dialogs: the OS's own where there is one
	// (app/filedialog). nil: app/filedialog for Window.
	Files Files
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
func backupFilter() filepicker.Filter {
	return filepicker.Filter{Label: t("file_filter"), Exts: []string{"age"}}
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// showErr shows a failure in the customer's words.
func showErr(w fyne.Window, err error) {
	msg := jptext.NewLabel(apptr.Err(err))
	d := dialog.NewCustom(apptr.T("error_title"), apptr.T("close"), msg, w)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(w, 440), 0))
	d.Show()
}

// showInfo shows a finished step.
func showInfo(w fyne.Window, title, text string) {
	d := dialog.NewCustom(title, apptr.T("close"), jptext.NewLabel(text), w)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(w, 440), 0))
	d.Show()
}

// LastBackup is the date of the last backup for サポート情報 ("" if none).
func LastBackup(dir string) string { return backup.LastBackupDate(dir) }

// Label renders one of this package's texts ("menu", "create", "restore",
// "move_previous", "to_phone") for the buttons and menus other screens
// hold.
func Label(key string) string { return t(key) }
