package securitykeys

import (
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

// onNFCReader reports the practice key as libfido2 reports a key on an
// NFC reader (PC/SC): manufacturer "PC/SC", the reader's name as
// product, transport NFC (from the pcsc:// path). The same key through
// the real libfido2, pcscd and a virtual reader is checked in
// internal/securitykey/nfctest.
type onNFCReader struct{ *practice.Driver }

func (d onNFCReader) Devices() ([]securitykey.Location, error) {
	locs, err := d.Driver.Devices()
	for i := range locs {
		locs[i].Transport = securitykey.TransportFromPath("pcsc://slot0")
		locs[i].Manufacturer, locs[i].Product = "PC/SC", "ACS ACR122U PICC Interface 00 00"
	}
	return locs, err
}

func TestScreenSaysNFC(t *testing.T) {
	h := newHarness(t, i18n.JA, Options{Service: securitykey.New(onNFCReader{practiceKey(t)})})
	h.poll()
	h.until("the key on the reader", func() bool { return h.shows("ACS ACR122U") })
	h.mustShow(h.tr("label_transport"))
	h.mustShow(skMsg("transport_nfc"))
}
