package backupview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
)

// ShouldRemind reports whether the window should offer a backup now
// (after the first enrolment; then 180 days after the last backup or the
// last "not now").
func ShouldRemind(dir string, now time.Time, accounts int) bool {
	st, _ := backup.LoadState(dir)
	return st.ShouldRemind(now, accounts)
}

// Reminder is the banner offering a backup, shaped like app/repairbanner's
// notice: it takes no space while there is nothing to say, and Refresh
// asks internal/backup again whether to offer one.
type Reminder struct {
	dir      string
	lang     func() i18n.Lang // the window's language, asked at each Refresh
	now      func() time.Time
	accounts func() int // accounts that make codes
	create   func()     // opens バックアップを作成
	box      *fyne.Container

	// Create and NotNow are the banner's buttons, nil while hidden (for tests).
	Create, NotNow *widget.Button
}

// NewReminder makes the banner for the settings folder dir, in the
// language lang gives; call Refresh to fill it.
func NewReminder(dir string, lang func() i18n.Lang, now func() time.Time, accounts func() int, create func()) *Reminder {
	return &Reminder{dir: dir, lang: lang, now: now, accounts: accounts, create: create, box: container.NewVBox()}
}

// t renders one of this package's texts in the window's language.
func (r *Reminder) t(key string, kv ...any) string { return text(r.lang(), key, kv...) }

// Content is the banner area.
func (r *Reminder) Content() fyne.CanvasObject { return r.box }

// Shown reports whether the offer is on screen.
func (r *Reminder) Shown() bool { return len(r.box.Objects) > 0 }

// Refresh shows or hides the offer (also after a language switch).
func (r *Reminder) Refresh() {
	r.box.Objects, r.Create, r.NotNow = nil, nil, nil
	if r.dir != "" && ShouldRemind(r.dir, r.now(), r.accounts()) {
		// Padded inside: an empty banner takes no space at all.
		r.box.Objects = []fyne.CanvasObject{container.NewPadded(r.offer())}
	}
	r.box.Refresh()
}

// offer is the text and its two buttons: バックアップを作成 opens the
// dialog; 今はしない records the dismissal and hides the banner.
func (r *Reminder) offer() fyne.CanvasObject {
	msg := jptext.NewLabel(r.t("reminder"))
	r.Create = widget.NewButtonWithIcon(r.t("reminder_create"), theme.DocumentSaveIcon(), r.create)
	r.Create.Importance = widget.HighImportance
	r.NotNow = widget.NewButton(r.t("reminder_dismiss"), func() {
		_ = backup.Dismiss(r.dir, r.now())
		r.Refresh()
	})
	return container.NewVBox(msg, container.NewHBox(r.Create, r.NotNow), widget.NewSeparator())
}
