package ui

import (
	"context"
	"errors"
	"net/url"

	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/app/updateview"
	"github.com/omamori-app/omamori/internal/i18n"
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
	s.updates = updateview.New(updateview.Options{Lang: s.Language, OnUpdate: s.onUpdate()})
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

// installer is the part of the update service that installs
// (*update.Service.Install); a service without it shows no 「更新する」.
type installer interface {
	Install(ctx context.Context, r *update.Result) error
}

// onUpdate is 「更新する」: download, check and start the installer off the
// UI goroutine (the codes keep ticking), then say how it went.
func (s *Shell) onUpdate() func(*update.Result) {
	inst, ok := s.d.Update.(installer)
	if !ok {
		return nil
	}
	return func(r *update.Result) {
		s.updates.Status(updateview.Downloading(s.Language()), true)
		go func() {
			err := inst.Install(context.Background(), r)
			s.updateDo(func() { s.installStarted(r, err) })
		}()
	}
}

// installStarted: the installer runs, so quit (it replaces this program's
// files and starts the new version). Refused: the banner says why and
// this version keeps working. macOS: the download page opens.
func (s *Shell) installStarted(r *update.Result, err error) {
	l := s.Language()
	switch {
	case err == nil:
		s.updates.Status(update.Installing(r).In(l), true)
		s.sess.Quit()
	case errors.Is(err, update.ErrNotInstallable) && s.d.OS == "darwin":
		s.updates.Status(i18n.Localize(err, l), false)
		if u, perr := url.Parse(update.DownloadPage); perr == nil {
			_ = s.d.App.OpenURL(u)
		}
	default:
		s.updates.Status(i18n.Localize(err, l), false)
	}
}
