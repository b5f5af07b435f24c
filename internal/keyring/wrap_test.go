package keyring

import (
	"errors"
	"testing"

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
