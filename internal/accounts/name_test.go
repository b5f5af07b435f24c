package accounts_test

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/omamori-app/omamori/internal/accounts"
)

func TestCleanName(t *testing.T) {
	ok := map[string]string{
		"三菱 太郎":                    "三菱 太郎",
		"  三菱 太郎\u3000\t":          "三菱 太郎",
		"Cafe\u0301":               "Café", // NFC
		"ｶﾀｶﾅ":                     "ｶﾀｶﾅ", // kept as typed; only matching folds width
		"👨‍👩‍👧 family":             "👨‍👩‍👧 family",
		strings.Repeat("あ", 64):    strings.Repeat("あ", 64),
		"O'Brien & Sons <main>":    "O'Brien & Sons <main>",
		"Ünïcödé Ελληνικά العربية": "Ünïcödé Ελληνικά العربية",
		"三菱\u200B太郎\u200E":         "三菱太郎", // invisible characters dropped
		"\u2060A\U000E0041":        "A",
		"☺\uFE0F ok":               "☺\uFE0F ok", // variation selector after a visible character kept
	}
	for in, want := range ok {
		got, err := accounts.CleanName(in)
		if err != nil || got != want {
			t.Errorf("CleanName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := []string{
		"", " ", "\u3000", "\t\n",
		strings.Repeat("あ", 65),
		"a\nb", "a\x00b", "bell\x07", "a\u2028b", "\u202Eevil", "a\u2066b\u2069",
		"bad \xff utf8",
		// only invisible characters: a blank row
		"\u200B", "\u200B\u2060\u200E", "\U000E0041\U000E0042\U000E007F", "\u200D", "\uFEFF \u3164", "\u00AD\uFE0F",
	}
	for _, in := range bad {
		_, err := accounts.CleanName(in)
		wantErr(t, err, accounts.ErrBadName)
	}
}

// Every Japanese message reads as Japanese (not an English copy left in).
func TestJapaneseCatalog(t *testing.T) {
	for _, dir := range []string{"locales"} {
		en, ja := readCatalog(t, filepath.Join(dir, "en.json")), readCatalog(t, filepath.Join(dir, "ja.json"))
		for k, v := range ja {
			if !strings.ContainsFunc(v, func(r rune) bool { return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) }) {
				t.Errorf("%s ja %s is not Japanese: %q", dir, k, v)
			}
			if v == en[k] {
				t.Errorf("%s %s: same text in both languages", dir, k)
			}
		}
	}
}
