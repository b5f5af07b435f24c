package update

import (
	"context"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Automatic updates (policy "automatic"): the window downloads and
// verifies a newer version behind the codes, then installs it only when
// nobody is using Omamori, so a customer is never interrupted while
// reading or pasting a code. Only where the installer can be verified
// (Windows: the signed feed, then Authenticode); elsewhere "automatic"
// tells as "notify" does (Linux: apt; macOS: the download page).

// Action is what to do about a newer version at a given moment.
type Action int

// The actions Decide returns.
const (
	// Tell: show the banner with 「更新する」 (notify, or automatic where
	// Omamori does not install).
	Tell Action = iota
	// Wait: automatic, but not now (downloading, the window is on screen,
	// a copied code is on the clipboard, or a dialog is open); the
	// banner says it will be installed automatically.
	Wait
	// InstallInTray: install now; the new version starts in the tray,
	// as this one was.
	InstallInTray
	// InstallAtQuit: the customer quits; install, and start nothing.
	InstallAtQuit
)

// Moment is the window's state as Decide needs it; the app only reports it.
type Moment struct {
	Mode Mode
	GOOS string
	// Ready: the download is complete and verified (Service.Prepare).
	Ready bool
	// Shown: the window is on screen (not only in the tray).
	Shown bool
	// CopyPending: a copied code is still on the clipboard, to be
	// cleared: the customer is pasting it somewhere.
	CopyPending bool
	// DialogOpen: a dialog or a second window (settings, a new account,
	// the security-key screen) is open, even behind a hidden window.
	DialogOpen bool
	// Quitting: the customer quits Omamori now.
	Quitting bool
}

// Decide says what to do about a newer version at m. A security release
// follows the same rule: installing over an open window could close it
// in the middle of a login, and the next idle moment (the tray, or
// quitting) comes soon for a customer who uses the codes a few times a
// day; its banner says it is a security update.
func Decide(m Moment) Action {
	switch {
	case !Installs(m.Mode, m.GOOS):
		return Tell
	case !m.Ready:
		return Wait
	case m.Quitting:
		return InstallAtQuit // the clipboard is cleared and the dialogs go anyway
	case m.Shown || m.CopyPending || m.DialogOpen:
		return Wait
	}
	return InstallInTray
}

// Installs reports whether mode installs updates without the customer
// on goos: automatic, where the installer can be verified (Windows).
func Installs(mode Mode, goos string) bool { return mode == ModeAutomatic && goos == "windows" }

// Args are the installer's arguments for a: silent, per user; after an
// automatic install in the tray the new version starts in the tray
// (installer/windows/omamori.nsi's /TRAY); after quitting, it waits for
// this one to end (/WAIT) and starts nothing.
func (a Action) Args() []string {
	switch a {
	case InstallInTray:
		return []string{"/S", "/RUN", "/TRAY"}
	case InstallAtQuit:
		return []string{"/S", "/WAIT"}
	}
	return InstallerArgs
}

// ModeLabel says mode on goos, for doctor and サポート情報: automatic says
// when it installs, or that it only tells here.
func ModeLabel(mode Mode, goos string) i18n.Message {
	switch {
	case mode != ModeAutomatic:
		return mode.Label()
	case goos == "windows":
		return cat.M("mode_automatic_windows")
	case goos == "darwin":
		return cat.M("mode_automatic_macos", "URL", DownloadPage)
	}
	return cat.M("mode_automatic_linux")
}

// AutoNote is the banner's line under a newer version that will be
// installed automatically.
func AutoNote() i18n.Message { return cat.M("auto_note") }

// ManualNote is the banner's line where the policy says automatic but
// Omamori does not install (Linux: apt; macOS: the download page).
func ManualNote(goos string) i18n.Message {
	if goos == "darwin" {
		return cat.M("install_macos", "URL", DownloadPage)
	}
	return cat.M("install_linux")
}

// Prepare downloads r's installer into a new private folder and checks
// its size and SHA-256, for an automatic install later (InstallReady).
// It refuses before downloading where Omamori does not install.
func (s *Service) Prepare(ctx context.Context, r *Result) (*Download, error) {
	if err := s.Installer.Supported(); err != nil {
		return nil, err
	}
	parent := s.DownloadDir
	if parent == "" {
		var err error
		if parent, err = DownloadParent(); err != nil {
			return nil, failCause(ErrFolder, err, "folder", "", "Dir", "")
		}
	}
	CleanDownloads(parent)
	c := s.Checker
	return c.Download(ctx, r, parent)
}

// InstallReady checks dl again (size, SHA-256, Authenticode) and starts
// it with a's arguments; a refusal deletes it and runs nothing.
func (s *Service) InstallReady(dl *Download, a Action) error {
	return s.Installer.install(dl, a.Args())
}
