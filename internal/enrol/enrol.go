// Package enrol turns what a customer gives us — a setup code typed or
// pasted, an otpauth:// URI, or a QR image — into an Enrolment.
package enrol

import "github.com/omamori-app/omamori/internal/profile"

// Enrolment is a parsed, checked secret with its parameters, ready to store.
type Enrolment struct {
	Issuer  string // from the URI or the profile; may be empty
	Account string // account label from a URI; may be empty
	Key     []byte // the raw TOTP key; never logged or printed
	Profile profile.Profile
}
