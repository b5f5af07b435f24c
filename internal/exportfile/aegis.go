package exportfile

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"golang.org/x/crypto/scrypt"

	"github.com/omamori-app/omamori/internal/setupcode"
)

// Aegis's own scrypt parameters for a password slot (docs/vault.md).
const (
	scryptN = 1 << 15
	scryptR = 8
	scryptP = 1
)

type aegisGCM struct {
	Nonce string `json:"nonce"`
	Tag   string `json:"tag"`
}

type aegisSlot struct {
	Type      int      `json:"type"` // 1: password
	UUID      string   `json:"uuid"`
	Key       string   `json:"key"`
	KeyParams aegisGCM `json:"key_params"`
	N         int      `json:"n"`
	R         int      `json:"r"`
	P         int      `json:"p"`
	Salt      string   `json:"salt"`
}

type aegisInfo struct {
	Secret string `json:"secret"`
	Algo   string `json:"algo"`
	Digits int    `json:"digits"`
	Period int    `json:"period"`
}

type aegisEntry struct {
	Type     string    `json:"type"`
	UUID     string    `json:"uuid"`
	Name     string    `json:"name"`
	Issuer   string    `json:"issuer"`
	Note     string    `json:"note"`
	Favorite bool      `json:"favorite"`
	Icon     *string   `json:"icon"`
	Info     aegisInfo `json:"info"`
	Groups   []string  `json:"groups"`
}

// aegisDB is the vault's content, version 3 (Aegis reads versions up to
// its own; "icon" must be present, null for none).
type aegisDB struct {
	Version        int          `json:"version"`
	Entries        []aegisEntry `json:"entries"`
	Groups         []string     `json:"groups"`
	IconsOptimized bool         `json:"icons_optimized"`
}

// AegisVault is the accounts as an Aegis vault encrypted with password:
// a random master key seals the entries, and one password slot seals the
// master key under scrypt(password). The plain entries live only in
// memory and are wiped.
func AegisVault(a Accounts, password []byte) ([]byte, error) {
	db := aegisDB{Version: 3, Entries: []aegisEntry{}, Groups: []string{}, IconsOptimized: true}
	for _, d := range a.List {
		p := d.Profile
		db.Entries = append(db.Entries, aegisEntry{
			Type: "totp", UUID: newUUID(), Name: d.Account, Issuer: d.Issuer, Groups: []string{},
			Info: aegisInfo{Secret: setupcode.Encode(d.Secret), Algo: string(p.Algorithm), Digits: p.Digits, Period: p.Period},
		})
	}
	plain, err := json.Marshal(db)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	master, salt := random(32), random(32)
	defer clear(master)
	kek, err := scrypt.Key(password, salt, scryptN, scryptR, scryptP, 32)
	if err != nil {
		return nil, err
	}
	defer clear(kek)
	wrapped, keyParams, err := seal(kek, master)
	if err != nil {
		return nil, err
	}
	content, params, err := seal(master, plain)
	if err != nil {
		return nil, err
	}
	var v struct {
		Version int `json:"version"`
		Header  struct {
			Slots  []aegisSlot `json:"slots"`
			Params aegisGCM    `json:"params"`
		} `json:"header"`
		DB string `json:"db"`
	}
	v.Version = 1
	v.Header.Slots = []aegisSlot{{Type: 1, UUID: newUUID(), Key: hex.EncodeToString(wrapped), KeyParams: keyParams,
		N: scryptN, R: scryptR, P: scryptP, Salt: hex.EncodeToString(salt)}}
	v.Header.Params = params
	v.DB = base64.StdEncoding.EncodeToString(content)
	return json.MarshalIndent(v, "", "    ")
}

// seal encrypts plain with AES-256-GCM under key and a random nonce, the
// tag kept apart as Aegis keeps it.
func seal(key, plain []byte) (ct []byte, prm aegisGCM, err error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, prm, err
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		return nil, prm, err
	}
	nonce := random(g.NonceSize())
	out := g.Seal(nil, nonce, plain, nil)
	n := len(out) - g.Overhead()
	return out[:n], aegisGCM{Nonce: hex.EncodeToString(nonce), Tag: hex.EncodeToString(out[n:])}, nil
}

func random(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand never fails (Go 1.24+)
	return b
}

// newUUID is a random (version 4) UUID, as Aegis gives every entry and slot.
func newUUID() string {
	b := random(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
