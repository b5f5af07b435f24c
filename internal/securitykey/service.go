package securitykey

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Service is what the security-key screen and `omamori key` call. It is
// safe for concurrent use; operations run one at a time (a key answers
// one request at a time anyway) and block, so call them off the UI
// goroutine.
type Service struct {
	drv   Driver
	touch TouchFunc

	op sync.Mutex // held while a key is being talked to

	mu    sync.Mutex // guards cache and slots
	cache map[string]KeyInfo
	slots map[string]Slots // learnt from Passkeys, which needs the PIN

	// pollEvery is how often WaitReplug looks for the key.
	pollEvery time.Duration
}

// New makes a service over d.
func New(d Driver) *Service {
	return &Service{drv: d, cache: map[string]KeyInfo{}, slots: map[string]Slots{}, pollEvery: 100 * time.Millisecond}
}

// TouchStep says why the key wants a touch.
type TouchStep string

// Steps that need a touch.
const (
	TouchRegister TouchStep = "register" // self-test: make a credential
	TouchSign     TouchStep = "sign"     // self-test: sign with it
	TouchReset    TouchStep = "reset"
)

// Touch is the prompt to show: "キーに触れてください" with a Cancel button
// that cancels the operation's context. Step N of Of (1-based).
type Touch struct {
	Path string
	Step TouchStep
	N    int
	Of   int
}

// Message is the prompt text for t.
func (t Touch) Message() i18n.Message {
	if t.Of > 1 {
		return cat.M("touch_n", "N", t.N, "Of", t.Of)
	}
	return cat.M("touch")
}

// TouchFunc is called just before the key starts waiting for a touch
// (libfido2 passes on no keep-alive, so this is the only signal). The
// returned func, if not nil, is called when the key has answered. Both
// run on the operation's goroutine while it holds the key: they must
// return quickly and must not call the Service (List is safe: it never
// waits). In Fyne, wrap UI changes in fyne.Do.
type TouchFunc func(t Touch) (done func())

// OnTouch sets the touch prompt. Call it before the first operation.
func (s *Service) OnTouch(f TouchFunc) { s.touch = f }

// List returns the keys plugged in now, for polling while a screen is
// open (every second is fine). It reads a key's details once, when it
// first appears, and after each operation on it; between those it only
// asks the operating system what is plugged in, so it never disturbs a
// key that a browser is using.
func (s *Service) List() ([]KeyInfo, error) {
	locs, err := s.devices()
	if err != nil {
		return nil, s.translate(OpInfo, "", err, nil)
	}
	out := make([]KeyInfo, 0, len(locs))
	seen := map[string]bool{}
	for _, loc := range locs {
		seen[loc.Path] = true
		if k, ok := s.cached(loc.Path); ok {
			out = append(out, k)
			continue
		}
		if !s.op.TryLock() { // an operation runs: details come later
			out = append(out, baseInfo(loc))
			continue
		}
		k := s.readInfo(loc)
		s.op.Unlock()
		out = append(out, k)
	}
	s.mu.Lock()
	for p := range s.cache {
		if !seen[p] {
			delete(s.cache, p)
		}
	}
	for p := range s.slots {
		if !seen[p] {
			delete(s.slots, p)
		}
	}
	s.mu.Unlock()
	return out, nil
}

// Info reads a key's details afresh.
func (s *Service) Info(ctx context.Context, path string) (KeyInfo, error) {
	if err := ctx.Err(); err != nil {
		return KeyInfo{}, s.translate(OpInfo, path, cancelled(err), nil)
	}
	loc, err := s.locate(path)
	if err != nil {
		return KeyInfo{}, s.translate(OpInfo, path, err, nil)
	}
	s.op.Lock()
	defer s.op.Unlock()
	k := s.readInfo(loc)
	return k, k.Err
}

// Pick chooses the key to use: path when given, else the only key
// plugged in. Errors say "no key" or "several keys: name one".
func (s *Service) Pick(path string) (string, error) {
	if path != "" {
		return path, nil
	}
	locs, err := s.devices()
	if err != nil {
		return "", s.translate(OpInfo, "", err, nil)
	}
	switch len(locs) {
	case 0:
		return "", userError(ErrNoKey, "no_key", "hint_no_key")
	case 1:
		return locs[0].Path, nil
	}
	paths := make([]string, len(locs))
	for i, l := range locs {
		paths[i] = l.Path
	}
	return "", userError(ErrSeveralKeys, "several_keys", "hint_several_keys", "Paths", strings.Join(paths, ", "))
}

// SetPIN gives a key without a PIN its first PIN.
func (s *Service) SetPIN(ctx context.Context, path, pin, confirm string) error {
	p, err := CheckNewPIN(pin, confirm)
	if err != nil {
		return err
	}
	return s.do(ctx, OpSetPIN, path, func(d Device) error {
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch set, ok := info.Options["clientPin"]; {
		case !ok:
			return ErrPINUnsupported
		case set:
			return ErrPINAlreadySet
		}
		return d.SetPIN(p)
	})
}

