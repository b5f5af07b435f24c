package keyring

import (
	"errors"
	"testing"

	dbus "github.com/godbus/dbus/v5"
	gokeyring "github.com/zalando/go-keyring"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Windows Credential Manager refuses secrets over 2560 bytes and the
// macOS security tool long commands; go-keyring reports both as
// ErrSetDataTooBig, which cannot be provoked on Linux.
func TestWrapTooBig(t *testing.T) {
	err := New("").wrap(gokeyring.ErrSetDataTooBig)
	var ue *i18n.Error
	if !errors.As(err, &ue) || !errors.Is(err, ErrTooBig) || errors.Is(err, ErrUnavailable) || ue.Msg.Key != "too_big" {
		t.Fatalf("wrap(ErrSetDataTooBig) = %v", err)
	}
	if !errors.Is(err, gokeyring.ErrSetDataTooBig) {
		t.Fatal("cause lost")
	}
	if New("").wrap(nil) != nil {
		t.Fatal("wrap(nil) != nil")
	}
}

// A locked keyring (the unlock prompt dismissed, or the Secret Service
// saying IsLocked) is called locked, not "could not use".
func TestWrapLocked(t *testing.T) {
	for _, cause := range []error{
		errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"),
		dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked"},
	} {
		err := New("").wrap(cause)
		var ue *i18n.Error
		if !errors.As(err, &ue) || ue.Msg.Key != "probe_locked" || !errors.Is(err, ErrLocked) || !errors.Is(err, ErrUnavailable) {
			t.Errorf("wrap(%v) = %v", cause, err)
		}
	}
}
