package applock

import (
	"fmt"
	"testing"
)

func (g guid) String() string {
	return fmt.Sprintf("%08x-%04x-%04x-%x-%x", g.Data1, g.Data2, g.Data3, g.Data4[:2], g.Data4[2:])
}

// The IIDs Windows' own headers give for two parameterised interfaces:
// a wrong hash would make RequestVerificationForWindowAsync answer
// E_NOINTERFACE on every PC.
func TestPinterfaceIID(t *testing.T) {
	for sig, want := range map[string]string{
		"pinterface({9fc2b0bb-e446-44e2-aa61-9cab8f636af2};b1)":     "cdb5efb3-5788-509d-9be1-71ccb8a3362a", // IAsyncOperation<Boolean>
		"pinterface({9fc2b0bb-e446-44e2-aa61-9cab8f636af2};string)": "3e1fe603-f897-5263-b328-0806426b8a79", // IAsyncOperation<String>
		asyncVerificationResult:                                     "fd596ffd-2318-558f-9dbe-d21df43764a5", // IAsyncOperation<UserConsentVerificationResult>
	} {
		if got := pinterfaceIID(sig).String(); got != want {
			t.Errorf("%s: %s, want %s", sig, got, want)
		}
	}
}
