package keyview

import (
	"embed"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// locales holds the screen's texts, keys prefixed "keys.", in the
// flat JSON format of internal/i18n.
//
//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/keyview", locales)

// skcat renders the service's labels (PIN state, transport...).
var skcat = securitykey.Catalog()

// msg is a message of this screen.
func msg(key string, kv ...any) i18n.Message { return cat.M("keys."+key, kv...) }
