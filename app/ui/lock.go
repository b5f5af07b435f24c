package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/app/codes"
	"github.com/omamori-app/omamori/app/lockview"
	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/applock"
	"github.com/omamori-app/omamori/internal/totp"
)

// The app lock (issue 25, level 1): the rules are internal/applock's; the
// window shows app/lockview instead of the code list while the session is
// locked, and builds the list over an empty store then, so no code and
// no account name is on screen or in the tray.

// LockDeps are the lock's adapters.
type LockDeps struct {
	// Policy is the administrator's "lock" section (applock.LoadPolicy).
	Policy applock.Policy
	// Keys unlocks with the security key; nil offers the passphrase only.
	Keys applock.KeyService
	// Watch hears the screen lock and sleep (screenlock.WatchDesktop);
	// nil hears nothing. It returns how to stop.
	Watch func(func(applock.Event)) (stop func())
	// LogN is the passphrase hash's scrypt work factor; 0 = applock's.
	LogN int
	// Seal is the Sealed level (internal/seal.Store) when the store's
	// keyring goes through it; nil: not wired.
	Seal Sealer
	// OS is the OS's own check (applock.OSCheck: Windows Hello, Touch
	// ID); nil: not offered. It is offered once it says it is available,
	// asked off the UI's goroutine at start (WinRT takes a moment).
	OS OSVerifier
}

// OSVerifier is the OS's own check, with its name for the screen.
type OSVerifier interface {
	applock.Verifier
	Name() string
}

// Sealer is what the lock needs of the Sealed level: when it is on, the
// lock is always on, unlocks only with the security key (whose PIN and
// touch release the data key: one unlock for both), and locking drops
// the data key and the secrets read with it.
type Sealer interface {
	applock.Verifier
	On() bool
	Lock()
	Check(ctx context.Context) error
	Enable(ctx context.Context, pin string, ids []string) error
	Disable(ctx context.Context) error
}

type lockState struct {
	l      *applock.Lock
	pass   applock.Passphrase
	key    applock.Key
	deps   LockDeps
	view   *lockview.View
	stop   func()
	osOK   bool          // deps.OS said it is available (UI goroutine only)
	probed chan struct{} // closed once deps.OS has answered and its answer is on screen
}

// mountLock makes the lock, locked at once when it is on.
func (s *Shell) mountLock() {
	var d LockDeps
	if s.d.Lock != nil {
		d = *s.d.Lock
	}
	s.lk = &lockState{deps: d,
		pass: applock.Passphrase{Dir: s.d.ConfigDir, LogN: d.LogN},
		key:  applock.Key{Dir: s.d.ConfigDir, Keys: d.Keys}}
	s.lk.l = applock.New(s.lockConfig(), s.d.Now, func(locked bool) {
		if locked {
			s.dropSecrets()
		}
		fyne.Do(func() {
			if locked {
				s.sess.Lock()
			} else {
				s.sess.Unlock()
			}
		})
	})
	if s.lk.l.Locked() {
		s.sess.Lock()
	}
	if d.Watch != nil {
		s.lk.stop = d.Watch(func(e applock.Event) { fyne.Do(func() { s.lk.l.Event(e) }) })
	}
	if d.OS != nil {
		s.lk.probed = make(chan struct{})
	}
}

// probeOS asks, off the UI goroutine, whether the OS check (Windows Hello)
// is there, and offers it once it is. New calls it last, when the window
// is built: under Fyne's test driver fyne.Do runs on the calling
// goroutine, so an earlier start raced New's own Build.
func (s *Shell) probeOS() {
	if s.lk.probed == nil {
		return
	}
	go func() {
		defer close(s.lk.probed)
		if s.lk.deps.OS.Available() != nil {
			return
		}
		fyne.DoAndWait(func() {
			was := s.lk.l.Config().Enabled
			s.lk.osOK = true
			s.applyLock()
			if !was && s.lk.l.Config().Enabled {
				// The lock had no way back until now: it locks as at
				// start (this is asked only at start).
				s.lk.l.Lock()
			}
			if s.sess.Locked() {
				s.Build() // the lock screen offers it
			}
		})
	}()
}

// lockConfig is the policy and the setting together. A lock with no way
// back set up (no passphrase, no key) stays off: it never traps.
func (s *Shell) lockConfig() applock.Config {
	c := applock.Effective(s.lk.deps.Policy, applock.Setting{Enabled: s.d.Settings.Lock, IdleMinutes: s.d.Settings.LockIdleMinutes})
	if len(s.lockMethods()) == 0 {
		c.Enabled = false
	}
	if s.sealed() {
		c.Enabled = true // the secrets cannot be read otherwise
	}
	return c
}

// sealed reports whether the Sealed level is on.
func (s *Shell) sealed() bool { return s.lk.deps.Seal != nil && s.lk.deps.Seal.On() }

// dropSecrets forgets the data key and the code generators on a lock.
func (s *Shell) dropSecrets() {
	if s.lk.deps.Seal == nil {
		return
	}
	s.lk.deps.Seal.Lock()
	if f, ok := s.d.Store.(interface{ ForgetSecrets() }); ok {
		f.ForgetSecrets()
	}
}

// lockMethods are the verifiers set up on this PC, as the screen offers them.
func (s *Shell) lockMethods() []string {
	if s.sealed() {
		return []string{lockview.Key} // only the key opens the data key
	}
	var m []string
	if s.lk.pass.Available() == nil {
		m = append(m, lockview.Passphrase)
	}
	if s.lk.key.Available() == nil {
		m = append(m, lockview.Key)
	}
	if s.lk.osOK {
		m = append(m, lockview.OS)
	}
	return m
}

