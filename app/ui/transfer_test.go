package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/screenqr"
)

// The two transfer QR codes of one Google Authenticator export (index 1
// first; internal/importfile/testdata/own/migration_batch.txt).
const (
	transferB = "otpauth-migration://offline?data=CiwKFDIzNDU2Nzg5Ojs8PT4%2FQEFCQ0RFEgNib2IaCVNIQTUxMiBDbyADKAIwAhABGAIgASiJBg%3D%3D"
	transferA = "otpauth-migration://offline?data=CkAKFAECAwQFBgcICQoLDA0ODxAREhMUEhlFeGFtcGxlOmFsaWNlQGV4YW1wbGUuY29tGgdFeGFtcGxlIAEoATACEAEYAiAAKIkG"
)

// The add dialog's 「画面のQRコードを読み取る」 with Google Authenticator's
// transfer codes on the screen: the phone shows one at a time, so the
// first read says which code is still to show and keeps what it read; the
// second completes the export and the import preview takes over, asking
// the step the codes lack (30 s unless chosen), and adds both at once.
func TestScreenTransferCodesOpenTheImport(t *testing.T) {
	shows := [][]screenqr.Code{{{Text: transferB, Migration: true}}, {{Text: transferA, Migration: true}}}
	reads := 0
	a := test.NewTempApp(t)
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	s := New(Deps{App: a, Store: store, ConfigDir: t.TempDir(), LangForced: "ja", Version: "1.0.0",
		OS: "windows", Arch: "amd64", Now: (&clock{start}).Now, OnQuit: func() {},
		ReadScreen: func() ([]screenqr.Code, error) { c := shows[min(reads, 1)]; reads++; return c, nil }})
	s.Window().Resize(fyne.NewSize(560, 640))
	s.Window().Show()
	t.Cleanup(func() { s.Window().Close() })

	d := s.ShowAddAccount()
	tap := func(done func() bool) {
		t.Helper()
		test.Tap(d.Screen)
		for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			ok := false
			fyne.DoAndWait(func() { ok = !d.Screen.Disabled() && done() })
			if ok {
				return
			}
		}
		t.Fatalf("no answer; status %q", d.Status.Text)
	}
	tap(func() bool { return strings.Contains(d.Status.Text, "1番目") })
	if d.Code.Text != "" || !strings.Contains(d.Status.Text, "2個のうち1個") {
		t.Fatalf("after the first code: code %q, status %q", d.Code.Text, d.Status.Text)
	}

	var add *widget.Button
	tap(func() bool {
		add = uitest.Button(s.Window().Canvas().Overlays().Top(), "2件を追加する")
		return add != nil
	})
	preview := strings.Join(uitest.Texts(s.Window().Canvas().Overlays().Top()), "\n")
	for _, want := range []string{"Example alice@example.com", "SHA512 Co bob", "変わる間隔", "30秒"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q:\n%s", want, preview)
		}
	}
	test.Tap(add)
	es, err := store.List()
	if err != nil || len(es) != 2 {
		t.Fatalf("accounts %v %v", es, err)
	}
	for _, e := range es {
		if x, _ := store.Export(e.ID); x.Profile.Period != 30 {
			t.Errorf("%s: period %d, want 30", e.Name, x.Profile.Period)
		}
	}
}

// Pictures of the two transfer codes dropped on the window one after the
// other go to the same add dialog and make one import.
func TestDroppedTransferPicturesMakeOneImport(t *testing.T) {
	s, store, _ := newBackupShell(t, "en")
	dir := t.TempDir()
	for i, link := range []string{transferB, transferA} {
		b, err := otpauth.EncodeQR(link, 256)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("shot%d.png", i+1))
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		s.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(path)})
		if i == 0 && !strings.Contains(s.addDlg.Status.Text, "Still to read: number 1") {
			t.Fatalf("after the first picture: %q", s.addDlg.Status.Text)
		}
	}
	var add *widget.Button
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end) && add == nil; time.Sleep(20 * time.Millisecond) {
		fyne.DoAndWait(func() { add = uitest.Button(s.Window().Canvas().Overlays().Top(), "Add the accounts (2)") })
	}
	if add == nil {
		t.Fatalf("no preview:\n%s", strings.Join(uitest.Texts(s.Window().Canvas().Overlays().Top()), "\n"))
	}
	test.Tap(add)
	if es, err := store.List(); err != nil || len(es) != 2 {
		t.Fatalf("accounts %v %v", es, err)
	}
}
