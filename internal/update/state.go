package update

import (
	"encoding/json"
	"errors"
	"os"
	"time"

	"github.com/omamori-app/omamori/internal/atomicfile"
	"github.com/omamori-app/omamori/internal/i18n"
)

// Interval is how often the window checks on its own: at most once a day.
const Interval = 24 * time.Hour

// State is what the last check left (config.UpdateState), shared by the
// window and the command. It holds no secret.
type State struct {
	LastCheck time.Time `json:"last_check"`
	Outcome   string    `json:"outcome"`          // "up_to_date", "available", or the refusal's message key
	Latest    string    `json:"latest,omitempty"` // the version a verified feed offered
	// Seen is the newest version any verified feed offered: a later feed
	// offering less is a replay (ErrRollback), even if not yet expired.
	Seen string `json:"seen,omitempty"`
}

// LoadState reads the state; a missing or damaged file is the zero
// State (the next check rewrites it), never an error to the user.
func LoadState(path string) State {
	var s State
	b, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(b, &s) != nil {
		return State{}
	}
	return s
}

// Save writes the state whole (atomicfile).
func (s State) Save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(b, '\n'), 0o600)
}

// Due reports whether a check on the window's own is due at now.
func (s State) Due(now time.Time) bool {
	return s.LastCheck.IsZero() || now.Sub(s.LastCheck) >= Interval || now.Before(s.LastCheck)
}

// Record returns s after a check at now that gave r or err.
func (s State) Record(now time.Time, r *Result, err error) State {
	s.LastCheck = now.UTC().Truncate(time.Second)
	switch {
	case err != nil:
		s.Outcome = outcomeOf(err)
	case r.Available:
		s.Outcome, s.Latest = "available", r.Latest.String()
	default:
		s.Outcome, s.Latest = "up_to_date", r.Latest.String()
	}
	if r != nil {
		if seen, ok := ParseVersion(s.Seen); !ok || r.Latest.Compare(seen) > 0 {
			s.Seen = r.Latest.String()
		}
	}
	return s
}

// outcomes name each refusal in the state file, for doctor and a help desk.
var outcomes = []struct {
	err  error
	name string
}{
	{ErrUnreachable, "unreachable"}, {ErrTooLarge, "too_large"}, {ErrBadFeed, "bad_feed"},
	{ErrSignature, "bad_signature"}, {ErrExpired, "expired"}, {ErrRollback, "rollback"},
	{ErrNotHTTPS, "not_https"}, {ErrNoPlatform, "no_platform"}, {ErrVersion, "unknown_version"},
}

func outcomeOf(err error) string {
	for _, o := range outcomes {
		if errors.Is(err, o.err) {
			return o.name
		}
	}
	return "error"
}

// OutcomeText says a recorded outcome to the user: the same words the
// check said, without its details.
func (s State) OutcomeText() i18n.Message {
	switch s.Outcome {
	case "":
		return cat.M("never_checked")
	case "up_to_date":
		return cat.M("up_to_date", "Version", s.Latest)
	case "available":
		return cat.M("available", "Version", s.Latest)
	}
	return cat.M("outcome_" + s.Outcome)
}
