// Package config names the settings folder and every file Omamori keeps
// in it, so that the window, the command line and the services agree on
// them and a help desk finds them listed in one place. It reads nothing
// but the folder's name; each file's owner reads and writes its file.
package config

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/omamori-app/omamori/internal/i18n"
)

// The files in the settings folder. Changing a name loses what users
// have on disk: these are part of the installed base.
const (
	Accounts       = "accounts.json"              // the account list (internal/accounts); secrets are in the keyring
	AccountsBackup = "accounts.json.bak"          // the list before the last change, restored when the list is damaged
	AccountsLock   = "accounts.lock"              // held while the list changes, window and command alike
	ListRepairs    = "accounts-restorations.json" // repairs to the list, told until seen once
	KeyringFolder  = "keyring-folder.json"        // this folder's id, which tags its keyring items (internal/accounts)
	BackupState    = "backup-settings.json"       // when the last backup was made and the reminder dismissed (internal/backup)
	Settings       = "settings.json"              // the window's settings (app/settings)
	Instance       = "instance.lock"              // the running window's hand-over port (app/single)
	Profiles       = "profiles.json"              // provider profiles a broker or help desk adds (internal/profile)
	TimePrefs      = "time-settings.json"         // the user's time servers and correction choice (internal/timesync)
	TimePolicy     = "time-policy.json"           // a company's clock-check policy, over the user's choice
	ClockCache     = "timesync-cache.json"        // the last clock check, shared by the window and the command
	UpdateState    = "update-state.json"          // the last update check and the newest version a signed feed offered
	AppLock        = "lock.json"                  // the app lock's salted passphrase hash and key credential id (internal/applock); never a passphrase
	Seal           = "seal.json"                  // sealing's data key, encrypted to the security key's hmac-secret (internal/seal)
)

// The files in the policy folder (PolicyDir), which only an administrator
// can write.
const (
	PolicyProfiles = "profiles.json" // broker profiles an organisation adds or completes (internal/profile)
	Policy         = "policy.json"   // its "update" section is internal/update's, its "lock" section internal/applock's
	// TimePolicy (time-policy.json) is read here too, over the settings folder's.
)

// PolicyEnv names the environment variable that moves the policy folder,
// for tests and portable set-ups.
const PolicyEnv = "OMAMORI_POLICY_DIR"

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("config", localesFS)

// ErrDir is behind every error about the settings folder itself.
var ErrDir = errors.New("config: the settings folder cannot be used")

// Dir is the settings folder: $OMAMORI_CONFIG_DIR if set (made
// absolute), else the OS's user config directory + "Omamori"
// (~/.config/Omamori, ~/Library/Application Support/Omamori,
// %AppData%\Omamori).
func Dir() (string, error) {
	if d := os.Getenv("OMAMORI_CONFIG_DIR"); d != "" {
		return filepath.Abs(d)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", i18n.NewError(cat.M("no_config_dir"), cat.M("hint_no_config_dir"), ErrDir)
	}
	return filepath.Join(base, "Omamori"), nil
}

// PolicyDir is the folder of an organisation's policy files: only an
// administrator can write there, so what it says (a broker's official
// pages and numbers) cannot be planted by a mail the user was sent.
// $OMAMORI_POLICY_DIR if set, else %ProgramData%\Omamori (Windows),
// /Library/Application Support/Omamori (macOS), /etc/omamori (others).
func PolicyDir() string {
	if d := os.Getenv(PolicyEnv); d != "" {
		if abs, err := filepath.Abs(d); err == nil {
			return abs
		}
		return d
	}
	return policyDirFor(runtime.GOOS, os.Getenv("ProgramData"))
}

func policyDirFor(goos, programData string) string {
	switch goos {
	case "windows":
		if programData == "" {
			programData = `C:\ProgramData`
		}
		return programData + `\Omamori`
	case "darwin":
		return "/Library/Application Support/Omamori"
	}
	return "/etc/omamori"
}

// CheckDir reports a settings folder that exists but cannot be read (its
// permissions, or a file where the folder should be), so that the folder
// is blamed rather than the first file read from it. A missing folder is
// fine: it is made on the first write.
func CheckDir(dir string) error {
	_, err := os.ReadDir(dir)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return i18n.NewError(cat.M("dir_unreadable", "Dir", dir), cat.M("hint_dir_unreadable", "Dir", dir), fmt.Errorf("%w: %w", ErrDir, err))
}
