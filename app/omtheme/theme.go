// Package omtheme is Omamori's look: Fyne's default theme with the bundled
// Noto Sans JP (so kanji render the same on every machine), a calm indigo
// accent, a forced light or dark variant if the user picked one, and an
// optional larger text size for older eyes.
package omtheme

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/omamori-app/omamori/assets"
	"github.com/omamori-app/omamori/internal/osdisplay"
)

// Variant choices, as stored in settings.
const (
	System = "system"
	Light  = "light"
	Dark   = "dark"
)

// SizeNameCode is the text size of a one-time code.
const SizeNameCode fyne.ThemeSizeName = "omamoriCode"

// The countdown bar's track and its outline. The bar's fill is the
// primary colour (the error colour near the end of a step). In a
// high-contrast scheme the track is the window colour outlined in the text
// colour, so that the fill (highlight or text colour) stands out from it
// as Windows' own progress bars do; elsewhere it is Fyne's field border
// and has no outline.
const (
	ColorNameBarTrack   fyne.ThemeColorName = "omamoriBarTrack"
	ColorNameBarOutline fyne.ThemeColorName = "omamoriBarOutline"
)

// LargeScale is how much bigger "large text" makes everything textual.
const LargeScale = 1.25

// Theme implements fyne.Theme.
type Theme struct {
	variant string
	scale   float32
	hc      *osdisplay.Palette // the OS's high-contrast colours, nil when off
}

// ReadOS reads the OS's high-contrast and text-scale settings; tests
// replace it.
var ReadOS = osdisplay.Read

// New returns the theme for a variant (System, Light, Dark) and text size,
// following the OS's high-contrast scheme and text scale (ReadOS).
func New(variant string, large bool) *Theme { return NewFor(variant, large, ReadOS()) }

// NewFor is New for given OS settings: high contrast overrides the variant
// with the system colours; larger text and the OS text scale multiply.
func NewFor(variant string, large bool, os osdisplay.Settings) *Theme {
	s := float32(1)
	if large {
		s = LargeScale
	}
	if os.TextScale > 1 {
		s *= float32(os.TextScale)
	}
	return &Theme{variant: variant, scale: s, hc: os.HighContrast}
}

// HighContrast reports whether the OS's high-contrast colours are in use.
func (t *Theme) HighContrast() bool { return t.hc != nil }

var accent = map[fyne.ThemeVariant]color.Color{
	theme.VariantLight: color.NRGBA{R: 0x1f, G: 0x4e, B: 0x79, A: 0xff},
	theme.VariantDark:  color.NRGBA{R: 0x7f, G: 0xb2, B: 0xe5, A: 0xff},
}

// readable replaces Fyne's default colours that text is drawn in where they
// fall short of WCAG AA (4.5:1) on the backgrounds they meet, or of 7:1 for
// the codes (contrast_test.go checks every pair): Fyne's light grey text,
// placeholders, low-importance labels (drawn in the "disabled" colour) and
// its bright red, orange and green on white.
var readable = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantLight: {
		theme.ColorNameForeground:  color.NRGBA{R: 0x26, G: 0x26, B: 0x26, A: 0xff},
		theme.ColorNamePlaceHolder: color.NRGBA{R: 0x5f, G: 0x5f, B: 0x5f, A: 0xff},
		theme.ColorNameDisabled:    color.NRGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xff},
		theme.ColorNameError:       color.NRGBA{R: 0xb7, G: 0x1c, B: 0x1c, A: 0xff},
		theme.ColorNameWarning:     color.NRGBA{R: 0x85, G: 0x4d, B: 0x00, A: 0xff},
		theme.ColorNameSuccess:     color.NRGBA{R: 0x1b, G: 0x5e, B: 0x20, A: 0xff},
	},
	theme.VariantDark: {
		theme.ColorNameDisabled: color.NRGBA{R: 0x9a, G: 0x9a, B: 0x9a, A: 0xff},
		// on the light blue accent (white there is 2.2:1)
		theme.ColorNameForegroundOnPrimary: color.NRGBA{R: 0x0d, G: 0x1b, B: 0x2a, A: 0xff},
	},
}

// Color picks from Fyne's default palette for the chosen variant, or the
// OS's high-contrast colours.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.hc != nil {
		return highContrast(*t.hc, n)
	}
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
	case ColorNameBarTrack:
		return t.Color(theme.ColorNameInputBorder, v)
	case ColorNameBarOutline:
		return color.Transparent
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return accent[v]
	case theme.ColorNameFocus:
		// Light enough that text on a focused row or button stays 7:1;
		// a focused row also gets a ring in the accent colour.
		c := accent[v].(color.NRGBA)
		c.A = 0x40
		return c
	}
	if c, ok := readable[v][n]; ok {
		return c
	}
	return theme.DefaultTheme().Color(n, v)
}

// highContrast maps Fyne's colour names onto the system colours, the way
// Windows draws its own controls in a high-contrast scheme.
func highContrast(p osdisplay.Palette, n fyne.ThemeColorName) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground,
		theme.ColorNameOverlayBackground, theme.ColorNameHeaderBackground, theme.ColorNameButton,
		theme.ColorNameDisabledButton, theme.ColorNameForegroundOnError,
		theme.ColorNameForegroundOnSuccess, theme.ColorNameForegroundOnWarning, theme.ColorNameScrollBarBackground,
		ColorNameBarTrack:
		return p.Window
	case theme.ColorNamePrimary:
		return p.Highlight
	case theme.ColorNameForegroundOnPrimary:
		return p.HighlightText
	case theme.ColorNameSelection, theme.ColorNameFocus:
		// over the background, under the scheme's text colour
		s := p.Highlight
		s.A = 0x55
		return s
	case theme.ColorNameHover, theme.ColorNamePressed:
		h := p.Highlight
		h.A = 0x33
		return h
	case theme.ColorNameHyperlink:
		return p.HotLight
	case theme.ColorNameDisabled:
		return p.GrayText
	case theme.ColorNameShadow:
		return color.Transparent
	}
	// Foreground, placeholder, borders, separators, scroll bars, error,
	// warning and success text: the scheme's text colour.
	return p.WindowText
}

// Font returns Noto Sans JP for everything but monospace (codes use
// Fyne's monospace digits so "123 456" lines up).
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource { return fontFor(s) }

// firstFaces are the styles the window's first frame draws with: labels,
// names and buttons, and the codes.
var firstFaces = []fyne.TextStyle{{}, {Bold: true}, {Monospace: true}}

// ParseFonts parses the fonts of firstFaces through d's text measure,
// which keeps each parsed font for every later use: a start calls it on a
// goroutine of its own while it makes the window, so the window's first
// measure finds them parsed (docs/performance.md, "Time to window: the
// start's own work"). Any theme of this package draws with these fonts.
func ParseFonts(d fyne.Driver) {
	for _, st := range firstFaces {
		// A rune the font lacks would make Fyne scan the system's fonts
		// for one that has it: the monospace font has no kana.
		text := "あ"
		if st.Monospace {
			text = "0"
		}
		d.RenderedTextSize(text, theme.DefaultTheme().Size(theme.SizeNameText), st, fontFor(st))
	}
}

func fontFor(s fyne.TextStyle) fyne.Resource {
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
