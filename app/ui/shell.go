// Package ui is the main window: a toolbar (add, search, settings, help),
// a place for a banner (the clock notice of app/clockview), the code list,
// and a status line for "コピーしました". It wires the screens to each
// other and to the services. The rules live in the services; Shell.Facts
// only gathers the サポート情報 facts (internal/support's rules, shared
// with cli doctor). Whether the window is shown or locked and which
// screens are open is the session's (app/session): the tray menu and a
// second launch change it there, and the shell follows.
package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/addaccount"
	"github.com/omamori-app/omamori/app/backupview"
	"github.com/omamori-app/omamori/app/clockview"
	"github.com/omamori-app/omamori/app/codes"
	"github.com/omamori-app/omamori/app/filedialog"
	"github.com/omamori-app/omamori/app/keyview"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/passkeyview"
	"github.com/omamori-app/omamori/app/repairbanner"
	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/app/updateview"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/osdisplay"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/screenqr"
)

// Store is the account store as the window uses it; *accounts.Store
// implements it.
type Store interface {
	codes.Store
	addaccount.Store
	backupview.Store
}

// Deps is what the window is built from.
type Deps struct {
	App         fyne.App
	Store       Store
	ConfigDir   string
	Settings    settings.Settings
	LangForced  string // --lang / OMAMORI_LANG; beats the setting
	Version     string
	KeyLib      string // "libfido2 1.16.0"; "" = no security-key library
	OS, Arch    string
	Now         func() time.Time // nil = time.Now
	SaveSetting func(settings.Settings) error
	OnQuit      func() // after the clipboard is cleared; nil = App.Quit
	// Clock is the PC clock check (clock.go): its banner, its verdict for
	// サポート情報 and the settings' time servers; nil = not checked.
	Clock *clockview.Clock
	// Keys talks to real security keys (securitykey.New(libfido2.New()));
	// nil offers the security-key screen's practice mode only.
	Keys keyview.Service
	// NewPractice makes practice mode's virtual key (from the factory
	// cmd/omamori builds); nil: no practice mode.
	NewPractice func() (keyview.Service, keyview.Practice, error)
	// Clipboard receives copied codes (the OS adapter that keeps them out
	// of clipboard history); nil = App.Clipboard().
	Clipboard codes.Clipboard
	// ReadScreen reads the QR codes on the screen for the add dialog;
	// nil: no 「画面のQRコードを読み取る」 button.
	ReadScreen func() ([]screenqr.Code, error)
	// BackupWorkFactor is the scrypt work factor of new backups; 0 is
	// age's default. Tests lower it.
	BackupWorkFactor int
	// Recovery tells of a repaired account list and of registration info
	// no account uses (the *accounts.Store); nil shows no such notice.
	Recovery repairbanner.Store
	// NoticesLater: the window's first Build leaves the Recovery notice
	// empty and LoadNotices fills it once the window shows (the keyring
	// scan it needs grows with the accounts); false fills it at once.
	NoticesLater bool
	// ListLater: the window's first Build reads only the secrets of the
	// rows a window shows (FirstRows) and lists the others as not read
	// yet; LoadList reads them all off the UI goroutine (app.Run calls it
	// once the window is built). Tests leave it off: under Fyne's test
	// driver fyne.Do runs on the calling goroutine.
	ListLater bool
	// Session is shown/hidden, locked and the open screens, shared with
	// the tray and the single-instance hand-over; nil = a new one.
	Session *session.Session
	// Profiles are the broker profiles, the same set the command line
	// loads (cmd/omamori); nil = the built-ins.
	Profiles *profile.Set
	// Update checks for a newer version at most once a day (update.go);
	// nil = no check.
	Update updateview.Service
	// Lock is the app lock's policy and adapters (lock.go); nil = the
	// customer's setting alone, passphrase only, no screen-lock signal.
	Lock *LockDeps
	// OnTrayIdle is called, from the tick's goroutine, each time the tick
	// pauses: the window is hidden and has nothing left to do (Idle).
	// app.Run then asks Restartable. Nil: nothing is called.
	OnTrayIdle func()
}

