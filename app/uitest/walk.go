package uitest

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
)

// Walk calls f for o and every visible object under it, parents first, in
// drawing order: a container's objects, a widget's renderer's objects.
// When f returns false, Walk does not look inside that object.
func Walk(o fyne.CanvasObject, f func(fyne.CanvasObject) bool) {
	if o == nil || !o.Visible() {
		return
	}
	if !f(o) {
		return
	}
	for _, ch := range children(o) {
		Walk(ch, f)
	}
}

// Visit calls f for o and every visible object under it (Walk, always
// looking inside).
func Visit(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	Walk(o, func(o fyne.CanvasObject) bool { f(o); return true })
}

// All lists the visible objects of type T under o that match (nil: all),
// in drawing order.
func All[T fyne.CanvasObject](o fyne.CanvasObject, match func(T) bool) []T {
	var out []T
	Visit(o, func(o fyne.CanvasObject) {
		if v, ok := o.(T); ok && (match == nil || match(v)) {
			out = append(out, v)
		}
	})
	return out
}

// Find returns the first visible object of type T under o that matches.
func Find[T fyne.CanvasObject](o fyne.CanvasObject, match func(T) bool) (T, bool) {
	if all := All(o, match); len(all) > 0 {
		return all[0], true
	}
	var zero T
	return zero, false
}

// Button is the first visible button under o labelled exactly text, or nil.
func Button(o fyne.CanvasObject, text string) *widget.Button {
	b, _ := Find(o, func(b *widget.Button) bool { return b.Text == text })
	return b
}

// Texts lists what a sighted user reads under o, in drawing order: each
// label's text, "[text]" for a button, "[ ] text" for a check box, and
// text drawn outside those (a card's title).
func Texts(o fyne.CanvasObject) []string {
	var out []string
	Walk(o, func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *jptext.Label:
			out = append(out, x.Content())
		case interface{ Content() string }: // a widget built on jptext.Label
			out = append(out, x.Content())
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, "["+x.Text+"]")
		case *a11y.Check:
			out = append(out, "[ ] "+x.Text)
		case *canvas.Text:
			out = append(out, x.Text)
		default:
			return true
		}
		return false // read whole: not again as the text it draws
	})
	return out
}
