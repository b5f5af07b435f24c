//go:build !windows

package glcheck

// Check is done on Windows only: on macOS OpenGL 2.1 is always there, and
// on Linux GLFW's own error reaches the terminal the app was started from.
func Check() error { return nil }

// MessageBox is Windows-only; elsewhere it does nothing.
func MessageBox(title, text string) {}
