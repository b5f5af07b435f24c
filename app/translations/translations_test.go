package translations

import (
	"encoding/json"
	"os"
	"sort"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
)

func readKeys(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// Every key in one file must be in the other, with a non-empty text.
func TestKeyParity(t *testing.T) {
	en, ja := readKeys(t, "en.json"), readKeys(t, "ja.json")
	var missing []string
	for k, v := range en {
		if _, ok := ja[k]; !ok {
			missing = append(missing, "ja.json lacks "+k)
		}
		if v == "" {
			missing = append(missing, "en.json empty "+k)
		}
	}
	for k, v := range ja {
		if _, ok := en[k]; !ok {
			missing = append(missing, "en.json lacks "+k)
		}
		if v == "" {
			missing = append(missing, "ja.json empty "+k)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
	if len(en) < 50 {
		t.Errorf("en.json has only %d keys", len(en))
	}
}

func TestSetLangSwitchesT(t *testing.T) {
	defer SetLang(Lang())
	SetLang(i18n.JA)
	if got := T("add_account"); got != "アカウントを追加" {
		t.Errorf("ja add_account = %q", got)
	}
	SetLang(i18n.EN)
	if got := T("add_account"); got != "Add account" {
		t.Errorf("en add_account = %q", got)
	}
	SetLang("fr")
	if Lang() != i18n.EN {
		t.Errorf("unsupported language should fall back to English, got %q", Lang())
	}
}
