//go:build linux

package libfido2

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"testing"

	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// Backup protection through the real libfido2: the secret libfido2 gets
// for the backup credential equals what the key's own in-process client
// gets for the same credential and salt, and a key without hmac-secret
// is refused before any touch.
func TestBackupSecretThroughLibfido2(t *testing.T) {
	r, s := start(t, virtualkey.Options{})
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	salt := bytes.Repeat([]byte{5}, 32)
	id, secret, err := s.ProtectBackup(ctx, r.Path(), "1234", salt)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256([]byte("any challenge"))
	_, want, err := r.Key().GetAssertionHMAC(ctx, "1234", securitykey.BackupRP, h[:], [][]byte{salt}, id)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(secret, want[0]) {
		t.Fatalf("libfido2 got %x, the key's own client %x", secret, want[0])
	}
	again, err := s.BackupSecret(ctx, r.Path(), "1234", id, salt)
	if err != nil || !bytes.Equal(again, secret) {
		t.Fatalf("restore secret differs (%v)", err)
	}
	if st := r.Key().State(); len(st.Resident) != 0 {
		t.Fatalf("backup credential stored on the key: %+v", st.Resident)
	}
}

func TestBackupNoHMACSecretThroughLibfido2(t *testing.T) {
	r, s := start(t, virtualkey.Options{NoHMACSecret: true})
	ctx := context.Background()
	if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.ProtectBackup(ctx, r.Path(), "1234", make([]byte, 32))
	if !errors.Is(err, securitykey.ErrNoHMACSecret) {
		t.Fatalf("got %v", err)
	}
	wantMsg(t, err, "backup_no_hmac")
}
