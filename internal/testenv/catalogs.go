package testenv

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Catalogs finds every message catalog of language lang ("ja", "en") in
// the repository at root: each <lang>.json in a locales/ folder, skipping hidden folders and dist/. It returns their key → text
// maps by slash path relative to root, so a new package's catalog is
// checked by every test that walks them without anyone listing it.
func Catalogs(t testing.TB, root, lang string) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "dist") {
			return filepath.SkipDir
		}
		dir := filepath.Base(filepath.Dir(p))
		if d.Name() != lang+".json" || dir != "locales" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = m
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
