package virtualkey

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
)

// clientPIN sub-commands (PIN/UV auth protocol 1).
const (
	pinGetRetries      = 0x01
	pinGetKeyAgreement = 0x02
	pinSetPIN          = 0x03
	pinChangePIN       = 0x04
	pinGetPINToken     = 0x05
)

type clientPINReq struct {
	Protocol     int         `cbor:"1,keyasint"`
	SubCommand   int         `cbor:"2,keyasint"`
	KeyAgreement map[int]any `cbor:"3,keyasint,omitempty"`
	PINAuth      []byte      `cbor:"4,keyasint,omitempty"`
	NewPINEnc    []byte      `cbor:"5,keyasint,omitempty"`
	PINHashEnc   []byte      `cbor:"6,keyasint,omitempty"`
}

func (k *Key) clientPIN(body []byte) (any, Status) {
	var req clientPINReq
	if st := decode(body, &req); st != StatusOK {
		return nil, st
	}
	if req.SubCommand == 0 {
		return nil, StatusMissingParameter
	}
	if req.Protocol != 1 {
		return nil, StatusInvalidParameter
	}
	switch req.SubCommand {
	case pinGetRetries:
		return map[int]any{3: k.state.PINRetries}, StatusOK
	case pinGetKeyAgreement:
		return map[int]any{1: k.agreementCOSE()}, StatusOK
	case pinSetPIN, pinChangePIN:
		if k.failPINAuth.Swap(false) {
			return nil, StatusPINAuthInvalid
		}
		if req.SubCommand == pinSetPIN {
			return nil, k.setPIN(&req)
		}
		return nil, k.changePIN(&req)
	case pinGetPINToken:
		return k.getPINToken(&req)
	}
	return nil, StatusInvalidParameter
}

func (k *Key) agreementCOSE() map[int]any {
	pt := k.boot.agreement.PublicKey().Bytes()
	return map[int]any{1: 2, 3: -25, -1: 1, -2: pt[1:33], -3: pt[33:65]}
}

// sharedSecret is SHA-256 of the ECDH x coordinate (protocol 1).
func (k *Key) sharedSecret(platform map[int]any) ([]byte, Status) {
	if platform == nil {
		return nil, StatusMissingParameter
	}
	pt, ok := publicFromCOSE(platform)
	if !ok {
		return nil, StatusInvalidParameter
	}
	pub, err := ecdh.P256().NewPublicKey(pt)
	if err != nil {
		return nil, StatusInvalidParameter
	}
	z, err := k.boot.agreement.ECDH(pub)
	if err != nil {
		return nil, StatusInvalidParameter
	}
	s := sha256.Sum256(z)
	return s[:], StatusOK
}

func pinAuthOK(key, msg, auth []byte) bool {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return len(auth) == 16 && subtle.ConstantTimeCompare(m.Sum(nil)[:16], auth) == 1
}

// aesCBC en- or decrypts with a zero IV, as protocol 1 does.
func aesCBC(key, data []byte, encrypt bool) ([]byte, bool) {
	if len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, false
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, false
	}
	out := make([]byte, len(data))
	iv := make([]byte, aes.BlockSize)
	if encrypt {
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, data)
	} else {
		cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
	}
	return out, true
}

// newPIN decrypts and checks newPinEnc; it returns the PIN hash to store.
func newPIN(shared, enc []byte) ([]byte, Status) {
	if len(enc) < 64 {
		return nil, StatusPINPolicyViolation
	}
	padded, ok := aesCBC(shared, enc, false)
	if !ok {
		return nil, StatusInvalidParameter
	}
	pin := padded
	if i := bytes.IndexByte(padded, 0); i >= 0 {
		pin = padded[:i]
	}
	if len(pin) < 4 || len(pin) > 63 {
		return nil, StatusPINPolicyViolation
	}
	h := sha256.Sum256(pin)
	return h[:16], StatusOK
}

