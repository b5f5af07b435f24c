package update

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Mode is what Omamori does about updates, as a company's policy says.
type Mode string

// The modes. Without a policy, Omamori checks and tells (ModeNotify).
const (
	ModeOff       Mode = "off"       // no check at all, not even on request
	ModeNotify    Mode = "notify"    // check at most once a day and tell
	ModeAutomatic Mode = "automatic" // check, and install where that can be verified
)

// DefaultMode is the mode without a policy.
const DefaultMode = ModeNotify

// Label says the mode to the user.
func (m Mode) Label() i18n.Message { return cat.M("mode_" + string(m)) }

// policyFile is the part of the policy file this package reads:
//
//	{"update": {"mode": "notify"}}
//
// Other top-level sections belong to other packages and are left alone;
// unknown fields inside "update" are refused, so a misspelt setting is
// not silently ignored.
type policyFile struct {
	Update json.RawMessage `json:"update"`
}

type updatePolicy struct {
	Mode Mode `json:"mode"`
}

// LoadPolicy reads the update mode from the policy file at path
// (config.Policy in the settings folder, where the clock policy is too).
// A missing file, or one without an "update" section, is DefaultMode.
// A damaged one is an *i18n.Error, and DefaultMode with it.
func LoadPolicy(path string) (Mode, error) {
	m, _, err := loadPolicy(path)
	return m, err
}

// loadPolicy is LoadPolicy, and whether the file sets a mode.
func loadPolicy(path string) (Mode, bool, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return DefaultMode, false, nil
	}
	if err != nil {
		return DefaultMode, false, i18n.NewError(cat.M("policy_unreadable", "File", path), cat.M("hint_policy"), err)
	}
	bad := func(detail string, err error) (Mode, bool, error) {
		return DefaultMode, false, i18n.NewError(cat.M("policy_bad", "File", path, "Detail", detail), cat.M("hint_policy"), err)
	}
	var f policyFile
	if err := json.Unmarshal(b, &f); err != nil {
		return bad(err.Error(), err)
	}
	if len(f.Update) == 0 || string(f.Update) == "null" {
		return DefaultMode, false, nil
	}
	var p updatePolicy
	dec := json.NewDecoder(bytes.NewReader(f.Update))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return bad(err.Error(), err)
	}
	switch p.Mode {
	case ModeOff, ModeNotify, ModeAutomatic:
		return p.Mode, true, nil
	case "":
		return DefaultMode, false, nil
	}
	return bad("mode "+string(p.Mode), nil)
}
