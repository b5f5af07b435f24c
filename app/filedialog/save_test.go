package filedialog

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
)

// yes are the labels of every button that goes forward in a save dialog,
// Fyne's and ours, in both languages.
var yes = func() []string {
	out := []string{"Save", "Yes", "Open", "OK"}
	for _, l := range i18n.Langs {
		out = append(out, cat.M("choose_folder").In(l), cat.M("save").In(l))
	}
	return out
}()

// buttons are the buttons drawn under o.
func buttons(o fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	switch v := o.(type) {
	case *widget.Button:
		out = append(out, v)
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, buttons(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, buttons(c)...)
		}
	}
	return out
}

// pressForward taps, dialog after dialog, an enabled button that goes
// forward (Save, Yes, ...), as a customer in a hurry would; it stops when
// no such button is left.
func pressForward(t *testing.T, w fyne.Window) {
	for range 6 {
		top := w.Canvas().Overlays().Top()
		if top == nil {
			return
		}
		var next *widget.Button
		for _, b := range buttons(top) {
			if !b.Disabled() && slices.Contains(yes, b.Text) {
				next = b
			}
		}
		if next == nil {
			return
		}
		test.Tap(next)
	}
}

func saveWindow(t *testing.T) (fyne.Window, *Dialogs) {
	a := test.NewTempApp(t)
	w := a.NewWindow("t")
	w.Resize(fyne.NewSize(800, 700))
	w.Show()
	t.Cleanup(w.Close)
	d := New(w)
	d.native = false
	return w, d
}

// A backup already in the folder under the suggested name is never
// emptied or removed, whatever the customer answers: the dialog must not
// touch the file (Fyne's save dialog emptied it after "Overwrite? Yes",
// before the new backup was made).
func TestSaveNeverTouchesAnExistingFile(t *testing.T) {
	w, d := saveWindow(t)
	dir := t.TempDir()
	old := filepath.Join(dir, "omamori-2026-12-06.omamori-backup.age")
	if err := os.WriteFile(old, []byte("age-encryption.org/v1 the old backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	var got []string
	d.Save(filepicker.Options{Dir: dir, Name: filepath.Base(old), Filter: filepicker.Filter{Exts: []string{"age"}}, Lang: i18n.JA},
		func(path string, err error) { got = append(got, path) })
	pressForward(t, w)
	if top := w.Canvas().Overlays().Top(); top == nil || strings.Contains(strings.Join(uitest.Texts(top), ""), "A file with") || !strings.Contains(strings.Join(uitest.Texts(top), ""), "同じ名前のファイルがあります") {
		t.Errorf("the name question does not say, in Japanese, that the name is taken")
	}
	if b, err := os.ReadFile(old); err != nil || string(b) != "age-encryption.org/v1 the old backup" {
		t.Fatalf("the old backup was touched: %q, %v (dialog answered %q)", b, err, got)
	}
	if slices.Contains(got, old) {
		t.Errorf("the dialog offered the existing file %q to be written", old)
	}
}

// A new name in the chosen folder comes back as a path that is not there
// yet (the caller makes it with atomicfile.WriteNew); a name typed without
// the extension gets it.
func TestSaveReturnsANewPathInTheFolder(t *testing.T) {
	w, d := saveWindow(t)
	dir := t.TempDir()
	var got []string
	d.Save(filepicker.Options{Dir: dir, Name: "omamori-2026-12-06.omamori-backup", Filter: filepicker.Filter{Exts: []string{"age"}}, Lang: i18n.JA},
		func(path string, err error) {
			if err != nil {
				t.Error(err)
			}
			got = append(got, path)
		})
	pressForward(t, w)
	want := filepath.Join(dir, "omamori-2026-12-06.omamori-backup.age")
	if !slices.Equal(got, []string{want}) {
		t.Fatalf("answered %q, want %q", got, want)
	}
	if _, err := os.Lstat(want); !os.IsNotExist(err) {
		t.Errorf("the dialog made the file: %v", err)
	}
}
