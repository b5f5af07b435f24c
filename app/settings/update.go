package settings

import (
	"context"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
)

// Update is the dialog's 更新 part: 「更新を確認」 asks the signed feed now
// through the same use case as `omamori update --check`
// (update.Service.Check, which records the check for doctor and サポート情報)
// and says what it found; a newer version also goes to the window's
// banner (Found).
type Update struct {
	Service UpdateService
	Found   func(*update.Result) // on the UI goroutine; nil: nothing more
	Do      func(func())         // runs on the UI goroutine: fyne.Do (tests: directly)
}

// UpdateService is what the section needs of *update.Service.
type UpdateService interface {
	Mode() (update.Mode, error)
	State() update.State
	Check(ctx context.Context) (*update.Result, error)
}

// updateSection builds the part. The check runs on its own goroutine, so
// the dialog (and the codes behind it) never wait for the update server;
// the feed's own limits bound it.
func updateSection(u *Update, l i18n.Lang) fyne.CanvasObject {
	t := func(key string, kv ...any) string { return cat.M(key, kv...).In(l) }
	do := u.Do
	if do == nil {
		do = fyne.Do
	}
	status := jptext.NewLabel(lastCheck(u.Service.State(), l))
	status.SizeName = theme.SizeNameCaptionText
	var button *widget.Button
	button = widget.NewButtonWithIcon(t("update_check"), theme.ViewRefreshIcon(), func() {
		button.Disable()
		status.SetText(t("update_checking"))
		go func() {
			r, err := u.Service.Check(context.Background())
			do(func() {
				button.Enable()
				status.SetText(checkText(r, err, l))
				if err == nil && r.Available && u.Found != nil {
					u.Found(r)
				}
			})
		}()
	})
	if m, err := u.Service.Mode(); err != nil {
		status.SetText(i18n.Localize(err, l))
		button.Disable()
	} else if m == update.ModeOff {
		status.SetText(t("update_off"))
		button.Disable() // the check would refuse: say so before a press
	}
	title := widget.NewLabelWithStyle(t("update_section"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	box := container.NewVBox(widget.NewSeparator(), title)
	box.Objects = append(box.Objects, modeRows(u.Service, l)...)
	box.Objects = append(box.Objects, container.NewHBox(button), status)
	return box
}

// modeSetter is an UpdateService that says whether an administrator set
// the mode (*update.Service.ModeSet).
type modeSetter interface {
	ModeSet() (update.Mode, bool, error)
}

// modeRows say the update mode and, when a fleet policy (Group Policy,
// a configuration profile, policy.json) set it, 「管理者が設定しています」:
// the customer cannot change it here. Off says so in the status line.
func modeRows(svc UpdateService, l i18n.Lang) []fyne.CanvasObject {
	ms, ok := svc.(modeSetter)
	if !ok {
		return nil
	}
	m, set, err := ms.ModeSet()
	if err != nil || m == update.ModeOff {
		return nil
	}
	rows := []fyne.CanvasObject{jptext.NewLabel(cat.M("update_mode", "Mode", update.ModeLabel(m, runtime.GOOS).In(l)).In(l))}
	if set {
		admin := jptext.NewLabel(cat.M("update_by_admin").In(l))
		admin.SizeName = theme.SizeNameCaptionText
		admin.Importance = widget.LowImportance
		rows = append(rows, admin)
	}
	return rows
}

// lastCheck is the line under the button before a check: when the last
// one was and what it found.
func lastCheck(st update.State, l i18n.Lang) string {
	if st.LastCheck.IsZero() {
		return cat.M("update_never").In(l)
	}
	return cat.M("update_last", "When", st.LastCheck.Local().Format("2006-01-02 15:04"), "What", st.OutcomeText().In(l)).In(l)
}

// checkText says what a check found, as `omamori update --check` does.
func checkText(r *update.Result, err error, l i18n.Lang) string {
	if err != nil {
		return i18n.Localize(err, l)
	}
	return r.Message().In(l)
}
