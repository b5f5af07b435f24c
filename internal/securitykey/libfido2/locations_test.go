//go:build cgo && !nofido2

package libfido2

import (
	"errors"
	"testing"

	fido2 "github.com/keys-pub/go-libfido2"

	"github.com/omamori-app/omamori/internal/securitykey"
)

// What libfido2 lists on Windows: a USB key, an NFC reader's key and
// Windows Hello (when webauthn.dll is there).
var windowsLocs = []*fido2.DeviceLocation{
	{Path: `\\?\hid#vid_1050&pid_0407`, Product: "YubiKey"},
	{Path: "pcsc://slot0", Product: "reader"},
	{Path: helloPath, Product: "Windows Hello"},
}

func TestLocationsAsAdministrator(t *testing.T) {
	got, err := locations(windowsLocs, false)
	if err != nil || len(got) != 2 {
		t.Fatalf("%+v %v", got, err)
	}
	for _, l := range got {
		if l.Path == helloPath {
			t.Fatal("Windows Hello listed although keys can be reached directly")
		}
	}
	if got[1].Transport != securitykey.TransportNFC {
		t.Errorf("reader transport %q", got[1].Transport)
	}
}

func TestLocationsWithoutAdministrator(t *testing.T) {
	got, err := locations(windowsLocs, true)
	if err != nil || len(got) != 1 || got[0].Path != helloPath || got[0].Transport != securitykey.TransportHello {
		t.Fatalf("%+v %v", got, err)
	}
	// No webauthn.dll (wine, Windows before 1903): say so.
	if _, err := locations(windowsLocs[:2], true); !errors.Is(err, securitykey.ErrNoWindowsHello) {
		t.Fatalf("without Windows Hello: %v", err)
	}
}

// Windows Hello cannot manage a key: every such call asks for
// administrator rights, so the screen offers the ways out.
func TestHelloDeviceNeedsAdminForManagement(t *testing.T) {
	d := helloDevice{&device{}}
	for name, err := range map[string]error{
		"set PIN": d.SetPIN("1234"), "change PIN": d.ChangePIN("1234", "5678"), "reset": d.Reset(),
		"delete": d.DeleteCredential([]byte{1}, "1234"),
	} {
		if !errors.Is(err, securitykey.ErrAdminRequired) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n, err := d.PINRetries(); n != -1 || err != nil {
		t.Errorf("PIN retries %d %v", n, err)
	}
}
