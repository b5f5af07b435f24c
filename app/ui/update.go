package ui

import (
	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/app/updateview"
	"github.com/omamori-app/omamori/internal/update"
)

// The update banner in the window (app/updateview): under the other
// notices, shown when the check behind the window, at most once a day,
// finds a newer version. Deps.Update runs it; nil: no check.

// mountUpdate makes the banner and starts the check, which shows its
// result through do (fyne.Do; tests run it on their own goroutine, as
// Fyne's test driver would run it on the checking one). Build places it.
func (s *Shell) mountUpdate(do func(func())) {
	if s.d.Update == nil {
		return
	}
	s.updates = updateview.New(updateview.Options{Lang: s.Language})
	s.updateDo = do
	s.stopUpdates = updateview.Start(s.d.Update, s.updates, s.d.Now, do)
}

// updateBanner is the banner for Build, or nil.
func (s *Shell) updateBanner() fyne.CanvasObject {
	if s.updates == nil {
		return nil
	}
	s.updates.Refresh() // Build runs after a language switch too
	return s.updates.Content()
}

// endUpdates stops the check behind the window, on quit.
func (s *Shell) endUpdates() {
	if s.stopUpdates != nil {
		s.stopUpdates()
	}
}

// updateSettings is 設定's 「更新を確認」 (the same check as `omamori update
// --check`); a newer version it finds shows in the banner too. nil
// without Deps.Update.
func (s *Shell) updateSettings() *settings.Update {
	if s.d.Update == nil {
		return nil
	}
	return &settings.Update{Service: s.d.Update, Do: s.updateDo, Found: func(r *update.Result) {
		if s.updates != nil {
			s.updates.Show(r)
		}
	}}
}