// Shell is the main window.
type Shell struct {
	os       osdisplay.Settings // what the theme was made for
	look     *look              // and from which settings; nil before the first
	ticks    int
	builds   int // Build calls so far
	d        Deps
	w        fyne.Window
	guard    *codes.Guard
	codes    *codes.View
	search   *a11y.Entry
	status   *a11y.Status
	banner   *fyne.Container
	notices  *repairbanner.Banner // nil without Deps.Recovery
	reminder *backupview.Reminder // the backup reminder
	files    *filedialog.Dialogs  // the OS's file dialogs where there are any (backup.go)
	sess     *session.Session     // shown or in the tray, locked, open screens
	hasTray  bool
	// wake ends the ticker's pause (see Start): a shown window or a code
	// of ours on the clipboard needs the tick again.
	wake chan struct{}

	statusUntil time.Time
	addDlg      *addaccount.Dialog
	keysWin     *keysWindow
	passkeyWins int // passkey-readiness windows open (passkeywindow.go)
	// passkeyPost runs a passkey-readiness window's key reading result on
	// the UI goroutine; nil = fyne.Do. Tests run it on their own goroutine:
	// under Fyne's test driver fyne.Do runs it on the reading one.
	passkeyPost func(func())
	// noKeyPolling: tests drive the security-key screen themselves (fyne's
	// test driver runs fyne.Do on the polling goroutine).
	noKeyPolling bool
	dlg          interface{ Hide() }  // the open settings/help dialog, for Esc
	shortcutKeys fyne.ShortcutHandler // the same as the canvas's, for tests

	clockBanner *clockview.Banner // clock.go; nil without Deps.Clock

	updates     *updateview.Banner // update.go; nil without Deps.Update
	stopUpdates func()             // ends the check behind the window
	updateDo    func(func())       // runs the update checks' results on the UI goroutine (fyne.Do)
	auto        *autoUpdate        // an automatic update under way (update.go)

	lk *lockState // lock.go

	first *codes.First // the first screenful's read, started in New for the first Build
}

// New creates the window (not yet shown) and its content.
func New(d Deps) *Shell {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.OnQuit == nil {
		d.OnQuit = d.App.Quit
	}
	if d.Clipboard == nil {
		d.Clipboard = codes.Toolkit(d.App.Clipboard())
	}
	if d.Session == nil {
		d.Session = session.New()
	}
	if d.Profiles == nil {
		d.Profiles = profile.Builtin()
	}
	s := &Shell{d: d, sess: d.Session, banner: container.NewVBox(), wake: make(chan struct{}, 1)}
	// The window's first frame needs the first screenful's secrets and the
	// fonts parsed: both are read on goroutines of their own while
	// NewWindow sets up GLFW on this one (25–40 ms; docs/performance.md,
	// "Time to window: the start's own work"). Not while locked: a locked
	// window reads no secret until it is unlocked.
	s.mountLock()
	if d.ListLater && !s.sess.Locked() {
		s.first = codes.ReadFirst(d.Store, FirstRows)
	}
	go omtheme.ParseFonts(d.App.Driver())
	s.w = d.App.NewWindow("Omamori")
	if d.Recovery != nil {
		s.notices = repairbanner.New(d.Recovery, s.w, s.Language, func() { s.codes.Reload(); s.refreshTray() })
	}
	s.reminder = backupview.NewReminder(d.ConfigDir, s.Language, d.Now,
		func() int { ok, _, _ := s.codes.Counts(); return ok }, func() { s.ShowCreateBackup() })
	s.guard = codes.NewGuard(d.Clipboard, clearAfter(d.Settings))
	s.mountUpdate(fyne.Do)
	s.applyLook()
	s.Build()
	s.w.Resize(fyne.NewSize(520, 560))
	s.w.SetCloseIntercept(s.closeWindow)
	s.w.SetOnDropped(s.dropped)
	s.shortcuts()
	s.mountClock()
	s.sess.Watch(s.follow)
	s.sess.Attach(fyne.Do) // a second launch asks from its own goroutine
	s.probeOS()
	return s
}

// follow does on screen what the session says (from the tray, a second
// launch or this window).
func (s *Shell) follow(c session.Change) {
	switch c.Kind {
	case session.Shown:
		s.Wake()
		s.codes.Tick()
		s.w.Show()
		s.w.RequestFocus()
	case session.Hidden:
		s.w.Hide()
	case session.Locked, session.Unlocked:
		s.lockFollow()
	case session.Quitting:
		s.guard.ClearIfOurs()
		s.endUpdates()
		s.endLock()
		s.d.OnQuit()
	}
}

