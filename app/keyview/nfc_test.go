package keyview

import (
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

// onNFCReader reports the practice key as libfido2 reports a key on an
// NFC reader (PC/SC): manufacturer "PC/SC", the reader's name as
// product, transport NFC (from the pcsc:// path). The reader's name says
// nothing of NFC, as vsmartcard's default does not. The same key through
// the real libfido2, pcscd and a virtual reader is checked in
// internal/securitykey/nfctest.
type onNFCReader struct{ *practice.Driver }

func (d onNFCReader) Devices() ([]securitykey.Location, error) {
	locs, err := d.Driver.Devices()
	for i := range locs {
		locs[i].Transport = securitykey.TransportFromPath("pcsc://slot0")
		locs[i].Manufacturer, locs[i].Product = "PC/SC", "Virtual PCD 00 00"
	}
	return locs, err
}

// The card names the key as a key (its AAGUID is not in the table:
// 「NFCのセキュリティキー」), says NFC, shows the reader apart, and the
// reset asks to take the key off the reader, not to unplug it.
func TestScreenSaysNFC(t *testing.T) {
	h := newHarness(t, i18n.JA, Options{Service: securitykey.New(onNFCReader{practiceKey(t)})})
	h.poll()
	h.until("the key on the reader", func() bool { return h.shows(skMsg("nfc_key")) })
	h.mustShow(h.tr("label_transport"))
	h.mustShow(skMsg("transport_nfc"))
	h.mustShow(h.tr("label_reader"))
	h.mustShow("Virtual PCD 00 00")
	h.mustShow(skMsg("transport_nfc_reader", "Reader", "Virtual PCD 00 00"))

	h.tap(h.tr("reset"))
	h.tap(h.tr("next"))
	h.tick(h.tr("reset_understood"))
	h.tap(h.tr("reset_start"))
	h.until("step 1", func() bool { return h.shows(h.tr("reset_running", "N", 1, "Of", 3)) })
	for _, m := range securitykey.ResetSteps(securitykey.TransportNFC) {
		h.mustShow(m.In(i18n.JA))
	}
	h.mustShow("セキュリティキーをリーダーから離してください。")
	h.mustNotShow(skMsg("reset_step_unplug"))
	h.tap(h.tr("cancel"))
}
