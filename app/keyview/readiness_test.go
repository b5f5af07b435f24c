package keyview

import (
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// The screen offers the passkey-readiness window when it is given one,
// and not for the practice key.
func TestReadinessButton(t *testing.T) {
	opened := 0
	h := newHarness(t, i18n.JA, Options{Service: &listOnly{keys: []securitykey.KeyInfo{yubiKey(securitykey.PINSet)}}, PasskeyReady: func() { opened++ }})
	h.poll()
	h.tap("証券会社のパスキーを登録する…")
	if opened != 1 {
		t.Errorf("opened %d times", opened)
	}
	h = newHarness(t, i18n.EN, Options{Service: &listOnly{}})
	h.poll()
	if len(h.buttons(h.tr("passkey_ready"))) != 0 {
		t.Error("a readiness button with nothing to open")
	}
}
