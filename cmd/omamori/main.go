// Command omamori is the Omamori authenticator. With no arguments it
// opens the window; with arguments it is the command line. This file is
// the one place that builds the adapters — the OS keyring, libfido2, the
// practice key, the clock check, the clipboard — and it hands the same set
// to both front ends.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/omamori-app/omamori/app"
	"github.com/omamori-app/omamori/app/codes"
	"github.com/omamori-app/omamori/internal/cli"
	"github.com/omamori-app/omamori/internal/clipboard"
	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/keyring"
	"github.com/omamori-app/omamori/internal/policy"
	"github.com/omamori-app/omamori/internal/profile"
	// Windows: DLLs from System32 only, never from the program's folder.
	_ "github.com/omamori-app/omamori/internal/safedll"
	"github.com/omamori-app/omamori/internal/screenqr"
	"github.com/omamori-app/omamori/internal/securitykey/libfido2"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
	"github.com/omamori-app/omamori/internal/timesync"
	"github.com/omamori-app/omamori/internal/update"
)

func main() {
	// OMAMORI_KEYRING_SERVICE files the secrets under another service
	// name, so tests and portable set-ups never touch the user's own
	// accounts ("" = keyring's default, "omamori").
	secrets := keyring.New(os.Getenv("OMAMORI_KEYRING_SERVICE"))
	keys := libfido2.New()
	lib := keyLib()
	if win, ok := app.WindowArgs(os.Args[1:]); ok {
		win.Lang = os.Getenv("OMAMORI_LANG")
		win.Secrets, win.Keys, win.NewPractice, win.OpenClock, win.KeyLib = secrets, keys, practice.New, openClock, lib
		win.Clipboard, win.ReadScreen, win.Profiles = systemClipboard(), screenReader(), windowProfiles()
		if updateOn {
			win.Update, win.UpdateInstaller = &updateFeed, updateInstaller
		}
		os.Exit(app.Run(win))
	}
	// SIGTERM and SIGHUP (the terminal closed) too: a restore finishes or
	// undoes its step and says where it stopped, instead of dying midway.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	env := &cli.Env{
		Stdin:   os.Stdin,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Secrets: secrets, Keys: keys, NewPractice: practice.New, OpenClock: openClock, KeyLib: lib,
		Profiles: func() (cli.Profiles, error) {
			set, err := loadProfiles()
			if err != nil {
				return nil, err // not a nil *Set in an interface
			}
			return set, nil
		},
		Update: updateFeed, UpdateInstaller: updateInstaller,
		ProbeKeyring: func(ctx context.Context) (string, error) {
			st, err := keyring.Probe(ctx)
			return string(st), err
		},
	}
	os.Exit(cli.Run(ctx, env, os.Args[1:]))
}

// updateFeed is the feed `omamori update` asks and updateInstaller runs
// what it offers: the zero values are the release feed with the embedded
// keys and our Authenticode publisher. Only the tests and the
// `updatetest` build change them (updatefeed_test.go,
// updatefeed_updatetest.go), so no flag or variable can point a release
// build at another feed.
var (
	updateFeed      update.Checker
	updateInstaller update.Installer
	// updateOn: the window checks and offers 「更新する」. Off in release
	// builds until the release keys and host are real (update.ChannelReady,
	// docs/release.md): with placeholder keys every check would fail.
	updateOn = update.ChannelReady
)

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

// loadProfiles is the one profile set of both front ends: the built-ins,
// profiles.json in the settings folder (new providers, never a page or a
// number), then an organisation's policy in config.PolicyDir, which only
// an administrator can write, then what device management set
// (policy.Read; docs/profiles.md, docs/admin.md).
func loadProfiles() (*profile.Set, error) {
	dir, err := configDir()
	if err != nil {
		return nil, err
	}
	managed, err := policy.Read()
	if err != nil {
		return nil, err
	}
	return profile.LoadManaged(filepath.Join(dir, config.Profiles),
		filepath.Join(config.PolicyDir(), config.PolicyProfiles), managed)
}

// windowProfiles is loadProfiles for the window, which opens anyway: a
// broken file is told on stderr (and by `omamori doctor`/`add`) and the
// built-ins are used.
func windowProfiles() *profile.Set {
	set, err := loadProfiles()
	if err != nil {
		fmt.Fprintln(os.Stderr, "omamori:", err)
		return profile.Builtin()
	}
	for _, w := range set.Warnings() {
		fmt.Fprintln(os.Stderr, "omamori:", w.In(i18n.Detect(os.Getenv("OMAMORI_LANG"))))
	}
	return set
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

// screenReader reads the QR codes on every screen with the OS's capturer
// (the command line's `add --screen` uses the same: cli.Env.Screen nil);
// nil where this build cannot read the screen (a Linux build without cgo), so the add
// dialog shows no button that can only fail.
func screenReader() func() ([]screenqr.Code, error) {
	if !screenqr.Supported() {
		return nil
	}
	return func() ([]screenqr.Code, error) { return screenqr.Read(screenqr.System()) }
}

// systemClipboard is the OS clipboard adapter that keeps copied codes out of
// clipboard history (Windows, macOS), or nil for Fyne's own (Linux).
func systemClipboard() codes.Clipboard {
	if c, ok := clipboard.System(); ok {
		return c
	}
	return nil
}
