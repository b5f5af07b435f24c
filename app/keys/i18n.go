package keys

import (
	"embed"

	"fyne.io/fyne/v2/lang"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// locales holds the screen's texts, keys prefixed "keys.", in the
// flat JSON format both internal/i18n and fyne's lang read.
//
//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/keys", locales)

// skcat renders the service's labels (PIN state, transport...).
var skcat = securitykey.Catalog()

// RegisterTranslations adds the screen's texts to fyne's lang bundle,
// for a shell that renders through lang.X("keys.…"). The screen does not
// need it: it renders in Options.Lang().
func RegisterTranslations() error {
	return lang.AddTranslationsFS(locales, "locales")
}

// msg is a message of this screen.
func msg(key string, kv ...any) i18n.Message { return cat.M("keys."+key, kv...) }
