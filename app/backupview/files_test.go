package backupview

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/filedialog"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
)

// fakeFiles stands in for the OS's file dialog: it answers at once with
// path and err and remembers what it was asked.
type fakeFiles struct {
	path  string
	err   error
	asked []filepicker.Options
}

func (f *fakeFiles) Open(o filepicker.Options, done func(string, error)) { f.answer(o, done) }
func (f *fakeFiles) Save(o filepicker.Options, done func(string, error)) { f.answer(o, done) }

func (f *fakeFiles) answer(o filepicker.Options, done func(string, error)) {
	f.asked = append(f.asked, o)
	done(f.path, f.err)
}

// read is everything a screen reader reads in w, joined.
func read(w fyne.Window) string {
	var s []string
	for _, e := range uitest.Exposed(w.Canvas()) {
		s = append(s, e.Label)
	}
	return strings.Join(s, "\n")
}

// eventually waits for what a background step (scrypt, the file write)
// shows; it fails only when that never happens.
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("never happened: %s", what)
}

func testWindow(t *testing.T) fyne.Window {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("t")
	w.Resize(fyne.NewSize(560, 640))
	w.Show()
	t.Cleanup(w.Close)
	return w
}

func sealedFile(t *testing.T, pass string) string {
	t.Helper()
	doc, err := backup.Collect(oneAccount(t), time.Now(), "1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	r, err := backup.Recipient(pass, 10)
	if err != nil {
		t.Fatal(err)
	}
	data, err := backup.Seal(doc, r)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old-pc"+backup.FileExt)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// 「バックアップから復元」 asks the file dialog for a backup file in the
// window's language, then asks for the chosen file's passphrase.
func TestRestoreAsksFilesPort(t *testing.T) {
	want := map[i18n.Lang][2]string{
		i18n.JA: {"復元するバックアップファイルを選ぶ", "「old-pc.omamori-backup.age」のパスフレーズ"},
		i18n.EN: {"Choose the backup file to restore", "old-pc.omamori-backup.age"},
	}
	for lang, w := range want {
		t.Run(string(lang), func(t *testing.T) {
			win := testWindow(t)
			files := &fakeFiles{path: sealedFile(t, "あおいそらとしろいくも")}
			ShowRestore(Options{Window: win, Store: oneAccount(t), Files: files, WorkFactor: 10, Lang: lang})
			if len(files.asked) != 1 {
				t.Fatalf("file dialog asked %d times", len(files.asked))
			}
			o := files.asked[0]
			if o.Title != w[0] || !slices.Equal(o.Filter.Exts, []string{"age"}) || o.Filter.Label == "" || o.Dir == "" {
				t.Errorf("dialog options %+v", o)
			}
			if got := read(win); !strings.Contains(got, w[1]) || !strings.Contains(got, t2(lang, "backup.passphrase")) {
				t.Errorf("after choosing, the window reads:\n%s", got)
			}
		})
	}
}

func t2(l i18n.Lang, key string) string { return cat.M(key).In(l) }

// Cancelling the file dialog does nothing; a file that cannot be read or
// a dialog that failed is said in the window's language.
func TestRestoreCancelAndErrors(t *testing.T) {
	win := testWindow(t)
	files := &fakeFiles{}
	ShowRestore(Options{Window: win, Store: oneAccount(t), Files: files, Lang: i18n.JA})
	if top := win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("cancel opened something: %s", read(win))
	}

	files.path = filepath.Join(t.TempDir(), "gone"+backup.FileExt)
	ShowRestore(Options{Window: win, Store: oneAccount(t), Files: files, Lang: i18n.JA})
	if got := read(win); !strings.Contains(got, "gone.omamori-backup.age") || !strings.Contains(got, "USBメモリー") {
		t.Errorf("missing file reads:\n%s", got)
	}
	win.Canvas().Overlays().Top().Hide()

	files.path, files.err = "", filedialog.Failed(errors.New("CommDlgExtendedError 0x3003"))
	ShowRestore(Options{Window: win, Store: oneAccount(t), Files: files, Lang: i18n.JA})
	if got := read(win); !strings.Contains(got, "ファイルを選ぶ画面を開けませんでした") || strings.Contains(got, "CommDlg") {
		t.Errorf("failed dialog reads:\n%s", got)
	}
}

// 保存 asks where to save with a dated name and the backup filter, and
// writes the backup there; cancelling writes nothing.
func TestCreateSavesWhereChosen(t *testing.T) {
	win := testWindow(t)
	dir := t.TempDir()
	files := &fakeFiles{}
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.Local)
	c := ShowCreate(Options{Window: win, Store: oneAccount(t), Files: files, WorkFactor: 10, Now: func() time.Time { return now }, Lang: i18n.EN})
	c.SetPassphrase("あおいそらとしろいくも")

	test.Tap(c.save) // cancelled
	o := files.asked[0]
	if o.Name != "omamori-2026-11-29.omamori-backup.age" || o.Title != "Choose where to save the backup" || !slices.Equal(o.Filter.Exts, []string{"age"}) {
		t.Errorf("dialog options %+v", o)
	}
	if e, _ := os.ReadDir(dir); len(e) != 0 || !c.CanSave() {
		t.Fatalf("cancel wrote %v or left 保存 disabled", e)
	}

	files.path = filepath.Join(dir, o.Name)
	test.Tap(c.save)
	eventually(t, "the saved message", func() bool { return strings.Contains(read(win), "omamori-2026-11-29.omamori-backup.age") })
	data, err := os.ReadFile(files.path)
	if err != nil || backup.Precheck(data, o.Name) != nil {
		t.Fatalf("written file: %v", err)
	}
}

// A file already there is never replaced, whatever the dialog asked: the
// customer is told to choose another name, in the window's language.
func TestCreateNeverOverwrites(t *testing.T) {
	for lang, want := range map[i18n.Lang]string{i18n.JA: "別の名前を付けて保存してください", i18n.EN: "Save under another name"} {
		t.Run(string(lang), func(t *testing.T) {
			win := testWindow(t)
			path := filepath.Join(t.TempDir(), "mine"+backup.FileExt)
			if err := os.WriteFile(path, []byte("older backup"), 0o600); err != nil {
				t.Fatal(err)
			}
			c := ShowCreate(Options{Window: win, Store: oneAccount(t), Files: &fakeFiles{path: path}, WorkFactor: 10, Lang: lang})
			c.SetPassphrase("あおいそらとしろいくも")
			test.Tap(c.save)
			eventually(t, "the refusal", func() bool { return strings.Contains(read(win), want) })
			if b, _ := os.ReadFile(path); string(b) != "older backup" {
				t.Errorf("the file was replaced: %q", b)
			}
		})
	}
}
