//go:build linux

package libfido2

// The service through the real libfido2 against each variant of the
// virtual key (fidotest.Variants): keys without credential management,
// that ignore a cancel, that count PIN retries down to 0, that speak
// only FIDO_2_0, that keep every credential.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

func canList(q virtualkey.Quirks) bool { return !q.NoCredMgmt && !q.FIDO20Only }

func TestServicePerVariant(t *testing.T) {
	for _, v := range fidotest.Variants() {
		t.Run(v.Name, func(t *testing.T) {
			q := v.Quirks
			r, s := start(t, v.Options(virtualkey.Options{}).Key)
			ctx := context.Background()
			path := r.Path()

			k := find(t, s, path)
			if k.CredMgmt != canList(q) {
				t.Fatalf("CredMgmt %v", k.CredMgmt)
			}
			wantSlots := map[bool]string{true: "slots_unknown", false: "slots_cannot_list"}[canList(q)]
			if k.SlotsLabel().Key != wantSlots {
				t.Fatalf("passkeys label %s, want %s", k.SlotsLabel().Key, wantSlots)
			}
			if q.FIDO20Only && strings.Join(k.Versions, ",") != "FIDO_2_0" {
				t.Fatalf("versions %v", k.Versions)
			}

			// A garbled PIN exchange has its own message, and costs nothing.
			r.Key().FailNextPINExchange()
			err := s.SetPIN(ctx, path, "1234", "1234")
			wantMsg(t, err, "pin_auth_invalid")
			if errors.Is(err, securitykey.ErrCommunication) {
				t.Fatalf("still a communication error: %v", err)
			}
			if err := s.SetPIN(ctx, path, "1234", "1234"); err != nil {
				t.Fatal(err)
			}
			r.Key().FailNextPINExchange()
			wantMsg(t, s.ChangePIN(ctx, path, "1234", "5678", "5678"), "pin_auth_invalid")
			if got := keyState(t, r).PINRetries; got != 8 {
				t.Fatalf("retries %d after a failed exchange", got)
			}

			// Passkeys: listed with the PIN, or "cannot list" without one.
			u := virtualkey.User{ID: []byte("taro"), Name: "taro"}
			if _, err := r.Key().MakeCredential(ctx, "1234", "broker.example.jp", "", u, make([]byte, 32), true); err != nil {
				t.Fatal(err)
			}
			if canList(q) {
				if err := s.CanListPasskeys(ctx, path); err != nil {
					t.Fatal(err)
				}
				if l, err := s.Passkeys(ctx, path, "1234"); err != nil || l.Used != 1 {
					t.Fatalf("passkeys %+v %v", l, err)
				}
			} else {
				wantMsg(t, s.CanListPasskeys(ctx, path), "no_cred_mgmt")
				_, err := s.Passkeys(ctx, path, "1234")
				wantMsg(t, err, "no_cred_mgmt")
			}

			selfTestLeavesNothing(t, r, s, q)
			cancelDuringTouch(t, r, s, q)
			wrongPINsUntilLocked(t, r, s, q)

			r.Replug()
			if err := s.Reset(ctx, path); err != nil {
				t.Fatal(err)
			}
			if st := keyState(t, r); st.PINSet || len(r.Key().State().Resident) != 0 {
				t.Fatalf("after reset %+v", st)
			}
		})
	}
}

// The self-test's credential does not stay on the key: not asked to be
// resident, and deleted again on keys that keep it anyway. A key that
// keeps it and cannot delete it holds one, the same one after each test.
func selfTestLeavesNothing(t *testing.T, r *fidotest.Rig, s *securitykey.Service, q virtualkey.Quirks) {
	t.Helper()
	before := len(r.Key().State().Resident)
	want := before
	if q.AllResident && !canList(q) {
		want++
	}
	for range 2 {
		res, err := s.Test(context.Background(), r.Path(), "1234")
		if err != nil || !res.SignatureValid || !res.UserVerified {
			t.Fatalf("self-test %+v %v", res, err)
		}
		if got := len(r.Key().State().Resident); got != want {
			t.Fatalf("%d credentials on the key after a self-test, want %d (before %d)", got, want, before)
		}
	}
	if canList(q) {
		if l, err := s.Passkeys(context.Background(), r.Path(), "1234"); err != nil || l.Used != before {
			t.Fatalf("passkey count %d after the self-test, want %d (%v)", l.Used, before, err)
		}
	}
}

