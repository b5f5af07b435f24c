package securitykey

import (
	"embed"

	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("securitykey", localesFS)

// Catalog is this package's messages, for the UI to show labels such as
// the transport or PIN state in the same words.
func Catalog() *i18n.Catalog { return cat }
