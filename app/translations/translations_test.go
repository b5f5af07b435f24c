package translations

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

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

// Every key the app's code asks for must be in the files (a typo would
// show the key itself on screen).
func TestUsedKeysExist(t *testing.T) {
	en := readKeys(t, "en.json")
	re := regexp.MustCompile(`translations\.(?:T|Cat\.M)\("([a-z_]+)"`)
	files, _ := filepath.Glob("../*/*.go")
	root, _ := filepath.Glob("../*.go")
	used := 0
	for _, f := range append(files, root...) {
		if strings.Contains(f, "/keys/") || strings.Contains(f, "/clockview/") {
			continue // other teams' screens keep their own catalogs
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used++
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s uses missing key %q", f, m[1])
			}
		}
	}
	if used < 40 {
		t.Errorf("found only %d uses; is the pattern still right?", used)
	}
}

// Fyne's own strings (a text field's right-click menu: 右クリック→貼り付け
// is how the Smart OTP guide tells customers to paste) follow the chosen
// language, not only the OS's.
func TestFyneBuiltinsFollowChoice(t *testing.T) {
	defer SetLang(Lang())
	SetLang(i18n.JA)
	if got := lang.L("Paste"); got != "貼り付け" {
		t.Errorf("ja: Fyne's Paste = %q", got)
	}
	SetLang(i18n.EN)
	if got := lang.L("Paste"); got != "Paste" {
		t.Errorf("en: Fyne's Paste = %q", got)
	}
}
