package keyview

import (
	"context"
	"crypto/sha256"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// The security-key screen and its PIN forms, walked as a screen reader
// sees them (app/uitest), in both languages.
func TestScreenReaderLabels(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.JA, i18n.EN} {
		t.Run(string(l), func(t *testing.T) {
			pd := practiceKey(t)
			h := newPracticeHarness(t, l, pd, Options{})
			h.until("key", func() bool { return h.shows(h.tr("nopin_title")) })
			check := func(screen string) {
				t.Helper()
				for _, p := range uitest.Check(h.win.Canvas(), uitest.Options{Lang: string(l),
					// the key's own name and protocol versions, a site and its user
					Data: []string{"Omamori practice key", "FIDO2.0, FIDO2.1 (preview)", "broker.example", "Broker", "taro"}}) {
					t.Errorf("%s: %s", screen, p)
				}
			}
			check("key without a PIN")

			h.tap(h.tr("set_pin"))
			h.fill("12", "")
			check("set PIN form with an error")
			found := false
			for _, e := range uitest.Exposed(h.win.Canvas()) {
				if strings.HasPrefix(e.Label, h.tr("new_pin")) {
					found = true
					if strings.Contains(e.Label, "12") {
						t.Errorf("a PIN field reads its content: %q", e.Label)
					}
				}
			}
			if !found {
				t.Errorf("no field read as %q: %v", h.tr("new_pin"), uitest.Exposed(h.win.Canvas()))
			}

			es := h.fill("1234", "1234")
			key(es[1], fyne.KeyReturn)
			h.until("PIN set", func() bool { return h.shows(h.tr("pin_set_done")) })
			check("PIN set")
			h.tap(h.tr("ok"))
			h.until("PIN shown as set", func() bool { return h.shows(skcat.M("pin_state_set").In(l)) })
			check("key with a PIN")

			h.tap(h.tr("check"))
			check("check: PIN form")
			es = h.fill("1234")
			key(es[0], fyne.KeyReturn)
			touch := skcat.M("touch_n", "N", 1, "Of", 2).In(l)
			h.until("touch prompt", func() bool { return h.shows(touch) })
			check("touch prompt")
			waitTouch(t, pd)
			h.tap(h.tr("practice_touch"))
			touch = skcat.M("touch_n", "N", 2, "Of", 2).In(l)
			h.until("second touch prompt", func() bool { return h.shows(touch) })
			waitTouch(t, pd)
			h.tap(h.tr("practice_touch"))
			h.until("check result", func() bool { return h.shows(skcat.M("selftest_ok").In(l)) })
			check("check result")
			h.tap(h.tr("ok"))

			vk := pd.Key()
			vk.SetPresence(virtualkey.AlwaysPresent)
			cdh := sha256.Sum256([]byte("taro"))
			if _, err := vk.MakeCredential(context.Background(), "1234", "broker.example", "Broker",
				virtualkey.User{ID: []byte("taro"), Name: "taro"}, cdh[:], true); err != nil {
				t.Fatal(err)
			}
			vk.SetPresence(virtualkey.NewTouchPad(0))
			h.tap(h.tr("passkeys"))
			es = h.fill("1234")
			key(es[0], fyne.KeyReturn)
			h.until("passkey list", func() bool { return h.shows("broker.example") })
			check("passkeys")
			h.tap(h.tr("close"))

			h.tap(h.tr("reset"))
			check("reset warning")
			h.tap(h.tr("next"))
			check("reset confirmation")
		})
	}
}

// What main's Windows work added to the screen reads the same way: the
// administrator panel of a non-administrator with the keys Windows Hello
// still reaches listed under it, and the notice that a key may have
// finished an operation whose cancel it did not confirm.
func TestScreenReaderLabelsAdminAndUnconfirmed(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.JA, i18n.EN} {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, Options{
				Service: securitykey.New(practiceKey(t)),
				Admin: Admin{Required: func() bool { return true },
					Relaunch: func() error { return nil }, OpenSettings: func() error { return nil }},
			})
			h.poll()
			h.mustShow(h.tr("admin_title"))
			check := func(screen string) {
				t.Helper()
				for _, p := range uitest.Check(h.win.Canvas(), uitest.Options{Lang: string(l),
					Data: []string{"Omamori practice key", "FIDO2.0, FIDO2.1 (preview)"}}) {
					t.Errorf("%s: %s", screen, p)
				}
			}
			reads := func(screen, want string) {
				t.Helper()
				for _, e := range uitest.Exposed(h.win.Canvas()) {
					if strings.Contains(e.Label, want) {
						return
					}
				}
				t.Errorf("%s: nothing reads %q: %v", screen, want, uitest.Exposed(h.win.Canvas()))
			}
			check("administrator panel with a key")
			reads("administrator panel with a key", h.tr("admin_title"))
			reads("administrator panel with a key", h.tr("admin_relaunch"))

			// As Service.translate words it.
			h.scr.showError(i18n.NewError(skcat.M("cancel_unconfirmed"), skcat.M("hint_cancel_unconfirmed"), securitykey.ErrCancelUnconfirmed))
			check("cancel not confirmed")
			reads("cancel not confirmed", h.tr("unconfirmed_title"))
		})
	}
}
