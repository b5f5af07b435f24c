package keyview

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

// Service is what the screen asks of *securitykey.Service.
type Service interface {
	OnTouch(f securitykey.TouchFunc)
	List() ([]securitykey.KeyInfo, error)
	SetPIN(ctx context.Context, path, pin, confirm string) error
	ChangePIN(ctx context.Context, path, oldPIN, newPIN, confirm string) error
	Test(ctx context.Context, path, pin string) (securitykey.TestResult, error)
	Passkeys(ctx context.Context, path, pin string) (securitykey.PasskeyList, error)
	DeletePasskey(ctx context.Context, path, pin string, credID []byte) error
	WaitReplug(ctx context.Context, path string, removed func()) (string, error)
	Reset(ctx context.Context, path string) error
}

var _ Service = (*securitykey.Service)(nil)

// Practice is the practice key's hardware, as buttons: *practice.Driver.
type Practice interface {
	Touch()
	Unplug()
	Plug() error
}

var _ Practice = (*practice.Driver)(nil)

// Admin holds the Windows hooks for "only administrators may talk to
// security keys" (Windows 10 1903 and later). Nil fields take the
// securitykey defaults.
type Admin struct {
	Required     func() bool  // securitykey.AdminRequired
	Relaunch     func() error // securitykey.RelaunchElevated(ReopenArg), then quit
	OpenSettings func() error // securitykey.OpenSecurityKeySettings
}

// Options configure the screen.
type Options struct {
	// Service talks to real keys: securitykey.New(libfido2.New()). Nil
	// offers practice mode only.
	Service Service
	// NewPractice makes the key of practice mode; called each time
	// practice mode starts, so every rehearsal begins with a fresh key.
	// app.Run makes it from the practice.New that cmd/omamori passes in.
	// Nil: practice mode says its key could not be prepared.
	NewPractice func() (Service, Practice, error)
	// StartInPractice opens the screen in practice mode.
	StartInPractice bool
	// Lang is the language to show; nil: i18n.Detect("").
	Lang  func() i18n.Lang
	Admin Admin
	// PollEvery is how often the key list is read while started (1 s).
	PollEvery time.Duration
	// ResetBackups says what a reset does to backups (backup.ResetWarning
	// for the settings folder: the key-protected ones it strands); nil
	// says nothing more.
	ResetBackups func() []i18n.Message
	// MakeBackup opens 「バックアップを作成」 so that a passphrase backup
	// can be made before a reset; nil offers no button.
	MakeBackup func()
	// PasskeyReady opens the passkey-readiness window (app/passkeyview);
	// nil: no button for it.
	PasskeyReady func()
}

// Screen is the security-key screen.
type Screen struct {
	dialogs // the open dialogs (UI goroutine only)
	win     fyne.Window
	opts    Options
	post    func(func()) // runs f on the UI goroutine: fyne.Do

	root *fyne.Container

	// mu guards the service in use, which poll goroutines read.
	mu       sync.Mutex
	svc      Service
	practice Practice // nil: real keys
	gen      int      // bumped when svc changes: older poll results are dropped
	stopPoll context.CancelFunc

	// UI goroutine only.
	keys        []securitykey.KeyInfo
	listErr     error
	shown       string // signature of what the body shows
	busy        bool
	cancelOp    context.CancelFunc
	touch       *modal
	practiceErr error
	adminErr    bool
	needAdmin   bool // Admin.Required(), asked once
}

// New makes the screen. Call it on the UI goroutine.
func New(win fyne.Window, opts Options) *Screen {
	return newScreen(win, opts, func(f func()) { fyne.Do(f) })
}

func newScreen(win fyne.Window, opts Options, post func(func())) *Screen {
	if opts.Lang == nil {
		opts.Lang = func() i18n.Lang { return i18n.Detect("") }
	}
	if opts.PollEvery <= 0 {
		opts.PollEvery = time.Second
	}
	if opts.NewPractice == nil {
		opts.NewPractice = noPractice
	}
	opts.Admin = opts.Admin.withDefaults()
	s := &Screen{dialogs: dialogs{win: win}, win: win, opts: opts, post: post, root: container.NewStack(), needAdmin: opts.Admin.Required()}
	s.setService(opts.Service, nil)
	if opts.StartInPractice || opts.Service == nil {
		s.startPractice()
	}
	s.render()
	return s
}

// ReopenArg is the one argument the elevated copy is started with: it
// opens the codes window and this screen over it, so the customer lands
// where they pressed 「管理者として再起動」 and closing it shows the codes.
const ReopenArg = "--open-security-keys"