// ChangePIN replaces the PIN. A wrong old PIN costs one retry; the error
// then says how many are left.
func (s *Service) ChangePIN(ctx context.Context, path, oldPIN, newPIN, confirm string) error {
	o, n, err := CheckNewPINChange(oldPIN, newPIN, confirm)
	if err != nil {
		return err
	}
	return s.do(ctx, OpChangePIN, path, func(d Device) error {
		return d.ChangePIN(o, n)
	})
}

// Passkey is one passkey stored on a key.
type Passkey struct {
	Site         string // relying party id, e.g. "example.com"
	SiteName     string
	UserName     string
	DisplayName  string
	CredentialID []byte
}

// ID names the passkey in lists and on the command line: its credential
// id in unpadded base64url.
func (p Passkey) ID() string { return base64.RawURLEncoding.EncodeToString(p.CredentialID) }

// PasskeyList is what a key holds and how much room is left.
type PasskeyList struct {
	Passkeys []Passkey
	Used     int
	Free     int
}

// Summary is "3 of 25 used".
func (l PasskeyList) Summary() i18n.Message {
	return cat.M("slots", "Used", l.Used, "Total", l.Used+l.Free)
}

// CanListPasskeys asks the key, without a PIN, whether it can list its
// passkeys (credential management): nil if it can, else an error that
// says it cannot (or why the key could not be asked). Call it before
// asking for the PIN.
func (s *Service) CanListPasskeys(ctx context.Context, path string) error {
	k, err := s.Info(ctx, path)
	if err != nil {
		return err
	}
	if !k.CredMgmt {
		return userError(ErrNoCredMgmt, "no_cred_mgmt", "hint_no_cred_mgmt")
	}
	return nil
}

// Passkeys lists the passkeys on a key; the key asks for its PIN. (Ask
// CanListPasskeys before asking the user for it.)
func (s *Service) Passkeys(ctx context.Context, path, pin string) (PasskeyList, error) {
	p, err := CheckCurrentPIN(pin)
	if err != nil {
		return PasskeyList{}, err
	}
	var list PasskeyList
	err = s.do(ctx, OpPasskeys, path, func(d Device) error {
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !hasCredMgmt(info) {
			return ErrNoCredMgmt
		}
		list, err = readPasskeys(d, p)
		return err
	})
	if err == nil {
		s.rememberSlots(path, list)
	}
	return list, err
}

func readPasskeys(d Device, pin string) (PasskeyList, error) {
	used, free, err := d.CredentialsMetadata(pin)
	if err != nil {
		return PasskeyList{}, err
	}
	list := PasskeyList{Used: used, Free: free}
	if used == 0 {
		return list, nil
	}
	rps, err := d.RelyingParties(pin)
	if err != nil && !errors.Is(err, ErrNoCredentials) {
		return PasskeyList{}, err
	}
	for _, rp := range rps {
		creds, err := d.Credentials(rp.ID, pin)
		if err != nil && !errors.Is(err, ErrNoCredentials) {
			return PasskeyList{}, err
		}
		for _, c := range creds {
			list.Passkeys = append(list.Passkeys, Passkey{
				Site: rp.ID, SiteName: rp.Name,
				UserName: c.UserName, DisplayName: c.DisplayName,
				CredentialID: c.ID,
			})
		}
	}
	sort.SliceStable(list.Passkeys, func(i, j int) bool {
		a, b := list.Passkeys[i], list.Passkeys[j]
		if a.Site != b.Site {
			return a.Site < b.Site
		}
		return a.UserName < b.UserName
	})
	return list, nil
}

// DeletePasskey removes one passkey (by credential id) from the key.
// The UI asks the user to confirm first: the site will no longer accept
// this key.
func (s *Service) DeletePasskey(ctx context.Context, path, pin string, credID []byte) error {
	p, err := CheckCurrentPIN(pin)
	if err != nil {
		return err
	}
	if len(credID) == 0 {
		return userError(ErrNoCredentials, "passkey_gone", "hint_refresh")
	}
	return s.do(ctx, OpDelete, path, func(d Device) error {
		return d.DeleteCredential(credID, p)
	})
}

// do runs fn on the key at path with the operation lock held, then turns
// its error into what the user reads and forgets the cached details
// (the PIN state or passkey count may have changed).
func (s *Service) do(ctx context.Context, op Op, path string, fn func(Device) error) error {
	if err := ctx.Err(); err != nil {
		return s.translate(op, path, cancelled(err), nil)
	}
	s.op.Lock()
	defer s.op.Unlock()
	d, err := s.open(path)
	if err != nil {
		return s.translate(op, path, err, nil)
	}
	defer s.forget(path)
	err = fn(d)
	if errors.Is(err, ErrCommunication) {
		awaitLateCancel(ctx)
	}
	if err != nil && ctx.Err() != nil {
		err = afterCancel(ctx.Err(), err)
	}
	return s.translate(op, path, err, d.PINRetries)
}

