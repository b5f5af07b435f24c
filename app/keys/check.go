package keys

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// openCheck is "Check my key": a test login (two touches), after the
// PIN when the key has one.
func (s *Screen) openCheck(k securitykey.KeyInfo) {
	if k.PIN == securitykey.PINSet {
		s.askPIN(s.tr("check_title"), s.tr("check_intro_pin"), s.tr("check_start"),
			func(ctx context.Context, svc Service, pin string) (func(), error) {
				res, err := svc.Test(ctx, k.Path, pin)
				return func() { s.showCheckResult(res) }, err
			})
		return
	}
	var m *modal
	cancel := widget.NewButtonWithIcon(s.tr("cancel"), theme.CancelIcon(), func() { m.close() })
	start := widget.NewButtonWithIcon(s.tr("check_start"), theme.ConfirmIcon(), nil)
	start.Importance = widget.HighImportance
	start.OnTapped = func() {
		start.Disable()
		if !s.begin(func(ctx context.Context, svc Service) func() {
			res, err := svc.Test(ctx, k.Path, "")
			return func() {
				m.close()
				if err != nil {
					s.showError(err)
					return
				}
				s.showCheckResult(res)
			}
		}) {
			start.Enable()
		}
	}
	m = s.showModal(s.tr("check_title"), wrapped(s.tr("check_intro")), nil, cancel, start)
	s.win.Canvas().Focus(start)
}

func (s *Screen) showCheckResult(res securitykey.TestResult) {
	l := s.lang()
	lines := []fyne.CanvasObject{bigIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon())), heading(res.Summary().In(l))}
	if res.UserVerified {
		lines = append(lines, wrapped(s.tr("check_pin_ok")))
	}
	lines = append(lines, wrapped(s.tr("check_next")))
	var m *modal
	ok := widget.NewButton(s.tr("ok"), func() { m.close() })
	ok.Importance = widget.HighImportance
	m = s.showModal(s.tr("check_title"), container.NewVBox(lines...), nil, ok)
	m.onEnter = m.close
}

// localize is i18n.Localize in the screen's language.
func (s *Screen) localize(err error) string { return i18n.Localize(err, s.lang()) }
