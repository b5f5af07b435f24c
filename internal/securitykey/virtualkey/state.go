package virtualkey

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"slices"
	"time"
)

// State is what survives a power cycle: master secret, PIN, retry counter,
// signature counter and discoverable credentials. It holds secrets (the
// PIN hash and private keys): keep it in memory, never in a file or log.
type State struct {
	Master     []byte              `json:"master"`             // wraps credential private keys into credential IDs
	PINHash    []byte              `json:"pinHash,omitempty"`  // LEFT(SHA-256(PIN), 16); nil: no PIN set
	PINRetries int                 `json:"pinRetries"`         // left before PIN_BLOCKED
	SignCount  uint32              `json:"signCount"`          // global signature counter
	Resident   []*StoredCredential `json:"resident,omitempty"` // discoverable credentials, oldest first
}

// StoredCredential is a discoverable credential on the key.
type StoredCredential struct {
	Credential
	PrivateKey []byte `json:"privateKey"` // P-256 scalar, 32 bytes
}

// Credential describes a discoverable credential (no secret in it).
type Credential struct {
	ID              []byte    `json:"id"`
	RPID            string    `json:"rpId"`
	RPName          string    `json:"rpName,omitempty"`
	UserID          []byte    `json:"userId"`
	UserName        string    `json:"userName,omitempty"`
	UserDisplayName string    `json:"userDisplayName,omitempty"`
	Created         time.Time `json:"created"`
}

func (s State) clone() State {
	b, _ := json.Marshal(s) // plain data: cannot fail
	var c State
	_ = json.Unmarshal(b, &c)
	return c
}

// State returns a deep copy of the persistent state (for a later New).
func (k *Key) State() State {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.state.clone()
}

// MarshalState and UnmarshalState turn a State into bytes and back, so
// the practice mode can keep a key across restarts in memory or a test can
// carry it to a child process. The bytes contain secrets.
func MarshalState(s State) ([]byte, error) { return json.Marshal(s) }

// UnmarshalState is the inverse of MarshalState.
func UnmarshalState(b []byte) (State, error) {
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return State{}, err
	}
	if len(s.Master) != 32 {
		return State{}, errors.New("virtual key: state has no valid master secret")
	}
	return s, nil
}

// Credential IDs are version(1) | flags(1) | nonce(12) | AES-GCM(master,
// scalar) with rpIdHash and flags as additional data. So a key recognises
// its own credentials without storing the non-discoverable ones, and a
// reset (new master) invalidates them all.
const (
	credIDVersion  = 1
	credIDResident = 1
	credIDHMAC     = 2 // made with hmac-secret (see hmac.go)
	credIDLen      = 2 + 12 + 32 + 16
)

func (k *Key) gcm() cipher.AEAD {
	block, err := aes.NewCipher(k.state.Master)
	if err != nil {
		panic(err) // master is always 32 bytes
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return g
}

func (k *Key) wrap(rpIDHash []byte, priv *ecdsa.PrivateKey, resident, hmacSecret bool) ([]byte, error) {
	flags := byte(0)
	if resident {
		flags = credIDResident
	}
	if hmacSecret {
		flags |= credIDHMAC
	}
	id := []byte{credIDVersion, flags}
	nonce := make([]byte, 12)
	if _, err := io.ReadFull(k.opts.Rand, nonce); err != nil {
		return nil, err
	}
	id = append(id, nonce...)
	return k.gcm().Seal(id, nonce, scalar(priv), append(slices.Clone(rpIDHash), flags)), nil
}

// unwrap returns the private key in a credential ID made by this key for
// rpIDHash, or nil. A discoverable credential must also still be stored.
func (k *Key) unwrap(rpIDHash, id []byte) *ecdsa.PrivateKey {
	if len(id) != credIDLen || id[0] != credIDVersion {
		return nil
	}
	flags := id[1]
	d, err := k.gcm().Open(nil, id[2:14], id[14:], append(slices.Clone(rpIDHash), flags))
	if err != nil {
		return nil
	}
	if flags&credIDResident != 0 && k.findResident(id) == nil {
		return nil
	}
	return privFromScalar(d)
}

func (k *Key) findResident(id []byte) *StoredCredential {
	for _, c := range k.state.Resident {
		if bytes.Equal(c.ID, id) {
			return c
		}
	}
	return nil
}

func scalar(priv *ecdsa.PrivateKey) []byte {
	b, err := priv.Bytes()
	if err != nil {
		panic(err) // P-256 keys always encode
	}
	return b
}

func privFromScalar(d []byte) *ecdsa.PrivateKey {
	priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d)
	if err != nil {
		return nil
	}
	return priv
}

// coseKey is the COSE_Key form of an ES256 public key.
func coseKey(pub *ecdsa.PublicKey) map[int]any {
	b, err := pub.Bytes() // 0x04 | X | Y
	if err != nil {
		panic(err)
	}
	return map[int]any{1: 2, 3: algES256, -1: 1, -2: b[1:33], -3: b[33:65]}
}

// publicFromCOSE reads an EC2 P-256 COSE key as sent by the platform.
func publicFromCOSE(m map[int]any) ([]byte, bool) {
	x, okx := m[-2].([]byte)
	y, oky := m[-3].([]byte)
	if !okx || !oky || len(x) > 32 || len(y) > 32 {
		return nil, false
	}
	pt := make([]byte, 65)
	pt[0] = 4
	new(big.Int).SetBytes(x).FillBytes(pt[1:33])
	new(big.Int).SetBytes(y).FillBytes(pt[33:65])
	return pt, true
}

func rpHash(rpID string) []byte {
	h := sha256.Sum256([]byte(rpID))
	return h[:]
}
