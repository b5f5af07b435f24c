package importfile

import (
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// Google Authenticator's 「アカウントを移行」 shows one or more QR codes, each
// an otpauth-migration://offline?data=BASE64 link whose data is a protobuf
// MigrationPayload (field numbers from the format as published by the
// projects that read it):
//
//	MigrationPayload: 1 otp_parameters (repeated), 2 version, 3 batch_size, 4 batch_index, 5 batch_id
//	OtpParameters:    1 secret (bytes), 2 name, 3 issuer, 4 algorithm, 5 digits, 6 type, 7 counter
//
// algorithm: 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5; digits: 1 six, 2 eight;
// type: 1 HOTP, 2 TOTP. There is no period.

// maxLink bounds one transfer link: a QR code holds under 3 KB.
const maxLink = 16 << 10

// ErrBatch is the cause when transfer codes from different exports are mixed
// or some are missing.
var ErrBatch = errors.New("importfile: transfer QR codes incomplete or mixed")

// Batches collects the QR codes of one Google Authenticator export, in any
// order, scanned once or more.
type Batches struct {
	size, id int64
	seen     map[int64]payload
}

type payload struct {
	params             []otpParams
	size, index, batch int64
}

type otpParams struct {
	secret                     []byte
	name, issuer               string
	algorithm, digits, otpType int64
}

// Add reads one otpauth-migration link. A second scan of the same code is
// ignored; a code from another export is refused.
func (b *Batches) Add(uri string) error {
	p, err := decodeLink(uri)
	if err != nil {
		return err
	}
	if p.size < 1 {
		p.size = 1
	}
	if p.index < 0 || p.index >= p.size || p.size > 1000 {
		return migrationErr()
	}
	if b.seen == nil {
		b.seen, b.size, b.id = map[int64]payload{}, p.size, p.batch
	} else if p.size != b.size || p.batch != b.id {
		return i18n.NewError(cat.M("batch_mixed"), cat.M("hint_batch_mixed"), ErrBatch)
	}
	if _, ok := b.seen[p.index]; !ok {
		b.seen[p.index] = p
	}
	return nil
}

// Missing lists the 1-based numbers of the codes not yet added.
func (b *Batches) Missing() []int {
	var m []int
	for i := int64(0); i < b.size; i++ {
		if _, ok := b.seen[i]; !ok {
			m = append(m, int(i)+1)
		}
	}
	return m
}

// Size is how many QR codes the export has (0 before the first Add).
func (b *Batches) Size() int { return int(b.size) }

// Result turns the collected codes into entries; all must be there.
func (b *Batches) Result(opt Options) (Result, error) {
	if len(b.seen) == 0 {
		return Result{}, migrationErr()
	}
	if m := b.Missing(); len(m) > 0 {
		nums := make([]string, len(m))
		for i, n := range m {
			nums[i] = strconv.Itoa(n)
		}
		return Result{}, i18n.NewError(cat.M("batch_missing", "Missing", strings.Join(nums, ", "), "Total", b.size),
			cat.M("hint_batch_missing"), ErrBatch)
	}
	r := Result{Format: Migration}
	for i := int64(0); i < b.size; i++ {
		for _, o := range b.seen[i].params {
			r.addMigrated(o, opt)
		}
	}
	return r, nil
}

// ParseMigration reads the links of one export (all its QR codes).
func ParseMigration(uris []string, opt Options) (Result, error) {
	var b Batches
	for _, u := range uris {
		if err := b.Add(u); err != nil {
			return Result{}, err
		}
	}
	return b.Result(opt)
}

func (r *Result) addMigrated(o otpParams, opt Options) {
	// The name often repeats the issuer ("Example:alice"); without an
	// issuer a colon may be part of the name itself, so it stays whole.
	iss, acc := o.issuer, o.name
	if pre, rest, ok := strings.Cut(acc, ":"); ok && iss != "" && strings.TrimSpace(pre) == iss {
		acc = rest
	}
	iss, acc = clean(iss), clean(acc)
	skip := func(m i18n.Message) { r.Skipped = append(r.Skipped, Skipped{Issuer: iss, Account: acc, Reason: m}) }
	var alg profile.Algorithm
	switch o.algorithm {
	case 0, 1:
		alg = profile.SHA1
	case 2:
		alg = profile.SHA256
	case 3:
		alg = profile.SHA512
	default:
		skip(cat.M("skip_algorithm", "Value", algName(o.algorithm)))
		return
	}
	digits := 6
	switch o.digits {
	case 0, 1:
	case 2:
		digits = 8
	default:
		skip(cat.M("skip_digits", "Value", o.digits))
		return
	}
	switch {
	case o.otpType == 1:
		skip(cat.M("skip_hotp"))
		return
	case o.otpType != 0 && o.otpType != 2:
		skip(cat.M("skip_type", "Type", strconv.FormatInt(o.otpType, 10)))
		return
	case len(o.secret) < 10: // under 80 bits, as for any other secret
		skip(cat.M("skip_secret"))
		return
	}
	period := opt.Period
	if period < profile.MinPeriod || period > profile.MaxPeriod {
		period = 30
	}
	p := imported(alg, digits, period)
	if opt.Profile != nil && iss != "" {
		if bp, ok := opt.Profile(iss); ok && bp.Period >= profile.MinPeriod && bp.Period <= profile.MaxPeriod {
			// The export's algorithm and digits are facts about the key; only
			// the step it lacks comes from the broker's profile.
			p = bp
			p.Algorithm, p.Digits = alg, digits
		}
	}
	secret := append([]byte(nil), o.secret...)
	r.Entries = append(r.Entries, newaccount.Details{Issuer: iss, Account: acc, Secret: secret, Profile: p})
}

func algName(a int64) string {
	if a == 4 {
		return "MD5"
	}
	return strconv.FormatInt(a, 10)
}

func migrationErr() error {
	return i18n.NewError(cat.M("bad_migration"), cat.M("hint_migration"), ErrMalformed)
}

// decodeLink reads the data parameter of one link.
func decodeLink(uri string) (payload, error) {
	uri = strings.TrimSpace(uri)
	if len(uri) > maxLink {
		return payload{}, migrationErr()
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "otpauth-migration" || !strings.EqualFold(u.Host, "offline") {
		return payload{}, migrationErr()
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return payload{}, migrationErr()
	}
	// A "+" left unescaped in the link has become a space.
	d := strings.TrimRight(strings.ReplaceAll(q.Get("data"), " ", "+"), "=")
	raw, err := base64.RawStdEncoding.DecodeString(d)
	if err != nil {
		if raw, err = base64.RawURLEncoding.DecodeString(d); err != nil {
			return payload{}, migrationErr()
		}
	}
	p, ok := readPayload(raw)
	if !ok {
		return payload{}, migrationErr()
	}
	return p, nil
}

func readPayload(b []byte) (payload, bool) {
	var p payload
	return p, eachField(b, func(num int, v uint64, data []byte) bool {
		switch num {
		case 1:
			if data == nil {
				return false
			}
			o, ok := readParams(data)
			p.params = append(p.params, o)
			return ok
		case 3:
			p.size = int64(v)
		case 4:
			p.index = int64(v)
		case 5:
			p.batch = int64(v)
		}
		return true
	})
}

func readParams(b []byte) (otpParams, bool) {
	var o otpParams
	return o, eachField(b, func(num int, v uint64, data []byte) bool {
		switch num {
		case 1:
			o.secret = data
		case 2:
			o.name = string(data)
		case 3:
			o.issuer = string(data)
		case 4:
			o.algorithm = int64(v)
		case 5:
			o.digits = int64(v)
		case 6:
			o.otpType = int64(v)
		}
		return true
	})
}
