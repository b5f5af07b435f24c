package cli

import (
	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

// What the wiring gives a command (Env's adapter fields), with the
// default for each one left nil.

func (e *Env) configDir() (string, error) {
	if e.ConfigDir != nil {
		return e.ConfigDir()
	}
	return config.Dir()
}

func (e *Env) profiles() (Profiles, error) {
	if e.Profiles != nil {
		return e.Profiles()
	}
	return profile.Builtin(), nil
}

// openClock builds the clock checker, with the servers from --time-server
// when given; nil when the wiring has no clock (tests).
func (e *Env) openClock(servers string) (Clock, error) {
	if e.OpenClock == nil {
		return nil, nil
	}
	c, err := e.OpenClock(servers)
	if err != nil {
		return nil, err // not a nil *Checker inside a Clock
	}
	return c, nil
}

// keyDriver is the driver for real keys: Env.Keys, or one that says the
// library is unavailable.
func (e *Env) keyDriver() securitykey.Driver {
	if e.Keys != nil {
		return e.Keys
	}
	return securitykey.NoLibrary{}
}

// practiceKey makes the virtual key of --practice through Env.NewPractice.
func (e *Env) practiceKey(opts practice.Options) (*practice.Driver, error) {
	if e.NewPractice == nil {
		return nil, securitykey.ErrNoLibrary
	}
	return e.NewPractice(opts)
}