// relaunchElevated is securitykey.RelaunchElevated; tests replace it.
var relaunchElevated = securitykey.RelaunchElevated

func noPractice() (Service, Practice, error) {
	return nil, nil, errors.New("keys: no practice key is wired in")
}

func (a Admin) withDefaults() Admin {
	if a.Required == nil {
		a.Required = securitykey.AdminRequired
	}
	if a.Relaunch == nil {
		a.Relaunch = func() error {
			if err := relaunchElevated(ReopenArg); err != nil {
				return err
			}
			fyne.CurrentApp().Quit()
			return nil
		}
	}
	if a.OpenSettings == nil {
		a.OpenSettings = securitykey.OpenSecurityKeySettings
	}
	return a
}

// Content is the screen, to mount as a tab or page.
func (s *Screen) Content() fyne.CanvasObject { return s.root }

// Start polls the key list (about once a second) until Stop. Call it
// when the screen becomes visible.
func (s *Screen) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopPoll != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.stopPoll = func() { cancel(); <-done }
	go func() {
		defer close(done)
		t := time.NewTicker(s.opts.PollEvery)
		defer t.Stop()
		for ctx.Err() == nil {
			s.poll()
			select {
			case <-ctx.Done():
			case <-t.C:
			}
		}
	}()
}

// Stop ends polling and returns once no poll runs (List never waits for
// a key, and results are posted without waiting). A running operation
// goes on.
func (s *Screen) Stop() {
	s.mu.Lock()
	stop := s.stopPoll
	s.stopPoll = nil
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// Refresh redraws the screen, in the language Options.Lang gives now.
func (s *Screen) Refresh() {
	s.shown = ""
	s.render()
}

func (s *Screen) lang() i18n.Lang { return s.opts.Lang() }

func (s *Screen) tr(key string, kv ...any) string { return msg(key, kv...).In(s.lang()) }

// localize is i18n.Localize in the screen's language.
func (s *Screen) localize(err error) string { return i18n.Localize(err, s.lang()) }

// current is the service in use, its practice key (nil for real keys)
// and its generation.
func (s *Screen) current() (Service, Practice, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.svc, s.practice, s.gen
}

func (s *Screen) setService(svc Service, p Practice) {
	if svc != nil {
		svc.OnTouch(s.onTouch)
	}
	s.mu.Lock()
	s.svc, s.practice = svc, p
	s.gen++
	s.mu.Unlock()
	s.keys, s.listErr = nil, nil
}

// poll reads the key list off the UI goroutine and shows it. Safe from
// any goroutine.
func (s *Screen) poll() {
	svc, _, gen := s.current()
	if svc == nil {
		return
	}
	ks, err := svc.List()
	s.post(func() { s.showKeys(gen, ks, err) })
}

func (s *Screen) showKeys(gen int, ks []securitykey.KeyInfo, err error) {
	if _, _, now := s.current(); now != gen {
		return // from the service used before practice mode changed
	}
	s.keys, s.listErr = ks, err
	s.render()
}

// startPractice switches to a fresh practice key.
func (s *Screen) startPractice() {
	if s.busy {
		return
	}
	svc, p, err := s.opts.NewPractice()
	s.practiceErr = err
	if err != nil {
		s.render()
		return
	}
	s.setService(svc, p)
	s.shown = ""
	s.render()
	go s.poll()
}

// stopPractice goes back to real keys.
func (s *Screen) stopPractice() {
	if s.busy || s.opts.Service == nil {
		return
	}
	s.setService(s.opts.Service, nil)
	s.shown = ""
	s.render()
	go s.poll()
}

// begin runs work off the UI goroutine as the one operation in flight
// (false, with a message, if another one runs);
// its context is cancelled by the touch prompt's Cancel. work returns
// what to do next on the UI goroutine. The key list is read again
// afterwards (its PIN state or passkey count may have changed).
func (s *Screen) begin(work func(ctx context.Context, svc Service) (then func())) bool {
	svc, _, _ := s.current()
	if svc == nil {
		return false
	}
	if s.busy { // a dialog normally covers the screen while one runs
		s.showInfo(s.tr("busy_title"), s.tr("busy"))
		return false
	}
	s.busy = true
	ctx, cancel := context.WithCancel(context.Background())
	s.cancelOp = cancel
	go func() {
		then := work(ctx, svc)
		cancel()
		s.post(func() {
			s.busy, s.cancelOp = false, nil
			s.hideTouch()
			if then != nil {
				then()
			}
		})
		s.poll()
	}()
	return true
}

// cancel stops the running operation, if any.
func (s *Screen) cancel() {
	if s.cancelOp != nil {
		s.cancelOp()
	}
}
