package keyview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// readinessButton opens the passkey-readiness window (Options.PasskeyReady)
// for real keys: the practice key cannot register a broker's passkey.
func (s *Screen) readinessButton(practice bool) []fyne.CanvasObject {
	if practice || s.opts.PasskeyReady == nil {
		return nil
	}
	b := widget.NewButtonWithIcon(s.tr("passkey_ready"), theme.InfoIcon(), s.opts.PasskeyReady)
	return []fyne.CanvasObject{container.NewHBox(layout.NewSpacer(), b)}
}
