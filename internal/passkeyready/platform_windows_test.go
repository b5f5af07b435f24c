//go:build windows

package passkeyready

import "testing"

// Without webauthn.dll (wine; Windows before 10 1903) every answer is
// "cannot tell"; with it, Windows answers and the API version is known.
func TestSystemWebAuthn(t *testing.T) {
	p := System().Platform()
	_, listOK := System().PlatformPasskeys("example.com")
	if webauthn.Load() != nil {
		if p.Known || listOK {
			t.Errorf("no webauthn.dll, yet %+v, list %v", p, listOK)
		}
		return
	}
	if !p.Known || p.APIVersion < 1 {
		t.Errorf("webauthn.dll is there, yet %+v", p)
	}
	if listOK != (p.APIVersion >= credListAPIVersion) {
		t.Errorf("API %d, listing answered %v", p.APIVersion, listOK)
	}
}
