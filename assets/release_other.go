//go:build !linux

package assets

// ReleaseFonts does nothing here: only Linux's figures were measured (see
// release_linux.go).
func ReleaseFonts() {}
