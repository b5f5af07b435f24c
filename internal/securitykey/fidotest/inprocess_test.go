//go:build linux

package fidotest

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"testing"
	"time"

	libfido2 "github.com/keys-pub/go-libfido2"

	"github.com/omamori-app/omamori/internal/testenv"
)

// The whole package runs under the shim, as the service's tests will, so
// these tests also check RunPackageUnderShim and the slot allocation.
func TestMain(m *testing.M) { os.Exit(RunPackageUnderShim(m)) }

func needShim(t *testing.T, r *Rig) {
	t.Helper()
	if r.UnderShim() {
		return
	}
	testenv.Missing(t, "not running under the hidshim (gcc missing?)")
}

func listed(t *testing.T, path string) *libfido2.DeviceLocation {
	t.Helper()
	locs, err := libfido2.DeviceLocations()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range locs {
		if l.Path == path {
			return l
		}
	}
	return nil
}

func TestGoLibfido2InProcess(t *testing.T) {
	r := Start(t, Options{})
	needShim(t, r)
	loc := listed(t, r.Path())
	if loc == nil || loc.Manufacturer != "Omamori" || loc.Product != "Virtual Security Key" {
		t.Fatalf("device list entry: %+v", loc)
	}
	dev, err := libfido2.NewDevice(r.Path())
	if err != nil {
		t.Fatal(err)
	}
	info, err := dev.Info()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(info.AAGUID, []byte("OMAMORI-VIRTKEY1")) {
		t.Fatalf("aaguid %x", info.AAGUID)
	}
	if err := dev.SetPIN("1234", ""); err != nil {
		t.Fatal(err)
	}
	if n, err := dev.RetryCount(); err != nil || n != 8 {
		t.Fatalf("retries %d %v", n, err)
	}
	cdh := sha256.Sum256([]byte("challenge"))
	att, err := dev.MakeCredential(cdh[:], libfido2.RelyingParty{ID: "omamori.example", Name: "Omamori"},
		libfido2.User{ID: []byte{1, 2, 3}, Name: "taro", DisplayName: "三菱 太郎"},
		libfido2.ES256, "1234", &libfido2.MakeCredentialOpts{RK: libfido2.True})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dev.Assertion("omamori.example", cdh[:], [][]byte{att.CredentialID}, "1234", nil); err != nil {
		t.Fatal(err)
	}
	creds, err := dev.Credentials("omamori.example", "1234")
	if err != nil || len(creds) != 1 || creds[0].User.Name != "taro" {
		t.Fatalf("credentials %+v %v", creds, err)
	}
	if err := dev.DeleteCredential(att.CredentialID, "1234"); err != nil {
		t.Fatal(err)
	}
	if _, err := dev.Assertion("omamori.example", cdh[:], [][]byte{att.CredentialID}, "1234", nil); !errors.Is(err, libfido2.ErrNoCredentials) {
		t.Fatalf("assertion with a deleted credential: %v", err)
	}
	if err := dev.SetPIN("0000", "9999"); !errors.Is(err, libfido2.ErrPinInvalid) {
		t.Fatalf("change with wrong PIN: %v", err)
	}
	if err := dev.Reset(); err != nil {
		t.Fatal(err)
	}
	if n, err := dev.RetryCount(); err != nil || n != 8 {
		t.Fatalf("retries after reset %d %v", n, err)
	}
}

// makeCredential starts a makeCredential that needs a touch.
func makeCredential(dev *libfido2.Device) <-chan error {
	done := make(chan error, 1)
	go func() {
		cdh := sha256.Sum256([]byte("c"))
		_, err := dev.MakeCredential(cdh[:], libfido2.RelyingParty{ID: "omamori.example"},
			libfido2.User{ID: []byte{1}, Name: "u"}, libfido2.ES256, "", nil)
		done <- err
	}()
	return done
}

func waitDone(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("libfido2 did not return")
		return nil
	}
}

func TestTouchCancelAndUnplugInProcess(t *testing.T) {
	r := Start(t, Options{})
	needShim(t, r)
	pad := r.UseTouchPad(20 * time.Second)
	dev, _ := libfido2.NewDevice(r.Path())

	done := makeCredential(dev)
	<-pad.Requests()
	r.Touch()
	if err := waitDone(t, done); err != nil {
		t.Fatalf("touched: %v", err)
	}

	// Note: go-libfido2's Device.open writes d.dev without the lock that
	// Cancel takes, so -race reports a race inside go-libfido2 here.
	done = makeCredential(dev)
	<-pad.Requests()
	if err := dev.Cancel(); err != nil {
		t.Fatal(err)
	}
	if err := waitDone(t, done); !errors.Is(err, libfido2.ErrKeepaliveCancel) {
		t.Fatalf("cancelled: %v", err)
	}

	done = makeCredential(dev)
	<-pad.Requests()
	r.Unplug()
	if err := waitDone(t, done); err == nil {
		t.Fatal("makeCredential succeeded on an unplugged key")
	}
	if listed(t, r.Path()) != nil {
		t.Fatal("unplugged key still listed")
	}
	if _, err := dev.Info(); err == nil {
		t.Fatal("open of an unplugged key succeeded")
	}
	r.Plug()
	if _, err := dev.Info(); err != nil {
		t.Fatalf("after replug: %v", err)
	}
}

func TestTwoKeysAtOnce(t *testing.T) {
	a := Start(t, Options{})
	needShim(t, a)
	b := Start(t, Options{})
	if a.Path() == b.Path() {
		t.Fatalf("both rigs at %s", a.Path())
	}
	if listed(t, a.Path()) == nil || listed(t, b.Path()) == nil {
		t.Fatal("not both keys listed")
	}
	devB, _ := libfido2.NewDevice(b.Path())
	if err := devB.SetPIN("1234", ""); err != nil {
		t.Fatal(err)
	}
	if a.Key().State().PINHash != nil || b.Key().State().PINHash == nil {
		t.Fatal("PIN went to the wrong key")
	}
}
