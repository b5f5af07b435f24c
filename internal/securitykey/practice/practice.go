// Package practice is the securitykey.Driver of practice mode: one
// virtual key (../virtualkey) inside the app, so help-desk staff and
// customers can rehearse setting a PIN, checking the key, deleting a
// passkey and resetting, without hardware. Everything goes through CTAP2
// as with a real key, so wrong PINs, blocking and the reset window behave
// the same. The key lives in memory only: nothing is written to disk.
package practice

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// Path is the practice key's device path.
const Path = "practice:virtual-key"

// Options configure the practice key.
type Options struct {
	// AutoTouch approves each touch by itself after this delay (for the
	// CLI, where there is no button to press). Zero: the key waits for
	// Touch, up to TouchTimeout.
	AutoTouch time.Duration
	// TouchTimeout is how long the key waits for Touch (30 s if zero,
	// like common keys).
	TouchTimeout time.Duration
	// ResetWindow is how long after Plug a reset is accepted (10 s if zero).
	ResetWindow time.Duration
	// Quirks make the key behave like some real keys (for tests).
	Quirks virtualkey.Quirks
}

// Driver holds the one virtual key.
type Driver struct {
	key *virtualkey.Key
	pad *virtualkey.TouchPad // nil with AutoTouch
}

// New makes a fresh practice key: no PIN, no passkeys, plugged in.
func New(opts Options) (*Driver, error) {
	d := &Driver{}
	var presence virtualkey.Presence
	if opts.AutoTouch > 0 {
		presence = autoTouch(opts.AutoTouch)
	} else {
		d.pad = virtualkey.NewTouchPad(opts.TouchTimeout)
		presence = d.pad
	}
	k, err := virtualkey.New(virtualkey.Options{Presence: presence, ResetWindow: opts.ResetWindow, Quirks: opts.Quirks})
	if err != nil {
		return nil, err
	}
	d.key = k
	return d, nil
}

// Touch is the user touching the practice key (a button in the UI).
func (d *Driver) Touch() { d.key.Touch() }

// WaitingForTouch reports whether the key waits for Touch now, for the
// UI to make its touch button stand out.
func (d *Driver) WaitingForTouch() bool { return d.key.WaitingForTouch() }

// Unplug and Plug simulate pulling the key out and putting it back, for
// rehearsing the reset wizard and the "unplug and replug" advice.
func (d *Driver) Unplug() { d.key.Unplug() }

// Plug puts the key back; the reset window opens.
func (d *Driver) Plug() error { return d.key.Plug() }

// Key is the virtual key itself, for tests.
func (d *Driver) Key() *virtualkey.Key { return d.key }

// Devices lists the practice key while it is plugged in.
func (d *Driver) Devices() ([]securitykey.Location, error) {
	if !d.key.Plugged() {
		return nil, nil
	}
	return []securitykey.Location{{
		Path: Path, Product: "Omamori practice key", Manufacturer: "Omamori",
		Transport: securitykey.TransportVirtual,
	}}, nil
}

// Open returns the practice key.
func (d *Driver) Open(path string) (securitykey.Device, error) {
	if path != Path {
		return nil, fmt.Errorf("%w: %s", securitykey.ErrNotFound, path)
	}
	return &device{k: d.key}, nil
}

// autoTouch approves after a delay, so the touch prompt is seen.
type autoTouch time.Duration

func (a autoTouch) Confirm(ctx context.Context, _ string) error {
	t := time.NewTimer(time.Duration(a))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type device struct {
	k *virtualkey.Key

	mu     sync.Mutex
	cancel context.CancelFunc // of the running call
}

// run gives fn a context that Cancel ends.
func (v *device) run(fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithCancel(context.Background())
	v.mu.Lock()
	v.cancel = cancel
	v.mu.Unlock()
	defer func() {
		v.mu.Lock()
		v.cancel = nil
		v.mu.Unlock()
		cancel()
	}()
	return mapErr(fn(ctx))
}

func (v *device) Cancel() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.cancel != nil {
		v.cancel()
	}
	return nil
}

func (v *device) info() (virtualkey.Info, error) {
	var info virtualkey.Info
	err := v.run(func(ctx context.Context) (err error) {
		info, err = v.k.Info(ctx)
		return err
	})
	return info, err
}

func (v *device) Info() (securitykey.RawInfo, error) {
	info, err := v.info()
	if err != nil {
		return securitykey.RawInfo{}, err
	}
	return securitykey.RawInfo{Versions: info.Versions, Extensions: info.Extensions, AAGUID: info.AAGUID[:], Options: info.Options}, nil
}

func (v *device) PINRetries() (int, error) {
	info, err := v.info()
	return info.PINRetries, err
}

func (v *device) SetPIN(pin string) error {
	return v.run(func(ctx context.Context) error { return v.k.SetPIN(ctx, pin) })
}

func (v *device) ChangePIN(oldPIN, newPIN string) error {
	return v.run(func(ctx context.Context) error { return v.k.ChangePIN(ctx, oldPIN, newPIN) })
}

