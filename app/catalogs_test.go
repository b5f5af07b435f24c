package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/app/uitest"
)

// Every key a window package's code asks for is in its own catalog (a
// typo would show the key itself on screen), and every text is filled in
// both languages.
func TestUsedKeysExist(t *testing.T) {
	dirs, err := filepath.Glob("*/locales")
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, "locales")
	used := 0
	for _, loc := range dirs {
		pkg := filepath.Dir(loc)
		keys := catalogKeys(t, loc)
		for _, u := range uitest.KeysUsed(t, pkg) {
			used++
			if !keys[u.Key] && !keys[uitest.KeyPrefix(keys)+u.Key] {
				t.Errorf("%s uses %q, not in %s", u.Pos, u.Key, loc)
			}
		}
	}
	if used < 200 {
		t.Errorf("found only %d uses; is the scan still right?", used)
	}
}

func catalogKeys(t *testing.T, dir string) map[string]bool {
	t.Helper()
	keys := map[string]bool{}
	for _, l := range []string{"en", "ja"} {
		b, err := os.ReadFile(filepath.Join(dir, l+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s/%s.json: %v", dir, l, err)
		}
		for k, v := range m {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s/%s.json: %s is empty", dir, l, k)
			}
			keys[k] = true
		}
	}
	return keys
}
