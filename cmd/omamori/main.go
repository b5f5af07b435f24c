// Command omamori is the Omamori authenticator. With no arguments it
// opens the window; with arguments it is the command line. This file is
// the one place that builds the adapters — the OS keyring, libfido2, the
// practice key, the clock check, the clipboard — and it hands the same set
// to both front ends.
package main

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/omamori-app/omamori/app"
	"github.com/omamori-app/omamori/app/codes"
	"github.com/omamori-app/omamori/internal/cli"
	"github.com/omamori-app/omamori/internal/clipboard"
	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/keyring"
	"github.com/omamori-app/omamori/internal/profile"
	// Windows: DLLs from System32 only, never from the program's folder.
	_ "github.com/omamori-app/omamori/internal/safedll"
	"github.com/omamori-app/omamori/internal/securitykey/libfido2"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
	"github.com/omamori-app/omamori/internal/timesync"
)

func main() {
	// OMAMORI_KEYRING_SERVICE files the secrets under another service
	// name, so tests and portable set-ups never touch the user's own
	// accounts ("" = keyring's default, "omamori").
	secrets := keyring.New(os.Getenv("OMAMORI_KEYRING_SERVICE"))
	keys := libfido2.New()
	lib := keyLib()
	if len(os.Args) < 2 {
		os.Exit(app.Run(app.Options{
			Lang:    os.Getenv("OMAMORI_LANG"),
			Secrets: secrets, Keys: keys, NewPractice: practice.New, OpenClock: openClock, KeyLib: lib,
			Clipboard: systemClipboard(),
		}))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env := &cli.Env{
		Stdin:   os.Stdin,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Secrets: secrets, Keys: keys, NewPractice: practice.New, OpenClock: openClock, KeyLib: lib,
		Profiles: loadProfiles,
		ProbeKeyring: func(ctx context.Context) (string, error) {
			st, err := keyring.Probe(ctx)
			return string(st), err
		},
	}
	os.Exit(cli.Run(ctx, env, os.Args[1:]))
}

// keyLib names the linked security-key library for サポート情報 and doctor.
func keyLib() string {
	if v := libfido2.Version(); v != "" {
		return "libfido2 " + v
	}
	return ""
}

// openClock is the clock check, the same for the window and the command:
// timesync.Load in the settings folder; servers is --time-server.
func openClock(servers string) (*timesync.Checker, error) {
	dir, err := configDir()
	if err != nil {
		return nil, err
	}
	return timesync.Load(dir, servers)
}

// loadProfiles reads profiles.json from the settings folder, where a
// broker or help desk can add a provider without a rebuild.
func loadProfiles() (cli.Profiles, error) {
	dir, err := configDir()
	if err != nil {
		return nil, err
	}
	return profile.Load(filepath.Join(dir, config.Profiles))
}

// configDir is the settings folder, checked to be readable so that a
// folder's permissions are not blamed on the first file read from it.
func configDir() (string, error) {
	dir, err := config.Dir()
	if err != nil {
		return "", err
	}
	return dir, config.CheckDir(dir)
}

// systemClipboard is the OS clipboard adapter that keeps copied codes out of
// clipboard history (Windows, macOS), or nil for Fyne's own (Linux).
func systemClipboard() codes.Clipboard {
	if c, ok := clipboard.System(); ok {
		return c
	}
	return nil
}
