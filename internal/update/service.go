package update

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/policy"
)

// ErrOff: the policy turned update checks off.
var ErrOff = errors.New("update: checks are off by policy")

// Service is the update channel as the window and the command use it:
// the state in the settings folder Dir, the policy in the administrator's
// policy folder, the feed through Checker.
type Service struct {
	Dir string
	// PolicyDir is the folder only an administrator can write; "" means
	// config.PolicyDir(). The user's own folder is never read for the
	// mode: a program of the user's must not turn updates off.
	PolicyDir string
	// Managed reads the settings device management pushed (Group Policy,
	// a configuration profile); nil means policy.Read.
	Managed func() (policy.Values, error)
	Checker Checker
	// Installer runs a downloaded installer (Install); its zero value is
	// the platform's.
	Installer Installer
	// DownloadDir is where Install downloads; "": DownloadParent().
	DownloadDir string
}

// Mode is the policy's update mode: the managed UpdateMode, else the
// policy folder's policy.json (config.Policy), else DefaultMode.
func (s *Service) Mode() (Mode, error) {
	m, _, err := s.ModeSet()
	return m, err
}

// ModeSet is Mode, and whether an administrator set it (device
// management or policy.json) rather than it being DefaultMode: 設定 says
// 「管理者が設定しています」.
func (s *Service) ModeSet() (Mode, bool, error) {
	dir := s.PolicyDir
	if dir == "" {
		dir = config.PolicyDir()
	}
	read := s.Managed
	if read == nil {
		read = policy.Read
	}
	v, err := read()
	if err != nil {
		return DefaultMode, false, err // as a damaged file: the check is not made
	}
	if m, ok, err := managedMode(v); ok || err != nil {
		return m, ok, err
	}
	return loadPolicy(filepath.Join(dir, config.Policy))
}

// managedMode is the managed UpdateMode, when set; a value that is not a
// mode is an error, so that a mistyped "off" does not mean "notify".
func managedMode(v policy.Values) (Mode, bool, error) {
	s, ok, err := v.String(policy.UpdateMode)
	if !ok {
		return DefaultMode, false, err
	}
	switch m := Mode(s); m {
	case ModeOff, ModeNotify, ModeAutomatic:
		return m, true, nil
	}
	return DefaultMode, false, v.Bad(policy.UpdateMode, s)
}

// State is what the last check left.
func (s *Service) State() State { return LoadState(filepath.Join(s.Dir, config.UpdateState)) }

// Check checks the feed now, unless the policy turned checks off (ErrOff,
// and no request is made), and records the outcome. A damaged policy
// file is reported and the check not made: an administrator who meant
// "off" is not overruled by a typing mistake.
func (s *Service) Check(ctx context.Context) (*Result, error) {
	mode, err := s.Mode()
	if err != nil {
		return nil, err
	}
	if mode == ModeOff {
		return nil, fail(ErrOff, "off_by_policy", "")
	}
	st := s.State()
	c := s.Checker
	c.Seen = st.Seen
	r, err := c.Check(ctx)
	now := timeNow(c.Now)
	if serr := st.Record(now, r, err).Save(filepath.Join(s.Dir, config.UpdateState)); serr != nil && err == nil {
		err = serr // the check worked, but its record did not
	}
	return r, err
}
