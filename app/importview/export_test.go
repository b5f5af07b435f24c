package importview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/importfile"
)

// written waits for the export to end and returns its error.
func written(t *testing.T, x *Export, run func()) error {
	t.Helper()
	ch := make(chan error, 1)
	x.OnDone(func(_ string, err error) { ch <- err })
	run()
	select {
	case err := <-ch:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("the export never ended")
		return nil
	}
}

// The Aegis vault: the password is checked as it is typed (too short, two
// different), then the file is saved where the file dialog says and opens
// in our Aegis reader with that password only.
func TestExportAegisVault(t *testing.T) {
	win := testWindow(t)
	s, _ := shop(t)
	path := filepath.Join(t.TempDir(), "vault.json")
	files := &fakeFiles{path: path}
	x := ShowExport(Options{Window: win, Store: s, Lang: i18n.JA, Files: files})
	if !x.save.Disabled() {
		t.Error("save enabled without a password")
	}
	x.SetPasswords("short", "short")
	if x.Problem() == "" || !x.save.Disabled() {
		t.Errorf("short password: %q", x.Problem())
	}
	x.SetPasswords("あおいそらとしろいくも", "あおいそらとくろいくも")
	if x.Problem() == "" || !x.save.Disabled() {
		t.Errorf("two passwords: %q", x.Problem())
	}
	x.SetPasswords("あおいそらとしろいくも", "あおいそらとしろいくも")
	if x.Problem() != "" || x.save.Disabled() {
		t.Fatalf("good password: %q", x.Problem())
	}
	if err := written(t, x, func() { test.Tap(x.save) }); err != nil {
		t.Fatal(err)
	}
	if o := files.asked[0]; o.Name != "omamori-accounts.json" || o.Filter.Exts[0] != "json" {
		t.Errorf("save dialog %+v", o)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := importfile.Parse(data, importfile.Options{Password: []byte("あおいそらとしろいくも")})
	if err != nil || r.Format != importfile.Aegis || len(r.Entries) != 2 {
		t.Fatalf("read back: %v %+v", err, r)
	}
	if sc := screen(win); !strings.Contains(sc, "2件のアカウントを「vault.json」に保存しました。") {
		t.Errorf("done:\n%s", sc)
	}
}

// The links pass the warning first: nothing is asked or written until
// its button; then a file that is there is never replaced.
func TestExportLinksBehindWarning(t *testing.T) {
	win := testWindow(t)
	s, _ := shop(t)
	path := filepath.Join(t.TempDir(), "links.txt")
	files := &fakeFiles{path: path}
	x := ShowExport(Options{Window: win, Store: s, Lang: i18n.EN, Files: files})
	x.Choose(false)
	if x.save.Disabled() || x.passBox.Visible() {
		t.Error("links need no password")
	}
	x.Save()
	if sc := screen(win); !strings.Contains(sc, "not encrypted. Anyone who gets it can make your one-time passwords.") || len(files.asked) != 0 {
		t.Fatalf("no warning first (asked %d):\n%s", len(files.asked), sc)
	}
	if err := written(t, x, x.ConfirmWarning); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "otpauth://totp/") || strings.Count(string(data), "\n") != 2 {
		t.Errorf("links file:\n%s", data)
	}
	if err := written(t, x, x.ConfirmWarning); err == nil {
		t.Fatal("wrote over the file")
	}
	if sc := screen(win); !strings.Contains(sc, "“links.txt” already exists.") {
		t.Errorf("exists:\n%s", sc)
	}
	if after, _ := os.ReadFile(path); string(after) != string(data) {
		t.Error("the file changed")
	}
}

func TestExportGolden(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			win := testWindow(t)
			s, _ := shop(t)
			x := ShowExport(Options{Window: win, Store: s, Lang: l, Files: &fakeFiles{}})
			x.SetPasswords("short", "short")
			golden(t, win, "export_"+string(l))
			if uitest.Button(win.Canvas().Overlays().Top(), x.save.Text) == nil {
				t.Error("no save button")
			}
		})
	}
}
