// Package backup writes and reads Omamori's backup file: every account
// (display name, profile, secret, order) as a small versioned JSON,
// encrypted with age (filippo.io/age) to a passphrase, so the standard
// `age -d` opens it too, forever. It also plans and applies a restore
// through the account store, checks and generates passphrases, and keeps
// the date of the last backup. It knows nothing of Fyne.
//
// docs/backup.md documents the file field by field.
package backup

import (
	"encoding/base32"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/totp"
)

// FormatName is the "format" field of every backup.
const FormatName = "omamori-backup"

// Version is the newest format version this build writes and reads.
const Version = 1

// FileExt is the file name extension offered for backups.
const FileExt = ".omamori-backup.age"

// Document is the plaintext inside the age file.
type Document struct {
	Format     string    `json:"format"`  // always FormatName
	Version    int       `json:"version"` // Version; a reader refuses newer ones
	Created    time.Time `json:"created"` // when the backup was made, UTC
	AppVersion string    `json:"app_version,omitempty"`
	Accounts   []Item    `json:"accounts"` // in the order the window lists them
}

// Item is one account. Secret is the TOTP key as RFC 4648 base32 without
// padding, the way oathtool -b and otpauth:// links take it.
type Item struct {
	Name    string          `json:"name"`
	Issuer  string          `json:"issuer,omitempty"`
	Label   string          `json:"label,omitempty"`
	Secret  string          `json:"secret"`
	Profile profile.Profile `json:"profile"` // digits, period, algorithm: what oathtool needs
	Created time.Time       `json:"created,omitzero"`
}

// maxPlaintext bounds what a reader decrypts: a thousand accounts are
// well under 1 MiB, so more is not a backup of ours.
const maxPlaintext = 4 << 20

func (d Document) marshal() ([]byte, error) {
	return json.MarshalIndent(d, "", "  ")
}

// enrolment turns an item into what the store's Add takes, checking that
// it can make codes. The secret may be in any case, with or without
// padding, as a hand-made JSON might have it.
func (it Item) enrolment() (newaccount.Details, error) {
	if _, err := accounts.CleanName(it.Name); err != nil {
		return newaccount.Details{}, err
	}
	if err := it.Profile.Validate(); err != nil {
		return newaccount.Details{}, err
	}
	s := strings.TrimRight(strings.ToUpper(strings.TrimSpace(it.Secret)), "=")
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	if err != nil || len(key) == 0 {
		return newaccount.Details{}, errors.New("secret is not base32")
	}
	if _, err := totp.New(key, it.Profile); err != nil {
		return newaccount.Details{}, err
	}
	return newaccount.Details{Issuer: it.Issuer, Account: it.Label, Secret: key, Profile: it.Profile}, nil
}

// KeyStanzaType is the age stanza type of a file key wrapped with a
// security key's hmac-secret (see docs/backup.md).
const KeyStanzaType = "omamori-fido2-hmac"
