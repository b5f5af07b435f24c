//go:build !windows && !darwin

package filepicker

// Native reports whether this OS has a dialog Open and Save can show.
const Native = false

func open(Options) (string, error) { return "", ErrUnavailable }
func save(Options) (string, error) { return "", ErrUnavailable }