// Lock is the app lock (for tests and the tick).
func (s *Shell) Lock() *applock.Lock { return s.lk.l }

// LockScreen is the lock screen while locked, else nil (for tests).
func (s *Shell) LockScreen() *lockview.View {
	if !s.sess.Locked() {
		return nil
	}
	return s.lk.view
}

// lockActivity tells the lock the customer did something.
func (s *Shell) lockActivity() { s.lk.l.Activity() }

// lockFollow rebuilds the window for a lock or an unlock: the code list
// is built over the real store only when unlocked.
func (s *Shell) lockFollow() {
	if s.dlg != nil && s.sess.Locked() {
		s.dlg.Hide() // a dialog open over the codes goes too
		s.dlg = nil
	}
	s.Build()
}

// shownStore is the store the code list is built from: nothing while
// locked.
func (s *Shell) shownStore() codes.Store {
	if s.sess.Locked() {
		return lockedStore{}
	}
	return s.d.Store
}

// lockScreen is the lock screen when locked, else nil.
func (s *Shell) lockScreen() fyne.CanvasObject {
	if !s.sess.Locked() {
		s.lk.view = nil
		return nil
	}
	s.lk.view = lockview.New(lockview.Options{
		Lang:       s.Language(),
		Methods:    s.lockMethods(),
		OSName:     s.osName(),
		Unlock:     s.unlock,
		OnSettings: s.ShowSettings,
		OnHelp:     s.ShowHelp,
	})
	return s.lk.view.Object()
}

// unlock checks typed: a passphrase at once (a tenth of a second of
// scrypt), a key off the UI's goroutine, as it waits for a touch.
func (s *Shell) unlock(kind, typed string, done func(error)) {
	if kind == lockview.Passphrase {
		done(s.lk.l.Unlock(context.Background(), s.lk.pass, typed))
		return
	}
	var v applock.Verifier = s.lk.key
	switch {
	case kind == lockview.OS && s.lk.deps.OS != nil:
		v = s.lk.deps.OS
	case s.sealed():
		v = s.lk.deps.Seal
	}
	go func() {
		err := s.lk.l.Unlock(context.Background(), v, typed)
		fyne.Do(func() { done(err) })
	}()
}

// osName names the OS check on the lock screen.
func (s *Shell) osName() string {
	if s.lk.deps.OS == nil {
		return ""
	}
	return s.lk.deps.OS.Name()
}

// lockSettings is the lock's part of the settings dialog.
func (s *Shell) lockSettings() *settings.Lock {
	return &settings.Lock{
		Forced:        s.lk.deps.Policy.Forced(),
		Sealed:        s.sealed(),
		Locked:        s.sess.Locked(),
		CanUnlock:     len(s.lockMethods()) > 0,
		SetPassphrase: s.lk.pass.Set,
		SetKey:        s.setLockKey(),
		SealCheck:     s.sealCheck(),
		Seal:          s.sealWithKey(),
		Unseal:        s.unseal(),
	}
}

// unseal turns sealing off as omamori seal off does (seal.Store.Disable,
// with the data key the unlock released), off the UI's goroutine; the
// lock then follows the setting again. nil when not sealed.
func (s *Shell) unseal() func(func(error)) {
	if !s.sealed() {
		return nil
	}
	return func(done func(error)) {
		go func() {
			err := s.lk.deps.Seal.Disable(context.Background())
			fyne.Do(func() {
				if err == nil {
					s.applyLock()
				}
				done(err)
			})
		}()
	}
}

// sealCheck is Settings' check before sealing; nil when sealing is not
// wired (no seal store or no security-key service) or already on.
func (s *Shell) sealCheck() func() error {
	if s.lk.deps.Seal == nil || s.lk.deps.Keys == nil || s.sealed() {
		return nil
	}
	return func() error { return s.lk.deps.Seal.Check(context.Background()) }
}

// sealWithKey seals every account off the UI's goroutine (it waits for
// touches), then the lock follows: always on from now.
func (s *Shell) sealWithKey() func(string, func(error)) {
	if s.sealCheck() == nil {
		return nil
	}
	return func(pin string, done func(error)) {
		go func() {
			entries, err := s.d.Store.List()
			if err == nil {
				ids := make([]string, 0, len(entries))
				for _, e := range entries {
					ids = append(ids, e.ID)
				}
				err = s.lk.deps.Seal.Enable(context.Background(), pin, ids)
			}
			fyne.Do(func() {
				if err == nil {
					s.applyLock()
				}
				done(err)
			})
		}()
	}
}

// setLockKey sets the key up off the UI's goroutine (it waits for
// touches); nil without a security-key service.
func (s *Shell) setLockKey() func(string, func(error)) {
	if s.lk.deps.Keys == nil {
		return nil
	}
	return func(pin string, done func(error)) {
		go func() {
			err := s.lk.key.Set(context.Background(), pin)
			fyne.Do(func() { done(err) })
		}()
	}
}

// applyLock uses new settings; turning the lock off unlocks.
func (s *Shell) applyLock() { s.lk.l.SetConfig(s.lockConfig()) }

// endLock stops hearing the desktop.
func (s *Shell) endLock() {
	if s.lk.stop != nil {
		s.lk.stop()
		s.lk.stop = nil
	}
}

var errLocked = errors.New("ui: locked")

// lockedStore is the code list's store while locked: no account at all.
type lockedStore struct{}

func (lockedStore) List() ([]accounts.Entry, error)           { return nil, nil }
func (lockedStore) Generator(string) (*totp.Generator, error) { return nil, errLocked }
func (lockedStore) Rename(string, string) error               { return errLocked }
func (lockedStore) Remove(string) error                       { return errLocked }
func (lockedStore) Move(string, int) error                    { return errLocked }
