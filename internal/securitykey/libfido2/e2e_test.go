//go:build linux && cgo && !nofido2

package libfido2

// End-to-end tests of the securitykey service through the real libfido2
// (go-libfido2, cgo) against the virtual key behind the hidshim
// LD_PRELOAD library (../fidotest). The key's state is checked through
// the virtual key's own in-process client, independently of libfido2.

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

func TestMain(m *testing.M) { os.Exit(fidotest.RunPackageUnderShim(m)) }

func start(t *testing.T, opts virtualkey.Options) (*fidotest.Rig, *securitykey.Service) {
	t.Helper()
	r := fidotest.Start(t, fidotest.Options{Key: opts})
	if !r.UnderShim() {
		t.Fatal("rig started outside the shim: libfido2 cannot see the key")
	}
	return r, securitykey.New(New())
}

func keyState(t *testing.T, r *fidotest.Rig) virtualkey.Info {
	t.Helper()
	info, err := r.Key().Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func find(t *testing.T, s *securitykey.Service, path string) securitykey.KeyInfo {
	t.Helper()
	ks, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		if k.Path == path {
			return k
		}
	}
	t.Fatalf("%s not listed in %+v", path, ks)
	return securitykey.KeyInfo{}
}

func wantMsg(t *testing.T, err error, key string) {
	t.Helper()
	if got := i18n.MessageKey(err); got != key {
		t.Fatalf("message %q, want %q (err: %v)", got, key, err)
	}
}

