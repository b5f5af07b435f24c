//go:build linux

package libfido2

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"testing"

	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// Backup protection through the real libfido2, on every kind of key the
// rig plays: the secret libfido2 gets for the backup credential equals
// what the key's own in-process client gets for the same credential and
// salt; a key without hmac-secret is refused before any touch.
func TestBackupSecretThroughLibfido2(t *testing.T) {
	for _, v := range fidotest.Variants() {
		t.Run(v.Name, func(t *testing.T) {
			r, s := start(t, v.Options(virtualkey.Options{}).Key)
			ctx := context.Background()
			if err := s.SetPIN(ctx, r.Path(), "1234", "1234"); err != nil {
				t.Fatal(err)
			}
			salt := bytes.Repeat([]byte{5}, 32)
			id, secret, err := s.ProtectBackup(ctx, r.Path(), "1234", salt)
			if v.Quirks.NoHMACSecret {
				if !errors.Is(err, securitykey.ErrNoHMACSecret) {
					t.Fatalf("key without hmac-secret: %v", err)
				}
				wantMsg(t, err, "backup_no_hmac")
				return
			}
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
			if st := r.Key().State(); len(st.Resident) != 0 && !v.Quirks.AllResident {
				t.Fatalf("backup credential stored on the key: %+v", st.Resident)
			}
		})
	}
}
