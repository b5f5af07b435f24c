package filepicker

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// These tests show the real common file dialog (under wine in
// scripts/windows-smoke.sh), find it by its title as a screen reader or a
// customer sees it, and answer it as a customer would.

var (
	user32         = windows.NewLazySystemDLL("user32.dll")
	procFindWindow = user32.NewProc("FindWindowW")
	procClassName  = user32.NewProc("GetClassNameW")
	procPostMsg    = user32.NewProc("PostMessageW")
	procVisible    = user32.NewProc("IsWindowVisible")
)

const (
	wmCommand = 0x0111
	idOK      = 1
	idCancel  = 2
)

type result struct {
	path string
	err  error
}

// show runs f with o in the background, waits for its dialog window,
// checks it is a visible dialog, presses button and returns f's answer.
func show(t *testing.T, f func(Options) (string, error), o Options, button uintptr) (string, error) {
	t.Helper()
	got := make(chan result, 1)
	go func() {
		p, err := f(o)
		got <- result{p, err}
	}()
	title, _ := windows.UTF16PtrFromString(o.Title)
	var h uintptr
	for end := time.Now().Add(60 * time.Second); h == 0; time.Sleep(50 * time.Millisecond) {
		select {
		case r := <-got:
			t.Fatalf("returned %q, %v before its window was found", r.path, r.err)
		default:
		}
		if time.Now().After(end) {
			t.Fatalf("no window titled %q", o.Title)
		}
		h, _, _ = procFindWindow.Call(0, uintptr(unsafe.Pointer(title)))
	}
	class := make([]uint16, 64)
	n, _, _ := procClassName.Call(h, uintptr(unsafe.Pointer(&class[0])), uintptr(len(class)))
	if c := windows.UTF16ToString(class[:n]); c != "#32770" {
		t.Errorf("window class %q, want the dialog class #32770", c)
	}
	for end := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if v, _, _ := procVisible.Call(h); v != 0 {
			break
		}
		if time.Now().After(end) {
			t.Fatal("the dialog never became visible")
		}
	}
	procPostMsg.Call(h, wmCommand, button, 0)
	select {
	case r := <-got:
		return r.path, r.err
	case <-time.After(60 * time.Second):
		t.Fatal("the dialog did not close (a second question, e.g. \"replace?\", would hold it)")
	}
	return "", nil
}

func TestOpenCancelled(t *testing.T) {
	p, err := show(t, Open, Options{Title: "お守り テスト: ファイルを選ぶ", Dir: tempDir(t),
		Filter: Filter{Label: "お守りのバックアップ", Exts: []string{"age"}}}, idCancel)
	if p != "" || err != nil {
		t.Errorf("cancel gave %q, %v", p, err)
	}
}

func TestOpenChoosesFile(t *testing.T) {
	dir := tempDir(t)
	want := filepath.Join(dir, "old-pc.omamori-backup.age")
	if err := os.WriteFile(want, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := show(t, Open, Options{Title: "お守り テスト: 開く", Dir: dir, Name: filepath.Base(want),
		Filter: Filter{Label: "お守りのバックアップ", Exts: []string{"age"}}}, idOK)
	if err != nil || !samePath(p, want) {
		t.Errorf("open gave %q, %v; want %q", p, err, want)
	}
}

// Save suggests the name, returns its path in the folder, makes no file,
// and asks nothing about a file already there (the caller never replaces).
func TestSaveReturnsPathWithoutAsking(t *testing.T) {
	dir := tempDir(t)
	name := "omamori-2026-11-29.omamori-backup.age"
	for _, exists := range []bool{false, true} {
		if exists {
			os.WriteFile(filepath.Join(dir, name), []byte("older"), 0o600)
		}
		p, err := show(t, Save, Options{Title: "お守り テスト: 保存先", Dir: dir, Name: name,
			Filter: Filter{Label: "お守りのバックアップ", Exts: []string{"age"}}}, idOK)
		if err != nil || !samePath(p, filepath.Join(dir, name)) {
			t.Errorf("exists=%v: save gave %q, %v", exists, p, err)
		}
		entries, _ := os.ReadDir(dir)
		if want := map[bool]int{false: 0, true: 1}[exists]; len(entries) != want {
			t.Errorf("exists=%v: the dialog changed the folder: %v", exists, entries)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, name)); exists && string(b) != "older" {
			t.Errorf("the file was touched: %q", b)
		}
	}
}

func TestFilterString(t *testing.T) {
	got := filterString(Filter{Label: "画像", Exts: []string{"png", "jpg"}})
	want := []uint16{}
	for _, r := range "画像\x00*.png;*.jpg\x00\x00" {
		want = append(want, uint16(r))
	}
	if !slices.Equal(got, want) || filterString(Filter{}) != nil {
		t.Errorf("filter %q", windows.UTF16ToString(got))
	}
}

// samePath compares Windows paths as Windows does (case, slashes, 8.3 names aside).
func samePath(a, b string) bool {
	return strings.EqualFold(filepath.Clean(a), filepath.Clean(b))
}

// tempDir is t.TempDir without failing on cleanup: under wine 8 Go's
// RemoveAll gets "Invalid function" (a call wine lacks); the folder is in
// the throw-away prefix.
func tempDir(t *testing.T) string {
	d, err := os.MkdirTemp("", "filepicker")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.RemoveAll(d); err != nil {
			t.Logf("left %s: %v", d, err)
		}
	})
	return d
}
