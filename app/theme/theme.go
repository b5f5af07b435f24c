// Package theme is Omamori's look: Fyne's default theme with the bundled
// Noto Sans JP (so kanji render the same on every machine), a calm indigo
// accent, a forced light or dark variant if the user picked one, and an
// optional larger text size for older eyes.
package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/omamori-app/omamori/assets"
)

// Variant choices, as stored in settings.
const (
	System = "system"
	Light  = "light"
	Dark   = "dark"
)

// SizeNameCode is the text size of a one-time code.
const SizeNameCode fyne.ThemeSizeName = "omamoriCode"

// LargeScale is how much bigger "large text" makes everything textual.
const LargeScale = 1.25

// Theme implements fyne.Theme.
type Theme struct {
	variant string
	scale   float32
}

// New returns the theme for a variant (System, Light, Dark) and text size.
func New(variant string, large bool) *Theme {
	s := float32(1)
	if large {
		s = LargeScale
	}
	return &Theme{variant: variant, scale: s}
}

var accent = map[fyne.ThemeVariant]color.Color{
	theme.VariantLight: color.NRGBA{R: 0x1f, G: 0x4e, B: 0x79, A: 0xff},
	theme.VariantDark:  color.NRGBA{R: 0x7f, G: 0xb2, B: 0xe5, A: 0xff},
}

// Color picks from Fyne's default palette for the chosen variant.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.variant {
	case Light:
		v = theme.VariantLight
	case Dark:
		v = theme.VariantDark
	}
	if v != theme.VariantDark {
		v = theme.VariantLight
	}
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return accent[v]
	case theme.ColorNameFocus:
		c := accent[v].(color.NRGBA)
		c.A = 0x7f
		return c
	}
	return theme.DefaultTheme().Color(n, v)
}

// Font returns Noto Sans JP for everything but monospace (codes use
// Fyne's monospace digits so "123 456" lines up).
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace || s.Symbol:
		return theme.DefaultTheme().Font(s)
	case s.Bold:
		return assets.FontBold
	}
	return assets.FontRegular
}

// Icon is Fyne's default.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size scales text (and the padding around it) when large text is on.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case SizeNameCode:
		return 34 * t.scale
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
		return theme.DefaultTheme().Size(n) * t.scale
	}
	return theme.DefaultTheme().Size(n)
}

// DialogWidth is want (at normal text size) scaled with the text size, but
// never wider than the window w leaves room for.
func DialogWidth(w fyne.Window, want float32) float32 {
	wd := want * theme.TextSize() / theme.DefaultTheme().Size(theme.SizeNameText)
	if w != nil {
		if max := w.Canvas().Size().Width - 2*theme.Padding(); max > 0 && wd > max {
			return max
		}
	}
	return wd
}
