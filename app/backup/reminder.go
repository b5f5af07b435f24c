package backup

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/backup"
)

// ShouldRemind reports whether the window should offer a backup now
// (after the first enrolment; then 180 days after the last backup or the
// last "not now").
func ShouldRemind(dir string, now time.Time, accounts int) bool {
	st, _ := backup.LoadState(dir)
	return st.ShouldRemind(now, accounts)
}

// Reminder is the banner offering a backup. create opens the dialog;
// "not now" records the dismissal and calls closed.
func Reminder(dir string, now func() time.Time, create, closed func()) fyne.CanvasObject {
	text := jptext.NewLabel(t("reminder"))
	mk := widget.NewButtonWithIcon(t("reminder_create"), theme.DocumentSaveIcon(), create)
	mk.Importance = widget.HighImportance
	later := widget.NewButton(t("reminder_dismiss"), func() {
		_ = backup.Dismiss(dir, now())
		closed()
	})
	return widget.NewCard("", "", container.NewVBox(text, container.NewHBox(layout.NewSpacer(), later, mk)))
}