// Cancel while the key waits for a touch: "nothing was changed" only
// when the key confirmed the cancel.
func cancelDuringTouch(t *testing.T, r *fidotest.Rig, s *securitykey.Service, q virtualkey.Quirks) {
	t.Helper()
	defer r.Key().SetPresence(virtualkey.AlwaysPresent)
	defer s.OnTouch(nil)
	pad := r.UseTouchPad(1500 * time.Millisecond)
	cancelOnTouch := func(then func()) context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		s.OnTouch(func(securitykey.Touch) func() {
			go func() {
				<-pad.Requests()
				cancel() // the user presses Cancel...
				if then != nil {
					time.Sleep(300 * time.Millisecond)
					then()
				}
			}()
			return nil
		})
		return ctx
	}
	_, err := s.Test(cancelOnTouch(nil), r.Path(), "1234")
	if !q.IgnoreCancel {
		wantMsg(t, err, "cancelled")
		return
	}
	// The key ignored the cancel and gave up waiting on its own.
	wantMsg(t, err, "cancel_unconfirmed")
	if errors.Is(err, securitykey.ErrCancelled) {
		t.Fatalf("reported as a confirmed cancel: %v", err)
	}
	for _, l := range i18n.Langs {
		if txt := i18n.Localize(err, l); strings.Contains(txt, securitykey.Catalog().M("cancelled").In(l)) {
			t.Fatalf("claims nothing changed: %s", txt)
		}
	}
	// ...and touched anyway: the key completes, and that result stands.
	for len(pad.Requests()) > 0 {
		<-pad.Requests()
	}
	res, err := s.Test(cancelOnTouch(r.Touch), r.Path(), "1234")
	if err != nil || !res.SignatureValid {
		t.Fatalf("completed despite the cancel: %+v %v", res, err)
	}
}

// Wrong PINs until the key locks: each message says how many are left
// (singular for 1), the default key's three-in-a-row block comes in
// between, and the end is the "locked, reset the key" guidance.
func wrongPINsUntilLocked(t *testing.T, r *fidotest.Rig, s *securitykey.Service, q virtualkey.Quirks) {
	t.Helper()
	ctx := context.Background()
	for i := 1; i <= 8; i++ {
		err := s.ChangePIN(ctx, r.Path(), "9999", "5678", "5678")
		left := 8 - i
		switch {
		case left == 0:
			wantMsg(t, err, "pin_blocked")
		case !q.NoSoftBlock && i%3 == 0:
			wantMsg(t, err, "pin_temp_blocked")
			r.Replug()
		default:
			wantMsg(t, err, "pin_wrong")
			want := fmt.Sprintf("%d attempts are left.", left)
			if left == 1 {
				want = "1 attempt is left."
			}
			if en := i18n.Localize(err, i18n.EN); !strings.Contains(en, want) {
				t.Fatalf("wrong PIN %d: %s", i, en)
			}
		}
	}
	_, err := s.Test(ctx, r.Path(), "1234")
	wantMsg(t, err, "pin_blocked")
	if ja := i18n.Localize(err, i18n.JA); !strings.Contains(ja, "初期化") {
		t.Fatalf("no 初期化 guidance: %s", ja)
	}
	if k := find(t, s, r.Path()); k.PINRetries != 0 || k.Status().Key != "status_blocked" {
		t.Fatalf("locked key %+v %s", k, k.Status().Key)
	}
}
