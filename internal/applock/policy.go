package applock

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/policy"
)

// Mode is the lock as an administrator's policy sets it.
type Mode string

// The modes. Without a "lock" section the customer's setting decides.
const (
	ModeUnset Mode = ""     // no policy: the setting decides
	ModeOff   Mode = "off"  // never lock, whatever the setting
	ModeLock  Mode = "lock" // always lock; the setting cannot turn it off
)

// Policy is the "lock" section of the policy file (config.PolicyDir()/
// config.Policy):
//
//	{"lock": {"mode": "lock", "idle_minutes": 5}}
//
// Other sections belong to other packages; unknown fields inside "lock"
// are refused, so a misspelt setting is not silently ignored.
type Policy struct {
	Mode        Mode `json:"mode"`
	IdleMinutes int  `json:"idle_minutes"`
}

// MaxIdleMinutes bounds idle_minutes (a day).
const MaxIdleMinutes = 24 * 60

// LoadPolicy reads the lock policy at path. A missing file or section is
// the zero Policy (the setting decides); a damaged one is an *i18n.Error
// and the zero Policy with it, so the app still starts.
func LoadPolicy(path string) (Policy, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Policy{}, nil
	}
	if err != nil {
		return Policy{}, i18n.NewError(cat.M("policy_unreadable", "File", path), cat.M("hint_policy"), err)
	}
	bad := func(detail string, err error) (Policy, error) {
		return Policy{}, i18n.NewError(cat.M("policy_bad", "File", path, "Detail", detail), cat.M("hint_policy"), err)
	}
	var f struct {
		Lock json.RawMessage `json:"lock"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return bad(err.Error(), err)
	}
	if len(f.Lock) == 0 || string(f.Lock) == "null" {
		return Policy{}, nil
	}
	var p Policy
	dec := json.NewDecoder(bytes.NewReader(f.Lock))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return bad(err.Error(), err)
	}
	switch {
	case p.Mode != ModeOff && p.Mode != ModeLock:
		return bad("mode "+string(p.Mode), nil)
	case p.IdleMinutes < 0 || p.IdleMinutes > MaxIdleMinutes:
		return bad("idle_minutes", nil)
	}
	return p, nil
}

// Setting is the customer's own choice (app/settings keeps it).
type Setting struct {
	Enabled     bool
	IdleMinutes int // 0 = not on idle
}

// Effective is the configuration the policy and the setting make: a
// policy's mode beats the setting; its idle_minutes, when set, too.
func Effective(p Policy, s Setting) Config {
	c := Config{Enabled: s.Enabled, Idle: minutes(s.IdleMinutes)}
	switch p.Mode {
	case ModeOff:
		return Config{}
	case ModeLock:
		c.Enabled = true
	}
	if p.Mode != ModeUnset && p.IdleMinutes > 0 {
		c.Idle = minutes(p.IdleMinutes)
	}
	return c
}

// Forced reports whether the policy fixes the lock, so the settings
// dialog shows the choice but does not offer to change it.
func (p Policy) Forced() bool { return p.Mode != ModeUnset }

func minutes(n int) time.Duration {
	if n <= 0 || n > MaxIdleMinutes {
		return 0
	}
	return time.Duration(n) * time.Minute
}

// WithManaged lays the settings device management pushed (policy.LockMode,
// policy.LockIdleMinutes: Group Policy, a configuration profile) over p,
// the policy folder's section: each one set wins. A value Omamori cannot
// use is left out and reported; the other still applies.
func WithManaged(p Policy, v policy.Values) (Policy, error) {
	var errs []error
	if s, ok, err := v.String(policy.LockMode); ok {
		if m := Mode(s); m == ModeOff || m == ModeLock {
			p.Mode = m
		} else {
			errs = append(errs, v.Bad(policy.LockMode, s))
		}
	} else if err != nil {
		errs = append(errs, err)
	}
	if n, ok, err := v.Int(policy.LockIdleMinutes); ok {
		if n >= 1 && n <= MaxIdleMinutes {
			p.IdleMinutes = int(n)
		} else {
			errs = append(errs, v.Bad(policy.LockIdleMinutes, strconv.FormatInt(n, 10)))
		}
	} else if err != nil {
		errs = append(errs, err)
	}
	return p, errors.Join(errs...)
}
