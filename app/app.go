// Package app is Omamori's desktop window (Fyne). cmd/omamori calls Run
// when it is started without arguments. The screens live in sub-packages
// (ui, codes, enrol, settings, help, tray, theme, …), each with its own
// message catalog in locales/; this package only opens the services and
// starts the window, whose ui.Shell holds the language.
package app

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/omamori-app/omamori/app/clockview"
	"github.com/omamori-app/omamori/app/codes"
	"github.com/omamori-app/omamori/app/glcheck"
	"github.com/omamori-app/omamori/app/keyview"
	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/app/single"
	"github.com/omamori-app/omamori/app/ui"
	"github.com/omamori-app/omamori/assets"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/applock"
	"github.com/omamori-app/omamori/internal/applock/screenlock"
	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/policy"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/screenqr"
	"github.com/omamori-app/omamori/internal/seal"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
	"github.com/omamori-app/omamori/internal/timesync"
	"github.com/omamori-app/omamori/internal/totp"
	"github.com/omamori-app/omamori/internal/update"
	"github.com/omamori-app/omamori/internal/version"
)

//go:embed locales
var locales embed.FS

// cat holds what is said before the window exists (no OpenGL).
var cat = i18n.MustCatalog("app", locales)

// ID is the Fyne application id.
const ID = "app.omamori.desktop"

// Options is what main wires in.
type Options struct {
	ConfigDir string           // "" = config.Dir() (OMAMORI_CONFIG_DIR or the OS default)
	Lang      string           // "ja"/"en" forces the language (e.g. from OMAMORI_LANG); "" = setting, then OS
	Version   string           // "" = version.String()
	Now       func() time.Time // nil = the clock check's corrected time, else time.Now

	// The adapters cmd/omamori builds: the same set cli.Env gets.

	// Secrets is the OS keyring (internal/keyring). Nil: the window opens
	// and says the account list cannot be read.
	Secrets accounts.SecretStore
	// Keys is the driver for real security keys (libfido2). Nil leaves
	// the security-key screen with its practice mode only.
	Keys securitykey.Driver
	// NewPractice makes practice mode's virtual key (practice.New), a
	// fresh one each time practice mode starts. Nil: no practice mode.
	NewPractice func(practice.Options) (*practice.Driver, error)
	// OpenClock makes the PC clock check (timesync.Load in the settings
	// folder: defaults, the user's time-settings.json, the policy file,
	// the environment), the same as the command line's; called again when
	// the user saves other time servers. Nil: no clock check.
	OpenClock func(servers string) (*timesync.Checker, error)
	// KeyLib names the security-key library for サポート情報
	// ("libfido2 1.16.0"); "" = none.
	KeyLib string

	// Clipboard is where copied codes go: internal/clipboard's OS adapter,
	// which keeps them out of clipboard history. Nil: Fyne's clipboard.
	// (The window's alone: the command line copies nothing.)
	Clipboard codes.Clipboard
	// ReadScreen reads the authenticator QR codes on the screen for the
	// add dialog's 「画面のQRコードを読み取る」. Nil: no such button.
	ReadScreen func() ([]screenqr.Code, error)

	// Profiles are the broker profiles (built-ins, the user's file, the
	// policy), loaded once by main for both front ends; nil = built-ins.
	Profiles *profile.Set
	// Update is the update feed the window checks at most once a day
	// (internal/update; the policy in the settings folder can turn it
	// off). Nil: the window does not check. cmd/omamori leaves it nil
	// until the release keys and feed host are real (docs/release.md).
	Update *update.Checker
	// UpdateInstaller runs what 「更新する」 downloads (zero: the
	// platform's, our publisher).
	UpdateInstaller update.Installer

	// OpenKeys opens the security-key window over the codes once the
	// window shows: the copy 「管理者として再起動」 started (WindowArgs).
	OpenKeys bool
	// InTray starts in the tray, the window hidden (TrayArg): the new
	// version an automatic update started, as the old one was.
	InTray bool
}

// TrayArg starts the window hidden in the tray; the installer passes it
// after an automatic update (installer/windows/omamori.nsi's /TRAY).
const TrayArg = "--tray"

// WindowArgs reports whether args (os.Args[1:]) start the window rather
// than the command line, and with which options: none, or the one
// argument the elevated restart passes (keyview.ReopenArg), or TrayArg.
func WindowArgs(args []string) (opts Options, ok bool) {
	switch {
	case len(args) == 0:
		return Options{}, true
	case len(args) == 1 && args[0] == keyview.ReopenArg:
		return Options{OpenKeys: true}, true
	case len(args) == 1 && args[0] == TrayArg:
		return Options{InTray: true}, true
	}
	return Options{}, false
}

// Run opens the window and returns the process exit code when it closes.
// A second launch shows the first one's window and returns 0 at once.
// Hidden in the tray after showing, the process may start again in the
// tray (restart.go): then Run does not return.
func Run(opts Options) int {
	again := false
	code := run(opts, &again)
	if again {
		return restartInTray()
	}
	return code
}

