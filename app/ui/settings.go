package ui

import (
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/app/settings"
)

// ShowSettings opens the settings; saving applies them at once.
func (s *Shell) ShowSettings() {
	var clock *settings.Clock
	if s.d.Clock != nil {
		clock = &settings.Clock{Prefs: s.d.Clock.Prefs(), Save: s.d.Clock.SavePrefs}
	}
	s.dlg = s.track(session.Settings, settings.ShowWithUpdate(s.w, s.Language(), s.d.Settings, s.hasTray, clock, s.lockSettings(), s.updateSettings(), func(n settings.Settings) {
		if s.d.SaveSetting != nil {
			if err := s.d.SaveSetting(n); err != nil {
				s.status.Importance = widget.DangerImportance
				s.status.SetText(s.t("settings_error", "Err", err.Error()))
				s.status.Show()
			}
		}
		s.Apply(n)
	}))
}
