// Package enrolinput turns what a customer gives us — a setup code typed
// or pasted, an otpauth:// URI, or a QR image — into an enrol.Enrolment,
// checked so that codes can be made from it. The window and the command
// line both read through it, so they accept and refuse the same input
// with the same messages.
package enrolinput

import (
	"embed"
	"io"
	"strings"

	"github.com/omamori-app/omamori/internal/enrol"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/setupcode"
	"github.com/omamori-app/omamori/internal/totp"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("enrolinput", localesFS)

// Parse reads a setup code checked against p, or an otpauth:// URI
// (recognised by its prefix, in any case, after surrounding space), whose
// own parameters then replace p. Errors are *i18n.Error.
func Parse(input string, p profile.Profile) (enrol.Enrolment, error) {
	if isURI(input) {
		return fromURI(input)
	}
	key, err := setupcode.Parse(input, p)
	if err != nil {
		return enrol.Enrolment{}, err
	}
	return checked(enrol.Enrolment{Issuer: p.Issuer, Secret: key, Profile: p})
}

// FromQR reads a QR image (PNG or JPEG). It should hold an otpauth:// URI;
// a bare setup code in it is checked against p. It also returns the QR's
// text, trimmed, for a form that shows what was read; the text holds the
// secret.
func FromQR(r io.Reader, p profile.Profile) (enrol.Enrolment, string, error) {
	text, err := otpauth.DecodeQR(r)
	if err != nil {
		return enrol.Enrolment{}, "", err
	}
	text = strings.TrimSpace(text)
	if isURI(text) || strings.Contains(text, "://") {
		// Any other link (a web page, say) gets otpauth's "not an
		// authenticator link" rather than a setup-code complaint.
		e, err := fromURI(text)
		if err != nil {
			return enrol.Enrolment{}, "", err
		}
		return e, text, nil
	}
	e, err := Parse(text, p)
	if err != nil {
		return enrol.Enrolment{}, "", i18n.NewError(cat.M("qr_no_key"), cat.M("hint_qr_no_key"), err)
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

func fromURI(s string) (enrol.Enrolment, error) {
	e, err := otpauth.Parse(s)
	if err != nil {
		return enrol.Enrolment{}, err
	}
	return checked(e)
}

// checked makes sure codes can be made from e before anyone stores it.
func checked(e enrol.Enrolment) (enrol.Enrolment, error) {
	if _, err := totp.New(e.Secret, e.Profile); err != nil {
		return enrol.Enrolment{}, err
	}
	return e, nil
}
