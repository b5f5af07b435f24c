//go:build !windows

package passkeyready

import "testing"

// Elsewhere there is no webauthn.dll to ask: "cannot tell".
func TestSystemCannotTell(t *testing.T) {
	if n := HelloCount(System(), seed000(t)); n != -1 || System().Platform().Known {
		t.Errorf("this system (not Windows) cannot tell: %d %+v", n, System().Platform())
	}
}
