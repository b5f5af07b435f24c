// Package seal is the app lock's second level, "Sealed" (issue 25): each
// account's keyring item is stored encrypted under a data key that only
// the customer's security key releases (its PIN and a touch), so other
// programs of the same user, which can read any keyring item, read no
// secret.
//
// The data key is 32 random bytes, kept in the settings folder's
// seal.json as a small age file protected by the security key exactly as
// a key-protected backup is (internal/backup's omamori-fido2-hmac stanza:
// one hmac-secret derivation for both). Unlocking asks the key once and
// keeps the data key in memory until Lock; the items are opened as they
// are read.
//
// Store sits between the account store and the OS keyring (it is an
// accounts.SecretStore): a sealed item is "omamori-sealed:1:" and the
// base64 of a random 24-byte nonce and the XChaCha20-Poly1305 sealing of
// the plain item under the data key, with the account id as associated
// data (an item moved under another id does not open). Items not sealed
// pass through, so a store half-way through sealing or unsealing reads
// every account while seal.json is there.
package seal

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/omamori-app/omamori/internal/atomicfile"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("seal", localesFS)

// Catalog is the package's messages, for the catalog tests.
func Catalog() *i18n.Catalog { return cat }

// File is seal.json in the settings folder.
const File = config.Seal

// Prefix starts every sealed keyring item.
const Prefix = "omamori-sealed:1:"

// MaxItem is the longest sealed item written: Windows Credential
// Manager keeps at most 2560 bytes.
const MaxItem = 2560

// Causes inside the *i18n.Error values, for errors.Is.
var (
	ErrLocked    = errors.New("seal: sealed and locked")
	ErrNoBackup  = errors.New("seal: no passphrase backup made")
	ErrNoKey     = errors.New("seal: no security key plugged in")
	ErrWrongKey  = errors.New("seal: not the sealing key")
	ErrNoHMAC    = errors.New("seal: key cannot seal")
	ErrNotSealed = errors.New("seal: sealing is off")
	ErrSealed    = errors.New("seal: sealing is on")
	ErrStopped   = errors.New("seal: stopped part-way")
	ErrTooLong   = errors.New("seal: sealed item too long")
)

// Secrets is the keyring under the store (accounts.SecretStore).
type Secrets interface {
	Get(id string) (secret string, found bool, err error)
	GetMany(ids []string) (map[string]string, error)
	Set(id, secret string) error
	Delete(id string) error
	List() ([]string, error)
}

type batchSetter interface {
	SetMany(ids, secrets []string) ([]bool, error)
}

// KeyService is what sealing needs of *securitykey.Service.
type KeyService interface {
	List() ([]securitykey.KeyInfo, error)
	CanProtect(ctx context.Context, path string) error
	ProtectBackup(ctx context.Context, path, pin string, salt []byte) (credID, secret []byte, err error)
	BackupSecret(ctx context.Context, path, pin string, credID, salt []byte) ([]byte, error)
}

type record struct {
	V   int    `json:"v"`
	Key []byte `json:"key"` // an age file holding the data key, for the security key's stanza only
}

// Store is the keyring with sealing: safe for concurrent use.
type Store struct {
	dir   string
	inner Secrets
	keys  KeyService

	// OnLocked is called, with no lock held, when a sealed item must be
	// read or written while locked: the command line asks for the PIN and
	// calls Unlock there. Nil, or when it fails: ErrLocked.
	OnLocked func() error

	mu  sync.Mutex
	dek []byte // the data key while unlocked
}

// New is the keyring inner with the sealing of settings folder dir.
func New(dir string, inner Secrets, keys KeyService) *Store {
	return &Store{dir: dir, inner: inner, keys: keys}
}

// On reports whether sealing is on in settings folder dir.
func On(dir string) bool {
	_, err := load(dir)
	return err == nil
}

// On reports whether sealing is on.
func (s *Store) On() bool { return On(s.dir) }

// Locked reports whether sealing is on and the data key is not in memory.
func (s *Store) Locked() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dek == nil && On(s.dir)
}

// Lock drops the data key from memory: sealed items cannot be read until
// the next Unlock.
func (s *Store) Lock() {
	s.mu.Lock()
	clear(s.dek)
	s.dek = nil
	s.mu.Unlock()
}

func (s *Store) setKey(k []byte) {
	s.mu.Lock()
	clear(s.dek)
	s.dek = k
	s.mu.Unlock()
}

// key is a copy of the data key (the caller clears it), asking OnLocked
// for it when locked.
func (s *Store) key() ([]byte, error) {
	for try := 0; ; try++ {
		s.mu.Lock()
		k := bytes.Clone(s.dek)
		s.mu.Unlock()
		if k != nil {
			return k, nil
		}
		if try > 0 || s.OnLocked == nil {
			return nil, lockedErr()
		}
		if err := s.OnLocked(); err != nil {
			return nil, err
		}
	}
}

func lockedErr() error {
	return i18n.NewError(cat.M("locked"), cat.M("hint_locked"), ErrLocked)
}

