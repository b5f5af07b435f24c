package update

import (
	"embed"
	"errors"
	"fmt"

	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("update", localesFS)

// Catalog is the package's messages, for the catalog tests.
func Catalog() *i18n.Catalog { return cat }

// The refusals, each behind an *i18n.Error with its own message, so
// callers and tests tell them apart with errors.Is.
var (
	ErrUnreachable = errors.New("update: the update server could not be reached")
	ErrTooLarge    = errors.New("update: the answer is larger than allowed")
	ErrBadFeed     = errors.New("update: the feed is not valid")
	ErrSignature   = errors.New("update: the feed's signature is not ours")
	ErrExpired     = errors.New("update: the feed has expired")
	ErrRollback    = errors.New("update: the feed offers an older version")
	ErrNotNewer    = errors.New("update: the offered version is not newer")
	ErrNotHTTPS    = errors.New("update: a URL is not HTTPS")
	ErrNoPlatform  = errors.New("update: no download for this platform")
	ErrSize        = errors.New("update: the download has the wrong size")
	ErrHash        = errors.New("update: the download has the wrong SHA-256")
	ErrFolder      = errors.New("update: the download folder is not private")
	ErrVersion     = errors.New("update: this build's version cannot be compared")
)

// fail wraps sentinel in a user's message: key's text and hint_key's.
func fail(sentinel error, key, hint string, kv ...any) error {
	var h i18n.Message
	if hint != "" {
		h = cat.M(hint, kv...)
	}
	return i18n.NewError(cat.M(key, kv...), h, sentinel)
}

// failCause is fail with the underlying cause kept for errors.Is and logs.
func failCause(sentinel, cause error, key, hint string, kv ...any) error {
	err := fail(sentinel, key, hint, kv...).(*i18n.Error)
	err.Err = fmt.Errorf("%w: %w", sentinel, cause)
	return err
}
