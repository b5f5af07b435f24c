package securitykey

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/omamori-app/omamori/internal/i18n"
)

// SelfTestRP is the relying party of "Check my key". The .invalid
// top-level domain can never be a real site. The credential is asked for
// as non-resident (not a passkey), so the key keeps nothing. Some keys
// keep every credential anyway: the test then deletes it again (with
// the PIN, on keys that can manage their passkeys), and since it always
// uses the same user (selfTestUser), such a key that cannot delete holds
// at most one self-test credential, replaced by each test.
const SelfTestRP = "selftest.omamori.invalid"

// selfTestUser is the self-test credential's user handle.
var selfTestUser = []byte("omamori-selftest")

// authenticator data flags (WebAuthn §6.1).
const (
	flagUP = 0x01 // user present: the key was touched
	flagUV = 0x04 // user verified: the PIN was checked
)

// TestResult is what "Check my key" found.
type TestResult struct {
	SignatureValid bool // the assertion verified with the new credential's key
	UserPresent    bool
	UserVerified   bool // the PIN was checked by the key
	SignCount      uint32
}

// Summary is the plain-words verdict.
func (r TestResult) Summary() i18n.Message {
	if r.SignatureValid && r.UserPresent {
		return cat.M("selftest_ok")
	}
	return cat.M("selftest_bad")
}

// Test checks that the key works end to end: it makes a throwaway
// credential for SelfTestRP, has the key sign a fresh challenge with it,
// and verifies that signature (ES256 over authData || clientDataHash)
// with the credential's public key. Two touches; pin may be "" on a key
// without a PIN.
func (s *Service) Test(ctx context.Context, path, pin string) (TestResult, error) {
	var res TestResult
	if pin != "" {
		p, err := CheckCurrentPIN(pin)
		if err != nil {
			return res, err
		}
		pin = p
	}
	err := s.do(ctx, OpTest, path, func(d Device) error {
		var err error
		res, err = s.selfTest(ctx, path, d, pin)
		return err
	})
	return res, err
}

func (s *Service) selfTest(ctx context.Context, path string, d Device, pin string) (TestResult, error) {
	var res TestResult
	var att Attestation
	err := s.withTouch(ctx, d, Touch{Path: path, Step: TouchRegister, N: 1, Of: 2}, func() (err error) {
		att, err = d.MakeCredential(CredentialRequest{
			ClientDataHash: challenge("webauthn.create"),
			RPID:           SelfTestRP, RPName: "Omamori self-test",
			UserID: selfTestUser, UserName: "omamori-selftest", DisplayName: "Omamori self-test",
		}, pin)
		return err
	})
	if err != nil {
		return res, err
	}
	defer removeSelfTestCredential(d, att.CredentialID, pin)
	pub, err := parseES256(att.PublicKey)
	if err != nil {
		return res, err
	}
	cdh := challenge("webauthn.get")
	var as Assertion
	err = s.withTouch(ctx, d, Touch{Path: path, Step: TouchSign, N: 2, Of: 2}, func() (err error) {
		as, err = d.Assertion(AssertionRequest{RPID: SelfTestRP, ClientDataHash: cdh, AllowList: [][]byte{att.CredentialID}}, pin)
		return err
	})
	if err != nil {
		return res, err
	}
	return verifyAssertion(pub, SelfTestRP, cdh, att.CredentialID, as)
}

// removeSelfTestCredential deletes the self-test credential from a key
// that stored it although it was not asked to. Only a key with a PIN and
// credential management can be asked; on any other key (or a key that
// did not store it: NO_CREDENTIALS) this quietly does nothing.
func removeSelfTestCredential(d Device, id []byte, pin string) {
	if pin == "" {
		return
	}
	if info, err := d.Info(); err != nil || !hasCredMgmt(info) {
		return
	}
	_ = d.DeleteCredential(id, pin)
}

// verifyAssertion checks what a relying party would: the signature, the
// site the key signed for, and the user-presence flag.
func verifyAssertion(pub *ecdsa.PublicKey, rpID string, cdh, credID []byte, as Assertion) (TestResult, error) {
	var res TestResult
	ad := as.AuthData
	if len(ad) < 37 {
		return res, fmt.Errorf("%w: authenticator data is %d bytes", errSelfTestInvalid, len(ad))
	}
	rpHash := sha256.Sum256([]byte(rpID))
	if !bytes.Equal(ad[:32], rpHash[:]) {
		return res, fmt.Errorf("%w: signed for another site", errSelfTestInvalid)
	}
	if len(as.CredentialID) > 0 && !bytes.Equal(as.CredentialID, credID) {
		return res, fmt.Errorf("%w: answered with another credential", errSelfTestInvalid)
	}
	res.UserPresent = ad[32]&flagUP != 0
	res.UserVerified = ad[32]&flagUV != 0
	res.SignCount = binary.BigEndian.Uint32(ad[33:37])
	digest := sha256.Sum256(append(append([]byte{}, ad...), cdh...))
	if !ecdsa.VerifyASN1(pub, digest[:], as.Signature) {
		return res, ErrBadSignature
	}
	res.SignatureValid = true
	if !res.UserPresent {
		return res, fmt.Errorf("%w: key signed without a touch", errSelfTestInvalid)
	}
	return res, nil
}

// parseES256 reads a P-256 public key as x||y or 0x04||x||y.
func parseES256(b []byte) (*ecdsa.PublicKey, error) {
	if len(b) == 64 {
		b = append([]byte{4}, b...)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), b)
	if err != nil {
		return nil, fmt.Errorf("%w: public key: %w", errSelfTestInvalid, err)
	}
	return pub, nil
}

// challenge is the hash of a client data JSON as a browser would build
// it, with a fresh random challenge.
func challenge(typ string) []byte {
	cd := fmt.Sprintf(`{"type":%q,"challenge":"%x","origin":"https://%s"}`, typ, random(32), SelfTestRP)
	h := sha256.Sum256([]byte(cd))
	return h[:]
}

func random(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b
}
