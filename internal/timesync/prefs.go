package timesync

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Prefs are the user's own choices, laid over the defaults and under a
// company's policy file: which servers to ask and whether to correct.
type Prefs struct {
	Servers []string `json:"servers,omitempty"` // empty: the defaults
	Correct *bool    `json:"correct,omitempty"` // nil: on
}

// CorrectOn reports whether correction is wanted (on unless turned off).
func (p Prefs) CorrectOn() bool { return p.Correct == nil || *p.Correct }

// LoadPrefs reads the preferences; a missing file gives the zero Prefs.
func LoadPrefs(path string) (Prefs, error) {
	var p Prefs
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return p, i18n.NewError(cat.M("prefs_unreadable", "File", path), cat.M("hint_prefs", "File", path), err)
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return Prefs{}, i18n.NewError(cat.M("prefs_unreadable", "File", path), cat.M("hint_prefs", "File", path), err)
	}
	if _, err := DefaultConfig().WithPrefs(p); err != nil {
		return Prefs{}, inFile(err, path)
	}
	return p, nil
}

// SavePrefs checks p and writes it atomically.
func SavePrefs(path string, p Prefs) error {
	if _, err := DefaultConfig().WithPrefs(p); err != nil {
		return err
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, b)
}

// WithPrefs lays the user's preferences over c: their servers (if any)
// replace c's, and correction is turned off if they asked.
func (c Config) WithPrefs(p Prefs) (Config, error) {
	if len(p.Servers) > 0 {
		var err error
		if c, err = c.WithServers(strings.Join(p.Servers, ",")); err != nil {
			return c, err
		}
	}
	if !p.CorrectOn() {
		c.Correct = false
	}
	return c, c.Validate()
}
