package backup

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// keyService is the practice (virtual) security key with PIN 1234,
// touched automatically, behind the real securitykey service.
func keyService(t *testing.T, opts practice.Options) (*securitykey.Service, *practice.Driver) {
	t.Helper()
	opts.AutoTouch = time.Millisecond
	d, err := practice.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Key().SetPIN(context.Background(), "1234"); err != nil {
		t.Fatal(err)
	}
	return securitykey.New(d), d
}

func keySeal(t *testing.T, s *securitykey.Service, d Document) []byte {
	t.Helper()
	r, err := ProtectWithKey(context.Background(), s, practice.Path, "1234")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Seal(d, r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func keyOpen(s *securitykey.Service, data []byte, pin string) (Document, error) {
	return Open(data, "test.omamori-backup.age", OpenWithKey(context.Background(), s, practice.Path, pin))
}

// keyStanza reads the one stanza of the header as docs/backup.md
// describes it: "-> omamori-fido2-hmac <id> <salt>", then the body line.
func keyStanza(t *testing.T, data []byte) (args []string, body []byte) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(data))
	var lines []string
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "---") {
		lines = append(lines, sc.Text())
	}
	if len(lines) != 3 || lines[0] != "age-encryption.org/v1" {
		t.Fatalf("header: %q", lines)
	}
	f := strings.Fields(lines[1])
	if len(f) != 4 || f[0] != "->" || f[1] != "omamori-fido2-hmac" {
		t.Fatalf("stanza line: %q", lines[1])
	}
	body, err := base64.RawStdEncoding.DecodeString(lines[2])
	if err != nil {
		t.Fatal(err)
	}
	return f[2:], body
}

func TestKeyProtectedRoundTrip(t *testing.T) {
	s, d := keyService(t, practice.Options{})
	doc := validDoc(t)
	data := keySeal(t, s, doc)
	if !KeyProtected(data) {
		t.Fatal("KeyProtected does not see the stanza")
	}
	got, err := keyOpen(s, data, "1234")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Accounts) != 1 || got.Accounts[0].Secret != doc.Accounts[0].Secret {
		t.Fatalf("restored %+v", got.Accounts)
	}

	// The stanza is what the docs say: the key's own client gives the
	// secret for id and salt, HKDF + ChaCha20-Poly1305 opens the body, and
	// that file key decrypts the file with age.
	args, body := keyStanza(t, data)
	credID, err1 := base64.RawStdEncoding.DecodeString(args[0])
	salt, err2 := base64.RawStdEncoding.DecodeString(args[1])
	if err1 != nil || err2 != nil || len(salt) != 32 || len(body) != 32 {
		t.Fatalf("args %q body %d bytes", args, len(body))
	}
	_, out, err := d.Key().GetAssertionHMAC(context.Background(), "1234", securitykey.BackupRP, make([]byte, 32), [][]byte{salt}, credID)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := hkdf.Key(sha256.New, out[0], salt, "omamori-fido2-hmac", 32)
	aead, _ := chacha20poly1305.New(k)
	fileKey, err := aead.Open(nil, make([]byte, 12), body, nil)
	if err != nil || len(fileKey) != 16 {
		t.Fatalf("body does not open as documented: %v", err)
	}
	r, err := age.Decrypt(bytes.NewReader(data), fileKeyIdentity(fileKey))
	if err != nil {
		t.Fatalf("age with the documented file key: %v", err)
	}
	if _, err := r.Read(make([]byte, 1)); err != nil {
		t.Fatal(err)
	}

	// Each file has its own salt.
	args2, _ := keyStanza(t, keySeal(t, s, doc))
	if args2[1] == args[1] {
		t.Fatal("two files share a salt")
	}
}

// fileKeyIdentity hands age a known file key (to check the format).
type fileKeyIdentity []byte

func (f fileKeyIdentity) Unwrap([]*age.Stanza) ([]byte, error) { return f, nil }

func TestKeyProtectedFailures(t *testing.T) {
	s, _ := keyService(t, practice.Options{})
	data := keySeal(t, s, validDoc(t))

	// Wrong PIN: the key's message, not "damaged".
	_, err := keyOpen(s, data, "9999")
	var ue *i18n.Error
	if !errors.As(err, &ue) || ue.Msg.Key != "pin_wrong" || errors.Is(err, ErrDamaged) {
		t.Fatalf("wrong PIN: %v", err)
	}
	// Another security key.
	other, _ := keyService(t, practice.Options{})
	if _, err := keyOpen(other, data, "1234"); !errors.As(err, &ue) || ue.Msg.Key != "backup_other_key" {
		t.Fatalf("other key: %v", err)
	}
	// A passphrase cannot open it.
	if _, err := open(t, data, testPass); !errors.Is(err, ErrNeedsKey) {
		t.Fatalf("passphrase on a key file: %v", err)
	}
	// A changed salt: the key gives another secret, the body does not open.
	args, _ := keyStanza(t, data)
	salt, _ := base64.RawStdEncoding.DecodeString(args[1])
	salt[0] ^= 1
	altered := bytes.Replace(data, []byte(args[1]), []byte(base64.RawStdEncoding.EncodeToString(salt)), 1)
	if _, err := keyOpen(s, altered, "1234"); !errors.Is(err, ErrDamaged) {
		t.Fatalf("altered salt: %v", err)
	}
	// A key-protected file cannot also carry a passphrase: age refuses
	// scrypt next to another recipient (docs/backup.md says why).
	pr, _ := Recipient(testPass, testWork)
	kr, _ := NewKeyRecipient([]byte("id"), NewSalt(), make([]byte, 32))
	if _, err := Seal(validDoc(t), pr, kr); err == nil {
		t.Fatal("age accepted a passphrase next to a security key")
	}
}

func TestKeyWithoutHMACSecretCannotProtect(t *testing.T) {
	s, _ := keyService(t, practice.Options{Quirks: virtualkey.Quirks{NoHMACSecret: true}})
	_, _, err := s.ProtectBackup(context.Background(), practice.Path, "1234", NewSalt())
	if !errors.Is(err, securitykey.ErrNoHMACSecret) {
		t.Fatalf("got %v", err)
	}
	if ja := i18n.Localize(err, i18n.JA); !strings.HasPrefix(ja, "このセキュリティキーはバックアップの保護に使えません") {
		t.Fatalf("ja: %s", ja)
	}
}
