// Package settings keeps the window's preferences (never a secret) as JSON
// in the config dir, and shows the screen that changes them.
package settings

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/omamori-app/omamori/internal/atomicfile"
	"github.com/omamori-app/omamori/internal/config"
)

// Settings are the user's choices. The zero value of each field means the
// default, so an old or hand-edited file still loads.
type Settings struct {
	Language     string `json:"language,omitempty"`      // "", "ja", "en"; "" follows the OS
	ClearSeconds int    `json:"clear_seconds,omitempty"` // clear our code from the clipboard after this; 0 = default, -1 = never
	LargeText    bool   `json:"large_text,omitempty"`
	Theme        string `json:"theme,omitempty"`         // "system", "light", "dark"
	StartHidden  bool   `json:"start_hidden,omitempty"`  // start in the tray
	CloseToTray  *bool  `json:"close_to_tray,omitempty"` // nil = default (on where a tray exists)
	// Lock hides the codes behind a lock screen (internal/applock); off
	// by default. An administrator's policy beats it.
	Lock            bool `json:"lock,omitempty"`
	LockIdleMinutes int  `json:"lock_idle_minutes,omitempty"` // lock after this long without input; 0 = not on idle
}

// LockIdleChoices are the idle times offered (minutes; 0 = never).
var LockIdleChoices = []int{0, 1, 5, 15, 30}

// DefaultClearSeconds is the clipboard delay when none is set.
const DefaultClearSeconds = 30

// ClearChoices are the delays offered on the settings screen (-1 = never).
var ClearChoices = []int{10, 30, 60, 120, -1}

// ClearAfter returns the clipboard delay in seconds, or -1 for never.
func (s Settings) ClearAfter() int {
	switch {
	case s.ClearSeconds == 0:
		return DefaultClearSeconds
	case s.ClearSeconds < 0:
		return -1
	}
	return s.ClearSeconds
}

// HideOnClose reports whether closing the window hides it to the tray.
// By default it does on Windows and macOS, whose tray (notification area,
// menu bar) is always there; not on Linux, where many desktops have no
// tray host and a hidden window could only come back through a second
// launch.
func (s Settings) HideOnClose() bool {
	if s.CloseToTray == nil {
		return runtime.GOOS != "linux"
	}
	return *s.CloseToTray
}

// Load reads dir/settings.json. A missing file gives the defaults; an
// unreadable or broken one gives the defaults and the error, so the app
// still starts and can say why the user's choices were not applied.
func Load(dir string) (Settings, error) {
	var s Settings
	b, err := os.ReadFile(filepath.Join(dir, config.Settings))
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return Settings{}, err
	}
	return s, nil
}

// Save writes s to dir/settings.json atomically, so a crash never
// leaves half a file.
func Save(dir string, s Settings) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, config.Settings), append(b, '\n'), 0o600)
}
