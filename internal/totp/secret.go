package totp

import (
	"embed"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("totp", localesFS)

// checkKey refuses keys too short to be safe or too long to be real.
func checkKey(key []byte) error {
	if len(key) < profile.MinKeyBytes || len(key) > profile.MaxKeyBytes {
		return i18n.NewError(
			cat.M("bad_key_length", "Bits", len(key)*8, "Min", profile.MinKeyBytes*8, "Max", profile.MaxKeyBytes*8),
			cat.M("hint_reenrol"), nil)
	}
	return nil
}
