// Package exportfile writes the accounts out for leaving Omamori, so no
// customer is locked in: a list of otpauth:// links (readable by almost
// every authenticator, but the secrets are in clear: the caller shows the
// same warning as 「スマートフォンに移す」 first), or an Aegis vault encrypted
// with a password (Aegis's documented format, docs/vault.md: a password
// slot with scrypt, AES-256-GCM for the master key and the content).
//
// The file is written new only, never over another file, with mode 0600.
// Both formats are read back by internal/importfile in the tests.
package exportfile

import (
	"embed"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/atomicfile"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/otpauth"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("exportfile", localesFS)

// Format is a kind of export file.
type Format string

// The formats Write makes.
const (
	OTPAuth Format = "otpauth" // one otpauth:// link a line, in clear
	Aegis   Format = "aegis"   // an encrypted Aegis vault (.json)
)

// Errors a caller acts on.
var (
	ErrNothing = errors.New("exportfile: no account to export")
	ErrExists  = errors.New("exportfile: the file exists")
)

// Source is the account store; *accounts.Store implements it.
type Source interface {
	List() ([]accounts.Entry, error)
	ExportAll() (map[string]newaccount.Details, error)
}

// Accounts are the accounts to write, their secrets in memory; Wipe them
// when done. Missing are the display names of accounts whose secret is
// lost on this PC: they cannot be exported and the caller says so.
type Accounts struct {
	List    []newaccount.Details
	Missing []string
}

// Wipe clears every secret.
func (a Accounts) Wipe() {
	for _, d := range a.List {
		clear(d.Secret)
	}
}

// Collect reads every account that can make codes, with its secret. The
// account name is the otpauth label it came with, else its display name,
// so that an import elsewhere (issuer + account) shows what the customer
// saw here.
func Collect(s Source) (Accounts, error) {
	es, err := s.List()
	if err != nil {
		return Accounts{}, err
	}
	// One read of every secret (ExportAll), not one per account: an
	// export of 200 accounts is a few keyring round trips.
	all, err := s.ExportAll()
	if err != nil {
		return Accounts{}, err
	}
	var a Accounts
	for _, e := range es {
		d, ok := all[e.ID]
		delete(all, e.ID)
		if e.State != accounts.OK || !ok {
			clear(d.Secret)
			a.Missing = append(a.Missing, e.Name)
			continue
		}
		d.Issuer, d.Account = e.Issuer, e.Label
		if d.Account == "" {
			d.Account = e.Name
		}
		a.List = append(a.List, d)
	}
	for _, d := range all { // listed after the read began: not exported
		clear(d.Secret)
	}
	if len(a.List) == 0 {
		return a, i18n.NewError(cat.M("nothing"), cat.M("hint_nothing"), ErrNothing)
	}
	return a, nil
}

// URIList is the accounts as otpauth:// links, one a line. It holds the
// secrets in clear.
func URIList(a Accounts) []byte {
	var b strings.Builder
	for _, d := range a.List {
		b.WriteString(otpauth.URI(d))
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// Write writes data to path, never over a file that is there (even one
// that appears meanwhile), readable by the user only.
func Write(path string, data []byte) error {
	err := atomicfile.WriteNew(path, data, 0o600)
	clear(data)
	switch {
	case errors.Is(err, os.ErrExist):
		return i18n.NewError(cat.M("exists", "File", filepath.Base(path)), cat.M("hint_exists"), ErrExists)
	case err != nil:
		return i18n.NewError(cat.M("write_failed", "File", filepath.Base(path)), cat.M("hint_write_failed"), err)
	}
	return nil
}

// MinPassword is the shortest export password for an Aegis vault, the
// same length as a backup's passphrase.
const MinPassword = 10

// ErrWeakPassword is a password too short, or typed differently twice.
var ErrWeakPassword = errors.New("exportfile: export password too short or not the same twice")

// CheckPassword checks the vault's password typed twice.
func CheckPassword(p, again string) error {
	switch n := utf8.RuneCountInString(strings.TrimSpace(p)); {
	case n < MinPassword:
		return i18n.NewError(cat.M("password_short", "Found", n, "Min", MinPassword), cat.M("hint_password_short", "Min", MinPassword), ErrWeakPassword)
	case p != again:
		return i18n.NewError(cat.M("password_differ"), cat.M("hint_password_differ"), ErrWeakPassword)
	}
	return nil
}