func TestListAndSetPIN(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	ctx := context.Background()
	k := find(t, s, r.Path())
	if !k.Loaded || !k.FIDO2 || k.PIN != securitykey.PINNotSet || k.Transport != securitykey.TransportUSB {
		t.Fatalf("fresh key %+v", k)
	}
	if k.AAGUID != securitykey.FormatAAGUID(virtualkey.DefaultAAGUID[:]) || k.Model != "" {
		t.Fatalf("AAGUID %q model %q", k.AAGUID, k.Model)
	}
	if !k.CredMgmt || strings.Join(k.Versions, ",") != "FIDO_2_0,FIDO_2_1_PRE" {
		t.Fatalf("versions %v credMgmt %v", k.Versions, k.CredMgmt)
	}
	if k.Status().Key != "status_no_pin" {
		t.Fatalf("status %s", k.Status().Key)
	}
	// A decomposed が must reach the key composed (NFC).
	if err := s.SetPIN(ctx, r.Path(), "か\u3099きくけ", "がきくけ"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Key().PINToken(ctx, "がきくけ"); err != nil {
		t.Fatalf("the key does not take the NFC PIN: %v", err)
	}
	k = find(t, s, r.Path())
	if k.PIN != securitykey.PINSet || k.PINRetries != 8 {
		t.Fatalf("after SetPIN %+v", k)
	}
	wantMsg(t, s.SetPIN(ctx, r.Path(), "5678", "5678"), "pin_already_set")
}

func TestWrongPINRetriesAndTemporaryBlock(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	for left := 7; left >= 6; left-- {
		err := s.ChangePIN(ctx, r.Path(), "9999", "5678", "5678")
		wantMsg(t, err, "pin_wrong")
		if !strings.Contains(i18n.Localize(err, i18n.JA), "あと"+string(rune('0'+left))+"回") {
			t.Fatalf("want %d left: %s", left, i18n.Localize(err, i18n.JA))
		}
		for _, l := range i18n.Langs {
			if txt := i18n.Localize(err, l) + err.Error(); strings.Contains(txt, "9999") || strings.Contains(txt, "5678") {
				t.Fatalf("a PIN leaked into the error: %s", txt)
			}
		}
		if got := keyState(t, r).PINRetries; got != left {
			t.Fatalf("key says %d retries, want %d", got, left)
		}
	}
	// Third wrong PIN in a row: the key stops taking PINs until replugged.
	wantMsg(t, s.ChangePIN(ctx, r.Path(), "9999", "5678", "5678"), "pin_temp_blocked")
	wantMsg(t, s.ChangePIN(ctx, r.Path(), "1234", "5678", "5678"), "pin_temp_blocked")
	if k := find(t, s, r.Path()); k.PINRetries != 5 || k.Status().Key != "status_ok" {
		t.Fatalf("after 3 wrong %+v %s", k, k.Status().Key)
	}
	r.Replug()
	if err := s.ChangePIN(ctx, r.Path(), "1234", "5678", "5678"); err != nil {
		t.Fatalf("after replug: %v", err)
	}
	if got := keyState(t, r).PINRetries; got != 8 {
		t.Fatalf("retries after a good PIN: %d", got)
	}
}

func TestBlockedPIN(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := 1; i <= 8; i++ {
		_, err = s.Passkeys(ctx, r.Path(), "0000")
		if i%3 == 0 && i < 8 {
			wantMsg(t, err, "pin_temp_blocked")
			r.Replug()
		}
	}
	wantMsg(t, err, "pin_blocked")
	if !strings.Contains(i18n.Localize(err, i18n.EN), "erases every passkey") {
		t.Fatalf("blocked hint does not say what a reset costs: %s", i18n.Localize(err, i18n.EN))
	}
	// Even the right PIN is refused now, without more harm.
	_, err = s.Passkeys(ctx, r.Path(), "1234")
	wantMsg(t, err, "pin_blocked")
	if k := find(t, s, r.Path()); k.PINRetries != 0 || k.Status().Key != "status_blocked" {
		t.Fatalf("blocked key %+v", k)
	}
}

func TestChangePIN(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	wantMsg(t, s.ChangePIN(ctx, r.Path(), "1234", "abcd", "abce"), "pin_mismatch")
	if err := s.ChangePIN(ctx, r.Path(), "1234", "新しい暗証", "新しい暗証"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Key().PINToken(ctx, "新しい暗証"); err != nil {
		t.Fatalf("new PIN not on the key: %v", err)
	}
	if _, err := s.Passkeys(ctx, r.Path(), "1234"); i18n.MessageKey(err) != "pin_wrong" {
		t.Fatalf("old PIN still accepted: %v", err)
	}
}

func TestSelfTest(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	pad := r.UseTouchPad(10 * time.Second)
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	var prompts []securitykey.Touch
	s.OnTouch(func(tc securitykey.Touch) func() {
		prompts = append(prompts, tc)
		go func() { <-pad.Requests(); r.Touch() }() // the user touches when asked
		return nil
	})
	res, err := s.Test(ctx, r.Path(), "1234")
	if err != nil {
		t.Fatal(err)
	}
	if !res.SignatureValid || !res.UserPresent || !res.UserVerified {
		t.Fatalf("result %+v", res)
	}
	if len(prompts) != 2 || prompts[0].Step != securitykey.TouchRegister || prompts[1].Step != securitykey.TouchSign {
		t.Fatalf("prompts %+v", prompts)
	}
	// The test credential is not a passkey: nothing is left on the key.
	md, err := r.Key().CredentialsMetadata(ctx, "1234")
	if err != nil || md.Existing != 0 {
		t.Fatalf("key holds %d credentials after the self-test (%v)", md.Existing, err)
	}
}

func TestSelfTestWithoutPIN(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	res, err := s.Test(context.Background(), r.Path(), "")
	if err != nil {
		t.Fatal(err)
	}
	if !res.SignatureValid || res.UserVerified {
		t.Fatalf("result %+v", res)
	}
}

func TestPasskeysListAndDelete(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ rp, user string }{
		{"broker.example.jp", "taro"}, {"broker.example.jp", "hanako"}, {"mail.example.com", "taro@example.com"},
	} {
		u := virtualkey.User{ID: []byte(c.user), Name: c.user, DisplayName: c.user}
		if _, err := r.Key().MakeCredential(ctx, "1234", c.rp, c.rp, u, make([]byte, 32), true); err != nil {
			t.Fatal(err)
		}
	}
	l, err := s.Passkeys(ctx, r.Path(), "1234")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range l.Passkeys {
		got = append(got, p.Site+"/"+p.UserName)
	}
	if strings.Join(got, " ") != "broker.example.jp/hanako broker.example.jp/taro mail.example.com/taro@example.com" {
		t.Fatalf("passkeys %v", got)
	}
	if l.Summary().In(i18n.EN) != "3 of 25 used" {
		t.Fatalf("summary %s", l.Summary().In(i18n.EN))
	}
	if k := find(t, s, r.Path()); !k.Slots.Known || k.Slots.Used != 3 || k.Slots.Free != 22 {
		t.Fatalf("slots %+v", k.Slots)
	}
	if err := s.DeletePasskey(ctx, r.Path(), "1234", l.Passkeys[1].CredentialID); err != nil {
		t.Fatal(err)
	}
	creds, err := r.Key().Credentials(ctx, "1234")
	if err != nil || len(creds) != 2 {
		t.Fatalf("key holds %d credentials after delete (%v)", len(creds), err)
	}
	for _, c := range creds {
		if c.RPID == "broker.example.jp" && c.UserName == "taro" {
			t.Fatal("the deleted passkey is still on the key")
		}
	}
	wantMsg(t, s.DeletePasskey(ctx, r.Path(), "1234", l.Passkeys[1].CredentialID), "passkey_gone")
}

func TestPINNotSet(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	_, err := s.Passkeys(context.Background(), r.Path(), "1234")
	wantMsg(t, err, "pin_not_set")
	wantMsg(t, s.ChangePIN(context.Background(), r.Path(), "1234", "5678", "5678"), "pin_not_set")
}

func TestResetInsideWindow(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	u := virtualkey.User{ID: []byte("u"), Name: "taro"}
	if _, err := r.Key().MakeCredential(ctx, "1234", "broker.example.jp", "", u, make([]byte, 32), true); err != nil {
		t.Fatal(err)
	}
	removed := make(chan struct{})
	go func() {
		time.Sleep(50 * time.Millisecond)
		r.Unplug()
		<-removed
		r.Plug()
	}()
	path, err := s.WaitReplug(ctx, r.Path(), func() { close(removed) })
	if err != nil || path != r.Path() {
		t.Fatalf("WaitReplug = %q, %v", path, err)
	}
	touched := 0
	s.OnTouch(func(tc securitykey.Touch) func() {
		if tc.Step == securitykey.TouchReset {
			touched++
		}
		return nil
	})
	if err := s.Reset(ctx, path); err != nil {
		t.Fatal(err)
	}
	if touched != 1 {
		t.Fatalf("reset prompted %d times", touched)
	}
	if st := keyState(t, r); st.PINSet {
		t.Fatal("PIN survived the reset")
	}
	if k := find(t, s, path); k.PIN != securitykey.PINNotSet {
		t.Fatalf("after reset %+v", k)
	}
}

func TestResetOutsideWindow(t *testing.T) {
	r, s := start(t, virtualkey.Options{ResetWindow: 100 * time.Millisecond})
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	err := s.Reset(ctx, r.Path())
	wantMsg(t, err, "reset_not_allowed")
	if !keyState(t, r).PINSet {
		t.Fatal("refused reset erased the PIN")
	}
}

func TestUnpluggedMidOperation(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	pad := r.UseTouchPad(10 * time.Second)
	s.OnTouch(func(securitykey.Touch) func() {
		go func() { <-pad.Requests(); r.Unplug() }() // pulled out instead of touched
		return nil
	})
	_, err := s.Test(context.Background(), r.Path(), "")
	wantMsg(t, err, "removed")
	if !errors.Is(err, securitykey.ErrRemoved) {
		t.Fatalf("not ErrRemoved: %v", err)
	}
}

func TestCancelWhileWaitingForTouch(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	pad := r.UseTouchPad(20 * time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.OnTouch(func(securitykey.Touch) func() {
		go func() { <-pad.Requests(); cancel() }() // the user presses Cancel
		return nil
	})
	start := time.Now()
	_, err := s.Test(ctx, r.Path(), "")
	wantMsg(t, err, "cancelled")
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("cancel took %v: the key kept waiting", d)
	}
	if pad.Waiting() {
		t.Fatal("the key still waits for a touch after cancel")
	}
	// The key is usable right after.
	s.OnTouch(nil)
	r.UseTouchPad(0)
	r.Key().SetPresence(virtualkey.AlwaysPresent)
	if _, err := s.Test(context.Background(), r.Path(), ""); err != nil {
		t.Fatalf("after cancel: %v", err)
	}
}

func TestNoTouchTimesOut(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	r.UseTouchPad(300 * time.Millisecond)
	_, err := s.Test(context.Background(), r.Path(), "")
	wantMsg(t, err, "timeout")
}

func TestPINRequiredAndLocalRefusals(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	_, err := s.Test(ctx, r.Path(), "")
	wantMsg(t, err, "pin_required")
	// Input no key could take is refused before it reaches the key.
	wantMsg(t, s.ChangePIN(ctx, r.Path(), "12", "5678", "5678"), "pin_cannot_be")
	wantMsg(t, s.ChangePIN(ctx, r.Path(), "1234", "567", "567"), "pin_too_short")
	_, err = s.Passkeys(ctx, r.Path(), strings.Repeat("x", 64))
	wantMsg(t, err, "pin_too_long")
	if got := keyState(t, r).PINRetries; got != 8 {
		t.Fatalf("refused input cost retries: %d left", got)
	}
}

func TestTwoKeys(t *testing.T) {
	r1, s := start(t, virtualkey.Options{})
	r2 := fidotest.Start(t, fidotest.Options{})
	if err := s.SetPIN(context.Background(), r2.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	if k := find(t, s, r1.Path()); k.PIN != securitykey.PINNotSet {
		t.Fatalf("first key %+v", k)
	}
	if k := find(t, s, r2.Path()); k.PIN != securitykey.PINSet {
		t.Fatalf("second key %+v", k)
	}
	if _, err := s.Pick(""); i18n.MessageKey(err) != "several_keys" {
		t.Fatalf("Pick with two keys: %v", err)
	}
}

func TestResetCancelledOrNotTouched(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	pad := r.UseTouchPad(300 * time.Millisecond)
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	r.Replug()
	err := s.Reset(ctx, r.Path())
	wantMsg(t, err, "timeout")
	if !strings.Contains(i18n.Localize(err, i18n.EN), "Start the reset again") {
		t.Fatalf("reset timeout hint: %s", i18n.Localize(err, i18n.EN))
	}
	r.Replug()
	for len(pad.Requests()) > 0 { // the timed-out reset's request
		<-pad.Requests()
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.OnTouch(func(securitykey.Touch) func() {
		go func() { <-pad.Requests(); cancel() }()
		return nil
	})
	wantMsg(t, s.Reset(cctx, r.Path()), "cancelled")
	if !keyState(t, r).PINSet {
		t.Fatal("a reset that was not confirmed erased the key")
	}
}
