package otpauth

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// key is RFC 6238's SHA-1 test key, GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ in base32.
var key = []byte("12345678901234567890")

const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestParse(t *testing.T) {
	tests := []struct {
		name, uri        string
		issuer, account  string
		alg              profile.Algorithm
		digits, period   int
		secretByteLength int
	}{
		{"defaults", "otpauth://totp/alice@example.com?secret=" + secret,
			"", "alice@example.com", profile.SHA1, 6, 30, 20},
		{"label issuer", "otpauth://totp/Example:alice@example.com?secret=" + secret,
			"Example", "alice@example.com", profile.SHA1, 6, 30, 20},
		{"escaped label, space after colon, issuer param", "otpauth://totp/ACME%20Co:%20john.doe%40email.com?secret=" + secret + "&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60",
			"ACME Co", "john.doe@email.com", profile.SHA256, 8, 60, 20},
		{"encoded colon separator", "otpauth://totp/Example%3Aalice?secret=" + secret,
			"Example", "alice", profile.SHA1, 6, 30, 20},
		{"issuer param wins over label", "otpauth://totp/Old%20Name:alice?issuer=New+Name&secret=" + secret,
			"New Name", "alice", profile.SHA1, 6, 30, 20},
		{"issuer param only", "otpauth://totp/alice?issuer=%E4%B8%89%E8%8F%B1%E8%A8%BC%E5%88%B8&secret=" + secret,
			"三菱証券", "alice", profile.SHA1, 6, 30, 20},
		{"Japanese label", "otpauth://totp/%E4%B8%89%E8%8F%B1:%E4%B8%89%E8%8F%B1%20%E5%A4%AA%E9%83%8E?secret=" + secret,
			"三菱", "三菱 太郎", profile.SHA1, 6, 30, 20},
		{"upper-case scheme and type, lower-case secret and algorithm, padding", "  OTPAUTH://TOTP/x?secret=" + strings.ToLower(secret[:26]) + "======&algorithm=sha512\n",
			"", "x", profile.SHA512, 6, 30, 16},
		{"control and bidi characters removed", "otpauth://totp/Ev%E2%80%AEil%0A:bob%07?secret=" + secret,
			"Evil", "bob", profile.SHA1, 6, 30, 20},
		{"counter ignored for totp, unknown params ignored", "otpauth://totp/x?secret=" + secret + "&counter=5&image=https%3A%2F%2Fexample.com%2Flogo.png",
			"", "x", profile.SHA1, 6, 30, 20},
		{"empty label", "otpauth://totp/?secret=" + secret, "", "", profile.SHA1, 6, 30, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := Parse(tt.uri)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if k.Issuer != tt.issuer || k.Account != tt.account {
				t.Errorf("issuer %q account %q, want %q %q", k.Issuer, k.Account, tt.issuer, tt.account)
			}
			p := k.Profile
			if p.Algorithm != tt.alg || p.Digits != tt.digits || p.Period != tt.period || p.Encoding != profile.Base32 || p.Length != 0 {
				t.Errorf("profile %+v", p)
			}
			if err := p.Validate(); err != nil {
				t.Errorf("profile invalid: %v", err)
			}
			if !bytes.Equal(k.Secret, key[:tt.secretByteLength]) {
				t.Errorf("secret %x", k.Secret)
			}
			back, err := Parse(URI(k))
			if err != nil {
				t.Fatalf("Parse(URI()): %v", err)
			}
			if !equal(back, k) {
				t.Errorf("round trip: %+v from %s, want %+v", back, URI(k), k)
			}
		})
	}
}

func equal(a, b newaccount.Details) bool {
	return a.Issuer == b.Issuer && a.Account == b.Account && bytes.Equal(a.Secret, b.Secret) && a.Profile == b.Profile
}

func TestURIEdgeLabels(t *testing.T) {
	p, _ := Parse("otpauth://totp/x?secret=" + secret)
	for _, k := range []newaccount.Details{
		{Issuer: "", Account: "a:b"},
		{Issuer: "i:j", Account: "a:b"},
		{Issuer: "i:j", Account: "plain"},
		{Issuer: "A&B=C?D#E%F+G/H", Account: "x/y?z#w%v&u=t+s"},
		{Issuer: "三菱 UFJ", Account: "三菱 太郎"},
		{Issuer: "X", Account: ""},
	} {
		k.Secret, k.Profile = key, p.Profile
		back, err := Parse(URI(k))
		if err != nil || !equal(back, k) {
			t.Errorf("%+v: URI %s gives %+v, %v", k, URI(k), back, err)
		}
	}
	if got := URI(newaccount.Details{Issuer: "ACME Co", Account: "a b", Secret: key, Profile: p.Profile}); got !=
		"otpauth://totp/ACME%20Co:a%20b?secret="+secret+"&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30" {
		t.Errorf("URI() = %s", got)
	}
}