func clearAfter(st settings.Settings) time.Duration {
	if n := st.ClearAfter(); n > 0 {
		return time.Duration(n) * time.Second
	}
	return 0
}

// Language picks the UI language: forced, else the setting, else the OS.
func (s *Shell) Language() i18n.Lang {
	if s.d.LangForced != "" {
		return i18n.Detect(s.d.LangForced)
	}
	return i18n.Detect(s.d.Settings.Language)
}

func (s *Shell) applyLook() {
	fyneSpeaks(s.Language())
	sys, made := omtheme.ReadOS(), lookOf(s.d.Settings)
	if s.look != nil && *s.look == made && sys.Same(s.os) {
		// A switch of language alone keeps the theme: setting one drops
		// Fyne's font and text caches, to be built again (about 10 MiB
		// each time, docs/performance.md), and the colours are the same.
		return
	}
	s.os, s.look = sys, &made
	s.d.App.Settings().SetTheme(omtheme.NewFor(made.variant, made.large, sys))
}

// look is what the theme is made from in the settings.
type look struct {
	variant string
	large   bool
}

// lookOf reads an unset theme as the system's, as the settings dialog
// saves it: otherwise the first save of that dialog made a new theme.
func lookOf(n settings.Settings) look {
	v := n.Theme
	if v != omtheme.Light && v != omtheme.Dark {
		v = omtheme.System
	}
	return look{v, n.LargeText}
}

// followOS switches the theme when the OS's high contrast or text size
// changed (the user picked a contrast theme while Omamori runs).
func (s *Shell) followOS() {
	now := omtheme.ReadOS()
	if !now.Same(s.os) {
		s.os = now
		s.d.App.Settings().SetTheme(omtheme.NewFor(s.look.variant, s.look.large, now))
	}
}

// Window is the main window.
func (s *Shell) Window() fyne.Window { return s.w }

// LoadNotices fills the Recovery notice (Deps.NoticesLater): the store
// is read on a goroutine of its own and the banner drawn through do
// (fyne.Do).
func (s *Shell) LoadNotices(do func(func())) {
	if s.notices == nil {
		return
	}
	n := s.notices
	go func() { do(n.Load()) }()
}

// Notices is the repaired-list and lost-registration notice (for tests).
func (s *Shell) Notices() *repairbanner.Banner { return s.notices }

// LoadList reads the accounts the first Build left unread (Deps.ListLater)
// on a goroutine of its own and shows them through do (fyne.Do).
func (s *Shell) LoadList(do func(func())) { s.codes.LoadRest(do) }

// Codes is the code list (for tests).
func (s *Shell) Codes() *codes.View { return s.codes }

// Session is the window's session (shown, locked, open screens).
func (s *Shell) Session() *session.Session { return s.sess }

// Status is the confirmation line's text (for tests).
func (s *Shell) Status() string { return s.status.Text }

// FirstRows is how many accounts' secrets the first Build reads with
// Deps.ListLater: more rows than the window shows at its size (three or
// four) or maximised on a 1080-px screen (about eight), and the rest is
// read a moment later, before anyone scrolls to it.
const FirstRows = 12

