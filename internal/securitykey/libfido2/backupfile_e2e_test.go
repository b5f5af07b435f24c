//go:build linux

package libfido2

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// A backup protected by a security key through the real libfido2: made
// and opened by the service, and opened by hand as docs/backup.md says,
// with fido2-assert -G -h -v for the secret and HKDF + ChaCha20-Poly1305
// for the file key, then age for the contents.
func TestBackupFileThroughLibfido2(t *testing.T) {
	fidotest.NeedTools(t, "fido2-assert")
	r, s := start(t, virtualkey.Options{})
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	doc := backup.Document{Format: backup.FormatName, Version: backup.Version, Created: time.Now().UTC()}
	salt := backup.NewSalt()
	id, secret, err := s.ProtectBackup(ctx, r.Path(), "1234", salt)
	if err != nil {
		t.Fatal(err)
	}
	rcp, err := backup.NewKeyRecipient(id, salt, secret)
	if err != nil {
		t.Fatal(err)
	}
	data, err := backup.Seal(doc, rcp)
	if err != nil {
		t.Fatal(err)
	}
	got, err := backup.Open(data, "f", &backup.KeyIdentity{Secret: func(c, sl []byte) ([]byte, error) {
		return s.BackupSecret(ctx, r.Path(), "1234", c, sl)
	}})
	if err != nil || got.Format != backup.FormatName {
		t.Fatalf("open through libfido2: %v", err)
	}

	// By hand.
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Scan()
	sc.Scan()
	f := strings.Fields(sc.Text()) // -> omamori-fido2-hmac <id> <salt>
	sc.Scan()
	body, _ := base64.RawStdEncoding.DecodeString(sc.Text())
	pad := func(a string) string {
		b, _ := base64.RawStdEncoding.DecodeString(a)
		return base64.StdEncoding.EncodeToString(b)
	}
	in := filepath.Join(t.TempDir(), "assert_param")
	cdh := sha256.Sum256([]byte("any"))
	_ = os.WriteFile(in, []byte(strings.Join([]string{base64.StdEncoding.EncodeToString(cdh[:]), securitykey.BackupRP, pad(f[2]), pad(f[3])}, "\n")+"\n"), 0o600)
	cmd := r.Command("fido2-assert", "-G", "-h", "-v", "-i", in, r.Path())
	cmd.Stdin = strings.NewReader("1234\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("fido2-assert: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	hs, _ := base64.StdEncoding.DecodeString(lines[len(lines)-1])
	saltB, _ := base64.RawStdEncoding.DecodeString(f[3])
	k, _ := hkdf.Key(sha256.New, hs, saltB, "omamori-fido2-hmac", 32)
	aead, _ := chacha20poly1305.New(k)
	fileKey, err := aead.Open(nil, make([]byte, 12), body, nil)
	if err != nil {
		t.Fatalf("the documented way does not open the stanza: %v", err)
	}
	pr, err := age.Decrypt(bytes.NewReader(data), knownKey(fileKey))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(pr)
	if !bytes.Contains(plain, []byte(`"format": "omamori-backup"`)) {
		t.Fatalf("contents: %s", plain)
	}
}

type knownKey []byte

func (k knownKey) Unwrap([]*age.Stanza) ([]byte, error) { return k, nil }
