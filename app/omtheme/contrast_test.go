package omtheme

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/omamori-app/omamori/internal/osdisplay"
)

func TestContrastFormula(t *testing.T) {
	black, white := color.Black, color.White
	if r := Contrast(black, white); r < 20.99 || r > 21.01 {
		t.Errorf("black on white = %.2f, want 21", r)
	}
	// WCAG's example: #777 on white is just under 4.5.
	if r := Contrast(color.NRGBA{0x77, 0x77, 0x77, 0xff}, white); r < 4.47 || r > 4.49 {
		t.Errorf("#777 on white = %.3f, want 4.48", r)
	}
	if got := Over(color.NRGBA{0, 0, 0, 0x80}, white).(color.NRGBA); got.R < 0x7e || got.R > 0x80 {
		t.Errorf("half black over white = %v", got)
	}
}

// A text colour drawn on a background; translucent layers are composited
// over the background below them, as Fyne paints them.
type pair struct {
	what       string
	text       fyne.ThemeColorName
	background []fyne.ThemeColorName // bottom first
	min        float64
}

const aa, code = 4.5, 7.0

// Every colour pair the window draws text with (labels by importance,
// fields, buttons, selection and focus, the codes).
var pairs = []pair{
	{"text", theme.ColorNameForeground, bg(theme.ColorNameBackground), aa},
	{"text in a dialog", theme.ColorNameForeground, bg(theme.ColorNameOverlayBackground), aa},
	{"text in a menu", theme.ColorNameForeground, bg(theme.ColorNameMenuBackground), aa},
	{"field text", theme.ColorNameForeground, bg(theme.ColorNameInputBackground), aa},
	{"placeholder", theme.ColorNamePlaceHolder, bg(theme.ColorNameInputBackground), aa},
	{"button text", theme.ColorNameForeground, bg(theme.ColorNameButton), aa},
	{"hovered button", theme.ColorNameForeground, bg(theme.ColorNameButton, theme.ColorNameHover), aa},
	{"focused button", theme.ColorNameForeground, bg(theme.ColorNameButton, theme.ColorNameFocus), aa},
	{"prominent button", theme.ColorNameForegroundOnPrimary, bg(theme.ColorNamePrimary), aa},
	{"prominent label (status line)", theme.ColorNamePrimary, bg(theme.ColorNameBackground), aa},
	{"link", theme.ColorNameHyperlink, bg(theme.ColorNameBackground), aa},
	{"quiet label (clock notice)", theme.ColorNameDisabled, bg(theme.ColorNameBackground), aa},
	{"error", theme.ColorNameError, bg(theme.ColorNameBackground), aa},
	{"error in a dialog", theme.ColorNameError, bg(theme.ColorNameOverlayBackground), aa},
	{"warning (clock banner)", theme.ColorNameWarning, bg(theme.ColorNameBackground), aa},
	{"success", theme.ColorNameSuccess, bg(theme.ColorNameOverlayBackground), aa},
	{"selected row", theme.ColorNameForeground, bg(theme.ColorNameBackground, theme.ColorNameSelection), aa},
	{"code in a row", theme.ColorNameForeground, bg(theme.ColorNameInputBackground), code},
	{"code in the selected row", theme.ColorNameForeground, bg(theme.ColorNameBackground, theme.ColorNameSelection), code},
	{"code in the focused row", theme.ColorNameForeground, bg(theme.ColorNameBackground, theme.ColorNameFocus), code},
	{"code after 登録", theme.ColorNameForeground, bg(theme.ColorNameOverlayBackground), code},
}

func bg(n ...fyne.ThemeColorName) []fyne.ThemeColorName { return n }

