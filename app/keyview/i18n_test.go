package keyview

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
)

// usedKeys are the catalog keys the screen's code names: msg("x"),
// s.tr("x"), s.label("x") → "keys.x" (app/uitest's walker, as
// app/catalogs_test.go uses it for every window package).
func usedKeys(t *testing.T) map[string]bool {
	t.Helper()
	used := map[string]bool{}
	for _, u := range uitest.KeysUsed(t, ".") {
		used["keys."+strings.TrimPrefix(u.Key, "keys.")] = true
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys in the code: the scan is broken", len(used))
	}
	return used
}

func TestEveryKeyInBothLanguages(t *testing.T) {
	used := usedKeys(t)
	for _, l := range i18n.Langs {
		raw := cat.Raw(l)
		for k := range used {
			if _, ok := raw[k]; !ok {
				t.Errorf("%s.json lacks %q, which the code uses", l, k)
			}
		}
		for k := range raw {
			if !strings.HasPrefix(k, "keys.") {
				t.Errorf("%s.json: key %q lacks the keys. prefix", l, k)
			}
			if !used[k] {
				t.Errorf("%s.json: %q is not used", l, k)
			}
		}
	}
}

// The catalog check itself fails on a key missing from one file.
func TestMissingKeyIsCaught(t *testing.T) {
	ja, err := fs.ReadFile(locales, "locales/ja.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(ja, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "keys.empty_title")
	short, _ := json.Marshal(m)
	en, _ := fs.ReadFile(locales, "locales/en.json")
	_, err = i18n.NewCatalog("x", fstest.MapFS{
		"locales/ja.json": {Data: short},
		"locales/en.json": {Data: en},
	})
	if err == nil || !strings.Contains(err.Error(), "ja:keys.empty_title") {
		t.Fatalf("a missing key was not reported: %v", err)
	}
}

// Japanese texts are Japanese (a forgotten copy of the English shows).
func TestJapaneseIsTranslated(t *testing.T) {
	same := map[string]bool{"keys.ok": true, "keys.label_pin": true, "keys.pin": true}
	en := cat.Raw(i18n.EN)
	for k, v := range cat.Raw(i18n.JA) {
		if same[k] {
			continue
		}
		if v == en[k] || !strings.ContainsFunc(v, func(r rune) bool { return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) }) {
			t.Errorf("ja %q is not Japanese: %q", k, v)
		}
	}
}
