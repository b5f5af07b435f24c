package uitest

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
)

// PastRightEdge reports every visible object drawn past the right edge of
// c: a dialog or a row wider than its window hides its end (a select's
// arrow, a button, the scroll bar) where the user cannot reach it. What a
// horizontal scroll holds is left out: it is there to be scrolled to.
func PastRightEdge(c fyne.Canvas) []Problem {
	right := c.Size().Width
	var probs []Problem
	look := func(o fyne.CanvasObject) bool {
		if _, ok := o.(*layout.Spacer); ok {
			return false // nothing to see
		}
		w := o.Size().Width
		if t, ok := o.(*canvas.Text); ok && t.Alignment == fyne.TextAlignLeading {
			w = min(w, t.MinSize().Width) // the glyphs, not the box they may fill
		}
		x := fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X + w
		if x > right+0.5 {
			probs = append(probs, Problem{fmt.Sprintf("reaches x=%.0f, past the window's right edge at %.0f: %q", x, right, Texts(o)), o})
			return false // its children say the same
		}
		s, ok := o.(*container.Scroll)
		return !ok || s.Direction == container.ScrollVerticalOnly || s.Direction == container.ScrollNone
	}
	Walk(c.Content(), look)
	for _, o := range c.Overlays().List() {
		Walk(o, look)
	}
	return probs
}
