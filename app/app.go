// Package app is Omamori's desktop window (Fyne). cmd/omamori calls Run
// when it is started without arguments. The screens live in sub-packages
// (ui, codes, enrol, settings, help, tray, theme, translations); this
// package only opens the services and starts the window.
package app

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/omamori-app/omamori/app/codes"
	"github.com/omamori-app/omamori/app/glcheck"
	"github.com/omamori-app/omamori/app/keys"
	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/app/single"
	"github.com/omamori-app/omamori/app/translations"
	"github.com/omamori-app/omamori/app/ui"
	"github.com/omamori-app/omamori/assets"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/enrol"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/keyring"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/timesync"
	"github.com/omamori-app/omamori/internal/totp"
	"github.com/omamori-app/omamori/internal/version"
)

// ID is the Fyne application id.
const ID = "app.omamori.desktop"

// Options is what main wires in. The zero value is the real thing.
type Options struct {
	ConfigDir string               // "" = accounts.ConfigDir() (OMAMORI_CONFIG_DIR or the OS default)
	Lang      string               // "ja"/"en" forces the language (e.g. from OMAMORI_LANG); "" = setting, then OS
	Secrets   accounts.SecretStore // nil = the OS keyring (internal/keyring)
	Version   string               // "" = version.String()
	KeyLib    string               // the security-key library for サポート情報: "libfido2 1.16.0"; "" = none
	Now       func() time.Time     // nil = the clock check's corrected time, else time.Now
	// NewClock makes the PC clock check (internal/timesync) from the
	// defaults, the user's time-settings.json, the policy file and the
	// environment — the same as the command line's. It is called again
	// when the user saves other time servers. Nil: no clock check.
	NewClock func() (*timesync.Checker, error)
	// Keys talks to real security keys: securitykey.New(libfido2.New()).
	// Nil leaves the security-key screen with its practice mode only.
	Keys keys.Service
	// Clipboard is where copied codes go: internal/clipboard's OS adapter,
	// which keeps them out of clipboard history. Nil: Fyne's clipboard.
	Clipboard codes.Clipboard
}

// Run opens the window and returns the process exit code when it closes.
// A second launch shows the first one's window and returns 0 at once.
func Run(opts Options) int {
	if opts.Version == "" {
		opts.Version = version.String()
	}
	dir := opts.ConfigDir
	if dir == "" {
		d, err := accounts.ConfigDir()
		if err != nil {
			fmt.Fprintln(os.Stderr, "omamori:", err)
			return 1
		}
		dir = d
	}
	st, serr := settings.Load(dir)
	lang := i18n.Detect(opts.Lang)
	if opts.Lang == "" {
		lang = i18n.Detect(st.Language)
	}
	translations.SetLang(lang)

	if err := glcheck.Check(); err != nil {
		glcheck.MessageBox(translations.T("gl_title"), translations.T("gl_body", "Detail", err.Error()))
		return 1
	}

	// A second launch asks the session to show the window; until the
	// window exists (and attaches to the session) the request is dropped.
	sess := session.New()
	inst, err := single.Acquire(dir, sess.AskShow)
	if errors.Is(err, single.ErrRunning) {
		return 0
	}
	if err == nil {
		defer inst.Close()
	} // else: run anyway; one instance is a convenience, not a lock

	secrets := opts.Secrets
	if secrets == nil {
		// OMAMORI_KEYRING_SERVICE: the same switch the CLI honours, so
		// tests and portable set-ups never touch the user's own accounts.
		secrets = keyring.New(os.Getenv("OMAMORI_KEYRING_SERVICE"))
	}
	var store ui.Store
	var rec *accounts.Store
	if s, err := accounts.Open(dir, secrets); err != nil {
		store = broken{err}
	} else {
		store, rec = s, s
	}

	var clk *clock
	if opts.NewClock != nil {
		clk = &clock{make: opts.NewClock, dir: dir}
		if opts.Now == nil {
			opts.Now = clk.now
		}
	}
	a := fyneapp.NewWithID(ID)
	a.SetIcon(assets.Icon)
	quitting := false
	deps := ui.Deps{
		App: a, Store: store, ConfigDir: dir, Settings: st, LangForced: opts.Lang,
		Version: opts.Version, KeyLib: opts.KeyLib, OS: runtime.GOOS, Arch: runtime.GOARCH, Now: opts.Now,
		SaveSetting: func(n settings.Settings) error { return settings.Save(dir, n) },
		OnQuit:      func() { quitting = true; a.Quit() },
		Keys:        opts.Keys,
		Clipboard:   opts.Clipboard,
		Session:     sess,
	}
	if rec != nil {
		deps.Recovery = rec
	}
	if clk != nil {
		deps.Clock, deps.TimePrefs, deps.SaveTimePrefs = clk.status, clk.prefs, clk.savePrefs
	}
	sh := ui.New(deps)
	if clk != nil {
		clk.mount(sh)
		defer clk.stop()
	}
	sh.Window().SetIcon(assets.Icon)
	sh.Window().SetMaster()
	hasTray := sh.SetTray(assets.Icon)
	if serr != nil {
		fyne.LogError("settings not loaded, using defaults", serr)
	}
	a.Lifecycle().SetOnStarted(func() {
		sh.FirstRun()
		// Start-up (parsing the fonts, building the window) leaves tens of MiB
		// of garbage; hand it back to the OS once instead of keeping it mapped.
		time.AfterFunc(3*time.Second, debug.FreeOSMemory)
	})
	stop := make(chan struct{})
	sh.Start(stop)
	if st.StartHidden && hasTray {
		sess.Hide()
		a.Run()
	} else {
		sh.Window().ShowAndRun()
	}
	close(stop)
	if !quitting && runtime.GOOS == "windows" {
		// Fyne gave up without our quit: on Windows that is GLFW failing
		// to make the window, after the pre-check passed. Say so.
		glcheck.MessageBox(translations.T("gl_title"), translations.T("gl_body", "Detail", "window creation failed"))
		return 1
	}
	return 0
}

// broken stands in for a store that could not be opened, so the window
// still opens and says why (the list shows the error and what to do).
type broken struct{ err error }

func (b broken) List() ([]accounts.Entry, error)           { return nil, b.err }
func (b broken) Generator(string) (*totp.Generator, error) { return nil, b.err }
func (b broken) Rename(string, string) error               { return b.err }
func (b broken) Remove(string) error                       { return b.err }
func (b broken) Move(string, int) error                    { return b.err }
func (b broken) Add(string, enrol.Enrolment) (accounts.Account, error) {
	return accounts.Account{}, b.err
}
func (b broken) Find(string) (accounts.Account, error) { return accounts.Account{}, b.err }
func (b broken) Export(string) (otpauth.Key, error)    { return otpauth.Key{}, b.err }
