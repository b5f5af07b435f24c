package backup

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

// Protection by a security key (docs/backup.md, "Protected by a security
// key"). The age file key is wrapped in one stanza
//
//	-> omamori-fido2-hmac <credential id> <salt>
//	<body>
//
// args in unpadded standard base64 (as age writes its own): the id of a
// non-discoverable hmac-secret credential for securitykey.BackupRP, and a
// random 32-byte salt, fresh for each file. The key's hmac-secret output
// for that salt, with the PIN verified, is the 32-byte secret; the body is
// ChaCha20-Poly1305 under HKDF-SHA-256(secret, salt, KeyStanzaType) with
// an all-zero nonce (the key is used once: the salt is new for each file)
// over the 16-byte file key: 32 bytes. A changed id, salt or body makes
// the secret or the tag wrong, and age's header MAC covers the stanza.
//
// age lets a passphrase (scrypt) stanza be the only one in a file, so a
// file is protected either by a passphrase or by a security key, not
// both.

// SaltSize is the size of the salt in the stanza.
const SaltSize = 32

// SecretFunc asks the security key for the secret of credential id and
// salt (PIN and touch): securitykey.Service.BackupSecret with the key's
// path and PIN bound. Its errors are what the customer reads.
type SecretFunc func(credID, salt []byte) ([]byte, error)

// NewSalt returns a fresh salt for KeyRecipient.
func NewSalt() []byte {
	s := make([]byte, SaltSize)
	_, _ = rand.Read(s) // never fails (Go 1.24+)
	return s
}

// KeyRecipient wraps the file key under a security key's secret, as
// securitykey.Service.ProtectBackup returned it with salt.
type KeyRecipient struct {
	credID, salt, secret []byte
}

// NewKeyRecipient checks the sizes and returns the recipient.
func NewKeyRecipient(credID, salt, secret []byte) (*KeyRecipient, error) {
	if len(credID) == 0 || len(credID) > 1024 || len(salt) != SaltSize || len(secret) != 32 {
		return nil, fmt.Errorf("backup: key recipient needs a credential id, a %d-byte salt and a 32-byte secret", SaltSize)
	}
	return &KeyRecipient{credID: credID, salt: salt, secret: secret}, nil
}

var b64 = base64.RawStdEncoding.Strict()

// Wrap implements age.Recipient.
func (r *KeyRecipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	aead, err := stanzaAEAD(r.secret, r.salt)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, chacha20poly1305.NonceSize)
	return []*age.Stanza{{
		Type: KeyStanzaType,
		Args: []string{b64.EncodeToString(r.credID), b64.EncodeToString(r.salt)},
		Body: aead.Seal(nil, nonce, fileKey, nil),
	}}, nil
}

// KeyIdentity opens a file protected by a security key: it asks Secret
// for the stanza's credential and salt.
type KeyIdentity struct {
	Secret SecretFunc
}

// errKeyStanza: a stanza of our type that cannot be ours (bad args or
// body) or that the secret does not open: the file was altered.
var errKeyStanza = errors.New("backup: malformed or altered security-key stanza")

// Unwrap implements age.Identity. The first stanza of our type is tried
// (we write one); the key's errors (wrong PIN, another key, no touch)
// are returned as they are, so the customer reads what to do.
func (i *KeyIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	for _, s := range stanzas {
		if s.Type != KeyStanzaType {
			continue
		}
		credID, salt, err := parseKeyStanza(s)
		if err != nil {
			return nil, err
		}
		secret, err := i.Secret(credID, salt)
		if err != nil {
			return nil, err
		}
		aead, err := stanzaAEAD(secret, salt)
		if err != nil {
			return nil, err
		}
		fileKey, err := aead.Open(nil, make([]byte, chacha20poly1305.NonceSize), s.Body, nil)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errKeyStanza, err)
		}
		return fileKey, nil
	}
	return nil, age.ErrIncorrectIdentity
}

func parseKeyStanza(s *age.Stanza) (credID, salt []byte, err error) {
	if len(s.Args) != 2 || len(s.Body) != 16+chacha20poly1305.Overhead {
		return nil, nil, errKeyStanza
	}
	credID, err = b64.DecodeString(s.Args[0])
	if err != nil || len(credID) == 0 || len(credID) > 1024 {
		return nil, nil, errKeyStanza
	}
	salt, err = b64.DecodeString(s.Args[1])
	if err != nil || len(salt) != SaltSize {
		return nil, nil, errKeyStanza
	}
	return credID, salt, nil
}

func stanzaAEAD(secret, salt []byte) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, secret, salt, KeyStanzaType, chacha20poly1305.KeySize)
	if err != nil {
		return nil, err
	}
	return chacha20poly1305.New(k)
}

// KeyProtected reports whether a backup file is protected by a security
// key (its header has our stanza), so restore asks for the key instead
// of a passphrase. It reads the header only.
func KeyProtected(data []byte) bool { return stanzaPresent(data, KeyStanzaType) }
