//go:build !windows && !(darwin && cgo) && !(linux && cgo)

package clipboard

// system: no adapter on other systems, nor in a build without cgo. The toolkit (GLFW) owns the
// X11/Wayland selection and offers one target; adding the KDE hint
// x-kde-passwordManagerHint would need our own selection owner.
func system() Clipboard { return nil }
