package update

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
)

// ErrNotInstallable: Omamori does not install updates on this system
// (Linux: the package manager does; macOS: the download page does).
var ErrNotInstallable = errors.New("update: updates are not installed by Omamori here")

// ChannelReady turns the update channel on in release builds: the
// window's daily check, its banner and 「更新する」. It stays false while
// keys/release.pub holds placeholders and DefaultFeedURL is not ours; the
// release owner sets it with the real keys (docs/release.md). Test
// builds turn the channel on with their own feed (package testfeed).
const ChannelReady = false

// DownloadPage is where a macOS user gets a newer version: its signed
// .app cannot be replaced and checked here (docs/release.md).
const DownloadPage = "https://omamori-app.example/download"

// InstallerArgs run the NSIS installer silently, per user, as an in-place
// upgrade, and have it start the new Omamori.exe when it is done
// (installer/windows/omamori.nsi's /RUN).
var InstallerArgs = []string{"/S", "/RUN"}

// Installer runs a verified download on Windows. The zero value checks
// the Authenticode signature against Publisher and starts the installer
// as its own process, which outlives this one: the installer closes a
// running Omamori.exe and replaces the program's files, so the caller
// quits right after Install returns.
type Installer struct {
	Publisher    string                             // "": Publisher
	Authenticode func(path, publisher string) error // nil: VerifyAuthenticode
	Start        func(path string, args []string) error
	GOOS         string // "": runtime.GOOS
}

// Supported says whether Install can run here; when not, the error says
// what the user does instead (apt on Linux, the download page on macOS).
func (in Installer) Supported() error {
	switch in.goos() {
	case "windows":
		return nil
	case "darwin":
		return fail(ErrNotInstallable, "install_macos", "", "URL", DownloadPage)
	default:
		return fail(ErrNotInstallable, "install_linux", "")
	}
}

// Install checks dl just before it runs — the same size and SHA-256 as
// the signed feed, then our publisher's Authenticode signature — and
// starts it. On any refusal the file is deleted and nothing runs; after
// a start the file stays until the installer is done, and the next
// Omamori removes it (CleanDownloads).
func (in Installer) Install(dl *Download) error { return in.install(dl, InstallerArgs) }

func (in Installer) install(dl *Download, args []string) error {
	if err := in.Supported(); err != nil {
		dl.Remove()
		return err
	}
	err := dl.Verify()
	if err == nil {
		err = in.authenticode()(dl.Path, in.publisher())
	}
	if err == nil {
		err = in.start()(dl.Path, args)
		if err != nil {
			err = failCause(ErrNotInstallable, err, "install_start", "hint_authenticode")
		}
	}
	if err != nil {
		dl.Remove()
	}
	return err
}

func (in Installer) goos() string {
	if in.GOOS != "" {
		return in.GOOS
	}
	return runtime.GOOS
}

func (in Installer) publisher() string {
	if in.Publisher != "" {
		return in.Publisher
	}
	return Publisher
}

func (in Installer) authenticode() func(string, string) error {
	if in.Authenticode != nil {
		return in.Authenticode
	}
	return VerifyAuthenticode
}

func (in Installer) start() func(string, []string) error {
	if in.Start != nil {
		return in.Start
	}
	return startDetached
}

// Installing says that r's installer has started and Omamori closes.
func Installing(r *Result) i18n.Message { return cat.M("installing", "Version", r.Latest.String()) }

// CleanDownloads removes the download folders under parent that an
// earlier run left: an installer that has run, or a download cut short.
// Called when Omamori starts, before it downloads anything.
func CleanDownloads(parent string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "download-") {
			removeDir(filepath.Join(parent, e.Name()))
		}
	}
}

// Install downloads r's installer into a new private folder, checks it
// and starts it (Installer.Install). It refuses before downloading where
// Omamori does not install (Installer.Supported).
func (s *Service) Install(ctx context.Context, r *Result) error {
	dl, err := s.Prepare(ctx, r)
	if err != nil {
		return err
	}
	return s.Installer.Install(dl)
}
