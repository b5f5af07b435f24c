package ui

import (
	"context"
	"errors"
	"net/url"
	"time"

	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/app/session"
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
	s.updates = updateview.New(updateview.Options{Lang: s.Language, OnUpdate: s.onUpdate(), Found: s.found})
	s.updateDo = do
	s.stopUpdates = updateview.Start(s.d.Update, s.updates, s.d.Now, do)
	s.sess.Watch(s.autoFollow)
}

// updateBanner is the banner for Build, or nil.
func (s *Shell) updateBanner() fyne.CanvasObject {
	if s.updates == nil {
		return nil
	}
	s.updates.Refresh() // Build runs after a language switch too
	return s.updates.Content()
}

// endUpdates stops the check behind the window, on quit, after an
// automatic update waiting for this moment was installed (tryAuto).
func (s *Shell) endUpdates() {
	s.tryAuto(true)
	s.endAuto()
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
		s.endAuto() // the customer's 「更新する」 comes first
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

// The automatic update (policy "automatic", Windows): a newer version the
// banner shows is downloaded and verified behind the codes, then
// installed when update.Decide says nobody is using Omamori — the window
// in the tray, no copied code on the clipboard, no dialog open — or when
// the customer quits. The window only reports its state; the rule is
// update.Decide's.

// autoInstaller is the part of the update service an automatic update
// uses (*update.Service).
type autoInstaller interface {
	Prepare(ctx context.Context, r *update.Result) (*update.Download, error)
	InstallReady(dl *update.Download, a update.Action) error
}

// autoUpdate is an automatic update under way.
type autoUpdate struct {
	dl   *update.Download // nil while downloading
	stop chan struct{}    // ends the retries
}

// autoRetry is how often a verified download waiting for an idle moment
// asks again: a copied code is cleared and a dialog closes without
// telling the update.
var autoRetry = 30 * time.Second

// automatic reports whether the policy's mode installs by itself on this
// OS (update.Installs); a damaged policy does not (it stops updates, as
// for the check).
func (s *Shell) automatic() (autoInstaller, bool) {
	ai, ok := s.d.Update.(autoInstaller)
	if !ok {
		return nil, false
	}
	m, err := s.d.Update.Mode()
	return ai, err == nil && update.Installs(m, s.d.OS)
}

// found starts an automatic update of r where the policy says so; the
// banner says when it will be installed.
func (s *Shell) found(r *update.Result) {
	ai, ok := s.automatic()
	if !ok {
		if m, err := s.d.Update.Mode(); err == nil && m == update.ModeAutomatic {
			note := update.ManualNote(s.d.OS) // automatic cannot install here: say what to do
			s.updates.SetNote(&note)
		}
		return
	}
	note := update.AutoNote()
	s.updates.SetNote(&note) // again when 「更新を確認」 shows it anew
	if s.auto != nil {
		return
	}
	au := &autoUpdate{stop: make(chan struct{})}
	s.auto = au
	go func() {
		dl, err := ai.Prepare(context.Background(), r)
		s.updateDo(func() { s.prepared(au, dl, err) })
	}()
}

// prepared: the download is verified (or refused: the banner says why and
// 「更新する」 stays); try now, and again every autoRetry.
func (s *Shell) prepared(au *autoUpdate, dl *update.Download, err error) {
	if s.auto != au {
		if dl != nil {
			dl.Remove() // 「更新する」 or quitting came first
		}
		return
	}
	if err != nil {
		s.auto = nil
		s.updates.SetNote(nil) // not installed by itself after all
		s.updates.Status(i18n.Localize(err, s.Language()), false)
		return
	}
	au.dl = dl
	s.tryAuto(false)
	if s.auto != au {
		return
	}
	do := s.updateDo
	go func() {
		t := time.NewTicker(autoRetry)
		defer t.Stop()
		for {
			select {
			case <-au.stop:
				return
			case <-t.C:
				do(func() { s.tryAuto(false) })
			}
		}
	}()
}

// tryAuto installs the verified download if update.Decide says so now.
// In the tray the installer starts the new version in the tray and this
// one quits; at quit (quitting) it starts nothing.
func (s *Shell) tryAuto(quitting bool) {
	au := s.auto
	if au == nil {
		return
	}
	ai, _ := s.d.Update.(autoInstaller)
	m, err := s.d.Update.Mode()
	if err != nil {
		return
	}
	a := update.Decide(update.Moment{Mode: m, GOOS: s.d.OS, Ready: au.dl != nil,
		Shown: s.sess.Shown(), CopyPending: s.guard.Holding(), DialogOpen: s.dialogOpen(), Quitting: quitting})
	if a != update.InstallInTray && a != update.InstallAtQuit {
		return
	}
	s.endAuto()
	err = ai.InstallReady(au.dl, a)
	switch {
	case quitting:
	case err != nil:
		s.updates.SetNote(nil)
		s.updates.Status(i18n.Localize(err, s.Language()), false)
	default:
		s.sess.Quit()
	}
}

// dialogOpen: a screen or a dialog is open, even behind a hidden window.
func (s *Shell) dialogOpen() bool {
	return len(s.sess.Screens()) > 0 || s.w.Canvas().Overlays().Top() != nil
}

// endAuto stops an automatic update's retries; its download stays for
// InstallReady, or for the next start's CleanDownloads.
func (s *Shell) endAuto() {
	if s.auto != nil {
		close(s.auto.stop)
		s.auto = nil
	}
}

// autoFollow tries the automatic update when the window goes to the
// tray or a screen closes (at quit: endUpdates).
func (s *Shell) autoFollow(c session.Change) {
	switch c.Kind {
	case session.Hidden, session.Closed:
		s.tryAuto(false)
	}
}
