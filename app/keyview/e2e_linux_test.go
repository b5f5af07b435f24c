//go:build linux

package keyview

// The screen through the real libfido2 (go-libfido2, cgo) against the
// virtual key behind the hidshim LD_PRELOAD library (see
// internal/securitykey/fidotest). TestMain re-runs this package's tests
// under the shim; the other tests do not notice.

import (
	"context"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
	"github.com/omamori-app/omamori/internal/securitykey/libfido2"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

func TestMain(m *testing.M) { os.Exit(fidotest.RunPackageUnderShim(m)) }

func TestSetPINThroughLibfido2(t *testing.T) {
	rig := fidotest.Start(t, fidotest.Options{Key: virtualkey.Options{}})
	if !rig.UnderShim() {
		t.Fatal("rig started outside the shim: libfido2 cannot see the key")
	}
	h := newHarness(t, i18n.JA, Options{Service: securitykey.New(libfido2.New())})
	h.poll()
	h.mustShow(skMsg("transport_usb"))
	h.mustShow(h.tr("nopin_title"))

	h.tap(h.tr("set_pin"))
	h.fill("2468", "2486")
	h.mustShow(skMsg("pin_mismatch"))
	if info, err := rig.Key().Info(context.Background()); err != nil || info.PINSet {
		t.Fatalf("a refused PIN reached the key: %+v %v", info, err)
	}
	es := h.fill("", "2468")
	key(es[1], fyne.KeyReturn)
	h.until("PIN set", func() bool { return h.shows(h.tr("pin_set_done")) })
	if _, err := rig.Key().PINToken(context.Background(), "2468"); err != nil {
		t.Fatalf("the key does not take the PIN set from the screen: %v", err)
	}
	h.tap(h.tr("ok"))
	h.until("PIN shown as set", func() bool { return h.shows(skMsg("pin_state_set")) })
	h.mustShow(h.tr("retries_left", "Left", 8))
}

// Check my key through libfido2: the screen's touch prompt appears for
// each of the two touches (libfido2 passes on no keep-alive), and Cancel
// stops a wait.
func TestCheckThroughLibfido2(t *testing.T) {
	rig := fidotest.Start(t, fidotest.Options{})
	if !rig.UnderShim() {
		t.Fatal("rig started outside the shim: libfido2 cannot see the key")
	}
	pad := rig.UseTouchPad(20 * time.Second)
	h := newHarness(t, i18n.EN, Options{Service: securitykey.New(libfido2.New())})
	h.poll()
	h.tap(h.tr("check"))
	h.tap(h.tr("check_start"))
	for n := 1; n <= 2; n++ {
		touch := skcat.M("touch_n", "N", n, "Of", 2).In(i18n.EN)
		h.until("touch prompt", func() bool { return h.shows(touch) && pad.Waiting() })
		h.mustNotShow(h.tr("practice_touch")) // a real key: no practice button
		rig.Touch()
	}
	h.until("check result", func() bool { return h.shows(skcat.M("selftest_ok").In(i18n.EN)) })
	h.tap(h.tr("ok"))

	h.tap(h.tr("check"))
	h.tap(h.tr("check_start"))
	h.until("touch prompt", func() bool { return h.shows(skcat.M("touch_n", "N", 1, "Of", 2).In(i18n.EN)) && pad.Waiting() })
	h.tap(h.tr("cancel"))
	h.until("cancelled", func() bool { return h.shows(skcat.M("cancelled").In(i18n.EN)) })
	if pad.Waiting() {
		t.Fatal("the key still waits after Cancel")
	}
}

// The screen through libfido2 against each variant of the virtual key:
// a key that cannot list its passkeys says so (and offers no button for
// it), Check my key leaves no credential behind, and a Cancel the key
// did not confirm is not reported as "nothing was changed".
func TestScreenPerVariant(t *testing.T) {
	for _, v := range fidotest.Variants() {
		t.Run(v.Name, func(t *testing.T) {
			q := v.Quirks
			canList := !q.NoCredMgmt && !q.FIDO20Only
			rig := fidotest.Start(t, v.Options(virtualkey.Options{}))
			ctx := context.Background()
			if err := rig.Key().SetPIN(ctx, "2468"); err != nil {
				t.Fatal(err)
			}
			u := virtualkey.User{ID: []byte("taro"), Name: "taro"}
			if _, err := rig.Key().MakeCredential(ctx, "2468", "broker.example.jp", "", u, make([]byte, 32), true); err != nil {
				t.Fatal(err)
			}
			h := newHarness(t, i18n.EN, Options{Service: securitykey.New(libfido2.New())})
			h.poll()
			h.mustShow(skcat.M("pin_state_set").In(i18n.EN))
			if canList {
				h.mustShow(skcat.M("slots_unknown").In(i18n.EN))
			} else {
				h.mustShow(skcat.M("slots_cannot_list").In(i18n.EN))
				h.mustNotShow(skcat.M("slots_unknown").In(i18n.EN))
			}
			if h.button(h.tr("passkeys")).Disabled() == canList {
				t.Fatalf("passkeys button enabled: %v, want %v", !h.button(h.tr("passkeys")).Disabled(), canList)
			}

			before := len(rig.Key().State().Resident)
			h.tap(h.tr("check"))
			h.fill("2468")
			h.tap(h.tr("check_start"))
			h.until("check result", func() bool { return h.shows(skcat.M("selftest_ok").In(i18n.EN)) })
			h.tap(h.tr("ok"))
			want := before
			if q.AllResident && !canList { // kept, and cannot be deleted
				want++
			}
			if got := len(rig.Key().State().Resident); got != want {
				t.Fatalf("%d credentials after Check my key, want %d", got, want)
			}

			pad := rig.UseTouchPad(1500 * time.Millisecond)
			h.tap(h.tr("check"))
			h.fill("2468")
			h.tap(h.tr("check_start"))
			h.until("touch prompt", func() bool { return h.shows(skcat.M("touch_n", "N", 1, "Of", 2).In(i18n.EN)) && pad.Waiting() })
			h.tap(h.tr("cancel"))
			outcome, not := "cancelled", "cancel_unconfirmed"
			if q.IgnoreCancel {
				outcome, not = not, outcome
			}
			h.until(outcome, func() bool { return h.shows(skcat.M(outcome).In(i18n.EN)) })
			h.mustNotShow(skcat.M(not).In(i18n.EN))
		})
	}
}

// A key that ignores Cancel: outside a form (Check my key without a PIN,
// the reset wizard) the dialog does not say "Stopped" or "not reset"
// either, but that the key may have done it.
func TestIgnoredCancelOutsideForms(t *testing.T) {
	q, _ := virtualkey.ParseQuirks("ignorecancel")
	rig := fidotest.Start(t, fidotest.Options{Key: virtualkey.Options{Quirks: q}})
	pad := rig.UseTouchPad(1500 * time.Millisecond)
	h := newHarness(t, i18n.EN, Options{Service: securitykey.New(libfido2.New())})
	h.poll()
	h.tap(h.tr("check"))
	h.tap(h.tr("check_start"))
	h.until("touch prompt", func() bool { return h.shows(skcat.M("touch_n", "N", 1, "Of", 2).In(i18n.EN)) && pad.Waiting() })
	h.tap(h.tr("cancel"))
	h.until("outcome", func() bool { return h.shows(h.tr("unconfirmed_title")) })
	h.mustShow(skcat.M("cancel_unconfirmed").In(i18n.EN))
	h.mustNotShow(h.tr("stopped_title"))
	h.mustNotShow(skcat.M("cancelled").In(i18n.EN))
	h.tap(h.tr("ok"))

	h.tap(h.tr("reset"))
	h.tap(h.tr("next"))
	h.tick(h.tr("reset_understood"))
	h.tap(h.tr("reset_start"))
	h.until("step 1", func() bool { return h.shows(h.tr("reset_running", "N", 1, "Of", 3)) })
	rig.Unplug()
	h.until("step 2", func() bool { return h.shows(h.tr("reset_running", "N", 2, "Of", 3)) })
	rig.Plug()
	h.until("touch prompt for the reset", func() bool { return h.shows(skcat.M("touch").In(i18n.EN)) && pad.Waiting() })
	h.tap(h.tr("cancel"))
	h.until("outcome", func() bool { return h.shows(h.tr("reset_unconfirmed")) })
	h.mustNotShow(h.tr("reset_failed"))
	h.mustShow(skcat.M("cancel_unconfirmed").In(i18n.EN))
}
