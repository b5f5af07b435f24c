package backupview

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// practiceKeys is the practice key with PIN 1234 behind the service, as
// the window's security-key screen has it.
func practiceKeys(t *testing.T, q virtualkey.Quirks) *securitykey.Service {
	t.Helper()
	drv, err := practice.New(practice.Options{AutoTouch: time.Millisecond, Quirks: q})
	if err != nil {
		t.Fatal(err)
	}
	if err := drv.Key().SetPIN(context.Background(), "1234"); err != nil {
		t.Fatal(err)
	}
	return securitykey.New(drv)
}

func oneAccount(t *testing.T) *accounts.Store {
	t.Helper()
	s, _ := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if _, err := s.Add("A", newaccount.Details{Secret: accountstest.RandomKey(t, 20), Profile: profile.SmartOTP}); err != nil {
		t.Fatal(err)
	}
	return s
}

// saveTo runs SaveTo and waits for its result.
func saveTo(t *testing.T, c *Create, path string) error {
	t.Helper()
	got := make(chan error, 1)
	c.SaveTo(path, func(err error) { got <- err })
	select {
	case err := <-got:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("save did not finish")
	}
	return nil
}

// The create dialog makes a backup protected by a security key (PIN, two
// touches of the practice key), and the restore dialog opens it with the
// same key: the restored account gives the same codes.
func TestCreateKeyProtectedBackup(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			a := test.NewTempApp(t)
			w := a.NewWindow("t")
			w.Resize(fyne.NewSize(520, 640))
			w.Show()
			defer w.Close()
			svc := practiceKeys(t, virtualkey.Quirks{})
			src := oneAccount(t)

			c := ShowCreate(Options{Lang: lang, Window: w, Store: src, Keys: svc, WorkFactor: 10})
			c.UseKey()
			if c.CanSave() {
				t.Fatal("save enabled without a PIN")
			}
			c.SetPIN("1234")
			if !c.CanSave() {
				t.Fatal("save disabled with a PIN")
			}
			path := filepath.Join(t.TempDir(), "k"+backup.FileExt)
			if err := saveTo(t, c, path); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !backup.KeyProtected(data) {
				t.Fatal("file is not protected by the key")
			}
			if strings.Contains(string(data), "1234") {
				t.Fatal("PIN in the file")
			}

			dst, _ := accounts.Open(t.TempDir(), accountstest.NewSecrets())
			r := RestoreFrom(Options{Lang: lang, Window: w, Store: dst, Keys: svc}, data, filepath.Base(path))
			r.SetPassphrase("1234")
			got := make(chan error, 1)
			r.Open(func(err error) { got <- err })
			if err := <-got; err != nil {
				t.Fatal(err)
			}
			if err := r.Apply(); err != nil {
				t.Fatal(err)
			}
			l0, _ := src.List()
			l1, _ := dst.List()
			if len(l1) != 1 {
				t.Fatalf("restored %d", len(l1))
			}
			g0, _ := src.Generator(l0[0].ID)
			g1, _ := dst.Generator(l1[0].ID)
			now := time.Now()
			if g0.At(now) != g1.At(now) {
				t.Error("restored account gives other codes")
			}
		})
	}
}

// A key without hmac-secret: the service's message, and no file.
func TestCreateKeyWithoutHMACSecret(t *testing.T) {
	want := map[i18n.Lang]string{
		i18n.JA: "このセキュリティキーはバックアップの保護に使えません。",
		i18n.EN: "This security key cannot protect a backup",
	}
	for lang, msg := range want {
		t.Run(string(lang), func(t *testing.T) {
			a := test.NewTempApp(t)
			w := a.NewWindow("t")
			w.Show()
			defer w.Close()
			c := ShowCreate(Options{Lang: lang, Window: w, Store: oneAccount(t), Keys: practiceKeys(t, virtualkey.Quirks{NoHMACSecret: true})})
			c.UseKey()
			c.SetPIN("1234")
			path := filepath.Join(t.TempDir(), "k"+backup.FileExt)
			err := saveTo(t, c, path)
			if err == nil || !strings.Contains(i18n.Localize(err, lang), msg) {
				t.Fatalf("err %v, message %q", err, i18n.Localize(err, lang))
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("file written: %v", err)
			}
		})
	}
}

// Without the security-key service the dialog offers the passphrase only.
func TestCreateWithoutKeysHasNoChoice(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("t")
	w.Show()
	defer w.Close()
	c := ShowCreate(Options{Window: w, Store: oneAccount(t)})
	if c.choice != nil || c.useKey() {
		t.Fatal("security-key choice offered without the service")
	}
	c.Hide()
}
