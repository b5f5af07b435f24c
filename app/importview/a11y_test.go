package importview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
)

// Every step of moving in and out, in both languages, as Fyne's
// screen-reader bridge walks it (app/uitest): each element has a role and
// a label in the window's language, and no password is read.
func TestScreenReaderLabels(t *testing.T) {
	enc, err := os.ReadFile(filepath.Join("..", "..", "internal", "importfile", "testdata", "aegis", "aegis_encrypted.json"))
	if err != nil {
		t.Fatal(err)
	}
	const pass = "あおいそらとしろいくも"
	data := []string{"Example alice", "Example alice (2)", "Shop bob", "みずほ証券 taro", "Counter c", "楽天", "export.txt", "aegis_encrypted.json",
		"Aegis", "HOTP", "otpauth"} // names of apps and formats, as the customer sees them in the other app
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			w := testWindow(t)
			look := func(screen string) {
				t.Helper()
				cv := w.Canvas()
				for _, o := range cv.Overlays().List() {
					o.Resize(o.Size())
				}
				for _, p := range uitest.Check(cv, uitest.Options{Lang: string(l), Data: data}) {
					t.Errorf("%s: %s", screen, p)
				}
				ex := uitest.Exposed(cv)
				if len(ex) < 2 {
					t.Errorf("%s: nothing to read", screen)
				}
				for _, e := range ex {
					if strings.Contains(e.Label, pass) || strings.Contains(e.Label, "AEBAGBAF") {
						t.Errorf("%s: %q reads a secret", screen, e.Label)
					}
				}
			}
			closeAll := func() {
				for _, o := range w.Canvas().Overlays().List() {
					w.Canvas().Overlays().Remove(o)
				}
			}
			s, _ := shop(t)
			o := Options{Window: w, Store: s, Lang: l, Files: &fakeFiles{}}
			if _, err := from(t, o, []byte(uris), "export.txt"); err != nil {
				t.Fatal(err)
			}
			look("preview")
			closeAll()
			im, _ := from(t, o, enc, "aegis_encrypted.json")
			im.SetPassword(pass)
			look("password")
			closeAll()
			x := ShowExport(o)
			x.SetPasswords(pass, pass)
			look("export")
			x.Choose(false)
			x.Save()
			look("export warning")
		})
	}
}
