package keys

import (
	"embed"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// translations holds the screen's texts, keys prefixed "keys.", in
// internal/i18n's flat JSON format.
//
//go:embed translations
var translations embed.FS

var cat = i18n.MustCatalogIn("app/keys", translations, "translations")

// skcat renders the service's labels (PIN state, transport...).
var skcat = securitykey.Catalog()

// msg is a message of this screen.
func msg(key string, kv ...any) i18n.Message { return cat.M("keys."+key, kv...) }