func load(dir string) (record, error) {
	var r record
	b, err := os.ReadFile(filepath.Join(dir, File))
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(b, &r); err != nil || r.V != 1 || len(r.Key) == 0 {
		return record{}, errors.Join(errors.New("seal: damaged seal.json"), err)
	}
	return r, nil
}

func save(dir string, r record) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, File), append(b, '\n'), 0o600)
}

func remove(dir string) error {
	err := os.Remove(filepath.Join(dir, File))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Sealed reports whether a keyring item is sealed.
func Sealed(text string) bool { return strings.HasPrefix(text, Prefix) }

func seal(k []byte, id, text string) (string, error) {
	aead, err := chacha20poly1305.NewX(k)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	out := Prefix + base64.RawStdEncoding.EncodeToString(aead.Seal(nonce, nonce, []byte(text), []byte(Prefix+id)))
	if len(out) > MaxItem {
		return "", i18n.NewError(cat.M("too_long"), cat.M("hint_too_long"), ErrTooLong)
	}
	return out, nil
}

// open is the plain item, or false when text is not sealed or does not
// open under k (damaged, or sealed by another data key).
func open(k []byte, id, text string) (string, bool) {
	if !Sealed(text) {
		return "", false
	}
	b, err := base64.RawStdEncoding.DecodeString(text[len(Prefix):])
	if err != nil || len(b) < chacha20poly1305.NonceSizeX+chacha20poly1305.Overhead {
		return "", false
	}
	aead, err := chacha20poly1305.NewX(k)
	if err != nil {
		return "", false
	}
	plain, err := aead.Open(nil, b[:chacha20poly1305.NonceSizeX], b[chacha20poly1305.NonceSizeX:], []byte(Prefix+id))
	if err != nil {
		return "", false
	}
	return string(plain), true
}

// Get implements accounts.SecretStore. A sealed item that does not open,
// or any sealed item once sealing was given up (Forget), is returned as
// it is: the account store reads it as damaged, and a restore repairs it.
func (s *Store) Get(id string) (string, bool, error) {
	text, found, err := s.inner.Get(id)
	if err != nil || !found || !Sealed(text) || !s.On() {
		return text, found, err
	}
	k, err := s.key()
	if err != nil {
		return "", false, err
	}
	defer clear(k)
	if plain, ok := open(k, id, text); ok {
		return plain, true, nil
	}
	return text, true, nil
}

// GetMany implements accounts.SecretStore.
func (s *Store) GetMany(ids []string) (map[string]string, error) {
	m, err := s.inner.GetMany(ids)
	if err != nil {
		return nil, err
	}
	var k []byte
	on := s.On()
	for id, text := range m {
		if !Sealed(text) || !on {
			continue
		}
		if k == nil {
			if k, err = s.key(); err != nil {
				return nil, err
			}
			defer clear(k)
		}
		if plain, ok := open(k, id, text); ok {
			m[id] = plain
		}
	}
	return m, nil
}

// Set implements accounts.SecretStore: sealed while sealing is on.
func (s *Store) Set(id, text string) error {
	if !s.On() {
		return s.inner.Set(id, text)
	}
	k, err := s.key()
	if err != nil {
		return err
	}
	defer clear(k)
	sealed, err := seal(k, id, text)
	if err != nil {
		return err
	}
	return s.inner.Set(id, sealed)
}

// SetMany stores many items at once (the account store's batch writes).
func (s *Store) SetMany(ids, texts []string) ([]bool, error) {
	if !s.On() {
		return setMany(s.inner, ids, texts)
	}
	k, err := s.key()
	if err != nil {
		return make([]bool, len(ids)), err
	}
	defer clear(k)
	sealed := make([]string, len(texts))
	for i, t := range texts {
		if sealed[i], err = seal(k, ids[i], t); err != nil {
			return make([]bool, len(ids)), err
		}
	}
	return setMany(s.inner, ids, sealed)
}

// Delete implements accounts.SecretStore.
func (s *Store) Delete(id string) error { return s.inner.Delete(id) }

// List implements accounts.SecretStore.
func (s *Store) List() ([]string, error) { return s.inner.List() }

func setMany(inner Secrets, ids, texts []string) ([]bool, error) {
	if b, ok := inner.(batchSetter); ok {
		return b.SetMany(ids, texts)
	}
	done := make([]bool, len(ids))
	for i := range ids {
		if err := inner.Set(ids[i], texts[i]); err != nil {
			return done, err
		}
		done[i] = true
	}
	return done, nil
}

// readKey opens seal.json's age file with the security key at path.
func readKey(ctx context.Context, keys KeyService, path, pin string, r record) ([]byte, error) {
	plain, err := age.Decrypt(bytes.NewReader(r.Key), backup.OpenWithKey(ctx, keys, path, pin))
	if err != nil {
		return nil, keyErr(err)
	}
	k, err := io.ReadAll(io.LimitReader(plain, 64))
	if err != nil || len(k) != chacha20poly1305.KeySize {
		clear(k)
		return nil, errors.Join(errors.New("seal: damaged seal.json"), err)
	}
	return k, nil
}

func i18nError(msg, hint string, cause error) error {
	return i18n.NewError(cat.M(msg), cat.M(hint), cause)
}
