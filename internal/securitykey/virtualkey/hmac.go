package virtualkey

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"

	"github.com/fxamacker/cbor/v2"
)

// The hmac-secret extension (CTAP 2.1 §12.5, PIN/UV auth protocol 1): a
// credential made with {"hmac-secret": true} has a CredRandom, and an
// assertion that sends salts encrypted to the key's key agreement key
// gets HMAC-SHA-256(CredRandom, salt) back, encrypted the same way.
// Omamori's backups use it to protect a file with a security key.
//
// CredRandom is not stored: it is HMAC-SHA-256 of the credential id under
// the master secret (one value with user verification, another without,
// as the spec asks), so non-discoverable credentials get one too and a
// reset (new master) ends it. The credential id's flags (authenticated
// by its AES-GCM) say whether the credential was made with the extension.

const extHMACSecret = "hmac-secret"

// extensions is getInfo's list (0x02).
func (k *Key) extensions() []string {
	if k.opts.Quirks.NoHMACSecret {
		return nil
	}
	return []string{extHMACSecret}
}

// wantsHMACSecret reports whether makeCredential asked for hmac-secret
// and the key offers it. A key ignores extensions it does not know.
func (k *Key) wantsHMACSecret(ext map[string]any) bool {
	v, _ := ext[extHMACSecret].(bool)
	return v && !k.opts.Quirks.NoHMACSecret
}

// hmacSecretInput is getAssertion's hmac-secret input map.
type hmacSecretInput struct {
	KeyAgreement map[int]any `cbor:"1,keyasint"`
	SaltEnc      []byte      `cbor:"2,keyasint"`
	SaltAuth     []byte      `cbor:"3,keyasint"`
	Protocol     *int        `cbor:"4,keyasint"`
}

// hmacSecretExt returns the CBOR extensions map for an assertion with
// credID, or nil when no hmac-secret output is due (not asked, the key
// lacks it, or the credential was made without it).
func (k *Key) hmacSecretExt(exts map[string]cbor.RawMessage, credID []byte, uv bool) ([]byte, Status) {
	raw, asked := exts[extHMACSecret]
	if !asked || k.opts.Quirks.NoHMACSecret || len(credID) < 2 || credID[1]&credIDHMAC == 0 {
		return nil, StatusOK
	}
	var in hmacSecretInput
	if st := decode(raw, &in); st != StatusOK {
		return nil, st
	}
	if in.KeyAgreement == nil || in.SaltEnc == nil || in.SaltAuth == nil {
		return nil, StatusMissingParameter
	}
	if in.Protocol != nil && *in.Protocol != 1 {
		return nil, StatusInvalidParameter
	}
	shared, st := k.sharedSecret(in.KeyAgreement)
	if st != StatusOK {
		return nil, st
	}
	if !pinAuthOK(shared, in.SaltEnc, in.SaltAuth) {
		return nil, StatusPINAuthInvalid
	}
	if len(in.SaltEnc) != 32 && len(in.SaltEnc) != 64 {
		return nil, StatusInvalidLength
	}
	salts, _ := aesCBC(shared, in.SaltEnc, false)
	cr := k.credRandom(credID, uv)
	var out []byte
	for i := 0; i < len(salts); i += 32 {
		m := hmac.New(sha256.New, cr)
		m.Write(salts[i : i+32])
		out = m.Sum(out)
	}
	enc, _ := aesCBC(shared, out, true)
	b, err := encMode.Marshal(map[string][]byte{extHMACSecret: enc})
	if err != nil {
		return nil, StatusOther
	}
	return b, StatusOK
}

// credRandom is the credential's CredRandomWithUV or ...WithoutUV.
func (k *Key) credRandom(credID []byte, uv bool) []byte {
	m := hmac.New(sha256.New, k.state.Master)
	m.Write([]byte("omamori virtualkey hmac-secret CredRandom"))
	if uv {
		m.Write([]byte{1})
	} else {
		m.Write([]byte{0})
	}
	m.Write(credID)
	return m.Sum(nil)
}

// Platform side.

// MakeHMACCredential is MakeCredential with {"hmac-secret": true};
// Attestation.HMACSecret says whether the key turned it on.
func (k *Key) MakeHMACCredential(ctx context.Context, pin, rpID, rpName string, u User, clientDataHash []byte, resident bool) (*Attestation, error) {
	return k.makeCred(ctx, pin, rpID, rpName, u, clientDataHash, resident, map[string]any{extHMACSecret: true})
}

// GetAssertionHMAC is GetAssertion with the hmac-secret extension: it
// sends one or two 32-byte salts and returns HMAC-SHA-256(CredRandom,
// salt) for each (nil if the key gave no output).
func (k *Key) GetAssertionHMAC(ctx context.Context, pin, rpID string, clientDataHash []byte, salts [][]byte, allow ...[]byte) (*Assertion, [][]byte, error) {
	if len(salts) < 1 || len(salts) > 2 {
		return nil, nil, errors.New("virtual key: hmac-secret takes one or two salts")
	}
	plain := bytes.Join(salts, nil)
	if len(plain) != 32*len(salts) {
		return nil, nil, errors.New("virtual key: hmac-secret salts are 32 bytes")
	}
	auth, err := k.pinAuthFor(ctx, pin, clientDataHash)
	if err != nil {
		return nil, nil, err
	}
	s, err := k.pinSession(ctx)
	if err != nil {
		return nil, nil, err
	}
	saltEnc, _ := aesCBC(s.shared, plain, true)
	ext := map[string]any{extHMACSecret: map[int]any{1: s.platform, 2: saltEnc, 3: hmac16(s.shared, saltEnc), 4: 1}}
	as, err := k.getAssertionExt(ctx, auth, rpID, clientDataHash, ext, allow)
	if err != nil {
		return nil, nil, err
	}
	enc, err := authDataExt(as.AuthData, 37)
	if err != nil || enc == nil {
		return as, nil, err
	}
	out, ok := aesCBC(s.shared, enc, false)
	if !ok || len(out) != len(plain) {
		return nil, nil, errors.New("virtual key: bad hmac-secret output")
	}
	return as, [][]byte{out[:32], out[32:]}[:len(salts)], nil
}

// authDataExt returns the hmac-secret value in the extensions that start
// at off in authData: the encrypted output of an assertion (nil if none).
func authDataExt(authData []byte, off int) ([]byte, error) {
	if len(authData) < 37 || authData[32]&flagED == 0 {
		return nil, nil
	}
	var m map[string]cbor.RawMessage
	if err := decMode.Unmarshal(authData[off:], &m); err != nil {
		return nil, err
	}
	var out []byte
	if raw, ok := m[extHMACSecret]; ok {
		if err := decMode.Unmarshal(raw, &out); err != nil {
			return nil, err
		}
	}
	return out, nil
}
