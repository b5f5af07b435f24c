// Package profile describes how a broker's setup code and codes are made:
// the secret's encoding and length, and the TOTP parameters. The built-in
// "smart-otp" profile matches the 32-character setup code of the Smart OTP
// PC token; further profiles load from JSON, so another broker's parameters
// are configuration, not code.
package profile

// Algorithm is the HMAC hash of a TOTP profile.
type Algorithm string

// The hashes RFC 6238 allows.
const (
	SHA1   Algorithm = "SHA1"
	SHA256 Algorithm = "SHA256"
	SHA512 Algorithm = "SHA512"
)

// Encoding is how a setup code spells the secret.
type Encoding string

// The setup-code encodings.
const (
	Base32 Encoding = "base32" // RFC 4648, A-Z 2-7, no padding needed
	Hex    Encoding = "hex"
)

// Profile is one provider's parameters.
type Profile struct {
	Name      string    `json:"name"`
	Label     string    `json:"label,omitempty"`  // shown to users, e.g. "Smart OTP (60秒)"
	Issuer    string    `json:"issuer,omitempty"` // default issuer for accounts enrolled with it
	Encoding  Encoding  `json:"encoding"`
	Length    int       `json:"length"` // setup-code characters after clean-up; 0 = any valid length
	Digits    int       `json:"digits"` // 6 or 8
	Period    int       `json:"period"` // step in seconds
	Algorithm Algorithm `json:"algorithm"`
}

// Default is the profile used when none is named.
const Default = "smart-otp"

// SmartOTP is the built-in profile for the Smart OTP setup code:
// 32 base32 characters (160 bits), 6 digits, 60-second step, SHA-1.
var SmartOTP = Profile{
	Name:      "smart-otp",
	Label:     "Smart OTP",
	Encoding:  Base32,
	Length:    32,
	Digits:    6,
	Period:    60,
	Algorithm: SHA1,
}
