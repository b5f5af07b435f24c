package applock

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"unicode/utf8"

	"golang.org/x/crypto/scrypt"

	"github.com/omamori-app/omamori/internal/i18n"
)

// ErrWrongPassphrase is behind the error of a passphrase that does not match.
var ErrWrongPassphrase = errors.New("applock: wrong passphrase")

// ErrNoPassphrase: no passphrase was set on this PC.
var ErrNoPassphrase = errors.New("applock: no passphrase set")

// MinPassphrase is the shortest passphrase accepted (in characters).
const MinPassphrase = 4

type hashRecord struct {
	KDF  string `json:"kdf"` // "scrypt"
	N    int    `json:"n"`
	R    int    `json:"r"`
	P    int    `json:"p"`
	Salt []byte `json:"salt"`
	Hash []byte `json:"hash"`
}

// Passphrase checks the lock's passphrase against the salted scrypt hash
// in dir/lock.json.
type Passphrase struct {
	Dir string
	// LogN is scrypt's work factor for a new hash (2^LogN); 0 = 15. Tests
	// lower it.
	LogN int
}

// Kind is "passphrase".
func (Passphrase) Kind() string { return "passphrase" }

// Available is nil when a passphrase was set.
func (p Passphrase) Available() error {
	r, err := load(p.Dir)
	if err != nil || r.Passphrase == nil {
		return i18n.NewError(cat.M("no_passphrase"), cat.M("hint_no_passphrase"), ErrNoPassphrase)
	}
	return nil
}

// Set stores the hash of a new passphrase (the passphrase itself is never
// written).
func (p Passphrase) Set(pass string) error {
	if utf8.RuneCountInString(pass) < MinPassphrase {
		return i18n.NewError(cat.M("passphrase_short", "N", MinPassphrase), cat.M("hint_passphrase_short"), nil)
	}
	logN := p.LogN
	if logN == 0 {
		logN = 15
	}
	h := hashRecord{KDF: "scrypt", N: 1 << logN, R: 8, P: 1, Salt: make([]byte, 16)}
	if _, err := rand.Read(h.Salt); err != nil {
		return err
	}
	sum, err := scrypt.Key([]byte(pass), h.Salt, h.N, h.R, h.P, 32)
	if err != nil {
		return err
	}
	h.Hash = sum
	return update(p.Dir, func(r *record) { r.Passphrase = &h })
}

// Verify is nil when typed is the passphrase.
func (p Passphrase) Verify(_ context.Context, typed string) error {
	r, err := load(p.Dir)
	if err != nil || r.Passphrase == nil {
		return p.Available()
	}
	h := r.Passphrase
	if h.KDF != "scrypt" || h.N < 2 || h.N > 1<<20 || h.R < 1 || h.R > 32 || h.P < 1 || h.P > 16 || len(h.Hash) == 0 {
		return i18n.NewError(cat.M("no_passphrase"), cat.M("hint_no_passphrase"), ErrNoPassphrase)
	}
	sum, err := scrypt.Key([]byte(typed), h.Salt, h.N, h.R, h.P, len(h.Hash))
	if err != nil || subtle.ConstantTimeCompare(sum, h.Hash) != 1 {
		return i18n.NewError(cat.M("wrong_passphrase"), cat.M("hint_wrong_passphrase"), ErrWrongPassphrase)
	}
	return nil
}
