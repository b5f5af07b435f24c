package update

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/omamori-app/omamori/internal/config"
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
	Checker   Checker
}

// Mode is the policy's update mode (config.Policy in the policy folder).
func (s *Service) Mode() (Mode, error) {
	dir := s.PolicyDir
	if dir == "" {
		dir = config.PolicyDir()
	}
	return LoadPolicy(filepath.Join(dir, config.Policy))
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
