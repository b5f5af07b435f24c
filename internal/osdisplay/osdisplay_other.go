//go:build !windows && !linux && !(darwin && cgo)

package osdisplay

// read: macOS's "Increase contrast" and Linux desktops' high-contrast
// themes are not read yet (macOS reports them through AppKit only); the
// text size there follows the display scale Fyne already applies.
func read() Settings { return Settings{TextScale: 1} }
