// Package themetest is fyne's test theme with the Japanese fonts the app
// bundles, for view tests and golden images: Japanese text renders and
// measures the same on every machine (no system font fallback), while the
// colours stay the test theme's, so goldens change with a screen and not
// with the app's palette.
package themetest

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/assets"
)

type fontTheme struct{ fyne.Theme }

func (f fontTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace || s.Symbol:
		return f.Theme.Font(s)
	case s.Bold:
		return assets.FontBold
	}
	return assets.FontRegular
}

// New returns fyne's test theme drawing text with Noto Sans JP.
func New() fyne.Theme { return fontTheme{test.Theme()} }
