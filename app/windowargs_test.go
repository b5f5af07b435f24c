package app

import (
	"testing"

	"github.com/omamori-app/omamori/app/keyview"
)

// No arguments open the codes; the elevated restart's one argument opens
// the codes with the security-key window over them; --tray starts in the
// tray (after an automatic update); anything else is the
// command line's.
func TestWindowArgs(t *testing.T) {
	for _, c := range []struct {
		args     []string
		window   bool
		openKeys bool
		inTray   bool
	}{
		{nil, true, false, false},
		{[]string{keyview.ReopenArg}, true, true, false},
		{[]string{TrayArg}, true, false, true},
		{[]string{TrayArg, "list"}, false, false, false},
		{[]string{keyview.ReopenArg, "list"}, false, false, false},
		{[]string{"list"}, false, false, false},
		{[]string{"--help"}, false, false, false},
	} {
		opts, ok := WindowArgs(c.args)
		if ok != c.window || opts.OpenKeys != c.openKeys || opts.InTray != c.inTray {
			t.Errorf("WindowArgs(%q) = OpenKeys %v, InTray %v, window %v; want %v, %v, %v", c.args, opts.OpenKeys, opts.InTray, ok, c.openKeys, c.inTray, c.window)
		}
	}
}
