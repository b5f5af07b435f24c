// Command omamori is the Omamori authenticator. With no arguments it
// opens the window; with arguments it is the command line. This file only
// wires the real adapters (OS keyring) into the services.
package main

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/cli"
	"github.com/omamori-app/omamori/internal/keyring"
	"github.com/omamori-app/omamori/internal/profile"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env := &cli.Env{
		Stdin:     os.Stdin,
		Stdout:    os.Stdout,
		Stderr:    os.Stderr,
		OpenStore: openStore,
		Profiles:  loadProfiles,
	}
	os.Exit(cli.Run(ctx, env, os.Args[1:]))
}

func openStore() (cli.Store, error) {
	dir, err := accounts.ConfigDir()
	if err != nil {
		return nil, err
	}
	return accounts.Open(dir, keyring.New(keyring.DefaultService))
}

// loadProfiles reads profiles.json from the settings folder, where a
// broker or help desk can add a provider without a rebuild.
func loadProfiles() (cli.Profiles, error) {
	dir, err := accounts.ConfigDir()
	if err != nil {
		return nil, err
	}
	return profile.Load(filepath.Join(dir, "profiles.json"))
}