func TestURIDefaults(t *testing.T) {
	k := newaccount.Details{Account: "a", Secret: key}
	back, err := Parse(URI(k))
	if err != nil || back.Profile.Digits != 6 || back.Profile.Period != 30 || back.Profile.Algorithm != profile.SHA1 {
		t.Errorf("%s: %+v, %v", URI(k), back, err)
	}
}

func TestParseRefuses(t *testing.T) {
	tests := []struct {
		name, uri string
		notTOTP   bool
		en, ja    string
	}{
		{"hotp", "otpauth://hotp/x?secret=" + secret + "&counter=1", true,
			"counter-based codes are not supported", "カウンター方式には対応していません"},
		{"HOTP upper case", "otpauth://HOTP/x?secret=" + secret, true, "counter-based", "カウンター方式"},
		{"other type", "otpauth://steam/x?secret=" + secret, true, `unknown type "steam"`, "「steam」"},
		{"google export", "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8", true, "Google Authenticator", "Google認証システム"},
		{"https", "https://example.com/?secret=" + secret, false, `does not start with "otpauth://"`, "「otpauth://」"},
		{"plain text", "GEZDGNBVGY3TQOJQ", false, "not an authenticator link", "認証用リンクではありません"},
		{"bad escape", "otpauth://totp/%zz?secret=" + secret, false, "not a valid authenticator link", "形式が正しくありません"},
		{"bad query", "otpauth://totp/x?secret=" + secret + "&issuer=%zz", false, "cannot be read", "読み取れません"},
		{"no secret", "otpauth://totp/x?issuer=X", false, "no secret key", "登録情報（secret）が含まれていません"},
		{"empty secret", "otpauth://totp/x?secret=%20", false, "no secret key", "登録情報（secret）が含まれていません"},
		{"bad secret", "otpauth://totp/x?secret=GEZDGNBVGY3TQOJ0", false, "secret key in the authenticator link is not valid", "登録情報（secret）が正しくありません"},
		{"short secret", "otpauth://totp/x?secret=GEZDGNBVGY3TQOJ", false, "not valid", "正しくありません"},
		{"md5", "otpauth://totp/x?secret=" + secret + "&algorithm=MD5", false, `"MD5"`, "「MD5」"},
		{"7 digits", "otpauth://totp/x?secret=" + secret + "&digits=7", false, `"7" digits`, "「7」"},
		{"digits not a number", "otpauth://totp/x?secret=" + secret + "&digits=six", false, `"six"`, "「six」"},
		{"period 0", "otpauth://totp/x?secret=" + secret + "&period=0", false, `"0" seconds`, "「0」秒"},
		{"period huge", "otpauth://totp/x?secret=" + secret + "&period=99999999999999999999", false, "seconds", "秒"},
		{"long bad value is cut", "otpauth://totp/x?secret=" + secret + "&algorithm=" + strings.Repeat("A", 100), false, `"AAAAAAAAAAAAAAAAAAAA…"`, "「AAAAAAAAAAAAAAAAAAAA…」"},
		{"too long", "otpauth://totp/x?secret=" + secret + "&x=" + strings.Repeat("a", MaxURI), false, "too long", "長すぎます"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := Parse(tt.uri)
			if err == nil {
				t.Fatalf("accepted: %+v", k)
			}
			var ie *i18n.Error
			if !errors.As(err, &ie) {
				t.Fatalf("%v is not an *i18n.Error", err)
			}
			if got := errors.Is(err, ErrNotTOTP); got != tt.notTOTP {
				t.Errorf("errors.Is(ErrNotTOTP) = %v", got)
			}
			if en := i18n.Localize(err, i18n.EN); !strings.Contains(en, tt.en) {
				t.Errorf("en %q does not contain %q", en, tt.en)
			}
			if ja := i18n.Localize(err, i18n.JA); !strings.Contains(ja, tt.ja) {
				t.Errorf("ja %q does not contain %q", ja, tt.ja)
			}
			for _, l := range i18n.Langs {
				if strings.Contains(i18n.Localize(err, l), secret[:16]) {
					t.Errorf("%s message shows the secret", l)
				}
			}
		})
	}
}
