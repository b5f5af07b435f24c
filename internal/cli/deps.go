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

// profiles loads the profile set once per run and tells, on stderr, what
// it left out (pages or numbers in the user's own file).
func (e *Env) profiles() (Profiles, error) {
	if e.profileSet != nil {
		return e.profileSet, nil
	}
	var set Profiles = profile.Builtin()
	if e.Profiles != nil {
		s, err := e.Profiles()
		if err != nil {
			return nil, err
		}
		set = s
	}
	for _, w := range set.Warnings() {
		e.println(e.Stderr, w)
	}
	e.profileSet = set
	return set, nil
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
