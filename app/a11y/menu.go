package a11y

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// ShowMenu pops up items at pos as a column of buttons a screen reader
// reads (Fyne's pop-up menu items are not fyne.Accessible). Up and Down
// move between them, Enter or Space picks one, Esc closes the menu.
func ShowMenu(c fyne.Canvas, pos fyne.Position, items []*fyne.MenuItem) *widget.PopUp {
	var pop *widget.PopUp
	var buttons []*menuButton
	col := container.NewVBox()
	for _, it := range items {
		if it.IsSeparator {
			col.Add(widget.NewSeparator())
			continue
		}
		it := it
		b := &menuButton{c: c}
		b.Text, b.Icon, b.Alignment, b.Importance = it.Label, it.Icon, widget.ButtonAlignLeading, widget.LowImportance
		b.OnTapped = func() {
			pop.Hide()
			if it.Action != nil {
				it.Action()
			}
		}
		b.ExtendBaseWidget(b)
		if it.Disabled {
			b.Disable()
		}
		buttons = append(buttons, b)
		col.Add(b)
	}
	for _, b := range buttons {
		b.all, b.close = buttons, func() { pop.Hide() }
	}
	pop = widget.NewPopUp(col, c)
	// Keep it inside the window, as Fyne's own menu does.
	size, room := pop.MinSize(), c.Size()
	pos.X = max(0, min(pos.X, room.Width-size.Width))
	pos.Y = max(0, min(pos.Y, room.Height-size.Height))
	pop.ShowAtPosition(pos)
	for _, b := range buttons {
		if !b.Disabled() {
			c.Focus(b)
			break
		}
	}
	return pop
}

type menuButton struct {
	widget.Button
	c     fyne.Canvas
	all   []*menuButton
	close func()
}

// TypedKey: Esc closes, Up/Down move to the previous/next enabled item.
func (b *menuButton) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		b.close()
	case fyne.KeyUp, fyne.KeyDown:
		step := 1
		if k.Name == fyne.KeyUp {
			step = -1
		}
		i := 0
		for j, x := range b.all {
			if x == b {
				i = j
			}
		}
		for j := i + step; j >= 0 && j < len(b.all); j += step {
			if !b.all[j].Disabled() {
				b.c.Focus(b.all[j])
				return
			}
		}
	default:
		b.Button.TypedKey(k)
	}
}
