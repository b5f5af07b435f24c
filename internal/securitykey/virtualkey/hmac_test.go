package virtualkey

import (
	"bytes"
	"slices"
	"testing"
)

func salt(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func hmacKey(t *testing.T, opts Options) (*Key, *Attestation) {
	t.Helper()
	k, _ := newKey(t, opts)
	if err := k.SetPIN(bg, "1234"); err != nil {
		t.Fatal(err)
	}
	att, err := k.MakeHMACCredential(bg, "1234", "backup.example", "Backup", User{ID: []byte("u")}, cdh("reg"), false)
	if err != nil {
		t.Fatal(err)
	}
	return k, att
}

func TestHMACSecretOutputs(t *testing.T) {
	k, att := hmacKey(t, Options{})
	info, _ := k.Info(bg)
	if !slices.Contains(info.Extensions, "hmac-secret") {
		t.Fatalf("getInfo extensions: %v", info.Extensions)
	}
	if !att.HMACSecret {
		t.Fatal("makeCredential did not report hmac-secret in authData")
	}
	get := func(pin string, salts ...[]byte) [][]byte {
		t.Helper()
		as, out, err := k.GetAssertionHMAC(bg, pin, "backup.example", cdh("get"), salts, att.CredID)
		if err != nil {
			t.Fatal(err)
		}
		if !as.Verify(att.PublicKey, cdh("get")) {
			t.Fatal("assertion with extension output does not verify")
		}
		if len(out) != len(salts) {
			t.Fatalf("%d outputs for %d salts", len(out), len(salts))
		}
		return out
	}
	a := get("1234", salt(1))
	if !bytes.Equal(a[0], get("1234", salt(1))[0]) {
		t.Fatal("same salt, different output")
	}
	if bytes.Equal(a[0], get("1234", salt(2))[0]) {
		t.Fatal("different salts, same output")
	}
	two := get("1234", salt(2), salt(1))
	if !bytes.Equal(two[1], a[0]) || bytes.Equal(two[0], two[1]) {
		t.Fatal("second salt's output differs from the same salt alone")
	}
	if bytes.Equal(get("", salt(1))[0], a[0]) {
		t.Fatal("output without user verification equals the one with it")
	}

	// Another credential has another CredRandom.
	att2, err := k.MakeHMACCredential(bg, "1234", "backup.example", "Backup", User{ID: []byte("u")}, cdh("reg"), false)
	if err != nil {
		t.Fatal(err)
	}
	_, out2, err := k.GetAssertionHMAC(bg, "1234", "backup.example", cdh("get"), [][]byte{salt(1)}, att2.CredID)
	if err != nil || bytes.Equal(out2[0], a[0]) {
		t.Fatalf("second credential: %v, same output %v", err, bytes.Equal(out2[0], a[0]))
	}

	// A power cycle keeps it, a reset ends the credential.
	k.Unplug()
	_ = k.Plug()
	if !bytes.Equal(get("1234", salt(1))[0], a[0]) {
		t.Fatal("output changed across a power cycle")
	}
}

func TestHMACSecretNotForPlainCredential(t *testing.T) {
	k, _ := hmacKey(t, Options{})
	plain, err := k.MakeCredential(bg, "1234", "backup.example", "Backup", User{ID: []byte("u")}, cdh("reg"), false)
	if err != nil || plain.HMACSecret {
		t.Fatalf("plain credential: %v, hmac-secret %v", err, plain != nil && plain.HMACSecret)
	}
	_, out, err := k.GetAssertionHMAC(bg, "1234", "backup.example", cdh("get"), [][]byte{salt(1)}, plain.CredID)
	if err != nil || out != nil {
		t.Fatalf("credential made without hmac-secret gave output %x (%v)", out, err)
	}
}

func TestHMACSecretQuirkNone(t *testing.T) {
	k, att := hmacKey(t, Options{Quirks: Quirks{NoHMACSecret: true}})
	if info, _ := k.Info(bg); len(info.Extensions) != 0 {
		t.Fatalf("key without hmac-secret lists %v", info.Extensions)
	}
	if att.HMACSecret {
		t.Fatal("key without hmac-secret granted it")
	}
	_, out, err := k.GetAssertionHMAC(bg, "1234", "backup.example", cdh("get"), [][]byte{salt(1)}, att.CredID)
	if err != nil || out != nil {
		t.Fatalf("output %x, %v", out, err)
	}
}

// A saltAuth that does not match saltEnc is refused (CTAP 2.1 §12.5).
func TestHMACSecretBadSaltAuth(t *testing.T) {
	k, att := hmacKey(t, Options{})
	s, err := k.pinSession(bg)
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := aesCBC(s.shared, salt(1), true)
	auth := hmac16(s.shared, enc)
	auth[0] ^= 1
	ext := map[string]any{"hmac-secret": map[int]any{1: s.platform, 2: enc, 3: auth}}
	_, err = k.getAssertionExt(bg, nil, "backup.example", cdh("get"), ext, [][]byte{att.CredID})
	wantStatus(t, err, StatusPINAuthInvalid)
	// A salt of the wrong length.
	enc, _ = aesCBC(s.shared, make([]byte, 48), true)
	ext = map[string]any{"hmac-secret": map[int]any{1: s.platform, 2: enc, 3: hmac16(s.shared, enc)}}
	_, err = k.getAssertionExt(bg, nil, "backup.example", cdh("get"), ext, [][]byte{att.CredID})
	wantStatus(t, err, StatusInvalidLength)
}
