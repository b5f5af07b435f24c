//go:build !windows && !linux && !(darwin && cgo)

package osdisplay

// read: elsewhere (the BSDs, a macOS build without cgo) high contrast is
// not read; the text size follows the display scale Fyne already applies.
func read() Settings { return Settings{TextScale: 1} }
