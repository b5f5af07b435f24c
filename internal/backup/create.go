package backup

import (
	"context"
	"time"

	"filippo.io/age"
)

// NewFile says where a new backup goes and what it records.
type NewFile struct {
	Path       string    // written only if nothing is there (WriteNewFile)
	ConfigDir  string    // where the reminder's date is kept; "" records none
	Now        time.Time // the file's date and the reminder's
	AppVersion string
}

// Create makes a backup: every account of s, sealed for the recipient
// and written to f.Path, never over an existing file (the error wraps
// fs.ErrExist). recipient is called after collecting, so a store that
// cannot be backed up fails before any passphrase or PIN is asked for.
// It returns how many accounts the file holds. Both front ends use it.
func Create(s Source, recipient func() (age.Recipient, error), f NewFile) (int, error) {
	doc, err := Collect(s, f.Now, f.AppVersion)
	if err != nil {
		return 0, err
	}
	r, err := recipient()
	if err != nil {
		return 0, err
	}
	data, err := Seal(doc, r)
	if err != nil {
		return 0, err
	}
	if err := WriteNewFile(f.Path, data); err != nil {
		return 0, err
	}
	if f.ConfigDir != "" {
		_ = RecordBackup(f.ConfigDir, f.Now)                  // only feeds the reminder and the support report
		_ = RecordKeyBackup(f.ConfigDir, f.Now, f.Path, data) // a key reset names it
		_ = RecordPassphraseBackup(f.ConfigDir, f.Now, data)  // sealing asks for one first
	}
	return len(doc.Accounts), nil
}

// KeyService is what a backup protected by a security key needs of the
// security-key service (*securitykey.Service).
type KeyService interface {
	ProtectBackup(ctx context.Context, path, pin string, salt []byte) (credID, secret []byte, err error)
	BackupSecret(ctx context.Context, path, pin string, credID, salt []byte) ([]byte, error)
}

// ProtectWithKey makes a new backup credential on the security key at
// path (PIN, two touches) and returns the recipient that seals a file
// under its secret, with a fresh salt.
func ProtectWithKey(ctx context.Context, keys KeyService, path, pin string) (age.Recipient, error) {
	salt := NewSalt()
	id, secret, err := keys.ProtectBackup(ctx, path, pin, salt)
	if err != nil {
		return nil, err
	}
	return NewKeyRecipient(id, salt, secret)
}

// OpenWithKey is the identity that opens a file protected by the
// security key at path: the key is asked (PIN, touch) only when Open
// reaches the file's stanza.
func OpenWithKey(ctx context.Context, keys KeyService, path, pin string) *KeyIdentity {
	return &KeyIdentity{Secret: func(credID, salt []byte) ([]byte, error) {
		return keys.BackupSecret(ctx, path, pin, credID, salt)
	}}
}
