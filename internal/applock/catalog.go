package applock

import (
	"embed"

	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("applock", localesFS)

// Catalog is the package's messages, for the catalog tests.
func Catalog() *i18n.Catalog { return cat }
