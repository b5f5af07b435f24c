package a11y

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

func TestMenuKeyboardAndActions(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, container.NewVBox())
	w.Resize(fyne.NewSize(300, 300))
	c := w.Canvas()
	var picked string
	item := func(label string) *fyne.MenuItem {
		return fyne.NewMenuItem(label, func() { picked = label })
	}
	up := item("up")
	up.Disabled = true
	pop := ShowMenu(c, fyne.NewPos(280, 280), []*fyne.MenuItem{item("rename"), up, fyne.NewMenuItemSeparator(), item("delete")})
	if p := pop.Position(); p.X+pop.MinSize().Width > 300 || p.Y+pop.MinSize().Height > 300 {
		t.Errorf("menu at %v (size %v) leaves the 300x300 window", p, pop.MinSize())
	}
	first, ok := c.Focused().(*menuButton)
	if !ok || first.Text != "rename" {
		t.Fatalf("focus on %v, want the first item", c.Focused())
	}
	first.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	next := c.Focused().(*menuButton)
	if next.Text != "delete" {
		t.Fatalf("Down went to %q, want delete (skipping the disabled item)", next.Text)
	}
	test.Tap(next)
	if picked != "delete" || pop.Visible() {
		t.Fatalf("tapping delete: picked %q, menu visible %v", picked, pop.Visible())
	}
	pop = ShowMenu(c, fyne.NewPos(0, 0), []*fyne.MenuItem{item("rename")})
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if pop.Visible() {
		t.Fatal("Esc did not close the menu")
	}
}
