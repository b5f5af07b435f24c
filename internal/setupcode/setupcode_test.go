package setupcode

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
)

// key is RFC 6238's SHA-1 test key; as base32 it is exactly 32 characters.
var key = []byte("12345678901234567890")

const code = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

var hexProfile = profile.Profile{Name: "hex", Encoding: profile.Hex, Length: 40, Digits: 6, Period: 30, Algorithm: profile.SHA1}

// toFullWidth spells ASCII letters and digits in their full-width forms,
// as some Japanese input methods and web pages produce them.
func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > ' ' && r < 0x7f {
			r += 0xFF01 - '!'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestEncode(t *testing.T) {
	if got := Encode(key); got != code {
		t.Errorf("Encode = %q, want %q", got, code)
	}
}

func TestParseAccepts(t *testing.T) {
	groups := []string{"GEZD", "GNBV", "GY3T", "QOJQ", "GEZD", "GNBV", "GY3T", "QOJQ"}
	tests := []struct{ name, input string }{
		{"plain", code},
		{"lower case", strings.ToLower(code)},
		{"spaces", strings.Join(groups, " ")},
		{"surrounding space and newline", "  " + code + "\r\n"},
		{"tabs and line breaks", strings.Join(groups[:4], "\t") + "\n" + strings.Join(groups[4:], "\r\n")},
		{"hyphens", strings.Join(groups, "-")},
		{"full-width with ideographic spaces", toFullWidth(strings.Join(groups, " ")) + "\u3000"},
		{"full-width hyphens", toFullWidth(strings.Join(groups, "-"))},
		{"full-width lower case", toFullWidth(strings.ToLower(code))},
		{"katakana long vowel mark (kana-mode hyphen key)", strings.Join(groups, "ー")},
		{"half-width katakana long vowel mark", strings.Join(groups, "ｰ")},
		{"en dash, em dash, minus, hyphen, bar, box line, NB hyphen", "GEZD–GNBV—GY3T−QOJQ‐GEZD―GNBV─GY3T‑QOJQ"},
		{"no-break space, zero-width space, BOM, soft hyphen", "\uFEFFGEZD\u00A0GNBV\u200BGY3T\u00ADQOJQGEZDGNBVGY3TQOJQ"},
		{"padding tolerated", code + "===="},
		{"mixed", " ｇｅｚｄ－GNBV gy3t\u3000ＱＯＪＱ-gezd gnbv GY3T QOJQ\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.input, profile.SmartOTP)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.input, err)
			}
			if !bytes.Equal(got, key) {
				t.Errorf("Parse(%q) = %x, want %x", tt.input, got, key)
			}
			if c := Clean(tt.input); strings.TrimRight(c, "=") != code {
				t.Errorf("Clean(%q) = %q", tt.input, c)
			}
		})
	}
}

func TestParseOtherProfiles(t *testing.T) {
	got, err := Parse("3132 3334 3536 3738 3930 3132 3334 3536 3738 3930", hexProfile)
	if err != nil || !bytes.Equal(got, key) {
		t.Errorf("hex: %x, %v", got, err)
	}
	got, err = Parse(toFullWidth("3132333435363738393031323334353637383930"), hexProfile)
	if err != nil || !bytes.Equal(got, key) {
		t.Errorf("full-width hex: %x, %v", got, err)
	}
	// totp-30 takes any whole-key length from 80 bits: 16 chars = 10 bytes,
	// 26 chars (Google-style 128-bit) padded to 32.
	for _, k := range [][]byte{key[:10], key[:16], key[:11], bytes.Repeat(key, 7)[:profile.MaxKeyBytes]} {
		in := strings.ToLower(Encode(k))
		if len(in)%8 != 0 {
			in += strings.Repeat("=", 8-len(in)%8)
		}
		got, err := Parse(in, profile.Generic)
		if err != nil || !bytes.Equal(got, k) {
			t.Errorf("generic %q: %x, %v", in, got, err)
		}
	}
}

