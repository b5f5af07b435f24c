package timesync

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/omamori-app/omamori/internal/config"
)

// ServersEnv names the environment variable that chooses the time servers
// when no --time-server flag does: a list, or "off".
const ServersEnv = "OMAMORI_TIME_SERVERS"

// Load makes the clock check the window and the command both run, each
// layer over the one before: the defaults, the user's choices from the
// window's settings (config.TimePrefs in dir), a company's policy
// (config.TimePolicy in dir, then in config.PolicyDir), then servers — the --time-server flag, else
// $OMAMORI_TIME_SERVERS — a list, or "off" for networks where no time
// server may be asked. Answers are cached in dir (config.ClockCache), so
// `omamori code` corrects exactly as the window does.
func Load(dir, servers string) (*Checker, error) {
	cfg := DefaultConfig()
	prefs, err := LoadPrefs(filepath.Join(dir, config.TimePrefs))
	if err != nil {
		return nil, err
	}
	if cfg, err = cfg.WithPrefs(prefs); err != nil {
		return nil, err
	}
	// The policy: the settings folder's (as before), then the policy
	// folder's, which only an administrator can write (config.PolicyDir,
	// shared with the broker profiles).
	for _, path := range []string{filepath.Join(dir, config.TimePolicy), filepath.Join(config.PolicyDir(), config.TimePolicy)} {
		if p, err := LoadPolicy(path); err == nil {
			if cfg, err = cfg.Apply(p); err != nil {
				return nil, err
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if servers == "" {
		servers = os.Getenv(ServersEnv)
	}
	if servers == "off" {
		cfg.NTPServers, cfg.HTTPSServers = nil, nil
	} else if cfg, err = cfg.WithServers(servers); err != nil {
		return nil, err
	}
	cfg.CacheFile = filepath.Join(dir, config.ClockCache)
	return New(cfg)
}
