package virtualkey

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestParseQuirks(t *testing.T) {
	q, err := ParseQuirks(" NoCredMgmt, ignorecancel,nosoftblock,fido20,allresident,nohmacsecret ")
	if err != nil || q != (Quirks{true, true, true, true, true, true}) {
		t.Fatalf("%+v %v", q, err)
	}
	if back, err := ParseQuirks(q.String()); err != nil || back != q {
		t.Fatalf("round trip %q: %+v %v", q.String(), back, err)
	}
	if q, err := ParseQuirks(""); err != nil || q != (Quirks{}) || q.String() != "" {
		t.Fatalf("empty: %+v %v", q, err)
	}
	if _, err := ParseQuirks("nocredmgmt,frob"); err == nil {
		t.Fatal("unknown quirk accepted")
	}
}

func TestQuirkNoCredMgmt(t *testing.T) {
	for _, q := range []Quirks{{NoCredMgmt: true}, {FIDO20Only: true}} {
		k, _ := newKey(t, Options{Quirks: q})
		info, err := k.Info(bg)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range []string{"credMgmt", "credentialMgmtPreview"} {
			if _, listed := info.Options[o]; listed {
				t.Fatalf("%v: getInfo lists %s: %v", q, o, info.Options)
			}
		}
		for _, cmd := range []byte{CmdCredMgmt, CmdCredMgmtPreview} {
			if resp := k.CTAP2(bg, []byte{cmd, 0xA1, 0x01, 0x01}); Status(resp[0]) != StatusInvalidCommand {
				t.Fatalf("%v: command %#x answered %v", q, cmd, Status(resp[0]))
			}
		}
	}
}

func TestQuirkFIDO20Only(t *testing.T) {
	k, _ := newKey(t, Options{Quirks: Quirks{FIDO20Only: true}})
	info, err := k.Info(bg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(info.Versions, []string{"FIDO_2_0"}) || !slices.Equal(info.PINProtocols, []int{1}) {
		t.Fatalf("versions %v protocols %v", info.Versions, info.PINProtocols)
	}
	c := cdh("x5c")
	att, err := k.MakeCredential(bg, "", "example.jp", "", User{ID: []byte{1}}, c, false)
	if err != nil {
		t.Fatal(err)
	}
	if att.Format != "packed" || len(att.X5C) != 1 {
		t.Fatalf("attestation %s with %d certificates", att.Format, len(att.X5C))
	}
	cert, err := x509.ParseCertificate(att.X5C[0])
	if err != nil {
		t.Fatal(err)
	}
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok {
		t.Fatalf("certificate key %T", cert.PublicKey)
	}
	h := sha256.Sum256(append(append([]byte{}, att.AuthData...), c...))
	if !ecdsa.VerifyASN1(pub, h[:], att.Signature) {
		t.Fatal("attestation signature does not verify with the x5c certificate")
	}
	if ecdsa.VerifyASN1(att.PublicKey, h[:], att.Signature) {
		t.Fatal("signed with the credential key: self attestation, not x5c")
	}
}

func TestQuirkNoSoftBlockCountsDownToZero(t *testing.T) {
	k, _ := newKey(t, Options{Quirks: Quirks{NoSoftBlock: true}})
	if err := k.SetPIN(bg, "1234"); err != nil {
		t.Fatal(err)
	}
	for left := maxPINRetries - 1; left > 0; left-- {
		_, err := k.PINToken(bg, "9999")
		wantStatus(t, err, StatusPINInvalid) // never PIN_AUTH_BLOCKED
		if info, _ := k.Info(bg); info.PINRetries != left {
			t.Fatalf("retries %d, want %d", info.PINRetries, left)
		}
	}
	_, err := k.PINToken(bg, "9999")
	wantStatus(t, err, StatusPINBlocked)
	_, err = k.PINToken(bg, "1234")
	wantStatus(t, err, StatusPINBlocked)
	if info, _ := k.Info(bg); info.PINRetries != 0 {
		t.Fatalf("retries %d after blocking", info.PINRetries)
	}
}

func TestQuirkIgnoreCancel(t *testing.T) {
	k, _ := newKey(t, Options{Quirks: Quirks{IgnoreCancel: true}})
	pad := NewTouchPad(10 * time.Second)
	k.SetPresence(pad)
	ctx, cancel := context.WithCancel(bg)
	go func() {
		<-pad.Requests()
		cancel()
		time.Sleep(50 * time.Millisecond)
		k.Touch()
	}()
	if _, err := k.MakeCredential(ctx, "", "example.jp", "", User{ID: []byte{1}}, cdh("c"), true); err != nil {
		t.Fatalf("the key should complete despite the cancel: %v", err)
	}
	if n := len(k.State().Resident); n != 1 {
		t.Fatalf("%d resident credentials after the ignored cancel", n)
	}
	go func() { <-pad.Requests(); k.Unplug() }() // unplugging still ends a wait
	if _, err := k.MakeCredential(bg, "", "example.jp", "", User{ID: []byte{2}}, cdh("c"), false); !errors.Is(err, ErrUnplugged) {
		t.Fatalf("unplugged mid-touch: %v", err)
	}
}

func TestQuirkAllResident(t *testing.T) {
	k, _ := newKey(t, Options{Quirks: Quirks{AllResident: true}})
	if _, err := k.MakeCredential(bg, "", "example.jp", "", User{ID: []byte{1}}, cdh("c"), false); err != nil {
		t.Fatal(err)
	}
	if n := len(k.State().Resident); n != 1 {
		t.Fatalf("non-resident request stored %d credentials, want 1", n)
	}
	d, _ := newKey(t, Options{})
	if _, err := d.MakeCredential(bg, "", "example.jp", "", User{ID: []byte{1}}, cdh("c"), false); err != nil {
		t.Fatal(err)
	}
	if n := len(d.State().Resident); n != 0 {
		t.Fatalf("default key stored a non-resident credential (%d)", n)
	}
}

func TestFailNextPINExchange(t *testing.T) {
	k, _ := newKey(t, Options{})
	k.FailNextPINExchange()
	wantStatus(t, k.SetPIN(bg, "1234"), StatusPINAuthInvalid)
	if err := k.SetPIN(bg, "1234"); err != nil {
		t.Fatalf("only the next exchange fails: %v", err)
	}
	k.FailNextPINExchange()
	wantStatus(t, k.ChangePIN(bg, "1234", "5678"), StatusPINAuthInvalid)
	if info, _ := k.Info(bg); info.PINRetries != 8 {
		t.Fatalf("a failed exchange used a retry: %d", info.PINRetries)
	}
	if _, err := k.PINToken(bg, "1234"); err != nil {
		t.Fatalf("PIN changed by a failed exchange: %v", err)
	}
}