func TestParseRejects(t *testing.T) {
	long := strings.Repeat("A", 206)
	tests := []struct {
		name   string
		input  string
		p      profile.Profile
		cause  error
		en, ja []string // fragments of the rendered message + hint
	}{
		{"empty", "", profile.SmartOTP, ErrEmpty,
			[]string{"No setup code"}, []string{"入力されていません"}},
		{"only spaces and dashes", " \u3000 - ー \n", profile.SmartOTP, ErrEmpty,
			[]string{"No setup code"}, []string{"入力されていません"}},
		{"only padding", "====", profile.SmartOTP, ErrEmpty,
			[]string{"No setup code"}, []string{"入力されていません"}},
		{"too short", code[:31], profile.SmartOTP, ErrLength,
			[]string{"has 31 characters", "should have 32", "missing"}, []string{"31桁", "正しくは32桁", "欠けて"}},
		{"too short with spaces", "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJ", profile.SmartOTP, ErrLength,
			[]string{"has 31 characters", "should have 32"}, []string{"31桁", "32桁"}},
		{"too long", code + "A", profile.SmartOTP, ErrLength,
			[]string{"has 33 characters", "should have 32", "extra"}, []string{"33桁", "32桁", "余分"}},
		{"digit zero", "GEZD0NBV" + code[8:], profile.SmartOTP, ErrCharacter,
			[]string{"Character 5", `"0"`, "letter O", "not counting spaces"}, []string{"5桁目", "「0」", "「O」（オー）", "空白とハイフンを除き"}},
		{"position counts the cleaned code", "GEZD GNBV 1Y3T" + code[12:], profile.SmartOTP, ErrCharacter,
			[]string{"Character 9", `"1"`, "letter I or L"}, []string{"9桁目", "「1」", "「I」", "「L」"}},
		{"digit eight", code[:31] + "8", profile.SmartOTP, ErrCharacter,
			[]string{"Character 32", `"8"`, "letter B"}, []string{"32桁目", "「8」", "「B」"}},
		{"full-width zero", toFullWidth("GEZD0NBV") + code[8:], profile.SmartOTP, ErrCharacter,
			[]string{"Character 5", `"0"`, "letter O"}, []string{"5桁目", "「0」"}},
		{"several bad characters", "0EZD1NBV" + code[8:], profile.SmartOTP, ErrCharacter,
			[]string{"Character 1", `"0"`, "1 more character after it is not used"}, []string{"1桁目", "1個あります"}},
		{"nine", "9" + code[1:], profile.SmartOTP, ErrCharacter,
			[]string{"Character 1", `"9"`, "A to Z and the digits 2 to 7"}, []string{"A〜Z", "2〜7"}},
		{"padding inside", "GEZD=GNBV" + code[8:], profile.SmartOTP, ErrCharacter,
			[]string{"Character 5", `"="`}, []string{"5桁目", "「=」"}},
		{"label pasted with the code", "設定用番号：" + code, profile.SmartOTP, ErrCharacter,
			[]string{"Character 1", `"設"`, "5 more characters after it are not used"}, []string{"1桁目", "「設」"}},
		{"dotless i is not I", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ\u0131", profile.SmartOTP, ErrCharacter,
			[]string{"Character 32", "\u0131"}, []string{"32桁目"}},
		{"invisible control character", code[:10] + "\x07" + code[10:], profile.SmartOTP, ErrCharacter,
			[]string{"Character 11", "U+0007"}, []string{"11桁目", "U+0007"}},
		{"hex letter O", "3132 3334 3536 3738 3O30 3132 3334 3536 3738 3930", hexProfile, ErrCharacter,
			[]string{"Character 18", `"O"`, "digit 0"}, []string{"18桁目", "「O」", "数字の「0」"}},
		{"hex lower-case l", "3l32333435363738393031323334353637383930", hexProfile, ErrCharacter,
			[]string{"Character 2", `letter L`, "digit 1"}, []string{"2桁目", "「L」", "数字の「1」"}},
		{"hex other", "G132333435363738393031323334353637383930", hexProfile, ErrCharacter,
			[]string{"Character 1", "0 to 9 and the letters A to F"}, []string{"0〜9", "A〜F"}},
		{"hex padding is not tolerated", "3132333435363738393031323334353637383930==", hexProfile, ErrCharacter,
			[]string{"Character 41", `"="`}, []string{"41桁目"}},
		{"hex too short", "31323334353637383930313233343536373839", hexProfile, ErrLength,
			[]string{"has 38 characters", "should have 40"}, []string{"38桁", "40桁"}},
		{"any length: too short", Encode(key[:9]), profile.Generic, ErrLength,
			[]string{"has 15 characters", "at least 16"}, []string{"15桁", "16桁以上"}},
		{"any length: incomplete", Encode(key[:10]) + "A", profile.Generic, ErrLength,
			[]string{"has 17 characters", "cannot be a complete code"}, []string{"17桁", "正しい設定用番号になりません"}},
		{"any length: too long", long, profile.Generic, ErrLength,
			[]string{"has 206 characters", "at most 205"}, []string{"206桁", "205桁以下"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.input, tt.p)
			if err == nil {
				t.Fatalf("Parse(%q) = %x, want an error", tt.input, got)
			}
			var ie *i18n.Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *i18n.Error", err)
			}
			if !errors.Is(err, tt.cause) {
				t.Errorf("cause: got %v, want %v", ie.Err, tt.cause)
			}
			for l, wants := range map[i18n.Lang][]string{i18n.EN: tt.en, i18n.JA: tt.ja} {
				msg := i18n.Localize(err, l)
				for _, w := range wants {
					if !strings.Contains(msg, w) {
						t.Errorf("%s: %q does not contain %q", l, msg, w)
					}
				}
				if strings.Contains(msg, "{{") || strings.Contains(msg, "no value") {
					t.Errorf("%s: unrendered template in %q", l, msg)
				}
			}
		})
	}
}

func TestParseRejectsBadProfile(t *testing.T) {
	p := profile.SmartOTP
	p.Encoding = "base64"
	if _, err := Parse(code, p); err == nil || !strings.Contains(err.Error(), "base64") {
		t.Errorf("got %v", err)
	}
}

// The error must not carry the rest of the setup code: only the one
// character that is wrong.
func TestErrorsDoNotEchoTheCode(t *testing.T) {
	for _, in := range []string{"GEZD0NBV" + code[8:], code[:31], code + "AB"} {
		_, err := Parse(in, profile.SmartOTP)
		for _, l := range i18n.Langs {
			if msg := i18n.Localize(err, l) + err.Error(); strings.Contains(msg, code[8:16]) {
				t.Errorf("%s message contains part of the code: %q", l, msg)
			}
		}
	}
}
