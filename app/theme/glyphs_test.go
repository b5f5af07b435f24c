package theme

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-text/typesetting/font"

	"github.com/omamori-app/omamori/assets"
)

// Every character of every message catalog has a glyph in the bundled Noto
// Sans JP faces, so our own text never makes Fyne load a system font (tens of
// MiB for a CJK one) and renders the same on a PC without Japanese fonts.
// A failure names the characters: add them with scripts/make-font.sh.
func TestCatalogsRenderFromBundledFonts(t *testing.T) {
	faces := map[string]*font.Face{}
	for name, data := range map[string][]byte{
		"NotoSansJP-Regular": assets.FontRegular.Content(),
		"NotoSansJP-Bold":    assets.FontBold.Content(),
	} {
		face, err := font.ParseTTF(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		faces[name] = face
	}

	catalogs := catalogFiles(t)
	if len(catalogs) < 10 {
		t.Fatalf("found only %d catalogs: %v", len(catalogs), catalogs)
	}
	for _, path := range catalogs {
		for key, text := range catalogStrings(t, path) {
			for _, r := range text {
				if r < ' ' {
					continue // newlines and tabs are layout, not glyphs
				}
				for name, face := range faces {
					if _, ok := face.NominalGlyph(r); !ok {
						t.Errorf("%s %s: %q (U+%04X) has no glyph in %s", path, key, r, r, name)
					}
				}
			}
		}
	}
}

// catalogFiles lists internal/*/locales/*.json and app/**/translations/*.json.
func catalogFiles(t *testing.T) []string {
	root := filepath.Join("..", "..")
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "dist") {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(root, path)
		dir := filepath.Base(filepath.Dir(rel))
		inInternal := strings.HasPrefix(rel, "internal"+string(filepath.Separator)) && dir == "locales"
		inApp := strings.HasPrefix(rel, "app"+string(filepath.Separator)) && dir == "translations"
		if !d.IsDir() && filepath.Ext(path) == ".json" && (inInternal || inApp) {
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// catalogStrings returns every string in a catalog, by key path.
func catalogStrings(t *testing.T, rel string) map[string]string {
	data, err := os.ReadFile(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case string:
			out[prefix] = v
		case map[string]any:
			for k, x := range v {
				walk(prefix+"."+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s[%d]", prefix, i), x)
			}
		}
	}
	walk("", v)
	return out
}
