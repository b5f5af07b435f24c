package ui

import (
	"fyne.io/fyne/v2/container"

	"github.com/omamori-app/omamori/app/clockview"
)

// The PC clock check in the window: its banner above the codes, its
// verdict in サポート情報, its time servers in the settings. Deps.Clock
// runs the check (app.Run makes it, and stops it on quit).

// mountClock puts the clock banner above the list and starts the check.
func (s *Shell) mountClock() {
	if s.d.Clock == nil {
		return
	}
	s.clockBanner = clockview.New(clockview.Options{Lang: s.Language, Window: s.w})
	s.SetBanner(container.NewVBox(s.clockBanner.Content(), s.clockBanner.CorrectionLabel()))
	// Coming back to the window (after sleep, say) asks again if due.
	s.d.App.Lifecycle().SetOnEnteredForeground(s.d.Clock.Refresh)
	s.d.Clock.Start(s.clockBanner)
}

// relabelClock follows a language switch in the clock banner.
func (s *Shell) relabelClock() {
	if s.clockBanner != nil {
		s.clockBanner.Refresh()
	}
}
