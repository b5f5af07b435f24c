package app

import (
	"testing"

	"github.com/omamori-app/omamori/app/keyview"
)

// No arguments open the codes; the elevated restart's one argument opens
// the codes with the security-key window over them; anything else is the
// command line's.
func TestWindowArgs(t *testing.T) {
	for _, c := range []struct {
		args     []string
		window   bool
		openKeys bool
	}{
		{nil, true, false},
		{[]string{keyview.ReopenArg}, true, true},
		{[]string{keyview.ReopenArg, "list"}, false, false},
		{[]string{"list"}, false, false},
		{[]string{"--help"}, false, false},
	} {
		opts, ok := WindowArgs(c.args)
		if ok != c.window || opts.OpenKeys != c.openKeys {
			t.Errorf("WindowArgs(%q) = OpenKeys %v, window %v; want %v, %v", c.args, opts.OpenKeys, ok, c.openKeys, c.window)
		}
	}
}