// lateCancelGrace is how long a communication failure waits for a
// cancellation that may have caused it: Ctrl-C can land on the thread
// inside libfido2's wait, whose ppoll then fails with EINTR (read as
// FIDO_ERR_RX) before signal.NotifyContext has cancelled ctx.
const lateCancelGrace = 300 * time.Millisecond

func awaitLateCancel(ctx context.Context) {
	if ctx.Done() == nil || ctx.Err() != nil {
		return
	}
	t := time.NewTimer(lateCancelGrace)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// withTouch runs fn, which makes the key wait for a touch: it shows the
// prompt first and turns the context's cancellation into Device.Cancel,
// repeated until fn returns (a cancel sent before the key started
// waiting would be lost).
func (s *Service) withTouch(ctx context.Context, d Device, t Touch, fn func() error) error {
	if s.touch != nil {
		if done := s.touch(t); done != nil {
			defer done()
		}
	}
	finished := make(chan struct{})
	go func() {
		select {
		case <-finished:
			return
		case <-ctx.Done():
		}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			_ = d.Cancel()
			select {
			case <-finished:
				return
			case <-tick.C:
			}
		}
	}()
	err := fn()
	close(finished)
	return err
}

// afterCancel is what an operation that was cancelled midway came to.
// Only a key that answered CTAP2_ERR_KEEPALIVE_CANCEL has confirmed that
// it stopped; a key that ignores the cancel goes on and may have done
// what was asked before it answered with some other error. (A key that
// completes the request answers with success, which stands.)
func afterCancel(ctxErr, keyErr error) error {
	switch {
	case errors.Is(keyErr, ErrCancelled), errors.Is(ctxErr, context.DeadlineExceeded):
		return fmt.Errorf("%w (key said: %v)", cancelled(ctxErr), keyErr)
	case errors.Is(keyErr, ErrRemoved), errors.Is(keyErr, ErrNotFound):
		return keyErr
	}
	return fmt.Errorf("%w: %w (key said: %v)", ErrCancelUnconfirmed, ctxErr, keyErr)
}

// cancelled maps a context error to ours: a deadline is a timeout, the
// rest is the user pressing Cancel.
func cancelled(ctxErr error) error {
	if errors.Is(ctxErr, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrTimeout, ctxErr)
	}
	return fmt.Errorf("%w: %w", ErrCancelled, ctxErr)
}

func (s *Service) open(path string) (Device, error) {
	if _, err := s.locate(path); err != nil {
		return nil, err
	}
	return s.drv.Open(path)
}

// devices lists keys. Windows Hello (a pseudo-device in front of the
// keys) is left out beside real keys; alone, it is how a Windows user
// without administrator rights reaches a key, and is kept.
func (s *Service) devices() ([]Location, error) {
	locs, err := s.drv.Devices()
	if err != nil {
		return nil, err
	}
	out := locs[:0:0]
	for _, l := range locs {
		if strings.HasPrefix(l.Path, "windows://") {
			continue
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		out = append(out, locs...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

func (s *Service) locate(path string) (Location, error) {
	locs, err := s.devices()
	if err != nil {
		return Location{}, err
	}
	for _, l := range locs {
		if l.Path == path {
			return l, nil
		}
	}
	return Location{}, fmt.Errorf("%w: %s", ErrNotFound, path)
}

func (s *Service) present(path string) bool {
	_, err := s.locate(path)
	return err == nil
}

// goneGrace is how long gone waits for the OS to notice a key that was
// pulled out: the failed read comes before the device leaves the list.
const goneGrace = 500 * time.Millisecond

// gone reports whether the key at path has been unplugged, allowing the
// operating system goneGrace to take it off the list. Only error paths
// call it.
func (s *Service) gone(path string) bool {
	if s == nil || path == "" {
		return false
	}
	deadline := time.Now().Add(goneGrace)
	for {
		if !s.present(path) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(goneGrace / 10)
	}
}

// Transport is how the key at path is connected, as its listing said
// (the driver's, from libfido2's device path), else as the path says.
func (s *Service) Transport(path string) Transport {
	if s != nil {
		if k, ok := s.cached(path); ok && k.Transport != TransportUnknown {
			return k.Transport
		}
	}
	return TransportFromPath(path)
}

func (s *Service) cached(path string) (KeyInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.cache[path]
	return k, ok
}

func (s *Service) forget(path string) {
	s.mu.Lock()
	delete(s.cache, path)
	delete(s.slots, path)
	s.mu.Unlock()
}

func (s *Service) store(k KeyInfo) {
	s.mu.Lock()
	s.cache[k.Path] = k
	s.mu.Unlock()
}

func (s *Service) rememberSlots(path string, l PasskeyList) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slots[path] = Slots{Known: true, Used: l.Used, Free: l.Free}
}

func (s *Service) knownSlots(path string) Slots {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.slots[path]
}
