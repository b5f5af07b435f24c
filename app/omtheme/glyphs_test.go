package omtheme

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/go-text/typesetting/font"

	"github.com/omamori-app/omamori/assets"
	"github.com/omamori-app/omamori/internal/testenv"
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

	catalogs := map[string]map[string]string{}
	for _, lang := range []string{"en", "ja"} {
		for path, m := range testenv.Catalogs(t, filepath.Join("..", ".."), lang) {
			catalogs[path] = m
		}
	}
	if len(catalogs) < 10 {
		t.Fatalf("found only %d catalogs: %v", len(catalogs), catalogs)
	}
	for path, m := range catalogs {
		for key, text := range m {
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
