package profile

import (
	"embed"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("profile", localesFS)

// Limits on a profile. Digits are 6 or 8 because those are what RFC 6238
// services use and what a code box on a broker's page accepts. The period
// may be anything from 1 second to an hour so odd providers remain
// configuration; 30 and 60 are the ones seen in practice.
const (
	MinPeriod = 1
	MaxPeriod = 3600
	// MinKeyBytes is the shortest key we accept: 80 bits, the RFC 4226
	// minimum (it recommends 160).
	MinKeyBytes = 10
	// MaxKeyBytes bounds a key: SHA-512's block size, far above any real
	// secret and well inside every keyring's limit.
	MaxKeyBytes = 128
)

// Validate reports the first thing wrong with p as an *i18n.Error.
func (p Profile) Validate() error {
	name := p.Name
	switch {
	case strings.TrimSpace(p.Name) == "":
		return invalid(cat.M("no_name"))
	case p.totpZero():
		return nil // a broker's facts only; see HasTOTP
	case p.Encoding != Base32 && p.Encoding != Hex:
		return invalid(cat.M("bad_encoding", "Name", name, "Value", string(p.Encoding)))
	case p.Digits != 6 && p.Digits != 8:
		return invalid(cat.M("bad_digits", "Name", name, "Value", p.Digits))
	case p.Period < MinPeriod || p.Period > MaxPeriod:
		return invalid(cat.M("bad_period", "Name", name, "Value", p.Period, "Min", MinPeriod, "Max", MaxPeriod))
	case !p.Algorithm.Valid():
		return invalid(cat.M("bad_algorithm", "Name", name, "Value", string(p.Algorithm)))
	case p.Length != 0 && !p.Encoding.ValidLength(p.Length):
		min, max := p.Encoding.LengthRange()
		return invalid(cat.M("bad_length", "Name", name, "Value", p.Length, "Min", min, "Max", max))
	}
	return nil
}

func invalid(m i18n.Message) error {
	return i18n.NewError(m, cat.M("hint_fix_profile"), nil)
}

// HasTOTP reports whether codes can be made with p: a profile may
// describe a broker alone (its passkeys, its pages) and leave every TOTP
// parameter out, and then no account is enrolled with it.
func (p Profile) HasTOTP() bool { return !p.totpZero() }

func (p Profile) totpZero() bool {
	return p.Encoding == "" && p.Length == 0 && p.Digits == 0 && p.Period == 0 && p.Algorithm == ""
}

// Valid reports whether a is one of the RFC 6238 hashes.
func (a Algorithm) Valid() bool { return a == SHA1 || a == SHA256 || a == SHA512 }

// ValidLength reports whether a setup code of n characters in e can spell
// a whole key of MinKeyBytes..MaxKeyBytes bytes.
func (e Encoding) ValidLength(n int) bool {
	min, max := e.LengthRange()
	if n < min || n > max {
		return false
	}
	switch e {
	case Base32:
		// Unpadded base32 ends on 0, 2, 4, 5 or 7 characters of a group;
		// other remainders hold leftover bits, not whole bytes.
		switch n % 8 {
		case 0, 2, 4, 5, 7:
			return true
		}
	case Hex:
		return n%2 == 0
	}
	return false
}

// LengthRange is the shortest and longest setup code in e for a key of
// MinKeyBytes..MaxKeyBytes bytes.
func (e Encoding) LengthRange() (min, max int) {
	switch e {
	case Base32:
		return (MinKeyBytes*8 + 4) / 5, (MaxKeyBytes*8 + 4) / 5
	case Hex:
		return MinKeyBytes * 2, MaxKeyBytes * 2
	}
	return 0, 0
}
