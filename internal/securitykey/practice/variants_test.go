package practice

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// The service in-process over each variant of the virtual key (what
// libfido2/variants_e2e_test.go does through the real libfido2, also on
// systems without it).
func TestServiceOverEachVariant(t *testing.T) {
	names := append([]string{""}, virtualkey.QuirkNames...)
	names = append(names, strings.Join(virtualkey.QuirkNames, ","))
	for _, name := range names {
		q, err := virtualkey.ParseQuirks(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("quirks="+name, func(t *testing.T) {
			canList := !q.NoCredMgmt && !q.FIDO20Only
			d, err := New(Options{Quirks: q, TouchTimeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			s := securitykey.New(d)
			ctx := context.Background()
			d.Key().SetPresence(virtualkey.AlwaysPresent)

			d.Key().FailNextPINExchange()
			if err := s.SetPIN(ctx, Path, "1234", "1234"); i18n.MessageKey(err) != "pin_auth_invalid" {
				t.Fatalf("garbled exchange: %v", err)
			}
			if err := s.SetPIN(ctx, Path, "1234", "1234"); err != nil {
				t.Fatal(err)
			}
			k, err := s.Info(ctx, Path)
			if err != nil || k.CredMgmt != canList {
				t.Fatalf("info %+v %v", k, err)
			}
			if err := s.CanListPasskeys(ctx, Path); (err == nil) != canList || (!canList && i18n.MessageKey(err) != "no_cred_mgmt") {
				t.Fatalf("CanListPasskeys: %v", err)
			}

			before := len(d.Key().State().Resident)
			if _, err := s.Test(ctx, Path, "1234"); err != nil {
				t.Fatal(err)
			}
			if got := len(d.Key().State().Resident); got != before && !(q.AllResident && !canList) {
				t.Fatalf("self-test left %d credentials (was %d)", got, before)
			}

			// Cancel during the touch: confirmed, or not.
			pad := virtualkey.NewTouchPad(500 * time.Millisecond)
			d.Key().SetPresence(pad)
			cctx, cancel := context.WithCancel(ctx)
			s.OnTouch(func(securitykey.Touch) func() {
				go func() { <-pad.Requests(); cancel() }()
				return nil
			})
			_, err = s.Test(cctx, Path, "1234")
			want := "cancelled"
			if q.IgnoreCancel {
				want = "cancel_unconfirmed"
			}
			if i18n.MessageKey(err) != want {
				t.Fatalf("cancel: %v, want %s", err, want)
			}
			s.OnTouch(nil)
			d.Key().SetPresence(virtualkey.AlwaysPresent)

			for i := 1; i <= 8; i++ {
				err := s.ChangePIN(ctx, Path, "9999", "5678", "5678")
				switch {
				case i == 8:
					if i18n.MessageKey(err) != "pin_blocked" {
						t.Fatalf("last wrong PIN: %v", err)
					}
				case !q.NoSoftBlock && i%3 == 0:
					if i18n.MessageKey(err) != "pin_temp_blocked" {
						t.Fatalf("wrong PIN %d: %v", i, err)
					}
					d.Unplug()
					if err := d.Plug(); err != nil {
						t.Fatal(err)
					}
				default:
					if i18n.MessageKey(err) != "pin_wrong" {
						t.Fatalf("wrong PIN %d: %v", i, err)
					}
				}
			}
		})
	}
}
