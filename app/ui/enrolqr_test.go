package ui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/addinput"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/profile"
)

// A QR image is read as `omamori add --qr` reads it (addinput.FromQR):
// a QR holding a web page's address or other text gets the command's
// message, and its text does not land in the setup-code field.
func TestEnrolQRSameAsCommand(t *testing.T) {
	s, _, _, _ := newShell(t, "en")
	for _, tt := range []struct{ text, want string }{
		{"https://broker.example/login", `does not start with "otpauth://"`},
		{"Hello, world", "neither an authenticator link"},
	} {
		img, err := otpauth.EncodeQR(tt.text, 256)
		if err != nil {
			t.Fatal(err)
		}
		_, _, cmdErr := addinput.FromQR(bytes.NewReader(img), profile.SmartOTP)
		d := s.ShowAddAccount()
		d.LoadQR(bytes.NewReader(img))
		said := strings.Join(strings.Fields(d.Status.Text), " ") // the label wraps lines
		if said != i18n.Localize(cmdErr, i18n.EN) || !strings.Contains(said, tt.want) {
			t.Errorf("%q: window says %q, command says %q", tt.text, said, i18n.Localize(cmdErr, i18n.EN))
		}
		if d.Code.Text != "" {
			t.Errorf("%q: the QR's text went into the setup-code field: %q", tt.text, d.Code.Text)
		}
		d.Close()
	}
}
