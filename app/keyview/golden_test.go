package keyview

import (
	"path/filepath"
	"testing"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// Golden markup and images of the main states, in both languages, under
// testdata/<lang>/. The font is the app's Noto Sans JP (see newApp), so
// they are the same on every machine. To accept a change on purpose:
//
//	OMAMORI_UPDATE_GOLDEN=1 go test ./app/keyview/ -run Golden
//
// (uitest.UpdateEnv), then look at the PNGs and commit them.

// listOnly is a service that only lists fixed keys, to picture a real
// YubiKey on a machine without one. The operations are tested on the
// practice key and through libfido2 elsewhere.
type listOnly struct {
	securitykey.Service
	keys []securitykey.KeyInfo
}

func (l *listOnly) List() ([]securitykey.KeyInfo, error) { return l.keys, nil }
func (l *listOnly) OnTouch(securitykey.TouchFunc)        {}

func yubiKey(pin securitykey.PINState) securitykey.KeyInfo {
	k := securitykey.KeyInfo{
		Path: "/dev/hidraw3", Product: "YubiKey OTP+FIDO+CCID", Maker: "Yubico",
		Model: "YubiKey 5 Series with NFC", AAGUID: "a25342c0-3cdc-4414-8e46-f4807fca511c",
		Versions: []string{"U2F_V2", "FIDO_2_0", "FIDO_2_1_PRE", "FIDO_2_1"}, FIDO2: true,
		Transport: securitykey.TransportUSB, PIN: pin, PINRetries: -1, CredMgmt: true, Loaded: true,
	}
	if pin == securitykey.PINSet {
		k.PINRetries = 8
		k.Slots = securitykey.Slots{Known: true, Used: 3, Free: 97}
	}
	return k
}

// nfcKey is a key whose AAGUID is not in the table, on a PC/SC reader
// named as vsmartcard names its own: what the service makes of it.
func nfcKey() securitykey.KeyInfo {
	return securitykey.KeyInfo{
		Path: "pcsc://slot0", Reader: "Virtual PCD 00 00", AAGUID: "4f4d414d-4f52-492d-4e46-432d4b455900",
		Versions: []string{"FIDO_2_0"}, FIDO2: true, Transport: securitykey.TransportNFC,
		PIN: securitykey.PINSet, PINRetries: 8, CredMgmt: true, Loaded: true,
	}
}

func golden(t *testing.T, h *harness, name string) {
	t.Helper()
	c := h.win.Canvas()
	// The app's driver lays out again when a wrapped label's height
	// settles after it got its width; the test canvas needs telling.
	c.Content().Refresh()
	for _, o := range c.Overlays().List() {
		o.Refresh()
	}
	base := filepath.Join(string(h.lang), name)
	uitest.GoldenMarkup(t, base+".xml", c)
	uitest.GoldenCanvas(t, base+".png", c)
}

func TestGolden(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			t.Run("no_key", func(t *testing.T) {
				h := newHarness(t, l, Options{Service: &listOnly{}})
				h.poll()
				golden(t, h, "no_key")
			})
			t.Run("key_without_pin", func(t *testing.T) {
				h := newHarness(t, l, Options{Service: &listOnly{keys: []securitykey.KeyInfo{yubiKey(securitykey.PINNotSet)}}})
				h.poll()
				golden(t, h, "key_without_pin")
			})
			t.Run("key_with_pin", func(t *testing.T) {
				h := newHarness(t, l, Options{Service: &listOnly{keys: []securitykey.KeyInfo{yubiKey(securitykey.PINSet)}}})
				h.poll()
				golden(t, h, "key_with_pin")
			})
			t.Run("nfc_key", func(t *testing.T) {
				h := newHarness(t, l, Options{Service: &listOnly{keys: []securitykey.KeyInfo{nfcKey()}}})
				h.poll()
				golden(t, h, "nfc_key")
			})
			t.Run("practice_banner", func(t *testing.T) {
				h := newPracticeHarness(t, l, practiceKey(t), Options{Service: &listOnly{}})
				h.until("practice key", func() bool { return h.shows(h.tr("nopin_title")) })
				golden(t, h, "practice_banner")
			})
			t.Run("touch_prompt", func(t *testing.T) {
				pd := practiceKey(t)
				h := newPracticeHarness(t, l, pd, Options{Service: &listOnly{}})
				h.until("practice key", func() bool { return h.shows(h.tr("nopin_title")) })
				h.tap(h.tr("check"))
				h.tap(h.tr("check_start"))
				touch := skcat.M("touch_n", "N", 1, "Of", 2).In(l)
				h.until("touch prompt", func() bool { return h.shows(touch) })
				waitTouch(t, pd)
				golden(t, h, "touch_prompt")
				h.tap(h.tr("cancel"))
				h.until("cancelled", func() bool { return !pd.WaitingForTouch() && !h.scr.busy })
			})
		})
	}
}
