// Package importfile reads the export files and transfer QR codes of other
// authenticator apps into enrolments, so a customer who comes from a phone
// app or a password manager does not type each secret again.
//
// Each format gives a Result: the TOTP entries Omamori can keep and the
// entries it skips, each with the reason (a counter-based HOTP key, Steam
// codes, 7 digits, a broken secret…). Nothing here stores anything; the
// caller shows the Result and applies it (the path shared with restore).
//
// Every parser checks the size before parsing, never panics on bad input and
// never puts a secret into an error or a skip reason.
package importfile

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("importfile", localesFS)

// MaxFile bounds an import file: the largest real export (hundreds of
// entries with icons) is a few MiB.
const MaxFile = 10 << 20

// Format names a kind of import file.
type Format string

// The formats Detect recognises.
const (
	Unknown   Format = ""
	Migration Format = "google-migration" // otpauth-migration://offline?data=…
	URIList   Format = "otpauth-list"     // otpauth:// lines (also Ente Auth's plain export)
	Aegis     Format = "aegis"
	TwoFAS    Format = "2fas"
	Bitwarden Format = "bitwarden"
	Proton    Format = "proton"
	// KeePassXC's CSV export and KeePass 2 XML export ("otp" attribute).
	KeePassCSV Format = "keepassxc-csv"
	KeePassXML Format = "keepass-xml"
)

// Errors a caller acts on; each is wrapped in an *i18n.Error for the user.
var (
	ErrTooLarge      = errors.New("importfile: file too large")
	ErrUnknownFormat = errors.New("importfile: unknown format")
	ErrNeedPassword  = errors.New("importfile: the file is encrypted; a password is needed")
	ErrWrongPassword = errors.New("importfile: wrong password")
	ErrMalformed     = errors.New("importfile: malformed file")
)

// Skipped is an entry the file holds that will not be imported.
type Skipped struct {
	Issuer, Account string
	Reason          i18n.Message // why, for the preview; never holds the secret
}

// Result is what a file gives.
type Result struct {
	Format  Format
	Entries []newaccount.Details
	Skipped []Skipped
}

// Options are what some formats need from the caller.
type Options struct {
	// Password opens an encrypted file (Aegis, 2FAS). Nil with an encrypted
	// file → an error wrapping ErrNeedPassword, so the caller can ask.
	Password []byte
	// Period is the step for Google Authenticator's transfer codes, which do
	// not carry one; 0 means 30 seconds.
	Period int
	// Profile finds a provider profile by issuer (nil: none). A transfer
	// code's entry whose issuer matches takes that profile's step.
	Profile func(issuer string) (profile.Profile, bool)
}

// Detect tells the format of data from its first bytes and, for JSON, its
// top-level keys.
func Detect(data []byte) Format {
	if len(data) > MaxFile {
		return Unknown
	}
	t := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\uFEFF")))
	low := strings.ToLower(string(t[:min(len(t), 32)]))
	switch {
	case strings.HasPrefix(low, "otpauth-migration:"):
		return Migration
	case strings.HasPrefix(low, "otpauth:"):
		return URIList
	case strings.HasPrefix(low, `"group","title",`):
		return KeePassCSV
	case strings.HasPrefix(low, "<?xml") || strings.HasPrefix(low, "<keepassfile"):
		if bytes.Contains(t[:min(len(t), 512)], []byte("<KeePassFile")) {
			return KeePassXML
		}
		return Unknown
	case len(t) == 0 || t[0] != '{':
		return Unknown
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(t, &top) != nil {
		return Unknown
	}
	has := func(k string) bool { _, ok := top[k]; return ok }
	switch {
	case has("header") && has("db"):
		return Aegis
	case has("services") || has("servicesEncrypted"):
		return TwoFAS
	case has("items") && has("encrypted"):
		return Bitwarden
	case has("entries") && has("version"):
		return Proton
	}
	return Unknown
}

// Parse reads an import file of any format Detect knows.
func Parse(data []byte, opt Options) (Result, error) {
	if len(data) > MaxFile {
		return Result{}, i18n.NewError(cat.M("too_large", "MaxMiB", MaxFile>>20), cat.M("hint_export_again"), ErrTooLarge)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var r Result
	var err error
	f := Detect(data)
	switch f {
	case Migration:
		r, err = ParseMigration(strings.Fields(string(data)), opt)
	case URIList:
		r, err = parseURIList(data)
	case Aegis:
		r, err = parseAegis(data, opt)
	case TwoFAS:
		r, err = parse2FAS(data, opt)
	case Bitwarden:
		r, err = parseBitwarden(data)
	case Proton:
		r, err = parseProton(data)
	case KeePassCSV:
		r, err = parseKeePassCSV(data)
	case KeePassXML:
		r, err = parseKeePassXML(data)
	default:
		return Result{}, i18n.NewError(cat.M("unknown_format"), cat.M("hint_formats"), ErrUnknownFormat)
	}
	r.Format = f
	return r, err
}

// malformed is the error for a file whose structure cannot be read. The
// decoder's own error is dropped: a JSON error can quote the input.
func malformed(f Format) error {
	return i18n.NewError(cat.M("malformed", "Format", formatName(f)), cat.M("hint_export_again"), ErrMalformed)
}

func formatName(f Format) string {
	switch f {
	case Migration:
		return "Google Authenticator"
	case URIList:
		return "otpauth://"
	case Aegis:
		return "Aegis"
	case TwoFAS:
		return "2FAS"
	case Bitwarden:
		return "Bitwarden"
	case Proton:
		return "Proton Authenticator"
	case KeePassCSV, KeePassXML:
		return "KeePassXC"
	}
	return string(f)
}
