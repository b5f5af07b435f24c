package securitykey

import (
	"context"
	"errors"
	"fmt"

	"github.com/omamori-app/omamori/internal/i18n"
)

// What a Device may report. Adapters wrap these (fmt.Errorf("%w: ...")),
// the service turns them into *i18n.Error with what to do next.
var (
	ErrPINInvalid     = errors.New("wrong PIN")
	ErrPINBlocked     = errors.New("PIN blocked")
	ErrPINAuthBlocked = errors.New("PIN temporarily blocked until the key is plugged in again")
	ErrPINNotSet      = errors.New("no PIN set")
	ErrPINRequired    = errors.New("PIN required")
	ErrPINPolicy      = errors.New("PIN refused by the key's rules")
	// ErrPINAuthInvalid: the key did not accept the PIN exchange's
	// authentication (CTAP2_ERR_PIN_AUTH_INVALID), not the PIN itself.
	ErrPINAuthInvalid = errors.New("PIN exchange not accepted by the key")
	ErrKeyFull        = errors.New("no room left on the key")
	ErrTimeout        = errors.New("no touch in time")
	ErrNotAllowed     = errors.New("not allowed")
	ErrRemoved        = errors.New("key removed")
	ErrCancelled      = errors.New("cancelled")
	// ErrCancelUnconfirmed: the user cancelled, but the key answered
	// something other than CTAP2_ERR_KEEPALIVE_CANCEL, so it may have
	// gone on and completed the request.
	ErrCancelUnconfirmed = errors.New("cancel not confirmed by the key")
	ErrNoCredentials     = errors.New("no such credential")
	ErrUnsupported       = errors.New("not supported by this key")
	ErrBusy              = errors.New("key busy")
	ErrAdminRequired     = errors.New("administrator rights required")
	ErrNoLibrary         = errors.New("security-key library unavailable")
	ErrCommunication     = errors.New("communication with the key failed")
	ErrNotFound          = errors.New("no key at this path")
	ErrBadSignature      = errors.New("signature does not verify")
	ErrNoCredMgmt        = errors.New("key cannot list passkeys")
	ErrPINAlreadySet     = errors.New("PIN already set")
	ErrPINUnsupported    = errors.New("key has no PIN support")
	ErrNoKey             = errors.New("no key plugged in")
	ErrSeveralKeys       = errors.New("several keys plugged in")
	errSelfTestInvalid   = errors.New("self-test answer malformed")
)

// ErrNoWindowsHello: no administrator rights and no webauthn.dll to go
// through instead. It is an ErrAdminRequired too.
var ErrNoWindowsHello = fmt.Errorf("%w; Windows Hello (webauthn.dll) unavailable", ErrAdminRequired)

// Op names what the user was doing, so a message can say it.
type Op string

// Operations of the service.
const (
	OpInfo      Op = "info"
	OpSetPIN    Op = "set_pin"
	OpChangePIN Op = "change_pin"
	OpTest      Op = "test"
	OpPasskeys  Op = "passkeys"
	OpDelete    Op = "delete"
	OpReset     Op = "reset"
	OpBackup    Op = "backup"
)

// userError builds an *i18n.Error from catalog keys.
func userError(cause error, msg, hint string, kv ...any) *i18n.Error {
	var h i18n.Message
	if hint != "" {
		h = cat.M(hint, kv...)
	}
	return i18n.NewError(cat.M(msg, kv...), h, cause)
}

// nfcWording: what to say instead for a key on an NFC reader, which is
// taken off the reader and held there again, not unplugged.
var nfcWording = map[string]string{
	"removed":               "removed_nfc",
	"hint_removed":          "hint_removed_nfc",
	"hint_replug":           "hint_replug_nfc",
	"hint_pin_auth_invalid": "hint_pin_auth_invalid_nfc",
	"hint_not_allowed":      "hint_not_allowed_nfc",
	"hint_reset_window":     "hint_reset_window_nfc",
}

// translate turns a Device error into what the user reads, in NFC
// words for a key on a reader. retries is asked only after a wrong PIN:
// the key knows how many tries are left.
func (s *Service) translate(op Op, path string, err error, retries func() (int, error)) error {
	out := s.translateErr(op, path, err, retries)
	var ue *i18n.Error
	if out == nil || !errors.As(out, &ue) || errors.As(err, new(*i18n.Error)) || s.Transport(path) != TransportNFC {
		return out
	}
	nfc := *ue
	if k, ok := nfcWording[nfc.Msg.Key]; ok {
		nfc.Msg.Key = k
	}
	if k, ok := nfcWording[nfc.Hint.Key]; ok {
		nfc.Hint.Key = k
	}
	return &nfc
}

