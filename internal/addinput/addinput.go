// Package addinput turns what a customer gives us — a setup code typed
// or pasted, an otpauth:// URI, or a QR image — into a newaccount.Details,
// checked so that codes can be made from it. The window and the command
// line both read through it, so they accept and refuse the same input
// with the same messages.
package addinput

import (
	"embed"
	"io"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/setupcode"
	"github.com/omamori-app/omamori/internal/totp"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("addinput", localesFS)

// Parse reads a setup code checked against p, or an otpauth:// URI
// (recognised by its prefix, in any case, after surrounding space), whose
// own parameters then replace p. Errors are *i18n.Error.
func Parse(input string, p profile.Profile) (newaccount.Details, error) {
	if isURI(input) {
		return fromURI(input)
	}
	key, err := setupcode.Parse(input, p)
	if err != nil {
		return newaccount.Details{}, err
	}
	return checked(newaccount.Details{Issuer: p.Issuer, Secret: key, Profile: p})
}

// FromQR reads a QR image (PNG or JPEG). It should hold an otpauth:// URI;
// a bare setup code in it is checked against p. It also returns the QR's
// text, trimmed, for a form that shows what was read; the text holds the
// secret.
func FromQR(r io.Reader, p profile.Profile) (newaccount.Details, string, error) {
	text, err := otpauth.DecodeQR(r)
	if err != nil {
		return newaccount.Details{}, "", err
	}
	text = strings.TrimSpace(text)
	if isURI(text) || strings.Contains(text, "://") {
		// Any other link (a web page, say) gets otpauth's "not an
		// authenticator link" rather than a setup-code complaint.
		e, err := fromURI(text)
		if err != nil {
			return newaccount.Details{}, "", err
		}
		return e, text, nil
	}
	e, err := Parse(text, p)
	if err != nil {
		return newaccount.Details{}, "", i18n.NewError(cat.M("qr_no_key"), cat.M("hint_qr_no_key"), err)
	}
	return e, text, nil
}

// isURI looks for "otpauth:" (or Google's "otpauth-migration:", which
// otpauth refuses with its own message). The colon matters: a base32 setup
// code may begin with the letters OTPAUTH.
func isURI(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "otpauth:") || strings.HasPrefix(s, "otpauth-migration:")
}

func fromURI(s string) (newaccount.Details, error) {
	e, err := otpauth.Parse(s)
	if err != nil {
		return newaccount.Details{}, err
	}
	return checked(e)
}

// checked makes sure codes can be made from e before anyone stores it.
func checked(e newaccount.Details) (newaccount.Details, error) {
	if _, err := totp.New(e.Secret, e.Profile); err != nil {
		return newaccount.Details{}, err
	}
	return e, nil
}
