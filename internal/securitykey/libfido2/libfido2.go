//go:build cgo && !nofido2

// Package libfido2 is the securitykey.Driver for real keys, over
// github.com/keys-pub/go-libfido2 (cgo: the system's libfido2 on Linux,
// our own static build from third_party/ on Windows and macOS). Built
// with -tags nofido2 (or without cgo) it is a driver that says the
// library is unavailable, while everything else works as usual.
//
// go-libfido2 opens and closes the key for each call, so a Device here is
// only a path; Cancel reaches the call running on it.
package libfido2

import (
	"errors"
	"fmt"

	fido2 "github.com/keys-pub/go-libfido2"

	"github.com/omamori-app/omamori/internal/securitykey"
)

// Driver finds keys through libfido2.
type Driver struct{}

// New returns the driver for real keys.
func New() *Driver { return &Driver{} }

// helloPath is libfido2's Windows Hello device: webauthn.dll, which
// Windows lets every user reach (it shows its own prompts).
const helloPath = "windows://hello"

// Devices lists the keys libfido2 finds: USB (HID) keys, NFC readers
// (PC/SC) and, on Windows, Windows Hello. With administrator rights (or
// before Windows 10 1903) Omamori talks to keys directly and leaves
// Windows Hello out. Without them the keys would be listed but could
// not be opened: only Windows Hello is offered (the self-test works
// through it), or securitykey.ErrNoWindowsHello where webauthn.dll is
// missing (Windows before 1903's rules, wine).
func (*Driver) Devices() ([]securitykey.Location, error) {
	locs, err := fido2.DeviceLocations()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", securitykey.ErrCommunication, err)
	}
	return locations(locs, securitykey.AdminRequired())
}

// locations picks what Devices reports from libfido2's list: without
// administrator rights (restricted) Windows Hello alone, else all but it.
func locations(locs []*fido2.DeviceLocation, restricted bool) ([]securitykey.Location, error) {
	out := make([]securitykey.Location, 0, len(locs))
	for _, l := range locs {
		if (l.Path == helloPath) != restricted {
			continue
		}
		out = append(out, securitykey.Location{
			Path: l.Path, Product: l.Product, Manufacturer: l.Manufacturer,
			VendorID: uint16(l.VendorID), ProductID: uint16(l.ProductID),
			Transport: securitykey.TransportFromPath(l.Path),
		})
	}
	if restricted && len(out) == 0 {
		return nil, securitykey.ErrNoWindowsHello
	}
	return out, nil
}

// Open returns the key at path; nothing is sent to it yet.
func (*Driver) Open(path string) (securitykey.Device, error) {
	d, err := fido2.NewDevice(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", securitykey.ErrNotFound, err)
	}
	if path == helloPath {
		return helloDevice{&device{d: d}}, nil
	}
	return &device{d: d}, nil
}

// helloDevice is Windows Hello: it makes and checks credentials (with
// Windows' own prompts, PIN included) but cannot set a PIN, list
// passkeys or reset a key. Those need administrator rights, and the
// screen then offers Windows' security-key settings or a restart as
// administrator.
type helloDevice struct{ *device }

func (helloDevice) PINRetries() (int, error)       { return -1, nil }
func (helloDevice) SetPIN(string) error            { return securitykey.ErrAdminRequired }
func (helloDevice) ChangePIN(string, string) error { return securitykey.ErrAdminRequired }
func (helloDevice) CredentialsMetadata(string) (int, int, error) {
	return 0, 0, securitykey.ErrAdminRequired
}
func (helloDevice) RelyingParties(string) ([]securitykey.RelyingParty, error) {
	return nil, securitykey.ErrAdminRequired
}
func (helloDevice) Credentials(string, string) ([]securitykey.Credential, error) {
	return nil, securitykey.ErrAdminRequired
}
func (helloDevice) DeleteCredential([]byte, string) error { return securitykey.ErrAdminRequired }
func (helloDevice) Reset() error                          { return securitykey.ErrAdminRequired }

