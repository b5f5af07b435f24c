package support

import (
	"embed"
	"fmt"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("support", localesFS)

// KeyringText is the keyring status in words.
func KeyringText(k KeyringStatus, l i18n.Lang) string {
	keys := map[KeyringStatus]string{KeyringOK: "keyring_ok", KeyringError: "keyring_error", KeyringMissing: "keyring_missing",
		KeyringLocked: "keyring_locked", KeyringRefused: "keyring_refused", KeyringTimedOut: "keyring_timed_out"}
	if key, ok := keys[k]; ok {
		return cat.M(key).In(l)
	}
	return cat.M("keyring_unknown").In(l)
}

// KeyLibText is the security-key library, or that there is none.
func KeyLibText(lib string, l i18n.Lang) string {
	if lib == "" {
		return cat.M("key_library_none").In(l)
	}
	return lib
}

// AccountsText is "2 (to register again: 1)".
func AccountsText(f Facts, l i18n.Lang) string {
	return cat.M("accounts_summary", "OK", f.Accounts, "Reenrol", f.Reenrol).In(l)
}

// LastBackupText is the last backup's date, or that there has been none.
func LastBackupText(f Facts, l i18n.Lang) string {
	if f.LastBackup == "" {
		return cat.M("no_backup_yet").In(l)
	}
	return f.LastBackup
}

// Label is one fact's name in l: "support_code", "version", "os",
// "key_library", "keyring", "accounts_count", "last_backup", "config_path",
// "clock".
func Label(key string, l i18n.Lang) string { return cat.M(key).In(l) }

// Report is the text "copy support info" puts on the clipboard and
// doctor prints: facts only, never a secret, an account name or a code.
func Report(f Facts, l i18n.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Omamori %s\n", cat.M("title").In(l))
	line := func(key, v string) { fmt.Fprintf(&b, "%s: %s\n", Label(key, l), v) }
	line("support_code", SupportCode(f))
	line("version", f.Version)
	line("os", f.OS+"/"+f.Arch)
	line("key_library", KeyLibText(f.KeyLib, l))
	line("keyring", KeyringText(f.Keyring, l))
	line("accounts_count", AccountsText(f, l))
	line("last_backup", LastBackupText(f, l))
	line("config_path", f.Config)
	return b.String()
}
