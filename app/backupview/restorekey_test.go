package backupview

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

// The restore dialog opens a backup protected by a security key with the
// key's PIN (the practice key stands in for the customer's key).
func TestRestoreKeyProtectedFile(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("t")
	w.Show()
	defer w.Close()
	drv, err := practice.New(practice.Options{AutoTouch: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := drv.Key().SetPIN(context.Background(), "1234"); err != nil {
		t.Fatal(err)
	}
	svc := securitykey.New(drv)

	src, _ := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if _, err := src.Add("A", newaccount.Details{Secret: accountstest.RandomKey(t, 20), Profile: profile.SmartOTP}); err != nil {
		t.Fatal(err)
	}
	doc, err := backup.Collect(src, time.Now(), "")
	if err != nil {
		t.Fatal(err)
	}
	data := keyFile(t, svc, doc)

	dst, _ := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	open := func(pin string) (*Restore, error) {
		r := RestoreFrom(Options{Window: w, Store: dst, Keys: svc}, data, "k.omamori-backup.age")
		r.SetPassphrase(pin)
		got := make(chan error, 1)
		r.Open(func(err error) { got <- err })
		select {
		case err := <-got:
			return r, err
		case <-time.After(10 * time.Second):
			t.Fatal("open did not finish")
		}
		return nil, nil
	}
	r, err := open("9999")
	if err == nil || r.Problem() != i18n.Localize(err, i18n.EN) || !strings.Contains(r.Problem(), "PIN") {
		t.Fatalf("wrong PIN: %v, problem %q", err, r.Problem())
	}
	r.d.Hide()
	r, err = open("1234")
	if err != nil {
		t.Fatal(err)
	}
	if p := r.Plan(); len(p.Steps) != 1 || p.Steps[0].Item.Name != "A" {
		t.Fatalf("plan %+v", p.Steps)
	}
	if err := r.Apply(); err != nil {
		t.Fatal(err)
	}
	if l, _ := dst.List(); len(l) != 1 {
		t.Fatalf("restored %d", len(l))
	}
}