func TestTextContrastWCAG(t *testing.T) {
	themes := map[string]*Theme{
		"light":               NewFor(Light, false, osdisplay.Settings{}),
		"dark":                NewFor(Dark, false, osdisplay.Settings{}),
		"high contrast black": NewFor(Light, false, osdisplay.Settings{HighContrast: &osdisplay.Black}),
		"high contrast white": NewFor(Dark, false, osdisplay.Settings{HighContrast: &osdisplay.White}),
	}
	for name, th := range themes {
		for _, p := range pairs {
			c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, theme.VariantLight) }
			back := c(p.background[0])
			for _, layer := range p.background[1:] {
				back = Over(c(layer), back)
			}
			if r := Contrast(c(p.text), back); r < p.min {
				t.Errorf("%s: %s: %v on %v is %.2f:1, want at least %.1f:1", name, p.what, c(p.text), back, r, p.min)
			}
		}
		// The countdown bar (WCAG 1.4.11: its fill 3:1 against its track,
		// also in its last seconds; the track's edge 3:1 against the row).
		track := th.Color(ColorNameBarTrack, theme.VariantLight)
		for _, n := range []fyne.ThemeColorName{theme.ColorNamePrimary, theme.ColorNameError} {
			if r := Contrast(th.Color(n, theme.VariantLight), track); r < 3 {
				t.Errorf("%s: countdown fill (%s) %v on its track %v is %.2f:1, want 3:1", name, n, th.Color(n, theme.VariantLight), track, r)
			}
		}
		edge := Over(th.Color(ColorNameBarOutline, theme.VariantLight), track)
		for _, n := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground} {
			if r := Contrast(edge, th.Color(n, theme.VariantLight)); th.HighContrast() && r < 3 {
				t.Errorf("%s: countdown track's edge %v on %s is %.2f:1, want 3:1", name, edge, n, r)
			}
		}
		// The focus ring around a row (WCAG 1.4.11: 3:1 against what is next to it).
		ring := th.Color(theme.ColorNamePrimary, theme.VariantLight)
		for _, n := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground} {
			if r := Contrast(ring, th.Color(n, theme.VariantLight)); r < 3 {
				t.Errorf("%s: focus ring on %s is %.2f:1, want 3:1", name, n, r)
			}
		}
	}
}

func TestHighContrastUsesSystemColours(t *testing.T) {
	p := osdisplay.Black
	th := NewFor(Light, false, osdisplay.Settings{HighContrast: &p})
	for n, want := range map[fyne.ThemeColorName]color.Color{
		theme.ColorNameBackground: p.Window, theme.ColorNameForeground: p.WindowText,
		theme.ColorNamePrimary: p.Highlight, theme.ColorNameForegroundOnPrimary: p.HighlightText,
		theme.ColorNameHyperlink: p.HotLight, theme.ColorNameDisabled: p.GrayText,
	} {
		if got := th.Color(n, theme.VariantDark); got != want {
			t.Errorf("%s = %v, want the system colour %v", n, got, want)
		}
	}
	if !th.HighContrast() || NewFor(Light, false, osdisplay.Settings{}).HighContrast() {
		t.Error("HighContrast() does not say whether the system colours are used")
	}
}

func TestLargerTextAndOSScaleMultiply(t *testing.T) {
	base := theme.DefaultTheme().Size(theme.SizeNameText)
	th := NewFor(Light, true, osdisplay.Settings{TextScale: 1.5})
	if got, want := th.Size(theme.SizeNameText), base*LargeScale*1.5; got != want {
		t.Errorf("text size with larger text and a 150%% OS text scale = %v, want %v", got, want)
	}
	if got := NewFor(Light, false, osdisplay.Settings{TextScale: 1.5}).Size(theme.SizeNameText); got != base*1.5 {
		t.Errorf("OS text scale alone = %v, want %v", got, base*1.5)
	}
}

// Contrast is the WCAG 2 contrast ratio of two opaque colours (1 to 21).
// Only these tests measure the theme, so it lives with them.
func Contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Over composites c (which may be translucent) over an opaque base.
func Over(c, base color.Color) color.Color {
	r, g, b, a := c.RGBA()
	br, bg, bb, _ := base.RGBA()
	mix := func(x, y uint32) uint8 { return uint8((x + y*(0xffff-a)/0xffff) >> 8) }
	return color.NRGBA{R: mix(r, br), G: mix(g, bg), B: mix(b, bb), A: 0xff}
}

func luminance(c color.Color) float64 {
	r, g, b, _ := color.NRGBAModel.Convert(c).(color.NRGBA).RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