// run is Run, every deferred clean-up done when it returns; again says
// whether to start again in the tray.
func run(opts Options, again *bool) int {
	resumeGC := pauseGC() // until the window shows
	defer resumeGC()
	if opts.Version == "" {
		opts.Version = version.String()
	}
	dir := opts.ConfigDir
	if dir == "" {
		d, err := config.Dir()
		if err != nil {
			fmt.Fprintln(os.Stderr, "omamori:", err)
			return 1
		}
		dir = d
	}
	st, serr := settings.Load(dir)
	lang := i18n.Detect(opts.Lang) // before the window: for the OpenGL message
	if opts.Lang == "" {
		lang = i18n.Detect(st.Language)
	}

	if err := glcheck.Check(); err != nil {
		glcheck.MessageBox(cat.M("gl_title").In(lang), cat.M("gl_body", "Detail", err.Error()).In(lang))
		return 1
	}

	// A second launch asks the session to show the window; until the
	// window exists (and attaches to the session) the request is dropped.
	sess := session.New()
	inst, err := single.Acquire(dir, sess.AskShow)
	// The elevated restart starts while the copy that asked for it is
	// still quitting: wait for it (a few seconds) instead of showing it.
	for i := 0; opts.OpenKeys && errors.Is(err, single.ErrRunning) && i < 50; i++ {
		time.Sleep(100 * time.Millisecond)
		inst, err = single.Acquire(dir, sess.AskShow)
	}
	if errors.Is(err, single.ErrRunning) {
		return 0
	}
	if err == nil {
		defer inst.Close()
	} // else: run anyway; one instance is a convenience, not a lock

	var store ui.Store = broken{errNoKeyring}
	var rec *accounts.Store
	var keys *securitykey.Service
	if opts.Keys != nil {
		keys = securitykey.New(opts.Keys)
	}
	secrets, sealer := sealed(dir, opts.Secrets, keys)
	if opts.Secrets != nil {
		if s, err := accounts.Open(dir, secrets); err != nil {
			store = broken{err}
		} else {
			store, rec = s, s
		}
	}

	var clk *clockview.Clock
	if opts.OpenClock != nil {
		clk = clockview.NewClock(func() (*timesync.Checker, error) { return opts.OpenClock("") },
			filepath.Join(dir, config.TimePrefs))
		defer clk.Stop()
		if opts.Now == nil {
			opts.Now = clk.Now
		}
	}
	a := fyneapp.NewWithID(ID)
	migrated(a)
	// Every window takes the app's icon. Setting the window's too decoded it
	// and sent it to the X server (256 KiB) a second time before the map.
	a.SetIcon(assets.Icon)
	quitting := false
	deps := ui.Deps{
		App: a, Store: store, ConfigDir: dir, Settings: st, LangForced: opts.Lang,
		Version: opts.Version, KeyLib: opts.KeyLib, OS: runtime.GOOS, Arch: runtime.GOARCH, Now: opts.Now,
		SaveSetting: func(n settings.Settings) error { defer releaseSoon(); return settings.Save(dir, n) },
		OnQuit:      func() { quitting = true; a.Quit() },
		NewPractice: practiceKey(opts.NewPractice),
		Clock:       clk,
		Clipboard:   opts.Clipboard,
		ReadScreen:  opts.ReadScreen,
		Session:     sess,
		Profiles:    opts.Profiles,
	}
	deps.Lock = lockDeps()
	if keys != nil {
		deps.Keys, deps.Lock.Keys = keys, keys
	}
	if sealer != nil {
		deps.Lock.Seal = sealer
	}
	if rec != nil {
		// Read once the window shows: its Orphans lists every keyring item,
		// and all secrets but the first screenful's (docs/performance.md,
		// "Time to window with 200 accounts").
		deps.Recovery, deps.NoticesLater, deps.ListLater = rec, true, true
	}
	rs := &restarter{sess: sess, do: fyne.Do, delay: settleTime}
	deps.OnTrayIdle = rs.later
	if opts.Update != nil {
		c := *opts.Update
		c.Current = opts.Version
		deps.Update = &update.Service{Dir: dir, Checker: c, Installer: opts.UpdateInstaller}
		if p, err := update.DownloadParent(); err == nil {
			update.CleanDownloads(p) // an installer that has run, a cut download
		}
	}
	sh := ui.New(deps) // starts the clock check (Deps.Clock)
	rs.ok = sh.Restartable
	sh.Window().SetMaster()
	if serr != nil {
		fyne.LogError("settings not loaded, using defaults", serr)
	}
	a.Lifecycle().SetOnStarted(func() {
		sh.FirstRun()
		sh.LoadNotices(fyne.Do)
		sh.LoadList(fyne.Do)
		if opts.OpenKeys {
			sh.ShowKeys() // over the codes: closing it shows them
		}
		afterStart()
	})
	sess.Watch(func(c session.Change) {
		if c.Kind == session.Hidden || c.Kind == session.Shown {
			releaseSoon()
		}
	})
	sess.Watch(rs.follow)
	stop := make(chan struct{})
	sh.Start(stop)
	if (st.StartHidden || opts.InTray) && sh.SetTray(assets.Icon) {
		sess.Hide() // in the tray only
	} else {
		// The window first, then the tray: Fyne's tray makes a hidden window
		// of its own with an OpenGL context (40–90 ms on llvmpipe), which
		// need not delay the one the user waits for. Without a tray,
		// SetTray does nothing again.
		rs.drawn = true
		sh.Window().Show()
		sh.SetTray(assets.Icon)
	}
	resumeGC()
	a.Run()
	rs.ended.Store(true)
	close(stop)
	*again = rs.asked
	if !quitting && runtime.GOOS == "windows" {
		// Fyne gave up without our quit: on Windows that is GLFW failing
		// to make the window, after the pre-check passed. Say so.
		glcheck.MessageBox(cat.M("gl_title").In(sh.Language()), cat.M("gl_body", "Detail", "window creation failed").In(sh.Language()))
		return 1
	}
	return 0
}

