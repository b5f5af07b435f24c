package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/config"
)

const otherCode = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

// A damaged account list shows a banner saying what was restored, until
// 確認しました; registration info no account uses is offered back.
func TestRecoveryBanner(t *testing.T) {
	dir, secrets, lost := damagedList(t)
	open := func() (*Shell, *accounts.Store) { return recoveryShell(t, dir, secrets, "ja") }
	s, _ := open()
	m := shown(s)
	if !strings.Contains(m, "バックアップ") || !strings.Contains(m, "1件のアカウントを復元") {
		t.Errorf("no restoration banner:\n%s", m)
	}
	if !strings.Contains(m, "登録情報が、このパソコンに1件") || !strings.Contains(m, "楽天証券") {
		t.Errorf("no orphan banner naming 楽天証券:\n%s", m)
	}
	n := s.Notices()
	if len(n.Seen) != 1 {
		t.Fatalf("%d restoration notices", len(n.Seen))
	}
	test.Tap(n.Seen[0])
	if strings.Contains(shown(s), "1件のアカウントを復元") {
		t.Error("restoration still shown after 確認しました")
	}
	// Seen once: a new window does not repeat it; the orphan is still offered.
	s, store := open()
	n = s.Notices()
	if len(n.Seen) != 0 || len(n.Orphans) != 1 {
		t.Fatalf("after reopening: %d notices, %d orphans", len(n.Seen), len(n.Orphans))
	}
	n.ShowManage()
	row := n.Dialog.Rows[lost.ID]
	if row == nil || row.Name.Text != "楽天証券" {
		t.Fatal("the dialog does not list 楽天証券 by its name")
	}
	test.Tap(row.Restore)
	if l, _ := store.List(); len(l) != 2 {
		t.Fatalf("not restored: %+v (%s)", l, n.Dialog.Status.Text)
	}
	if !strings.Contains(shown(s), "楽天証券") || len(n.Orphans) != 0 {
		t.Error("the list does not show the restored account")
	}
}

var textNode = regexp.MustCompile(`>([^<]*)</text>`)

// shown is all the text on the window run together, so that text a label
// wrapped over lines can be searched.
func shown(s *Shell) string {
	var b strings.Builder
	for _, m := range textNode.FindAllStringSubmatch(markup(s), -1) {
		b.WriteString(m[1])
	}
	return b.String()
}

// damagedList makes a settings folder whose account list is broken:
// 三菱 太郎 comes back from the list's backup, 楽天証券 (added after that
// backup) only as registration info in the keyring, which is returned.
func damagedList(t *testing.T) (dir string, secrets *accountstest.Secrets, lost accounts.Account) {
	t.Helper()
	dir, secrets = t.TempDir(), accountstest.NewSecrets()
	store, err := accounts.Open(dir, secrets)
	if err != nil {
		t.Fatal(err)
	}
	addAccount(t, store, "三菱 太郎", goodCode)
	lost = addAccount(t, store, "楽天証券", otherCode) // only in the list, not in its backup
	if err := os.WriteFile(filepath.Join(dir, config.Accounts), []byte("{broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, secrets, lost
}

// recoveryShell opens the store in dir (repairing the list) and shows the
// window over it in lang, with the recovery notices wired in.
func recoveryShell(t *testing.T, dir string, secrets *accountstest.Secrets, lang string) (*Shell, *accounts.Store) {
	t.Helper()
	store, err := accounts.Open(dir, secrets)
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	s := New(Deps{App: a, Store: store, Recovery: store, LangForced: lang, Now: (&clock{start}).Now, OnQuit: func() {}})
	s.Window().Resize(fyne.NewSize(520, 700))
	s.Window().Show()
	t.Cleanup(func() { s.Window().Close() })
	return s, store
}

// With NoticesLater (the app's start) the first frame does not wait for
// the notice's keyring scan: it is empty until LoadNotices has read the
// store, and then says what TestRecoveryBanner's says.
func TestRecoveryBannerLater(t *testing.T) {
	dir, secrets, _ := damagedList(t)
	store, err := accounts.Open(dir, secrets)
	if err != nil {
		t.Fatal(err)
	}
	s := New(Deps{App: test.NewTempApp(t), Store: store, Recovery: store, NoticesLater: true,
		LangForced: "ja", Now: (&clock{start}).Now, OnQuit: func() {}})
	s.Window().Resize(fyne.NewSize(520, 700))
	if m := shown(s); strings.Contains(m, "1件のアカウントを復元") || len(s.Notices().Orphans) != 0 {
		t.Fatalf("the notice was read before the window showed:\n%s", m)
	}
	ui := make(chan func())
	s.LoadNotices(func(f func()) { ui <- f })
	(<-ui)() // on the test's goroutine, as fyne.Do runs it on Fyne's
	m := shown(s)
	if !strings.Contains(m, "1件のアカウントを復元") || !strings.Contains(m, "楽天証券") || len(s.Notices().Orphans) != 1 {
		t.Errorf("no notice after LoadNotices:\n%s", m)
	}
}
