// Package osdisplay reads the operating system's accessibility display
// settings the window follows: a high-contrast colour scheme and the text
// scale ("make text bigger"). It knows nothing of Fyne; app/omtheme maps
// what it reads onto the window's colours and sizes.
package osdisplay

import "image/color"

// Palette is a high-contrast scheme's system colours (Windows GetSysColor).
type Palette struct {
	Window, WindowText       color.NRGBA // background and text
	Highlight, HighlightText color.NRGBA // selection / prominent button and its text
	ButtonFace, ButtonText   color.NRGBA
	GrayText                 color.NRGBA // disabled text
	HotLight                 color.NRGBA // links
}

// Settings is what the OS asks of the window.
type Settings struct {
	// HighContrast is the scheme in use, nil when high contrast is off.
	HighContrast *Palette
	// TextScale multiplies text sizes: 1 normally, 1.5 for Windows'
	// "Make text bigger" at 150 %.
	TextScale float64
}

// Same reports whether s and o ask for the same look.
func (s Settings) Same(o Settings) bool {
	if s.TextScale != o.TextScale || (s.HighContrast == nil) != (o.HighContrast == nil) {
		return false
	}
	return s.HighContrast == nil || *s.HighContrast == *o.HighContrast
}

// Read asks the OS; where it has nothing to say it returns no high
// contrast and a text scale of 1.
func Read() Settings {
	s := read()
	if s.TextScale < 1 || s.TextScale > 3 {
		s.TextScale = 1
	}
	return s
}

// Black and White are Windows' "High Contrast Black" and "High Contrast
// White" (Windows 10 names; Windows 11 calls them Night sky and Desert
// with other colours), for tests and screenshots.
var (
	Black = Palette{
		Window: rgb(0x000000), WindowText: rgb(0xffffff),
		Highlight: rgb(0x1aebff), HighlightText: rgb(0x000000),
		ButtonFace: rgb(0x000000), ButtonText: rgb(0xffffff),
		GrayText: rgb(0x3ff23f), HotLight: rgb(0xffff00),
	}
	White = Palette{
		Window: rgb(0xffffff), WindowText: rgb(0x000000),
		Highlight: rgb(0x37006e), HighlightText: rgb(0xffffff),
		ButtonFace: rgb(0xffffff), ButtonText: rgb(0x000000),
		GrayText: rgb(0x600000), HotLight: rgb(0x00009f),
	}
)

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}
