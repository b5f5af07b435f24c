package backup

import (
	"embed"
	"errors"

	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("backup", localesFS)

// Causes inside the *i18n.Error values this package returns, for
// errors.Is. Each failure a customer can meet has its own.
var (
	ErrEmpty           = errors.New("backup: empty file")
	ErrNotBackup       = errors.New("backup: not an omamori backup")
	ErrDamaged         = errors.New("backup: truncated or altered")
	ErrWrongPassphrase = errors.New("backup: wrong passphrase")
	ErrNeedsKey        = errors.New("backup: protected by a security key")
	ErrNewerVersion    = errors.New("backup: made by a newer version")
	ErrBadAccount      = errors.New("backup: holds an unusable account")
	ErrIO              = errors.New("backup: cannot read or write the file")
	ErrNothing         = errors.New("backup: no accounts")
	ErrCannotBackUp    = errors.New("backup: an account's secret is missing")
	ErrWeakPassphrase  = errors.New("backup: passphrase refused")
	// ErrPassphrasesDiffer: the passphrase typed twice is not the same
	// (not weak: the customer needs another hint).
	ErrPassphrasesDiffer = errors.New("backup: the two passphrases differ")
)

func userErr(cause error, key, hint string, kv ...any) error {
	return i18n.NewError(cat.M(key, kv...), cat.M(hint, kv...), cause)
}