type device struct{ d *fido2.Device }

func (v *device) Info() (securitykey.RawInfo, error) {
	info, err := v.d.Info()
	if err != nil {
		return securitykey.RawInfo{}, mapErr(err)
	}
	opts := make(map[string]bool, len(info.Options))
	for _, o := range info.Options {
		opts[o.Name] = o.Value == fido2.True
	}
	return securitykey.RawInfo{Versions: info.Versions, Extensions: info.Extensions, AAGUID: info.AAGUID, Options: opts}, nil
}

func (v *device) PINRetries() (int, error) {
	n, err := v.d.RetryCount()
	return n, mapErr(err)
}

func (v *device) SetPIN(pin string) error { return mapErr(v.d.SetPIN(pin, "")) }

func (v *device) ChangePIN(oldPIN, newPIN string) error { return mapErr(v.d.SetPIN(newPIN, oldPIN)) }

func (v *device) MakeCredential(req securitykey.CredentialRequest, pin string) (securitykey.Attestation, error) {
	opts := &fido2.MakeCredentialOpts{}
	if req.Resident {
		opts.RK = fido2.True
	}
	if req.HMACSecret {
		opts.Extensions = []fido2.Extension{fido2.HMACSecretExtension}
	}
	att, err := v.d.MakeCredential(req.ClientDataHash,
		fido2.RelyingParty{ID: req.RPID, Name: req.RPName},
		fido2.User{ID: req.UserID, Name: req.UserName, DisplayName: req.DisplayName},
		fido2.ES256, pin, opts)
	if err != nil {
		return securitykey.Attestation{}, mapErr(err)
	}
	ad, err := unwrapBytes(att.AuthData)
	if err != nil {
		return securitykey.Attestation{}, err
	}
	return securitykey.Attestation{CredentialID: att.CredentialID, PublicKey: att.PubKey, AuthData: ad}, nil
}

func (v *device) Assertion(req securitykey.AssertionRequest, pin string) (securitykey.Assertion, error) {
	opts := &fido2.AssertionOpts{UP: fido2.True}
	if req.HMACSalt != nil {
		opts.Extensions, opts.HMACSalt = []fido2.Extension{fido2.HMACSecretExtension}, req.HMACSalt
	}
	as, err := v.d.Assertion(req.RPID, req.ClientDataHash, req.AllowList, pin, opts)
	if err != nil {
		return securitykey.Assertion{}, mapErr(err)
	}
	ad, err := unwrapBytes(as.AuthDataCBOR)
	if err != nil {
		return securitykey.Assertion{}, err
	}
	return securitykey.Assertion{CredentialID: as.CredentialID, AuthData: ad, Signature: as.Sig, HMACSecret: as.HMACSecret}, nil
}

func (v *device) CredentialsMetadata(pin string) (int, int, error) {
	ci, err := v.d.CredentialsInfo(pin)
	if err != nil {
		return 0, 0, mapErr(err)
	}
	return int(ci.RKExisting), int(ci.RKRemaining), nil
}

func (v *device) RelyingParties(pin string) ([]securitykey.RelyingParty, error) {
	rps, err := v.d.RelyingParties(pin)
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]securitykey.RelyingParty, 0, len(rps))
	for _, rp := range rps {
		out = append(out, securitykey.RelyingParty{ID: rp.ID, Name: rp.Name})
	}
	return out, nil
}

func (v *device) Credentials(rpID, pin string) ([]securitykey.Credential, error) {
	creds, err := v.d.Credentials(rpID, pin)
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]securitykey.Credential, 0, len(creds))
	for _, c := range creds {
		out = append(out, securitykey.Credential{ID: c.ID, UserID: c.User.ID, UserName: c.User.Name, DisplayName: c.User.DisplayName})
	}
	return out, nil
}

