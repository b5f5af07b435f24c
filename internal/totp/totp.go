// Package totp computes RFC 6238 codes for a profile at any time.
package totp

import (
	"time"

	"github.com/omamori-app/omamori/internal/profile"
)

// Code is what the user sees for one account at one instant.
type Code struct {
	Code        string    // current code, e.g. "492039"
	Next        string    // the code of the following step
	SecondsLeft int       // seconds until Code expires, 1..Period
	Period      int       // step length in seconds
	Start, End  time.Time // the current step's bounds
}

// Generator makes codes for one key. It is safe for concurrent use.
type Generator struct {
	key []byte
	p   profile.Profile
}

// New checks p and returns a generator for key.
func New(key []byte, p profile.Profile) (*Generator, error) {
	panic("totp.New: being implemented")
}

// At returns the code for instant t.
func (g *Generator) At(t time.Time) Code {
	panic("totp.At: being implemented")
}