// migrated tells Fyne that every UI change from another goroutine goes
// through fyne.Do (all of ours do: the ticker, the clock check, the key
// polling, the lock's and the session's callbacks). Without it Fyne checks
// the goroutine on every Refresh by parsing runtime.Stack, about an eighth
// of an idle window's own CPU with a few rows ticking (docs/performance.md).
// The packaged metadata (FyneApp.toml, fyne package) is kept.
func migrated(a fyne.App) {
	m := a.Metadata()
	mig := maps.Clone(m.Migrations)
	if mig == nil {
		mig = map[string]bool{}
	}
	mig["fyneDo"] = true
	m.Migrations = mig
	fyneapp.SetMetadata(m)
}

// practiceKey makes practice mode's virtual key, and the service over it,
// with the factory main gave.
func practiceKey(newDriver func(practice.Options) (*practice.Driver, error)) func() (keyview.Service, keyview.Practice, error) {
	if newDriver == nil {
		return nil
	}
	return func() (keyview.Service, keyview.Practice, error) {
		d, err := newDriver(practice.Options{})
		if err != nil {
			return nil, nil, err
		}
		return securitykey.New(d), d, nil
	}
}

// errNoKeyring: main wired no keyring in (a programming error; the window
// still opens and says the list cannot be read).
var errNoKeyring = errors.New("app: no keyring is wired in")

// broken stands in for a store that could not be opened, so the window
// still opens and says why (the list shows the error and what to do).
type broken struct{ err error }

func (b broken) List() ([]accounts.Entry, error)           { return nil, b.err }
func (b broken) Generator(string) (*totp.Generator, error) { return nil, b.err }
func (b broken) Rename(string, string) error               { return b.err }
func (b broken) Remove(string) error                       { return b.err }
func (b broken) Move(string, int) error                    { return b.err }
func (b broken) Add(string, newaccount.Details) (accounts.Account, error) {
	return accounts.Account{}, b.err
}
func (b broken) Find(string) (accounts.Account, error)             { return accounts.Account{}, b.err }
func (b broken) Export(string) (newaccount.Details, error)         { return newaccount.Details{}, b.err }
func (b broken) ExportAll() (map[string]newaccount.Details, error) { return nil, b.err }
func (b broken) RepairAll([]accounts.Repairing) error              { return b.err }
func (b broken) AddAll(context.Context, []accounts.NewAccount) ([]accounts.Account, error) {
	return nil, b.err
}

// sealed puts the Sealed level (internal/seal) between the account store
// and the keyring: items pass through while it is off, Settings can turn
// it on, and when it is on the lock screen unlocks with the security
// key, whose PIN and touch open the data key.
func sealed(dir string, secrets accounts.SecretStore, keys *securitykey.Service) (accounts.SecretStore, *seal.Store) {
	if secrets == nil {
		return secrets, nil
	}
	var ks seal.KeyService
	if keys != nil {
		ks = keys
	}
	st := seal.New(dir, secrets, ks)
	return st, st
}

// lockDeps are the app lock's policy (the administrator's policy file,
// under what device management set) and the desktop's screen-lock and
// sleep signals.
func lockDeps() *ui.LockDeps {
	p, err := applock.LoadPolicy(filepath.Join(config.PolicyDir(), config.Policy))
	if err != nil {
		fyne.LogError("lock policy not read, the setting decides", err)
	}
	v, err := policy.Read()
	if err == nil {
		p, err = applock.WithManaged(p, v)
	}
	if err != nil {
		fyne.LogError("managed lock settings not (all) used", err)
	}
	return &ui.LockDeps{Policy: p, Watch: screenlock.WatchDesktop, OS: applock.OSCheck{}}
}
