// Package newaccount holds what adding an account yields and the account
// store keeps: a TOTP secret with the profile its codes are made by.
//
// It sits below the parsers that produce one (internal/addinput,
// internal/otpauth, internal/importfile) and the store that keeps one
// (internal/accounts), so the store does not depend on the parsers.
package newaccount

import "github.com/omamori-app/omamori/internal/profile"

// Details is a TOTP secret with its parameters: what a setup code, an
// otpauth:// link or a QR image gives, what the store adds, and what it
// exports for a backup or a phone.
type Details struct {
	Issuer  string // from the URI or the profile; may be empty
	Account string // account label from a URI (the display name on export); may be empty
	Secret  []byte // the raw TOTP secret; never logged or printed
	Profile profile.Profile
}
