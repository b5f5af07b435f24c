package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/uitest"
)

// The backup menu offers 「ほかのアプリから移す…」 beside restore, and an
// import through the window adds the accounts to the code list and says
// so in the status line.
func TestImportFromTheWindow(t *testing.T) {
	s, store, _ := newBackupShell(t, "ja")
	s.backupMenu(s.Window().Content())
	menu := strings.Join(uitest.Texts(s.Window().Canvas().Overlays().Top()), "\n")
	if !strings.Contains(menu, "バックアップから復元…") || !strings.Contains(menu, "ほかのアプリから移す…") || !strings.Contains(menu, "ほかのアプリ用に書き出す…") {
		t.Fatalf("backup menu:\n%s", menu)
	}
	s.Window().Canvas().Overlays().Top().Hide()

	im := s.ImportFrom([]byte("otpauth://totp/Example:alice?secret=AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU&issuer=Example&period=60\n"), "export.txt")
	var add func()
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end) && add == nil; time.Sleep(20 * time.Millisecond) {
		if b := uitest.Button(s.Window().Canvas().Overlays().Top(), "1件を追加する"); b != nil {
			add = func() { test.Tap(b) }
		}
	}
	if add == nil {
		t.Fatal("no preview")
	}
	add()
	es, err := store.List()
	if err != nil || len(es) != 1 || es[0].Name != "Example alice" || im.Preview().Format != "otpauth-list" {
		t.Fatalf("accounts %v %v", es, err)
	}
	if !strings.Contains(s.Status(), "1件のアカウントを追加しました") {
		t.Errorf("status %q", s.Status())
	}
	if got := strings.Join(uitest.Texts(s.Window().Content()), "\n"); !strings.Contains(got, "Example alice") {
		t.Errorf("the code list does not show the account:\n%s", got)
	}
}
