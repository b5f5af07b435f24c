package addinput

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/setupcode"
)

var key = []byte("12345678901234567890")

const code = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestParseSetupCode(t *testing.T) {
	p := profile.SmartOTP
	p.Issuer = "三菱証券"
	e, err := Parse("ｇｅｚｄ－ＧＮＢＶ　GY3T QOJQ GEZD-GNBV GY3T QOJQ", p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(e.Secret, key) || e.Profile != p || e.Issuer != "三菱証券" || e.Account != "" {
		t.Errorf("got %+v", e)
	}
}

func TestParseURI(t *testing.T) {
	for _, in := range []string{
		"otpauth://totp/ACME:alice?secret=" + code + "&period=60&digits=8",
		"  OtpAuth://TOTP/ACME:alice?secret=" + code + "&period=60&digits=8\n",
	} {
		e, err := Parse(in, profile.SmartOTP) // the URI's parameters win over the profile
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !bytes.Equal(e.Secret, key) || e.Issuer != "ACME" || e.Account != "alice" ||
			e.Profile.Period != 60 || e.Profile.Digits != 8 || e.Profile.Length != 0 {
			t.Errorf("%q: got %+v", in, e)
		}
	}
}

func TestParseErrors(t *testing.T) {
	_, err := Parse("otpauth://hotp/x?secret="+code, profile.SmartOTP)
	if !errors.Is(err, otpauth.ErrNotTOTP) {
		t.Errorf("hotp: %v", err)
	}
	_, err = Parse(code[:31], profile.SmartOTP)
	if !errors.Is(err, setupcode.ErrLength) {
		t.Errorf("short code: %v", err)
	}
	// "otp" alone is a (bad) setup code, not a URI.
	_, err = Parse("otp", profile.SmartOTP)
	if !errors.Is(err, setupcode.ErrLength) {
		t.Errorf("otp: %v", err)
	}
	// A setup code may begin with the letters OTPAUTH and is still one.
	otp := "OTPAUTH" + code[7:]
	if e, err := Parse(otp, profile.SmartOTP); err != nil || len(e.Secret) != 20 {
		t.Errorf("%s: %v", otp, err)
	}
	// A short-key URI is refused here, before it could reach the store.
	_, err = Parse("otpauth://totp/x?secret=GEZDGNBVGY3TQOJ", profile.SmartOTP)
	if err == nil {
		t.Error("72-bit key accepted")
	}
}

func qr(t *testing.T, text string) *bytes.Reader {
	t.Helper()
	img, err := otpauth.EncodeQR(text, 256)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(img)
}

func TestFromQR(t *testing.T) {
	e, _, err := FromQR(qr(t, "otpauth://totp/%E4%B8%89%E8%8F%B1:%E5%A4%AA%E9%83%8E?secret="+code), profile.SmartOTP)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(e.Secret, key) || e.Issuer != "三菱" || e.Account != "太郎" || e.Profile.Period != 30 {
		t.Errorf("URI QR: %+v", e)
	}
	e, _, err = FromQR(qr(t, "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"), profile.SmartOTP)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(e.Secret, key) || e.Profile != profile.SmartOTP {
		t.Errorf("bare code QR: %+v", e)
	}
	e, _, err = FromQR(qr(t, code[:26]), profile.Generic)
	if err != nil || !bytes.Equal(e.Secret, key[:16]) || e.Profile != profile.Generic {
		t.Errorf("bare code QR, generic profile: %+v %v", e, err)
	}
}

func TestFromQRErrors(t *testing.T) {
	tests := []struct {
		name   string
		r      *bytes.Reader
		en, ja string
	}{
		{"web link", qr(t, "https://broker.example/login"), `does not start with "otpauth://"`, "「otpauth://」"},
		{"other text", qr(t, "Hello, world"), "neither an authenticator link", "設定用番号も含まれていません"},
		{"not an image", bytes.NewReader([]byte(code)), "not a PNG or JPEG", "PNGまたはJPEG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := FromQR(tt.r, profile.SmartOTP)
			if en := i18n.Localize(err, i18n.EN); !strings.Contains(en, tt.en) {
				t.Errorf("en %q does not contain %q", en, tt.en)
			}
			if ja := i18n.Localize(err, i18n.JA); !strings.Contains(ja, tt.ja) {
				t.Errorf("ja %q does not contain %q", ja, tt.ja)
			}
		})
	}
}

// What the window and the command line show or log for a bad link must
// not quote the secret in it (url.Parse's error holds the whole link).
func TestURIErrorsDoNotQuoteTheSecret(t *testing.T) {
	for _, in := range []string{
		"otpauth://totp/Bank:taro?secret=" + code + "\x7f",
		"OTPAUTH://totp/Bank:taro?secret=" + code + "%zz",
	} {
		_, err := Parse(in, profile.Generic)
		for e := err; e != nil; e = errors.Unwrap(e) {
			for _, s := range []string{e.Error(), i18n.Localize(e, i18n.JA)} {
				if strings.Contains(s, code[:12]) {
					t.Errorf("%q: error quotes the secret: %s", in, s)
				}
			}
		}
		if err == nil {
			t.Errorf("%q: accepted", in)
		}
	}
	_, _, err := FromQR(qr(t, "otpauth://totp/x?secret="+code+"\x7f"), profile.Generic)
	if err == nil || strings.Contains(err.Error(), code[:12]) {
		t.Errorf("QR with a bad link: %v", err)
	}
}
