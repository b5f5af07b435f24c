package cli

import (
	"context"

	"filippo.io/age"

	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// backupRecipient asks for what protects a new backup: a passphrase, or
// (--security-key) the security key's PIN and two touches.
func (e *Env) backupRecipient(ctx context.Context, kind backup.Kind, useKey bool, device string) (age.Recipient, error) {
	if !useKey {
		pass, err := e.newPassphrase(ctx, kind)
		if err != nil {
			return nil, err
		}
		return backup.Recipient(pass, e.BackupWorkFactor)
	}
	svc, path, err := e.backupKey(device)
	if err != nil {
		return nil, err
	}
	pin, err := newPINReader(ctx, e).read(cat.M("key_prompt_pin"))
	if err != nil {
		return nil, err
	}
	return backup.ProtectWithKey(ctx, svc, path, pin)
}

// openKeyBackup opens a file protected by a security key: PIN, touch.
func (e *Env) openKeyBackup(ctx context.Context, data []byte, name, device string) (backup.Document, error) {
	e.println(e.Stderr, cat.M("restore_key_needed"))
	svc, path, err := e.backupKey(device)
	if err != nil {
		return backup.Document{}, err
	}
	pin, err := newPINReader(ctx, e).read(cat.M("key_prompt_pin"))
	if err != nil {
		return backup.Document{}, err
	}
	return backup.Open(data, name, backup.OpenWithKey(ctx, svc, path, pin))
}

// backupKey is the security-key service (libfido2, like `omamori key`)
// and the key to use: --device, or the only one plugged in.
func (e *Env) backupKey(device string) (*securitykey.Service, string, error) {
	svc := securitykey.New(e.keyDriver())
	svc.OnTouch(func(t securitykey.Touch) func() {
		e.println(e.Stderr, t.Message())
		return nil
	})
	path, err := svc.Pick(device)
	return svc, path, err
}
