package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// collapse pads its objects as container.NewPadded does, and takes no
// space while nothing in it is shown: the banner slots above the list
// (clock warning, repair notice) are empty on most days, and padding
// round an empty slot pushed the list down for nothing.
type collapse struct{}

func (collapse) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var min fyne.Size
	for _, o := range objs {
		if o.Visible() {
			min = min.Max(o.MinSize())
		}
	}
	if min.IsZero() {
		return fyne.Size{}
	}
	p := theme.Padding()
	return min.AddWidthHeight(2*p, 2*p)
}

func (collapse) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	p := theme.Padding()
	for _, o := range objs {
		o.Move(fyne.NewPos(p, p))
		o.Resize(size.SubtractWidthHeight(2*p, 2*p))
	}
}

// collapsible is obj padded, taking no space while obj shows nothing.
func collapsible(obj fyne.CanvasObject) *fyne.Container {
	return container.New(collapse{}, obj)
}
