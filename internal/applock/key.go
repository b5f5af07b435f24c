package applock

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// KeyService is the part of *securitykey.Service the key verifier uses:
// the hmac-secret credential of the key-protected backup, made once for
// the lock and asked for its secret (PIN and a touch) at each unlock.
type KeyService interface {
	List() ([]securitykey.KeyInfo, error)
	ProtectBackup(ctx context.Context, path, pin string, salt []byte) (credID, secret []byte, err error)
	BackupSecret(ctx context.Context, path, pin string, credID, salt []byte) ([]byte, error)
}

// ErrNoKey: no security key is plugged in, or none was set for the lock.
var ErrNoKey = errors.New("applock: no security key")

// ErrWrongKey: the key answered, but it is not the lock's key.
var ErrWrongKey = errors.New("applock: not the lock's security key")

type keyRecord struct {
	CredID []byte `json:"cred_id"`
	Salt   []byte `json:"salt"`
	Check  []byte `json:"check"` // SHA-256 of the key's secret, never the secret
}

// Key unlocks with a touch and the PIN of the security key set for the
// lock: only that key knows the credential, so another key (or this key
// after a reset) does not unlock; a wrong PIN is refused by the key.
type Key struct {
	Dir  string
	Keys KeyService
}

// Kind is "key".
func (Key) Kind() string { return "key" }

// Available is nil when a key was set for the lock.
func (k Key) Available() error {
	if r, err := load(k.Dir); err != nil || r.Key == nil || k.Keys == nil {
		return i18n.NewError(cat.M("no_lock_key"), cat.M("hint_no_lock_key"), ErrNoKey)
	}
	return nil
}

// Set makes the lock's credential on the plugged-in key (PIN, two
// touches) and stores its id and a hash of its secret.
func (k Key) Set(ctx context.Context, pin string) error {
	path, err := k.plugged()
	if err != nil {
		return err
	}
	salt := make([]byte, securitykey.HMACSaltSize)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	id, secret, err := k.Keys.ProtectBackup(ctx, path, pin, salt)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(secret)
	clear(secret)
	return update(k.Dir, func(r *record) { r.Key = &keyRecord{CredID: id, Salt: salt, Check: sum[:]} })
}

// Verify asks the plugged-in key for the lock credential's secret with
// the PIN typed (and a touch), and compares its hash.
func (k Key) Verify(ctx context.Context, pin string) error {
	if err := k.Available(); err != nil {
		return err
	}
	r, _ := load(k.Dir)
	path, err := k.plugged()
	if err != nil {
		return err
	}
	secret, err := k.Keys.BackupSecret(ctx, path, pin, r.Key.CredID, r.Key.Salt)
	if errors.Is(err, securitykey.ErrNoCredentials) {
		return i18n.NewError(cat.M("wrong_key"), cat.M("hint_wrong_key"), ErrWrongKey)
	}
	if err != nil {
		return err // the service's own words: wrong PIN, no touch, removed
	}
	sum := sha256.Sum256(secret)
	clear(secret)
	if subtle.ConstantTimeCompare(sum[:], r.Key.Check) != 1 {
		return i18n.NewError(cat.M("wrong_key"), cat.M("hint_wrong_key"), ErrWrongKey)
	}
	return nil
}

// plugged is the first plugged-in key.
func (k Key) plugged() (string, error) {
	keys, err := k.Keys.List()
	if err != nil {
		return "", err
	}
	if len(keys) == 0 {
		return "", i18n.NewError(cat.M("key_missing"), cat.M("hint_key_missing"), ErrNoKey)
	}
	return keys[0].Path, nil
}
