package setupcode

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
)

// FuzzParseSetupCode: Parse never panics; every error is an *i18n.Error
// that renders in both languages; a reported position really holds a
// character the encoding does not use; a key it returns is in bounds and
// survives Encode → Parse.
func FuzzParseSetupCode(f *testing.F) {
	for _, s := range []string{
		code, strings.ToLower(code), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ", "GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ",
		"ＧＥＺＤ　ＧＮＢＶ－ＧＹ３Ｔ－ＱＯＪＱーGEZDGNBVGY3TQOJQ", "GEZD0NBV1Y3T8OJQGEZDGNBVGY3TQOJQ", code + "====",
		"", " ", "=", "e\u0301-\u0301", "\xff\xfe", "3132333435363738393031323334353637383930", "Ⅻ①ﾊﾟ",
	} {
		for pi := range 3 {
			f.Add(s, uint8(pi))
		}
	}
	hexP := profile.Profile{Name: "hex", Encoding: profile.Hex, Length: 40, Digits: 6, Period: 30, Algorithm: profile.SHA1}
	profiles := []profile.Profile{profile.SmartOTP, profile.Generic, hexP}
	f.Fuzz(func(t *testing.T, input string, pi uint8) {
		p := profiles[int(pi)%len(profiles)]
		key, err := Parse(input, p)
		if err != nil {
			var ie *i18n.Error
			if !errors.As(err, &ie) {
				t.Fatalf("%T %v is not an *i18n.Error", err, err)
			}
			for _, l := range i18n.Langs {
				if msg := i18n.Localize(err, l); msg == "" || strings.Contains(msg, ie.Msg.Key) {
					t.Fatalf("%s message does not render: %q", l, msg)
				}
			}
			if errors.Is(err, ErrCharacter) {
				pos := ie.Msg.Data["Pos"].(int)
				cleaned := []rune(Clean(input))
				if pos < 1 || pos > len(cleaned) || allowed(cleaned[pos-1], p.Encoding) {
					t.Fatalf("position %d in %q is not a bad character", pos, string(cleaned))
				}
			}
			return
		}
		if len(key) < profile.MinKeyBytes || len(key) > profile.MaxKeyBytes {
			t.Fatalf("key of %d bytes", len(key))
		}
		if p.Encoding == profile.Base32 {
			back, err := Parse(Encode(key), p)
			if err != nil || !bytes.Equal(back, key) {
				t.Fatalf("Encode/Parse: %v", err)
			}
		}
	})
}
