// Package enrol turns what a customer gives us — a setup code typed or
// pasted, an otpauth:// URI, or a QR image — into an Enrolment.
package enrol

import (
	"embed"
	"io"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/setupcode"
	"github.com/omamori-app/omamori/internal/totp"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("enrol", localesFS)

// Enrolment is a parsed, checked secret with its parameters, ready to store.
type Enrolment struct {
	Issuer  string // from the URI or the profile; may be empty
	Account string // account label from a URI; may be empty
	Key     []byte // the raw TOTP key; never logged or printed
	Profile profile.Profile
}

// Parse reads a setup code checked against p, or an otpauth:// URI
// (recognised by its prefix, in any case, after surrounding space), whose
// own parameters then replace p. Errors are *i18n.Error.
func Parse(input string, p profile.Profile) (Enrolment, error) {
	if isURI(input) {
		return fromURI(input)
	}
	key, err := setupcode.Parse(input, p)
	if err != nil {
		return Enrolment{}, err
	}
	return checked(Enrolment{Issuer: p.Issuer, Key: key, Profile: p})
}

// FromQR reads a QR image (PNG or JPEG). It should hold an otpauth:// URI;
// a bare setup code is read with the default profile, smart-otp.
func FromQR(r io.Reader) (Enrolment, error) {
	return FromQRWith(r, profile.SmartOTP)
}

// FromQRWith is FromQR with the profile for a bare setup code in the QR.
func FromQRWith(r io.Reader, p profile.Profile) (Enrolment, error) {
	text, err := otpauth.DecodeQR(r)
	if err != nil {
		return Enrolment{}, err
	}
	if isURI(text) || strings.Contains(text, "://") {
		// Any other link (a web page, say) gets otpauth's "not an
		// authenticator link" rather than a setup-code complaint.
		return fromURI(text)
	}
	e, err := Parse(text, p)
	if err != nil {
		return Enrolment{}, i18n.NewError(cat.M("qr_no_key"), cat.M("hint_qr_no_key"), err)
	}
	return e, nil
}

// isURI looks for "otpauth:" (or Google's "otpauth-migration:", which
// otpauth refuses with its own message). The colon matters: a base32 setup
// code may begin with the letters OTPAUTH.
func isURI(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "otpauth:") || strings.HasPrefix(s, "otpauth-migration:")
}

func fromURI(s string) (Enrolment, error) {
	k, err := otpauth.Parse(s)
	if err != nil {
		return Enrolment{}, err
	}
	return checked(Enrolment{Issuer: k.Issuer, Account: k.Account, Key: k.Secret, Profile: k.Profile})
}

// checked makes sure codes can be made from e before anyone stores it.
func checked(e Enrolment) (Enrolment, error) {
	if _, err := totp.New(e.Key, e.Profile); err != nil {
		return Enrolment{}, err
	}
	return e, nil
}
