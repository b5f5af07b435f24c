package update

import (
	"errors"
	"os"
)

// StartDetached is the real start, for install_test.go.
var StartDetached = startDetached

// FailRemoveAll makes os.RemoveAll fail as it does under wine 8 (Go's
// Windows unlinkat answered "Invalid function") until the test ends.
func FailRemoveAll(t interface{ Cleanup(func()) }) {
	removeAll = func(string) error { return errors.New("unlinkat: Invalid function") }
	t.Cleanup(func() { removeAll = os.RemoveAll })
}
