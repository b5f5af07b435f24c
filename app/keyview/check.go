package keyview

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/internal/securitykey"
)

// checkFlow is "Check my key" for one key: a test login (two touches),
// after the PIN when the key has one.
type checkFlow struct {
	*Screen
	k securitykey.KeyInfo
}

func (f checkFlow) open() {
	if f.k.PIN == securitykey.PINSet {
		f.askPIN(f.tr("check_title"), f.tr("check_intro_pin"), f.tr("check_start"),
			func(ctx context.Context, svc Service, pin string) (func(), error) {
				res, err := svc.Test(ctx, f.k.Path, pin)
				return func() { f.result(res) }, err
			})
		return
	}
	var m *modal
	cancel := widget.NewButtonWithIcon(f.tr("cancel"), theme.CancelIcon(), func() { m.close() })
	start := widget.NewButtonWithIcon(f.tr("check_start"), theme.ConfirmIcon(), nil)
	start.Importance = widget.HighImportance
	start.OnTapped = func() {
		start.Disable()
		if !f.begin(func(ctx context.Context, svc Service) func() {
			res, err := svc.Test(ctx, f.k.Path, "")
			return func() {
				m.close()
				if err != nil {
					f.showError(err)
					return
				}
				f.result(res)
			}
		}) {
			start.Enable()
		}
	}
	m = f.showModal(f.tr("check_title"), wrapped(f.tr("check_intro")), nil, cancel, start)
	f.win.Canvas().Focus(start)
}

// result shows what the check found.
func (f checkFlow) result(res securitykey.TestResult) {
	l := f.lang()
	lines := []fyne.CanvasObject{bigIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon())), heading(res.Summary().In(l))}
	if res.UserVerified {
		lines = append(lines, wrapped(f.tr("check_pin_ok")))
	}
	lines = append(lines, wrapped(f.tr("check_next")))
	var m *modal
	ok := widget.NewButton(f.tr("ok"), func() { m.close() })
	ok.Importance = widget.HighImportance
	m = f.showModal(f.tr("check_title"), container.NewVBox(lines...), nil, ok)
	m.onEnter = m.close
}
