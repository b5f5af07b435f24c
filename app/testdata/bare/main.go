// Command bare is an empty Fyne window: the measurement script's baseline
// for what Fyne's GLFW driver costs before Omamori does anything.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.New()
	w := a.NewWindow("Bare Fyne")
	w.SetContent(widget.NewLabel("bare"))
	w.ShowAndRun()
}
