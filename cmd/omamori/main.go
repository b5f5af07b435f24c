// Command omamori is the Omamori authenticator. With no arguments it
// opens the window; with arguments it is the command line. This file only
// wires the real adapters (OS keyring) into the services.
package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/omamori-app/omamori/app"
	"github.com/omamori-app/omamori/app/codes"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/cli"
	"github.com/omamori-app/omamori/internal/clipboard"
	"github.com/omamori-app/omamori/internal/keyring"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/libfido2"
	"github.com/omamori-app/omamori/internal/timesync"
)

func main() {
	if len(os.Args) < 2 {
		os.Exit(app.Run(app.Options{
			Lang:      os.Getenv("OMAMORI_LANG"),
			Secrets:   secrets(),
			NewClock:  func() (*timesync.Checker, error) { return newChecker("") },
			Keys:      securitykey.New(libfido2.New()),
			Clipboard: systemClipboard(),
			KeyLib:    keyLib(),
		}))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env := &cli.Env{
		Stdin:     os.Stdin,
		Stdout:    os.Stdout,
		Stderr:    os.Stderr,
		OpenStore: openStore,
		Profiles:  loadProfiles,
		OpenClock: openClock,
		ProbeKeyring: func(ctx context.Context) (string, error) {
			st, err := keyring.Probe(ctx)
			return string(st), err
		},
	}
	os.Exit(cli.Run(ctx, env, os.Args[1:]))
}

// keyLib names the linked security-key library for サポート情報.
func keyLib() string {
	if v := libfido2.Version(); v != "" {
		return "libfido2 " + v
	}
	return ""
}

// openStore opens the accounts in the settings folder.
func openStore() (cli.Store, error) {
	dir, err := configDir()
	if err != nil {
		return nil, err
	}
	return accounts.Open(dir, secrets())
}

// secrets is the OS keyring. OMAMORI_KEYRING_SERVICE files the secrets
// under another service name, so tests and portable set-ups never touch
// the user's own accounts.
func secrets() *keyring.Secrets { return keyring.New(os.Getenv("OMAMORI_KEYRING_SERVICE")) }

// loadProfiles reads profiles.json from the settings folder, where a
// broker or help desk can add a provider without a rebuild.
func loadProfiles() (cli.Profiles, error) {
	dir, err := configDir()
	if err != nil {
		return nil, err
	}
	return profile.Load(filepath.Join(dir, "profiles.json"))
}

// configDir is the settings folder, checked to be readable so that a
// folder's permissions are not blamed on the first file read from it.
func configDir() (string, error) {
	dir, err := accounts.ConfigDir()
	if err != nil {
		return "", err
	}
	return dir, accounts.CheckDir(dir)
}

// PolicyFileName is the clock-check policy a company or help desk can put
// in the settings folder: which time servers to ask, whether to correct.
const PolicyFileName = "time-policy.json"

// openClock is the clock check for the command line.
func openClock(servers string) (cli.Clock, error) {
	c, err := newChecker(servers)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// newChecker builds the clock check, each layer over the one before: the
// defaults, the user's choices from the window's settings, a company's
// policy file, then the --time-server flag, else OMAMORI_TIME_SERVERS (a
// list, or "off" for networks where no time server may be asked). The
// window and the command share its cache.
func newChecker(servers string) (*timesync.Checker, error) {
	dir, err := configDir()
	if err != nil {
		return nil, err
	}
	cfg := timesync.DefaultConfig()
	prefs, err := timesync.LoadPrefs(filepath.Join(dir, timesync.PrefsFileName))
	if err != nil {
		return nil, err
	}
	if cfg, err = cfg.WithPrefs(prefs); err != nil {
		return nil, err
	}
	if p, err := timesync.LoadPolicy(filepath.Join(dir, PolicyFileName)); err == nil {
		if cfg, err = cfg.Apply(p); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if servers == "" {
		servers = os.Getenv("OMAMORI_TIME_SERVERS")
	}
	if servers == "off" {
		cfg.NTPServers, cfg.HTTPSServers = nil, nil
	} else if cfg, err = cfg.WithServers(servers); err != nil {
		return nil, err
	}
	cfg.CacheFile = filepath.Join(dir, timesync.CacheFileName)
	return timesync.New(cfg)
}

// systemClipboard is the OS clipboard adapter that keeps copied codes out of
// clipboard history (Windows, macOS), or nil for Fyne's own (Linux).
func systemClipboard() codes.Clipboard {
	if c, ok := clipboard.System(); ok {
		return c
	}
	return nil
}
