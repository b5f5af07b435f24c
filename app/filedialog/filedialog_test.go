package filedialog

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
)

// Without a native dialog (Linux) Fyne's dialog opens, with the title and
// the filter asked for.
func TestFallbackShowsFyneDialog(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("t")
	w.Resize(fyne.NewSize(700, 600))
	w.Show()
	defer w.Close()
	d := New(w)
	d.native = false
	called := false
	d.Open(filepicker.Options{Title: "バックアップファイルを選ぶ", Dir: t.TempDir(), Filter: filepicker.Filter{Exts: []string{"age"}}},
		func(string, error) { called = true })
	top := w.Canvas().Overlays().Top()
	if top == nil || called {
		t.Fatalf("no Fyne dialog (overlay %v, answered %v)", top, called)
	}
	if !strings.Contains(strings.Join(uitest.Texts(top), "|"), "バックアップファイルを選ぶ") {
		t.Errorf("title not shown: %q", uitest.Texts(top))
	}
}

// Fyne's filter matches extensions with their case.
func TestDotted(t *testing.T) {
	if got := dotted([]string{"png", "JPG"}); !slices.Equal(got, []string{".png", ".PNG", ".jpg", ".JPG"}) {
		t.Errorf("dotted %q", got)
	}
}

// A dialog that failed is told in the window's language, without the OS's
// English detail; no error stays no error.
func TestFailedWordsTheError(t *testing.T) {
	if Failed(nil) != nil {
		t.Fatal("nil became an error")
	}
	err := Failed(errors.New("CommDlgExtendedError 0x3003"))
	if got := i18n.Localize(err, i18n.JA); !strings.HasPrefix(got, "ファイルを選ぶ画面を開けませんでした。") || strings.Contains(got, "CommDlg") {
		t.Errorf("ja: %q", got)
	}
	if got := i18n.Localize(err, i18n.EN); !strings.HasPrefix(got, "The window for choosing a file could not be opened.") {
		t.Errorf("en: %q", got)
	}
}
