package practice

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

func backupKey(t *testing.T, opts Options, pin string) *securitykey.Service {
	t.Helper()
	opts.AutoTouch = time.Millisecond
	d, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if pin != "" {
		if err := d.Key().SetPIN(context.Background(), pin); err != nil {
			t.Fatal(err)
		}
	}
	return securitykey.New(d)
}

func TestBackupSecret(t *testing.T) {
	ctx := context.Background()
	s := backupKey(t, Options{}, "1234")
	var steps []securitykey.Touch
	s.OnTouch(func(tc securitykey.Touch) func() { steps = append(steps, tc); return nil })
	salt := bytes.Repeat([]byte{1}, 32)
	id, secret, err := s.ProtectBackup(ctx, Path, "1234", salt)
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 32 || len(id) == 0 || len(steps) != 2 || steps[0].Step != securitykey.TouchBackupRegister {
		t.Fatalf("secret %d bytes, id %d bytes, touches %+v", len(secret), len(id), steps)
	}
	again, err := s.BackupSecret(ctx, Path, "1234", id, salt)
	if err != nil || !bytes.Equal(again, secret) {
		t.Fatalf("same credential and salt gave another secret (%v)", err)
	}
	other, err := s.BackupSecret(ctx, Path, "1234", id, bytes.Repeat([]byte{2}, 32))
	if err != nil || bytes.Equal(other, secret) {
		t.Fatalf("another salt gave the same secret (%v)", err)
	}
	// A wrong PIN costs a try and says how many are left.
	_, err = s.BackupSecret(ctx, Path, "9999", id, salt)
	if i18n.MessageKey(err) != "pin_wrong" {
		t.Fatalf("wrong PIN: %v", err)
	}
	// Another key does not know the credential.
	s2 := backupKey(t, Options{}, "1234")
	_, err = s2.BackupSecret(ctx, Path, "1234", id, salt)
	if i18n.MessageKey(err) != "backup_other_key" {
		t.Fatalf("other key: %v", err)
	}
}

func TestBackupNeedsHMACSecretAndPIN(t *testing.T) {
	ctx := context.Background()
	salt := make([]byte, 32)
	s := backupKey(t, Options{Quirks: virtualkey.Quirks{NoHMACSecret: true}}, "1234")
	_, _, err := s.ProtectBackup(ctx, Path, "1234", salt)
	if !errors.Is(err, securitykey.ErrNoHMACSecret) || i18n.MessageKey(err) != "backup_no_hmac" {
		t.Fatalf("key without hmac-secret: %v", err)
	}
	var ue *i18n.Error
	errors.As(err, &ue)
	if ja := ue.Msg.In(i18n.JA); ja != "このセキュリティキーはバックアップの保護に使えません。必要な機能（hmac-secret）がありません。" {
		t.Fatalf("ja message: %q", ja)
	}
	if en := ue.Msg.In(i18n.EN); en != "This security key cannot protect a backup: it lacks the function needed (hmac-secret)." {
		t.Fatalf("en message: %q", en)
	}
	s = backupKey(t, Options{}, "")
	if _, _, err := s.ProtectBackup(ctx, Path, "1234", salt); i18n.MessageKey(err) != "pin_not_set" {
		t.Fatalf("key without PIN: %v", err)
	}
	if _, _, err := s.ProtectBackup(ctx, Path, "", salt); err == nil {
		t.Fatal("no PIN given, yet a backup credential was made")
	}
}
