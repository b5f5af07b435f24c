// Package applock is the app lock's policy and state (issue 25, level 1:
// "Lock", privacy): whether the window locks, when (after N idle minutes,
// when the screen locks, on sleep) and the only way back (a Verifier: the
// security key with its PIN, a passphrase, later Windows Hello or Touch
// ID). It keeps codes from a glance at a shared PC; it does not protect
// the secrets from other programs of the same user (docs/security.md).
//
// No Fyne: the window (app/ui, app/lockview) feeds it input activity and
// a clock tick, adapters (screenlock) feed it screen-lock and sleep
// events, and it tells the window when to lock and unlock.
package applock

import (
	"context"
	"sync"
	"time"
)

// Event is a signal from the OS that the PC is left.
type Event int

// The events that lock.
const (
	ScreenLocked Event = iota + 1 // the desktop's screen lock came on
	Sleeping                      // the PC goes to sleep
)

// Config is the lock as the policy and the settings make it.
type Config struct {
	Enabled bool
	Idle    time.Duration // lock after this long without input; 0 = never on idle
}

// Verifier proves that the customer is at the PC. Verify gets what the
// customer typed (a passphrase, or a security key's PIN) and returns nil
// only when the proof holds; its errors are *i18n.Error saying what to do.
type Verifier interface {
	// Kind names the verifier ("passphrase", "key", "hello", "touchid").
	Kind() string
	// Available is nil when the verifier can be used on this PC now.
	Available() error
	Verify(ctx context.Context, typed string) error
}

// Lock is the state: locked or not, and when the customer last did
// something. Its methods are safe from any goroutine; onChange runs
// outside its mutex, on the caller's goroutine.
type Lock struct {
	mu       sync.Mutex
	cfg      Config
	now      func() time.Time
	last     time.Time
	locked   bool
	onChange func(locked bool)
}

// New is a lock with cfg. When the lock is enabled it starts locked: the
// app opened by someone else shows no code either. now nil = time.Now.
func New(cfg Config, now func() time.Time, onChange func(locked bool)) *Lock {
	if now == nil {
		now = time.Now
	}
	if onChange == nil {
		onChange = func(bool) {}
	}
	return &Lock{cfg: cfg, now: now, last: now(), locked: cfg.Enabled, onChange: onChange}
}

// Config is the current configuration.
func (l *Lock) Config() Config {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cfg
}

// SetConfig changes the configuration. Turning the lock off unlocks
// (the customer did it from Settings, reachable only when unlocked or
// through the administrator's policy); turning it on does not lock at
// once: the customer who just turned it on is at the PC.
func (l *Lock) SetConfig(cfg Config) {
	l.mu.Lock()
	l.cfg = cfg
	l.last = l.now()
	unlock := !cfg.Enabled && l.locked
	if unlock {
		l.locked = false
	}
	l.mu.Unlock()
	if unlock {
		l.onChange(false)
	}
}

// Locked reports whether the codes are locked away.
func (l *Lock) Locked() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.locked
}

// Activity records input from the customer: the idle time starts again.
func (l *Lock) Activity() {
	l.mu.Lock()
	l.last = l.now()
	l.mu.Unlock()
}

// Tick locks when the customer has been idle for the configured time.
// The window calls it once a second.
func (l *Lock) Tick() {
	if due, ok := l.Due(); ok && !l.now().Before(due) {
		l.Lock()
	}
}

// Due is when the idle time will lock, and whether it will: the lock is
// enabled, unlocked and locks on idle. A window whose tick pauses (hidden
// in the tray) wakes for it, or the lock would wait for the next show.
func (l *Lock) Due() (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.cfg.Enabled || l.cfg.Idle <= 0 || l.locked {
		return time.Time{}, false
	}
	return l.last.Add(l.cfg.Idle), true
}

// Event locks on a screen lock or sleep, when the lock is enabled.
func (l *Lock) Event(e Event) {
	if (e == ScreenLocked || e == Sleeping) && l.Config().Enabled {
		l.Lock()
	}
}

// Lock locks now (the window's lock button, or the events above). It does
// nothing while the lock is off: there would be no way back configured.
func (l *Lock) Lock() {
	l.mu.Lock()
	changed := l.cfg.Enabled && !l.locked
	if changed {
		l.locked = true
	}
	l.mu.Unlock()
	if changed {
		l.onChange(true)
	}
}

// Unlock lifts the lock when v accepts typed; otherwise it stays locked
// and the error says why (v's own, or that v is not available here).
func (l *Lock) Unlock(ctx context.Context, v Verifier, typed string) error {
	if err := v.Available(); err != nil {
		return err
	}
	if err := v.Verify(ctx, typed); err != nil {
		return err
	}
	l.mu.Lock()
	changed := l.locked
	l.locked = false
	l.last = l.now()
	l.mu.Unlock()
	if changed {
		l.onChange(false)
	}
	return nil
}