// Build (re)creates the window content in the current language; a
// language switch calls it again, as labels made earlier keep their text.
func (s *Shell) Build() {
	s.w.SetTitle(s.t("app_title"))
	first, early := 0, s.first
	if s.builds == 0 && s.d.ListLater {
		first = FirstRows
	}
	s.first = nil // read once: a later build reads again
	s.codes = codes.New(s.shownStore(), codes.Options{
		FirstRows:    first,
		First:        early,
		Window:       s.w,
		Lang:         s.Language(),
		Now:          s.d.Now,
		Guard:        s.guard,
		OnAdd:        func() { s.ShowAddAccount() },
		OnCopied:     s.copied,
		OnCopyFailed: s.copyFailed,
		OnChanged:    s.refreshTray,

		Restore:      func() { s.ShowRestore() },
		RestoreLabel: backupview.Label(s.Language(), "move_previous"),
		ToPhone:      func(e accounts.Entry) { s.ShowPhone(e) },
		ToPhoneLabel: backupview.Label(s.Language(), "to_phone"),
		// The account's broker first in the readiness window.
		PasskeyReady:      func(e accounts.Entry) { s.ShowPasskeyReady(e.Profile.Name) },
		PasskeyReadyLabel: passkeyview.Title(s.Language()),
		Brokers:           s.d.Profiles,
		OpenURL:           s.d.App.OpenURL,
	})
	s.search = a11y.NewEntry(s.Language(), s.t("search_placeholder"))
	s.search.SetPlaceHolder(s.t("search_placeholder"))
	s.search.OnChanged = s.codes.SetFilter
	add := widget.NewButtonWithIcon(s.t("add_account"), theme.ContentAddIcon(), func() { s.ShowAddAccount() })
	add.Importance = widget.HighImportance
	set := widget.NewButtonWithIcon(s.t("settings"), theme.SettingsIcon(), s.ShowSettings)
	hlp := widget.NewButtonWithIcon(s.t("help"), theme.HelpIcon(), s.ShowHelp)
	key := widget.NewButtonWithIcon(s.t("keys_button"), theme.LoginIcon(), s.ShowKeys)
	bak := widget.NewButtonWithIcon(backupview.Label(s.Language(), "menu"), theme.DocumentSaveIcon(), nil)
	bak.OnTapped = func() { s.backupMenu(bak) }
	// On the search row, not the toolbar: the window keeps its width.
	bar := container.NewVBox(container.NewBorder(nil, nil, add, container.NewHBox(key, set, hlp)),
		container.NewBorder(nil, nil, nil, bak, s.search))
	s.status = a11y.NewStatus()
	s.status.Importance = widget.HighImportance
	// The line keeps its height, but is hidden while empty: a screen reader
	// would otherwise offer an element that says nothing.
	line := canvas.NewRectangle(color.Transparent)
	line.SetMinSize(fyne.NewSize(0, s.status.MinSize().Height))
	s.status.Hide()
	top := container.NewVBox(container.NewPadded(bar), s.banner)
	if s.notices != nil {
		if s.builds > 0 || !s.d.NoticesLater {
			s.notices.Refresh()
		}
		top.Add(collapsible(s.notices.Content()))
	}
	s.builds++
	// Below the repair notice: a damaged list matters more than a backup.
	top.Add(s.reminder.Content())
	if u := s.updateBanner(); u != nil {
		top.Add(u)
	}
	// Top, list, status line in this order: a screen reader reads (and
	// its Tab moves through) the objects in their order, not by position.
	bottom := container.NewStack(line, s.status)
	var content fyne.CanvasObject = container.New(layout.NewBorderLayout(top, bottom, nil, nil),
		top, container.NewPadded(s.codes.Object()), bottom)
	if lock := s.lockScreen(); lock != nil {
		content = container.New(layout.NewBorderLayout(nil, bottom, nil, nil), lock, bottom)
	}
	s.w.SetContent(content)
	s.refreshTray()
	s.updateReminder()
}

// SetBanner shows obj above the list (nil removes it): the place for the
// clock check's warning.
func (s *Shell) SetBanner(obj fyne.CanvasObject) {
	s.banner.Objects = nil
	if obj != nil {
		s.banner.Objects = []fyne.CanvasObject{collapsible(obj)}
	}
	s.banner.Refresh()
}

// closeWindow sends the window to the tray, or quits (the session's
// watchers, follow among them, clear our code and end the app).
func (s *Shell) closeWindow() {
	if s.hasTray && s.d.Settings.HideOnClose() {
		s.sess.Hide()
		return
	}
	s.sess.Quit()
}

// track records sc as open in the session until d closes.
func (s *Shell) track(sc session.Screen, d dialog.Dialog) dialog.Dialog {
	s.sess.Open(sc)
	d.SetOnClosed(func() { s.sess.Close(sc) })
	return d
}

// Apply uses new settings: theme, text size, language (rebuilding the
// content), clipboard delay.
func (s *Shell) Apply(n settings.Settings) {
	s.d.Settings = n
	s.guard.SetClearAfter(clearAfter(n))
	s.applyLock()
	s.applyLook()
	s.Build()
	s.relabelKeys()
	s.relabelClock()
}
