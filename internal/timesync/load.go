package timesync

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/policy"
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
// `omamori code` corrects exactly as the window does. The settings device
// management pushed (policy.Read: Group Policy, a configuration profile)
// are laid over the policy files, each one set winning (LoadManaged).
func Load(dir, servers string) (*Checker, error) {
	v, err := policy.Read()
	if err != nil {
		return nil, err
	}
	return LoadManaged(dir, servers, v)
}

// LoadManaged is Load with the managed settings given.
func LoadManaged(dir, servers string, managed policy.Values) (*Checker, error) {
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
	if p, err := managedPolicy(managed); err != nil {
		return nil, err
	} else if cfg, err = cfg.Apply(p); err != nil {
		return nil, inManaged(err, managed.Where)
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

// managedPolicy is the clock policy device management set: each Time*
// key stands for the time-policy.json field of the same meaning.
func managedPolicy(v policy.Values) (Policy, error) {
	var p Policy
	for _, l := range []struct {
		key string
		to  **[]string
	}{{policy.TimeNTPServers, &p.NTPServers}, {policy.TimeHTTPSServers, &p.HTTPSServers}} {
		list, ok, err := v.List(l.key)
		if err != nil {
			return Policy{}, err
		}
		if ok {
			*l.to = &list
		}
	}
	if b, ok, err := v.Bool(policy.TimeCorrect); err != nil {
		return Policy{}, err
	} else if ok {
		p.Correct = &b
	}
	for _, s := range []struct {
		key string
		to  **float64
	}{
		{policy.TimeMaxCorrectionSeconds, &p.MaxCorrectionSeconds},
		{policy.TimeMinIntervalSeconds, &p.MinIntervalSeconds},
		{policy.TimeRecheckSeconds, &p.RecheckSeconds},
		{policy.TimeTimeoutSeconds, &p.TimeoutSeconds},
	} {
		n, ok, err := v.Int(s.key)
		if err != nil {
			return Policy{}, err
		}
		if ok {
			f := float64(n)
			*s.to = &f
		}
	}
	return p, nil
}

// inManaged gives a managed setting's error the hint to fix it where
// device management keeps it.
func inManaged(err error, where string) error {
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return i18n.NewError(ie.Msg, cat.M("hint_fix_managed", "Where", where), err)
	}
	return err
}
