package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// An empty or hidden banner slot takes no height; a shown one is padded.
func TestCollapsibleTakesNoSpaceWhenEmpty(t *testing.T) {
	test.NewTempApp(t)
	if got := collapsible(container.NewVBox()).MinSize(); !got.IsZero() {
		t.Errorf("empty slot: min size %v, want none", got)
	}
	l := widget.NewLabel("時計が72秒進んでいます")
	box := container.NewVBox(l)
	slot := collapsible(box)
	l.Hide()
	if got := slot.MinSize(); !got.IsZero() {
		t.Errorf("slot with a hidden banner: min size %v, want none", got)
	}
	l.Show()
	p := theme.Padding()
	if got, want := slot.MinSize(), l.MinSize().AddWidthHeight(2*p, 2*p); got != want {
		t.Errorf("shown banner: min size %v, want %v (padded)", got, want)
	}
	slot.Resize(fyne.NewSize(300, 100))
	if box.Position() != fyne.NewPos(p, p) || box.Size() != fyne.NewSize(300-2*p, 100-2*p) {
		t.Errorf("banner laid out at %v size %v, want inset by the padding", box.Position(), box.Size())
	}
}
