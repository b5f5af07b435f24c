// Package keyring keeps account secrets in the operating system's password
// store (Secret Service on Linux, Keychain on macOS, Credential Manager on
// Windows) through github.com/zalando/go-keyring. It implements
// accounts.SecretStore and nothing more.
//
// There is deliberately no fallback: when the store cannot be used, the
// caller gets an *i18n.Error telling the user what to do, and the secret
// goes nowhere else.
package keyring

import (
	"embed"
	"errors"
	"fmt"
	"runtime"
	"time"

	gokeyring "github.com/zalando/go-keyring"

	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("keyring", locales)

// DefaultService is the service name Omamori's items are filed under.
const DefaultService = "omamori"

// DefaultTimeout bounds one keyring call. A Secret Service that shows an
// unlock prompt nobody answers, or a hung one, would otherwise block
// forever; it is long enough for a user to type the keyring password, and
// short enough that a hung keyring is reported while the user still waits.
const DefaultTimeout = 30 * time.Second

// Causes wrapped in the *i18n.Error returned by Secrets, for errors.Is.
var (
	ErrUnavailable = errors.New("keyring unavailable")
	ErrTooBig      = errors.New("secret too big for keyring")
	ErrTimeout     = errors.New("keyring did not answer")
)

// Secrets is the OS keyring under one service name. User names are account ids.
type Secrets struct {
	Service string
	Timeout time.Duration // 0 means DefaultTimeout
}

// New returns the Secrets of service ("" means DefaultService). Tests pass
// their own service name so they never touch a user's real accounts.
func New(service string) *Secrets {
	if service == "" {
		service = DefaultService
	}
	return &Secrets{Service: service}
}

// Get returns the secret of id; found is false when there is none.
func (s *Secrets) Get(id string) (secret string, found bool, err error) {
	err = s.do(func() (e error) { secret, e = gokeyring.Get(s.Service, id); return e })
	if errors.Is(err, gokeyring.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, s.wrap(err)
	}
	return secret, true, nil
}

// GetMany returns the secrets of ids, by id; an id without an item is not
// in the map. On Linux it asks the Secret Service for all of them at once
// (getmany_linux.go), elsewhere one at a time.
func (s *Secrets) GetMany(ids []string) (map[string]string, error) {
	var m map[string]string
	if err := s.do(func() (e error) { m, e = getMany(s.Service, ids); return e }); err != nil {
		return nil, s.wrap(err)
	}
	return m, nil
}

// getEach reads the secrets of ids with go-keyring's Get, one at a time.
func getEach(service string, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		v, err := gokeyring.Get(service, id)
		switch {
		case errors.Is(err, gokeyring.ErrNotFound):
		case err != nil:
			return nil, err
		default:
			out[id] = v
		}
	}
	return out, nil
}

// Set stores secret under id, replacing any earlier one.
func (s *Secrets) Set(id, secret string) error {
	return s.wrap(s.do(func() error { return gokeyring.Set(s.Service, id, secret) }))
}

// SetMany stores secrets[i] under ids[i]; on Linux in a few round
// trips for all of them (setmany_linux.go), elsewhere one at a time.
// written[i] says whether item i was stored. The time limit is on
// progress, not on the whole: a keyring that stores one item after
// another is not hung, however many there are (gnome-keyring rewrites
// its whole file for each, so each takes longer as the keyring grows).
// On an error, including a timeout, the items not marked written may or
// may not have been: the caller must treat them as unknown.
func (s *Secrets) SetMany(ids, secrets []string) (written []bool, err error) {
	d := s.Timeout
	if d <= 0 {
		d = DefaultTimeout
	}
	buf := make([]bool, len(ids))
	progress := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		ok, e := setMany(s.Service, ids, secrets, func() {
			select {
			case progress <- struct{}{}:
			default:
			}
		})
		copy(buf, ok)
		done <- e
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				return buf, s.wrap(err)
			}
			return buf, nil
		case <-progress:
			t.Reset(d)
		case <-t.C:
			// Still running: nothing is known, buf may yet change.
			return make([]bool, len(ids)), s.wrap(ErrTimeout)
		}
	}
}

func setOne(service, id, secret string) error { return gokeyring.Set(service, id, secret) }

// Delete removes the secret of id; a missing item is not an error.
func (s *Secrets) Delete(id string) error {
	err := s.do(func() error { return gokeyring.Delete(s.Service, id) })
	if errors.Is(err, gokeyring.ErrNotFound) {
		return nil
	}
	return s.wrap(err)
}

// do runs f with a time limit. On timeout f keeps running in the
// background; its late result is dropped.
func (s *Secrets) do(f func() error) error {
	d := s.Timeout
	if d <= 0 {
		d = DefaultTimeout
	}
	done := make(chan error, 1)
	go func() { done <- f() }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return ErrTimeout
	}
}

// wrap turns a go-keyring error into what the user reads. go-keyring's
// errors carry no secret (D-Bus error names, exit codes, Win32 codes), so
// they are kept as the cause for logs.
func (s *Secrets) wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrTimeout):
		// Still ErrUnavailable for callers; its own words for the user.
		return i18n.NewError(cat.M("timed_out"), cat.M("hint_timed_out"), fmt.Errorf("%w: %w", ErrUnavailable, err))
	case errors.Is(err, gokeyring.ErrSetDataTooBig):
		return i18n.NewError(cat.M("too_big"), cat.M("hint_too_big"), fmt.Errorf("%w: %w", ErrTooBig, err))
	default:
		// No D-Bus, no Secret Service, a locked collection, a dismissed
		// prompt, a refused Keychain or Credential Manager all need the
		// same thing from the user: get the store running and unlocked.
		// A locked one is called locked (Classify, as doctor does).
		if Classify(err) == Locked {
			return i18n.NewError(cat.M("probe_locked"), hint(), fmt.Errorf("%w: %w: %w", ErrUnavailable, ErrLocked, err))
		}
		return i18n.NewError(cat.M("unavailable"), hint(), fmt.Errorf("%w: %w", ErrUnavailable, err))
	}
}

func hint() i18n.Message {
	switch runtime.GOOS {
	case "windows":
		return cat.M("hint_windows")
	case "darwin":
		return cat.M("hint_macos")
	default:
		return cat.M("hint_linux")
	}
}
