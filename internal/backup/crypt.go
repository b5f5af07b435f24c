package backup

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/omamori-app/omamori/internal/i18n"
)

// ageMagic starts every binary age file; armorMagic an ASCII-armored one.
const (
	ageMagic   = "age-encryption.org/"
	armorMagic = "-----BEGIN AGE ENCRYPTED FILE-----"
)

// Seal encrypts d to every recipient (age.ScryptRecipient for a
// passphrase, a security-key recipient, or both) and returns the file's
// bytes. The plaintext exists only in memory.
func Seal(d Document, recipients ...age.Recipient) ([]byte, error) {
	plain, err := d.marshal()
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	var out bytes.Buffer
	w, err := age.Encrypt(&out, recipients...)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plain); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Precheck refuses, before any passphrase is asked, a file that cannot
// be a backup: empty, not an age file, or with a broken header.
func Precheck(data []byte, name string) error {
	src, err := ageReader(data, name)
	if err != nil {
		return err
	}
	if _, err := age.ExtractHeader(src); err != nil {
		return userErr(fmt.Errorf("%w: %w", ErrDamaged, err), "damaged", "hint_damaged", "File", name)
	}
	return nil
}

// ageReader returns the age file in data, de-armored if need be.
func ageReader(data []byte, name string) (io.Reader, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, userErr(ErrEmpty, "empty_file", "hint_empty_file", "File", name)
	}
	switch {
	case bytes.HasPrefix(data, []byte(ageMagic)):
		return bytes.NewReader(data), nil
	case bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte(armorMagic)):
		return armor.NewReader(bytes.NewReader(data)), nil
	}
	return nil, userErr(ErrNotBackup, "not_backup", "hint_not_backup", "File", name)
}

// Open decrypts and checks a backup file's bytes. name is the file name
// for messages. Every failure is an *i18n.Error with its own cause:
// ErrEmpty, ErrNotBackup, ErrDamaged, ErrWrongPassphrase, ErrNeedsKey,
// ErrNewerVersion, ErrBadAccount.
func Open(data []byte, name string, identities ...age.Identity) (Document, error) {
	src, err := ageReader(data, name)
	if err != nil {
		return Document{}, err
	}
	r, err := age.Decrypt(src, identities...)
	if err != nil {
		return Document{}, classify(err, data, name)
	}
	plain, err := io.ReadAll(io.LimitReader(r, maxPlaintext+1))
	defer clear(plain)
	if err != nil {
		return Document{}, userErr(fmt.Errorf("%w: %w", ErrDamaged, err), "damaged", "hint_damaged", "File", name)
	}
	if len(plain) > maxPlaintext {
		return Document{}, userErr(ErrNotBackup, "not_backup", "hint_not_backup", "File", name)
	}
	return parse(plain, name)
}

// classify turns age's decryption errors into the customer's words. A
// wrong passphrase and an altered passphrase stanza look the same to
// age; everything after the header (payload, MAC) is "damaged".
func classify(err error, data []byte, name string) error {
	var said *i18n.Error
	if errors.As(err, &said) { // the security key's own words (wrong PIN, another key)
		return said
	}
	var noMatch *age.NoIdentityMatchError
	if errors.As(err, &noMatch) {
		switch {
		case stanzaPresent(data, "scrypt") && hasScryptIdentity(noMatch):
			return userErr(fmt.Errorf("%w: %w", ErrWrongPassphrase, err), "wrong_passphrase", "hint_wrong_passphrase")
		case stanzaPresent(data, KeyStanzaType):
			return userErr(fmt.Errorf("%w: %w", ErrNeedsKey, err), "needs_key", "hint_needs_key")
		case stanzaPresent(data, "scrypt"):
			return userErr(fmt.Errorf("%w: %w", ErrWrongPassphrase, err), "wrong_passphrase", "hint_wrong_passphrase")
		}
		// Encrypted to someone's age key, not to a passphrase.
		return userErr(fmt.Errorf("%w: %w", ErrNotBackup, err), "not_backup", "hint_not_backup", "File", name)
	}
	return userErr(fmt.Errorf("%w: %w", ErrDamaged, err), "damaged", "hint_damaged", "File", name)
}

// hasScryptIdentity reports whether a passphrase was among the
// identities tried (its error says the passphrase did not fit).
func hasScryptIdentity(e *age.NoIdentityMatchError) bool {
	for _, err := range e.Errors {
		if !strings.Contains(err.Error(), "not passphrase-encrypted") {
			return true
		}
	}
	return false
}

// stanzaPresent reports whether the header of an age file has a stanza
// of type typ. It reads only the header lines, never the payload.
func stanzaPresent(data []byte, typ string) bool {
	if !bytes.HasPrefix(data, []byte(ageMagic)) {
		if b, err := io.ReadAll(io.LimitReader(armor.NewReader(bytes.NewReader(data)), 64<<10)); err == nil {
			data = b
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "---") {
			break
		}
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "->" && f[1] == typ {
			return true
		}
	}
	return false
}

// parse checks the plaintext: our format, a version we know, accounts
// that can make codes.
func parse(plain []byte, name string) (Document, error) {
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if json.Unmarshal(plain, &head) != nil || head.Format != FormatName || head.Version < 1 {
		return Document{}, userErr(ErrNotBackup, "not_backup", "hint_not_backup", "File", name)
	}
	if head.Version > Version {
		return Document{}, userErr(ErrNewerVersion, "newer_version", "hint_newer_version", "File", name, "Found", head.Version, "Max", Version)
	}
	var d Document
	if err := json.Unmarshal(plain, &d); err != nil {
		return Document{}, userErr(ErrNotBackup, "not_backup", "hint_not_backup", "File", name)
	}
	for _, it := range d.Accounts {
		if _, err := it.enrolment(); err != nil {
			return Document{}, userErr(fmt.Errorf("%w: %w", ErrBadAccount, err), "bad_account", "hint_bad_account", "Name", it.Name)
		}
	}
	return d, nil
}

// wipe overwrites a secret or plaintext no longer needed (Go may have
// copied it already: this narrows the window, it does not close it).
func wipe(b []byte) { clear(b) }