func (k *Key) setPIN(req *clientPINReq) Status {
	if req.KeyAgreement == nil || req.PINAuth == nil || req.NewPINEnc == nil {
		return StatusMissingParameter
	}
	if k.state.PINHash != nil {
		return StatusNotAllowed
	}
	shared, st := k.sharedSecret(req.KeyAgreement)
	if st != StatusOK {
		return st
	}
	if !pinAuthOK(shared, req.NewPINEnc, req.PINAuth) {
		return StatusPINAuthInvalid
	}
	h, st := newPIN(shared, req.NewPINEnc)
	if st != StatusOK {
		return st
	}
	k.state.PINHash = h
	k.state.PINRetries = maxPINRetries
	return StatusOK
}

// checkPIN verifies pinHashEnc against the stored PIN, counting retries
// and blocking as CTAP2 requires.
func (k *Key) checkPIN(shared, pinHashEnc []byte) Status {
	if k.state.PINRetries <= 0 {
		return StatusPINBlocked
	}
	softBlock := !k.opts.Quirks.NoSoftBlock
	if softBlock && k.boot.wrongPINs >= maxPINAttempts {
		return StatusPINAuthBlocked
	}
	k.state.PINRetries--
	got, ok := aesCBC(shared, pinHashEnc, false)
	if !ok || len(got) != 16 || subtle.ConstantTimeCompare(got, k.state.PINHash) != 1 {
		// A new key agreement key forces the platform to start over.
		if ag, err := ecdh.P256().GenerateKey(k.opts.Rand); err == nil {
			k.boot.agreement = ag
		}
		k.boot.wrongPINs++
		switch {
		case k.state.PINRetries <= 0:
			return StatusPINBlocked
		case softBlock && k.boot.wrongPINs >= maxPINAttempts:
			return StatusPINAuthBlocked
		}
		return StatusPINInvalid
	}
	k.state.PINRetries = maxPINRetries
	k.boot.wrongPINs = 0
	return StatusOK
}

func (k *Key) changePIN(req *clientPINReq) Status {
	if req.KeyAgreement == nil || req.PINAuth == nil || req.NewPINEnc == nil || req.PINHashEnc == nil {
		return StatusMissingParameter
	}
	if k.state.PINHash == nil {
		return StatusPINNotSet
	}
	if k.state.PINRetries <= 0 {
		return StatusPINBlocked
	}
	shared, st := k.sharedSecret(req.KeyAgreement)
	if st != StatusOK {
		return st
	}
	if !pinAuthOK(shared, append(append([]byte{}, req.NewPINEnc...), req.PINHashEnc...), req.PINAuth) {
		return StatusPINAuthInvalid
	}
	if st := k.checkPIN(shared, req.PINHashEnc); st != StatusOK {
		return st
	}
	h, st := newPIN(shared, req.NewPINEnc)
	if st != StatusOK {
		return st
	}
	k.state.PINHash = h
	k.newPINToken()
	return StatusOK
}

func (k *Key) getPINToken(req *clientPINReq) (any, Status) {
	if req.KeyAgreement == nil || req.PINHashEnc == nil {
		return nil, StatusMissingParameter
	}
	if k.state.PINHash == nil {
		return nil, StatusPINNotSet
	}
	shared, st := k.sharedSecret(req.KeyAgreement)
	if st != StatusOK {
		return nil, st
	}
	if st := k.checkPIN(shared, req.PINHashEnc); st != StatusOK {
		return nil, st
	}
	enc, _ := aesCBC(shared, k.boot.pinToken, true)
	return map[int]any{2: enc}, StatusOK
}

// newPINToken invalidates tokens handed out before (after a PIN change).
func (k *Key) newPINToken() {
	t := make([]byte, 32)
	if _, err := k.opts.Rand.Read(t); err == nil {
		k.boot.pinToken = t
	}
}

// verifyPINAuth checks a pinAuth over msg with the current PIN token.
// A zero-length pinAuth is the platform asking for a touch (CTAP2.0
// §5.1 step 2): wait for it, then say whether a PIN is set.
func (k *Key) verifyPINAuth(msg, auth []byte, protocol *int) Status {
	if protocol == nil {
		return StatusMissingParameter
	}
	if *protocol != 1 {
		return StatusPINAuthInvalid
	}
	if k.state.PINHash == nil {
		return StatusPINNotSet
	}
	if !pinAuthOK(k.boot.pinToken, msg, auth) {
		return StatusPINAuthInvalid
	}
	return StatusOK
}