func (s *Service) translateErr(op Op, path string, err error, retries func() (int, error)) error {
	if err == nil {
		return nil
	}
	var ue *i18n.Error
	if errors.As(err, &ue) {
		return err
	}
	switch {
	case errors.Is(err, ErrCancelled) && !errors.Is(err, context.Canceled) && s.gone(path):
		// The key stopped waiting without the user pressing Cancel: it
		// was pulled out.
		return userError(fmt.Errorf("%w: %w", ErrRemoved, err), "removed", "hint_removed")
	case errors.Is(err, ErrCancelUnconfirmed) && s.gone(path):
		return userError(fmt.Errorf("%w: %w", ErrRemoved, err), "removed", "hint_removed")
	case errors.Is(err, ErrCancelUnconfirmed):
		return userError(err, "cancel_unconfirmed", "hint_cancel_unconfirmed")
	case errors.Is(err, ErrCancelled):
		return userError(err, "cancelled", "")
	case errors.Is(err, ErrPINInvalid):
		if retries != nil {
			if n, rerr := retries(); rerr == nil {
				if n <= 0 {
					return userError(err, "pin_blocked", "hint_pin_blocked")
				}
				return userError(err, "pin_wrong", "hint_pin_wrong", "Left", n)
			}
		}
		return userError(err, "pin_wrong_unknown", "hint_pin_wrong_unknown")
	case errors.Is(err, ErrPINBlocked):
		return userError(err, "pin_blocked", "hint_pin_blocked")
	case errors.Is(err, ErrPINAuthBlocked):
		return userError(err, "pin_temp_blocked", "hint_replug")
	case errors.Is(err, ErrPINAuthInvalid):
		return userError(err, "pin_auth_invalid", "hint_pin_auth_invalid")
	case errors.Is(err, ErrPINNotSet):
		return userError(err, "pin_not_set", "hint_set_pin")
	case errors.Is(err, ErrPINRequired):
		return userError(err, "pin_required", "hint_pin_required")
	case errors.Is(err, ErrPINPolicy):
		return userError(err, "pin_policy", "hint_pin_policy")
	case errors.Is(err, ErrKeyFull):
		return userError(err, "key_full", "hint_key_full")
	case errors.Is(err, ErrTimeout) && op == OpReset:
		return userError(err, "timeout", "hint_reset_window")
	case errors.Is(err, ErrTimeout):
		return userError(err, "timeout", "hint_timeout")
	case errors.Is(err, ErrNotAllowed) && op == OpReset:
		return userError(err, "reset_not_allowed", "hint_reset_window")
	case errors.Is(err, ErrNotAllowed):
		return userError(err, "not_allowed", "hint_not_allowed")
	case errors.Is(err, ErrNoCredentials) && op == OpDelete:
		return userError(err, "passkey_gone", "hint_refresh")
	case errors.Is(err, ErrNoCredMgmt), errors.Is(err, ErrUnsupported) && op == OpPasskeys:
		return userError(err, "no_cred_mgmt", "hint_no_cred_mgmt")
	case errors.Is(err, ErrUnsupported):
		return userError(err, "unsupported", "hint_unsupported")
	case errors.Is(err, ErrBusy):
		return userError(err, "busy", "hint_busy")
	case errors.Is(err, ErrNoWindowsHello):
		return userError(err, "no_windows_hello", "hint_no_windows_hello")
	case errors.Is(err, ErrAdminRequired):
		return adminError(err)
	case errors.Is(err, ErrNoLibrary):
		return userError(err, "no_library", "hint_no_library")
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrRemoved):
		return userError(err, "removed", "hint_removed")
	case errors.Is(err, ErrBadSignature), errors.Is(err, errSelfTestInvalid):
		return userError(err, "selftest_bad", "hint_selftest_bad")
	case errors.Is(err, ErrPINAlreadySet):
		return userError(err, "pin_already_set", "hint_change_pin")
	case errors.Is(err, ErrPINUnsupported):
		return userError(err, "pin_unsupported", "")
	}
	// Communication failed or something unforeseen: a key pulled out in
	// the middle shows up here, so look whether it is still there.
	if s.gone(path) {
		return userError(fmt.Errorf("%w: %w", ErrRemoved, err), "removed", "hint_removed")
	}
	if retries != nil && op != OpSetPIN && op != OpReset && !errors.Is(err, ErrCommunication) {
		// Some keys whose retries ran out answer with a code of their
		// own instead of PIN_BLOCKED: ask.
		if n, rerr := retries(); rerr == nil && n == 0 {
			return userError(err, "pin_blocked", "hint_pin_blocked")
		}
	}
	if errors.Is(err, ErrCommunication) {
		return userError(err, "comm", "hint_replug")
	}
	return userError(err, "key_error", "hint_replug")
}

// adminError explains Windows' rule that only administrators may talk to
// security keys directly.
func adminError(cause error) *i18n.Error {
	return userError(cause, "admin_required", "hint_admin_required")
}
