// Package totp computes RFC 6238 codes for a profile at any time.
//
// The HOTP core is github.com/pquerna/otp's hotp.GenerateCodeCustom; this
// package adds the time arithmetic a display needs (the step's bounds,
// seconds left, the next code) and makes every time safe to ask about.
package totp

import (
	"encoding/base32"
	"time"

	"github.com/omamori-app/omamori/internal/profile"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
)

// Code is what the user sees for one account at one instant.
type Code struct {
	Code        string    // current code, e.g. "492039"
	Next        string    // the code of the following step
	SecondsLeft int       // seconds until Code expires, 1..Period
	Period      int       // step length in seconds
	Start, End  time.Time // the current step's bounds
}

// Generator makes codes for one key. It is safe for concurrent use: it is
// never modified after New.
type Generator struct {
	secret string // key as unpadded base32, the form pquerna/otp takes
	opts   hotp.ValidateOpts
	period int64
}

// The instants a Generator answers for. A clock before 1970 or after 9999
// is broken, not a real time; codes for it are those of the nearest end, so
// a display never panics or overflows on one.
var (
	minUnix int64 = 0
	maxUnix       = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// New checks p and the key's length and returns a generator for key.
// Errors are *i18n.Error.
func New(key []byte, p profile.Profile) (*Generator, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := checkKey(key); err != nil {
		return nil, err
	}
	return &Generator{
		secret: b32.EncodeToString(key),
		opts: hotp.ValidateOpts{
			Digits:    otp.Digits(p.Digits),
			Algorithm: algorithms[p.Algorithm],
		},
		period: int64(p.Period),
	}, nil
}

var algorithms = map[profile.Algorithm]otp.Algorithm{
	profile.SHA1:   otp.AlgorithmSHA1,
	profile.SHA256: otp.AlgorithmSHA256,
	profile.SHA512: otp.AlgorithmSHA512,
}

// At returns the code for instant t.
func (g *Generator) At(t time.Time) Code {
	u := min(max(t.Unix(), minUnix), maxUnix)
	step := u / g.period
	start := step * g.period
	return Code{
		Code:        g.code(uint64(step)),
		Next:        g.code(uint64(step) + 1),
		SecondsLeft: int(start + g.period - u),
		Period:      int(g.period),
		Start:       time.Unix(start, 0),
		End:         time.Unix(start+g.period, 0),
	}
}

// code is the HOTP value for counter. The secret was made by New from
// raw bytes, so pquerna's base32 decoding cannot fail.
func (g *Generator) code(counter uint64) string {
	c, err := hotp.GenerateCodeCustom(g.secret, counter, g.opts)
	if err != nil {
		panic("totp: secret made by New does not decode: " + err.Error())
	}
	return c
}
