// Package otpauth reads and writes otpauth://totp Key URIs (the text in an
// authenticator QR code), and QR images themselves.
//
// The Key URI format (Google Authenticator's wiki) is
//
//	otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30
//
// with SHA1, 6 and 30 as defaults. Only TOTP is accepted: counter-based
// HOTP codes need a counter kept in step with the server, which a desktop
// copy cannot promise, so they are refused with a clear message.
package otpauth

import (
	"embed"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/setupcode"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("otpauth", localesFS)

// ErrNotTOTP is the cause when a URI is valid but not a TOTP key.
var ErrNotTOTP = errors.New("otpauth: not a TOTP key")

// MaxURI bounds the text Parse looks at; the largest QR code holds under 3 KB.
const MaxURI = 8 << 10

// Parse reads an otpauth://totp URI into an enrolment whose Profile is
// named "otpauth", with Length 0 (any) and the URI's parameters. The issuer parameter takes precedence
// over the label's "Issuer:" prefix when both are there and differ:
// refusing a sloppy but genuine QR code would leave the customer stuck
// with nothing to fix. Errors are *i18n.Error.
func Parse(uri string) (newaccount.Details, error) {
	uri = strings.TrimSpace(uri)
	if len(uri) > MaxURI {
		return newaccount.Details{}, uriErr(cat.M("too_long", "Max", MaxURI), nil)
	}
	u, err := url.Parse(uri)
	if err != nil {
		return newaccount.Details{}, uriErr(cat.M("not_uri"), err)
	}
	switch {
	case u.Scheme == "otpauth-migration":
		return newaccount.Details{}, i18n.NewError(cat.M("migration"), cat.M("hint_migration"), ErrNotTOTP)
	case u.Scheme != "otpauth":
		return newaccount.Details{}, uriErr(cat.M("not_otpauth"), nil)
	case strings.EqualFold(u.Host, "hotp"):
		return newaccount.Details{}, i18n.NewError(cat.M("hotp"), cat.M("hint_hotp"), ErrNotTOTP)
	case !strings.EqualFold(u.Host, "totp"):
		return newaccount.Details{}, i18n.NewError(cat.M("unknown_type", "Type", short(u.Host)), cat.M("hint_totp_only"), ErrNotTOTP)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return newaccount.Details{}, uriErr(cat.M("bad_query"), err)
	}
	p, err := params(q)
	if err != nil {
		return newaccount.Details{}, err
	}
	k := newaccount.Details{Profile: p}
	labelIssuer, account, found := strings.Cut(strings.TrimPrefix(u.Path, "/"), ":")
	if !found {
		labelIssuer, account = "", labelIssuer
	}
	k.Account = clean(account)
	k.Issuer = clean(labelIssuer)
	if iss := clean(q.Get("issuer")); iss != "" {
		k.Issuer = iss
	}
	if k.Secret, err = decodeSecret(q); err != nil {
		return newaccount.Details{}, err
	}
	return k, nil
}

// params reads algorithm, digits and period, with the format's defaults.
func params(q url.Values) (profile.Profile, error) {
	p := profile.Profile{Name: "otpauth", Label: "otpauth", Encoding: profile.Base32,
		Digits: 6, Period: 30, Algorithm: profile.SHA1}
	if s := q.Get("algorithm"); s != "" {
		p.Algorithm = profile.Algorithm(strings.ToUpper(s))
		if !p.Algorithm.Valid() {
			return p, uriErr(cat.M("bad_algorithm", "Value", short(s)), nil)
		}
	}
	var err error
	if s := q.Get("digits"); s != "" {
		if p.Digits, err = strconv.Atoi(s); err != nil || (p.Digits != 6 && p.Digits != 8) {
			return p, uriErr(cat.M("bad_digits", "Value", short(s)), err)
		}
	}
	if s := q.Get("period"); s != "" {
		if p.Period, err = strconv.Atoi(s); err != nil || p.Period < profile.MinPeriod || p.Period > profile.MaxPeriod {
			return p, uriErr(cat.M("bad_period", "Value", short(s), "Min", profile.MinPeriod, "Max", profile.MaxPeriod), err)
		}
	}
	return p, nil
}

// decodeSecret decodes the base32 secret with the same clean-up as a typed
// setup code (case, spaces, padding), any length from 80 bits.
func decodeSecret(q url.Values) ([]byte, error) {
	s := q.Get("secret")
	if strings.TrimSpace(s) == "" {
		return nil, uriErr(cat.M("no_secret"), nil)
	}
	key, err := setupcode.Parse(s, profile.Generic)
	if err != nil {
		// The detail (which character, how many) is in the cause; the
		// customer cannot fix a QR code, only ask for a new one.
		return nil, i18n.NewError(cat.M("bad_secret"), cat.M("hint_new_qr"), err)
	}
	return key, nil
}

// clean trims a label part and drops control and bidirectional-override
// characters, which could make a name on screen read as another.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\uFFFD' {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// short is clean(s) cut to 20 characters, for quoting a bad value back
// without filling the screen with whatever the link held.
func short(s string) string {
	s = clean(s)
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

func uriErr(m i18n.Message, cause error) error {
	return i18n.NewError(m, cat.M("hint_new_qr"), redact(cause))
}

// redact drops the URI a *url.Error quotes in full, secret included, so
// the cause can reach a log or a support report. What it wraps says what
// is wrong and quotes at most a few characters (a bad escape, a control
// character).
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: "otpauth:…", Err: ue.Err}
	}
	return err
}

// URI writes k as an otpauth://totp URI with every parameter spelled out.
// It holds the secret: show it only as a QR code for the user to scan.
func URI(k newaccount.Details) string {
	label := url.PathEscape(k.Account)
	if k.Issuer != "" && !strings.Contains(k.Issuer, ":") {
		label = url.PathEscape(k.Issuer) + ":" + label
	} else if strings.Contains(k.Account, ":") {
		label = ":" + label // an empty issuer prefix keeps the account's own colon in the account
	}
	p := k.Profile
	if p.Algorithm == "" { // an enrolment built by hand: the format's defaults
		p.Algorithm = profile.SHA1
	}
	if p.Digits == 0 {
		p.Digits = 6
	}
	if p.Period == 0 {
		p.Period = 30
	}
	v := []string{"secret=" + setupcode.Encode(k.Secret)}
	if k.Issuer != "" {
		v = append(v, "issuer="+queryEscape(k.Issuer))
	}
	v = append(v, "algorithm="+string(p.Algorithm), "digits="+strconv.Itoa(p.Digits), "period="+strconv.Itoa(p.Period))
	return "otpauth://totp/" + label + "?" + strings.Join(v, "&")
}

// queryEscape is url.QueryEscape with spaces as %20: some authenticator
// apps show a "+" literally.
func queryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
