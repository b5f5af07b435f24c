package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/backupview"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/backup"
)

// newBackupShell is newShell with its own settings folder and a cheap
// scrypt work factor.
func newBackupShell(t *testing.T, lang string) (*Shell, *accounts.Store, string) {
	t.Helper()
	a := test.NewTempApp(t)
	dir := t.TempDir()
	store, err := accounts.Open(dir, accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{start}
	s := New(Deps{App: a, Store: store, ConfigDir: dir, LangForced: lang, Version: "1.0.0",
		OS: "windows", Arch: "amd64", Now: c.Now, OnQuit: func() {}, BackupWorkFactor: 10})
	s.Window().Resize(fyne.NewSize(520, 560))
	s.Window().Show()
	t.Cleanup(func() { s.Window().Close() })
	return s, store, dir
}

func wait(t *testing.T, run func(done func(error))) error {
	t.Helper()
	ch := make(chan error, 1)
	run(func(err error) { ch <- err })
	select {
	case err := <-ch:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("timed out")
		return nil
	}
}

const uiPass = "あおいそらとしろいくも"

func TestBackupInTheWindowThenRestoreOnAnotherPC(t *testing.T) {
	s, store, dir := newBackupShell(t, "ja")
	if s.ReminderShown() {
		t.Fatal("reminder with no accounts")
	}
	addAccount(t, store, "三菱 太郎", goodCode)
	addAccount(t, store, "みずほ証券", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	s.codes.Reload()
	s.updateReminder()
	if !s.ReminderShown() {
		t.Fatal("no reminder after the first enrolment")
	}

	c := s.ShowCreateBackup()
	test.Type(c.PassEntry(), "short")
	if !strings.Contains(c.Problem(), "短すぎます（5文字）") || c.CanSave() {
		t.Fatalf("short passphrase: %q save=%v", c.Problem(), c.CanSave())
	}
	c.SetPassphrase(uiPass)
	if c.Problem() != "" || !c.CanSave() {
		t.Fatalf("good passphrase refused: %q", c.Problem())
	}
	file := filepath.Join(t.TempDir(), "omamori"+backup.FileExt)
	if err := wait(t, func(done func(error)) { c.SaveTo(file, done) }); err != nil {
		t.Fatal(err)
	}
	if s.ReminderShown() {
		t.Error("reminder still shown after a backup")
	}
	if f := s.Facts(); f.LastBackup != s.d.Now().Format(time.DateOnly) {
		t.Errorf("サポート情報 last backup %q", f.LastBackup)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	assertNoPlaintext(t, dir, uiPass)

	// The new PC already has one account with a clashing name.
	n, nstore, _ := newBackupShell(t, "ja")
	addAccount(t, nstore, "三菱 太郎", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U")
	n.codes.Reload()
	r := n.RestoreFrom(data, "omamori"+backup.FileExt)
	r.SetPassphrase("まちがったぱすふれーず")
	if err := wait(t, r.Open); err == nil || !strings.Contains(r.Problem(), "パスフレーズが、このバックアップを作ったときのものと違います") {
		t.Fatalf("wrong passphrase: %v %q", err, r.Problem())
	}
	r.SetPassphrase(uiPass)
	if err := wait(t, r.Open); err != nil {
		t.Fatal(err)
	}
	p := r.Plan()
	if len(p.Steps) != 2 || p.Steps[0].Name != "三菱 太郎 (2)" {
		t.Fatalf("plan %+v", p.Steps)
	}
	if l, _ := nstore.List(); len(l) != 1 {
		t.Fatal("the summary changed the store")
	}
	r.SetName(0, "三菱 太郎（旧PC）")
	if err := r.Apply(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(n.Status(), "2件のアカウントを復元しました") || n.ReminderShown() {
		t.Errorf("after restore: status %q, reminder %v", n.Status(), n.ReminderShown())
	}
	l, _ := nstore.List()
	if len(l) != 3 || l[1].Name != "三菱 太郎（旧PC）" || l[2].Name != "みずほ証券" {
		t.Fatalf("after restore %+v", l)
	}
	now := time.Now()
	old, _ := store.List()
	for i, e := range l[1:] {
		g1, _ := nstore.Generator(e.ID)
		g0, _ := store.Generator(old[i].ID)
		if g0.At(now) != g1.At(now) {
			t.Errorf("%s: codes differ from %s", e.Name, old[i].Name)
		}
	}
}

func TestNotBackupFileChangesNothing(t *testing.T) {
	s, store, _ := newBackupShell(t, "en")
	for _, data := range [][]byte{nil, []byte("hello")} {
		if r := s.RestoreFrom(data, "x.txt"); r != nil {
			t.Errorf("%q: asked for a passphrase", data)
		}
	}
	if l, _ := store.List(); len(l) != 0 {
		t.Fatal("changed")
	}
}

func TestReminderDismissedOnce(t *testing.T) {
	s, store, dir := newBackupShell(t, "en")
	addAccount(t, store, "A", goodCode)
	s.codes.Reload()
	s.updateReminder()
	if !s.ReminderShown() {
		t.Fatal("no reminder")
	}
	if s.Reminder().Create == nil || s.Reminder().NotNow == nil {
		t.Fatal("reminder without its buttons")
	}
	test.Tap(s.Reminder().NotNow)
	if s.ReminderShown() {
		t.Fatal("reminder still shown after 今はしない")
	}
	s.updateReminder()
	if s.ReminderShown() {
		t.Fatal("reminder shown again after 今はしない")
	}
	if !backupview.ShouldRemind(dir, s.d.Now().Add(backup.RemindAfter), 1) {
		t.Error("no reminder 180 days later")
	}
}

func TestPhoneQRBehindWarningAndHidden(t *testing.T) {
	s, store, _ := newBackupShell(t, "ja")
	a := addAccount(t, store, "三菱 太郎", goodCode)
	s.codes.Reload()
	l, _ := store.List()
	p := s.ShowPhone(l[0])
	if p.Shown() {
		t.Fatal("the QR code was shown before the warning was accepted")
	}
	p.Confirm(store, a.ID)
	if !p.Shown() {
		t.Fatal("no QR code after the warning")
	}
	p.Close()
	if p.Shown() {
		t.Fatal("QR code still shown after closing")
	}
}

func assertNoPlaintext(t *testing.T, dir, s string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), s) || strings.Contains(string(b), goodCode) {
				t.Errorf("%s holds a secret", p)
			}
		}
		return err
	})
}
