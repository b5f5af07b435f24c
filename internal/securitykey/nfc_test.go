package securitykey

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
)

// onReader puts dev on an NFC reader as libfido2 reports one: a pcsc://
// path, the reader's name as product and "PC/SC" as maker. The reader
// is named neutrally, so nothing can tell NFC from its name.
func onReader(dev *fakeDevice) *fakeDriver {
	d := &fakeDriver{devs: map[string]*fakeDevice{dev.path: dev}}
	d.locs = []Location{{Path: dev.path, Product: "Virtual PCD 00 00", Manufacturer: "PC/SC", Transport: TransportFromPath(dev.path)}}
	return d
}

// A key on a reader is called by its AAGUID's model, else "NFC security
// key"; the reader is shown apart, never as the key's name or maker.
func TestNFCKeyIsNamedAsAKey(t *testing.T) {
	dev := newFakeDevice("pcsc://slot0")
	dev.aaguid = make([]byte, 16) // not in the table
	ks, err := New(onReader(dev)).List()
	if err != nil || len(ks) != 1 {
		t.Fatalf("list: %+v %v", ks, err)
	}
	k := ks[0]
	if k.Transport != TransportNFC || k.Reader != "Virtual PCD 00 00" || k.Product != "" || k.Maker != "" {
		t.Fatalf("key on the reader: %+v", k)
	}
	if n := k.Name(i18n.JA); n != "NFCのセキュリティキー" {
		t.Errorf("name %q", n)
	}
	if n := k.Name(i18n.EN); n != "NFC security key" {
		t.Errorf("name %q", n)
	}
	if c := k.ConnectionLabel().In(i18n.EN); c != "NFC (reader: Virtual PCD 00 00)" {
		t.Errorf("connection %q", c)
	}

	known := newFakeDevice("pcsc://slot0") // the default AAGUID: a YubiKey 5
	ks, _ = New(onReader(known)).List()
	if n := ks[0].Name(i18n.EN); n != "YubiKey 5 Series" || ks[0].Maker != "Yubico" {
		t.Errorf("a known model on the reader is %q by %q", n, ks[0].Maker)
	}
}

// The reset and the hints say "take it off the reader" to a key on a
// reader, "unplug" to a USB key.
func TestNFCWording(t *testing.T) {
	for _, m := range ResetSteps(TransportNFC)[:2] {
		if s := m.In(i18n.JA); !strings.Contains(s, "リーダー") || strings.Contains(s, "抜") || strings.Contains(s, "差し") {
			t.Errorf("NFC reset step %q", s)
		}
		if s := m.In(i18n.EN); !strings.Contains(s, "reader") || strings.Contains(strings.ToLower(s), "plug") {
			t.Errorf("NFC reset step %q", s)
		}
	}
	for _, m := range ResetSteps(TransportUSB)[:2] {
		if s := m.In(i18n.JA); strings.Contains(s, "リーダー") {
			t.Errorf("USB reset step %q", s)
		}
	}

	for _, c := range []struct {
		path     string
		hint, no string
	}{
		{"pcsc://slot0", "リーダーから離して、もう一度かざして", "抜"},
		{"/dev/hidraw0", "抜いて差し直して", "リーダー"},
	} {
		dev := newFakeDevice(c.path)
		dev.pin, dev.errPIN = "1234", ErrPINAuthBlocked
		drv := onReader(dev)
		drv.locs[0].Transport = TransportFromPath(c.path)
		err := New(drv).ChangePIN(context.Background(), c.path, "1234", "5678", "5678")
		var ue *i18n.Error
		if !errors.As(err, &ue) || ue.Msg.Key != "pin_temp_blocked" {
			t.Fatalf("%s: %v", c.path, err)
		}
		if h := ue.Hint.In(i18n.JA); !strings.Contains(h, c.hint) || strings.Contains(h, c.no) {
			t.Errorf("%s: hint %q", c.path, h)
		}
	}
}