func (v *device) DeleteCredential(id []byte, pin string) error {
	if len(id) == 0 { // go-libfido2 would index an empty slice
		return securitykey.ErrNoCredentials
	}
	return mapErr(v.d.DeleteCredential(id, pin))
}

func (v *device) Reset() error { return mapErr(v.d.Reset()) }

func (v *device) Cancel() error { return v.d.Cancel() }

// CTAP2 status codes go-libfido2 has no named error for.
const (
	ctapChannelBusy       = 0x06
	ctapKeyStoreFull      = 0x28
	ctapUserActionTimeout = 0x2F
	ctapPINBlocked        = 0x32
	ctapPINAuthInvalid    = 0x33
)

// mapErr wraps a go-libfido2 error in the securitykey error that says
// what happened, keeping the original text for logs.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if kind := kindOf(err); kind != nil {
		return fmt.Errorf("%w: %w", kind, err)
	}
	return err
}

func kindOf(err error) error {
	var code fido2.Error
	if errors.As(err, &code) {
		switch code.Code {
		case ctapChannelBusy:
			return securitykey.ErrBusy
		case ctapKeyStoreFull:
			return securitykey.ErrKeyFull
		case ctapUserActionTimeout:
			return securitykey.ErrTimeout
		case ctapPINBlocked:
			return securitykey.ErrPINBlocked
		case ctapPINAuthInvalid:
			return securitykey.ErrPINAuthInvalid
		}
		return nil
	}
	for _, m := range []struct{ lib, ours error }{
		{fido2.ErrPinInvalid, securitykey.ErrPINInvalid},
		{fido2.ErrPinAuthBlocked, securitykey.ErrPINAuthBlocked},
		{fido2.ErrPinNotSet, securitykey.ErrPINNotSet},
		{fido2.ErrPinRequired, securitykey.ErrPINRequired},
		{fido2.ErrPinPolicyViolation, securitykey.ErrPINPolicy},
		{fido2.ErrActionTimeout, securitykey.ErrTimeout},
		{fido2.ErrNotAllowed, securitykey.ErrNotAllowed},
		{fido2.ErrOperationDenied, securitykey.ErrNotAllowed},
		{fido2.ErrKeepaliveCancel, securitykey.ErrCancelled},
		{fido2.ErrNoCredentials, securitykey.ErrNoCredentials},
		{fido2.ErrInvalidCredential, securitykey.ErrNoCredentials},
		{fido2.ErrNotFIDO2, securitykey.ErrUnsupported},
		{fido2.ErrInvalidCommand, securitykey.ErrUnsupported},
		{fido2.ErrUnsupportedOption, securitykey.ErrUnsupported},
		{fido2.ErrInvalidOption, securitykey.ErrUnsupported},
		{fido2.ErrTX, securitykey.ErrCommunication},
		{fido2.ErrRX, securitykey.ErrCommunication},
		{fido2.ErrRXNotCBOR, securitykey.ErrCommunication},
		{fido2.ErrRXInvalidCBOR, securitykey.ErrCommunication},
		{fido2.ErrInternal, securitykey.ErrCommunication},
	} {
		if errors.Is(err, m.lib) {
			return m.ours
		}
	}
	return nil
}

// unwrapBytes strips the CBOR byte-string header libfido2 keeps around
// authenticator data (fido_assert_authdata_ptr returns it CBOR-encoded).
func unwrapBytes(b []byte) ([]byte, error) {
	bad := fmt.Errorf("%w: authenticator data not a CBOR byte string", securitykey.ErrCommunication)
	if len(b) == 0 || b[0]>>5 != 2 {
		return nil, bad
	}
	n, hdr := int(b[0]&0x1f), 1
	switch {
	case n < 24:
	case n == 24 && len(b) >= 2:
		n, hdr = int(b[1]), 2
	case n == 25 && len(b) >= 3:
		n, hdr = int(b[1])<<8|int(b[2]), 3
	default:
		return nil, bad
	}
	if len(b) != hdr+n {
		return nil, bad
	}
	return b[hdr:], nil
}
