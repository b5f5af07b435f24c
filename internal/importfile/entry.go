package importfile

import (
	"errors"
	"net/url"
	"strings"
	"unicode"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/setupcode"
)

// fields is one entry as a JSON format spells it, before checking.
type fields struct {
	Type            string // "totp"; anything else is skipped
	Issuer, Account string
	Secret          string // base32
	Algorithm       string // "" = SHA1
	Digits, Period  int    // 0 = 6 and 30
}

// imported is the profile of an imported entry: the same as an otpauth://
// link gives, so an import and a scanned QR code make the same account.
func imported(alg profile.Algorithm, digits, period int) profile.Profile {
	return profile.Profile{Name: "otpauth", Label: "otpauth", Encoding: profile.Base32,
		Digits: digits, Period: period, Algorithm: alg}
}

// add checks f and adds it to r as an entry or a skip.
func (r *Result) add(f fields) {
	iss, acc := clean(f.Issuer), clean(f.Account)
	if m, ok := check(f); !ok {
		r.Skipped = append(r.Skipped, Skipped{Issuer: iss, Account: acc, Reason: m})
		return
	}
	key, err := setupcode.Parse(f.Secret, profile.Generic)
	if err != nil { // the cause can quote a character of the secret: dropped
		r.Skipped = append(r.Skipped, Skipped{Issuer: iss, Account: acc, Reason: cat.M("skip_secret")})
		return
	}
	alg := algorithm(f.Algorithm)
	d, p := f.Digits, f.Period
	if d == 0 {
		d = 6
	}
	if p == 0 {
		p = 30
	}
	r.Entries = append(r.Entries, newaccount.Details{Issuer: iss, Account: acc, Secret: key, Profile: imported(alg, d, p)})
}

// check says why f cannot be imported, if it cannot.
func check(f fields) (i18n.Message, bool) {
	switch t := strings.ToLower(strings.TrimSpace(f.Type)); {
	case t == "hotp":
		return cat.M("skip_hotp"), false
	case t != "totp":
		return cat.M("skip_type", "Type", short(f.Type)), false
	case !algorithm(f.Algorithm).Valid():
		return cat.M("skip_algorithm", "Value", short(f.Algorithm)), false
	case f.Digits != 0 && f.Digits != 6 && f.Digits != 8:
		return cat.M("skip_digits", "Value", f.Digits), false
	case f.Period != 0 && (f.Period < profile.MinPeriod || f.Period > profile.MaxPeriod):
		return cat.M("skip_period", "Value", f.Period, "Min", profile.MinPeriod, "Max", profile.MaxPeriod), false
	case strings.TrimSpace(f.Secret) == "":
		return cat.M("skip_no_secret"), false
	}
	return i18n.Message{}, true
}

// algorithm reads "SHA1", "sha-256", "" (SHA1) and the like.
func algorithm(s string) profile.Algorithm {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "-", ""))
	if s == "" {
		return profile.SHA1
	}
	return profile.Algorithm(s)
}

// addURI adds one otpauth:// link, or skips it with otpauth's own reason.
// name stands in for the account when the link has none.
func (r *Result) addURI(uri, name string) {
	if q, err := url.Parse(uri); err == nil && q.Query().Get("encoder") != "" {
		// KeePassXC's Steam keys are otpauth://totp links with
		// encoder=steam: the codes are not standard TOTP.
		iss, acc := uriNames(uri)
		r.Skipped = append(r.Skipped, Skipped{Issuer: iss, Account: acc, Reason: cat.M("skip_type", "Type", short(q.Query().Get("encoder")))})
		return
	}
	k, err := otpauth.Parse(uri)
	if err != nil {
		iss, acc := uriNames(uri)
		if acc == "" && iss == "" {
			acc = short(name)
		}
		r.Skipped = append(r.Skipped, Skipped{Issuer: iss, Account: acc, Reason: reason(err)})
		return
	}
	if k.Account == "" {
		k.Account = clean(name)
	}
	r.Entries = append(r.Entries, k)
}

// reason is the user's message in err (otpauth's errors are *i18n.Error).
func reason(err error) i18n.Message {
	var e *i18n.Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return cat.M("skip_unreadable")
}

// uriNames are the issuer and account of a link that did not parse, to
// name the skipped entry; "" when they cannot be read.
func uriNames(uri string) (issuer, account string) {
	u, err := url.Parse(strings.TrimSpace(uri))
	if err != nil || len(uri) > otpauth.MaxURI || !strings.EqualFold(u.Scheme, "otpauth") {
		return "", "" // not a link: the line may be a bare secret, never shown
	}
	issuer, account, ok := strings.Cut(strings.TrimPrefix(u.Path, "/"), ":")
	if !ok {
		issuer, account = "", issuer
	}
	if q, err := url.ParseQuery(u.RawQuery); err == nil && q.Get("issuer") != "" {
		issuer = q.Get("issuer")
	}
	return short(issuer), short(account)
}

// clean drops control and bidirectional-override characters (which could
// make one name read as another) and cuts very long names.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\uFFFD' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200])
	}
	return s
}

// short quotes a bad value back without filling the screen.
func short(s string) string {
	s = clean(s)
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}
