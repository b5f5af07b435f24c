package testenv

import (
	"net"
	"path/filepath"
	"testing"
)

// HungBus is the address of a D-Bus peer that accepts connections and
// never answers, as a hung keyring daemon would; it stops at the end of
// the test.
func HungBus(t testing.TB) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "bus")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, never answered, until the listener closes
		}
	}()
	return "unix:path=" + sock
}