func (v *device) MakeCredential(req securitykey.CredentialRequest, pin string) (securitykey.Attestation, error) {
	var out securitykey.Attestation
	err := v.run(func(ctx context.Context) error {
		u := virtualkey.User{ID: req.UserID, Name: req.UserName, DisplayName: req.DisplayName}
		makeCred := v.k.MakeCredential
		if req.HMACSecret {
			makeCred = v.k.MakeHMACCredential
		}
		att, err := makeCred(ctx, pin, req.RPID, req.RPName, u, req.ClientDataHash, req.Resident)
		if err != nil {
			return err
		}
		pub, err := att.PublicKey.Bytes()
		if err != nil {
			return err
		}
		out = securitykey.Attestation{CredentialID: att.CredID, PublicKey: pub, AuthData: att.AuthData}
		return nil
	})
	return out, err
}

func (v *device) Assertion(req securitykey.AssertionRequest, pin string) (securitykey.Assertion, error) {
	var out securitykey.Assertion
	err := v.run(func(ctx context.Context) error {
		if req.HMACSalt != nil {
			as, secret, err := v.k.GetAssertionHMAC(ctx, pin, req.RPID, req.ClientDataHash, [][]byte{req.HMACSalt}, req.AllowList...)
			if err != nil {
				return err
			}
			out = securitykey.Assertion{CredentialID: as.CredID, AuthData: as.AuthData, Signature: as.Signature}
			if secret != nil {
				out.HMACSecret = secret[0]
			}
			return nil
		}
		as, err := v.k.GetAssertion(ctx, pin, req.RPID, req.ClientDataHash, req.AllowList...)
		if err != nil {
			return err
		}
		out = securitykey.Assertion{CredentialID: as.CredID, AuthData: as.AuthData, Signature: as.Signature}
		return nil
	})
	return out, err
}

func (v *device) CredentialsMetadata(pin string) (int, int, error) {
	var md virtualkey.Metadata
	err := v.run(func(ctx context.Context) (err error) {
		md, err = v.k.CredentialsMetadata(ctx, pin)
		return err
	})
	return md.Existing, md.Remaining, err
}

func (v *device) credentials(pin string) ([]virtualkey.Credential, error) {
	var creds []virtualkey.Credential
	err := v.run(func(ctx context.Context) (err error) {
		creds, err = v.k.Credentials(ctx, pin)
		return err
	})
	return creds, err
}

func (v *device) RelyingParties(pin string) ([]securitykey.RelyingParty, error) {
	creds, err := v.credentials(pin)
	if err != nil {
		return nil, err
	}
	var out []securitykey.RelyingParty
	seen := map[string]bool{}
	for _, c := range creds {
		if !seen[c.RPID] {
			seen[c.RPID] = true
			out = append(out, securitykey.RelyingParty{ID: c.RPID, Name: c.RPName})
		}
	}
	return out, nil
}

func (v *device) Credentials(rpID, pin string) ([]securitykey.Credential, error) {
	creds, err := v.credentials(pin)
	if err != nil {
		return nil, err
	}
	var out []securitykey.Credential
	for _, c := range creds {
		if c.RPID == rpID {
			out = append(out, securitykey.Credential{ID: c.ID, UserID: c.UserID, UserName: c.UserName, DisplayName: c.UserDisplayName})
		}
	}
	return out, nil
}

func (v *device) DeleteCredential(id []byte, pin string) error {
	return v.run(func(ctx context.Context) error { return v.k.DeleteCredential(ctx, pin, id) })
}

func (v *device) Reset() error {
	return v.run(func(ctx context.Context) error { return v.k.Reset(ctx) })
}

// mapErr wraps the virtual key's CTAP2 status in the securitykey error
// that says what happened.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, virtualkey.ErrUnplugged) {
		return fmt.Errorf("%w: %w", securitykey.ErrRemoved, err)
	}
	var st virtualkey.Status
	if !errors.As(err, &st) {
		return err
	}
	kind, ok := statusKinds[st]
	if !ok {
		return err
	}
	return fmt.Errorf("%w: %w", kind, err)
}

var statusKinds = map[virtualkey.Status]error{
	virtualkey.StatusPINInvalid:         securitykey.ErrPINInvalid,
	virtualkey.StatusPINBlocked:         securitykey.ErrPINBlocked,
	virtualkey.StatusPINAuthBlocked:     securitykey.ErrPINAuthBlocked,
	virtualkey.StatusPINNotSet:          securitykey.ErrPINNotSet,
	virtualkey.StatusPINRequired:        securitykey.ErrPINRequired,
	virtualkey.StatusPINPolicyViolation: securitykey.ErrPINPolicy,
	virtualkey.StatusPINAuthInvalid:     securitykey.ErrPINAuthInvalid,
	virtualkey.StatusKeyStoreFull:       securitykey.ErrKeyFull,
	virtualkey.StatusUserActionTimeout:  securitykey.ErrTimeout,
	virtualkey.StatusNotAllowed:         securitykey.ErrNotAllowed,
	virtualkey.StatusOperationDenied:    securitykey.ErrNotAllowed,
	virtualkey.StatusKeepaliveCancel:    securitykey.ErrCancelled,
	virtualkey.StatusNoCredentials:      securitykey.ErrNoCredentials,
	virtualkey.StatusInvalidCommand:     securitykey.ErrUnsupported,
	virtualkey.StatusUnsupportedOption:  securitykey.ErrUnsupported,
}
