package clockview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// canvasBackground is the warning card's tinted, rounded background, in
// the theme's warning colour so it suits light and dark themes.
func canvasBackground() fyne.CanvasObject {
	c := theme.Color(theme.ColorNameWarning)
	r, g, b, _ := c.RGBA()
	bg := canvas.NewRectangle(color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x30})
	bg.StrokeColor = c
	bg.StrokeWidth = 1.5
	bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	return bg
}
