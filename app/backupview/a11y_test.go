package backupview

import (
	"context"
	"encoding/base32"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/uitest"
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

// TestScreenReaderLabels walks every backup screen in both languages as
// Fyne's screen-reader bridge does (app/uitest): each element has a role
// and a label in the window's language, nothing reachable goes unread, a
// PIN or passphrase is read only as a count and the QR code never as its
// content.
func TestScreenReaderLabels(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(omtheme.New("light", false)) // the fonts the window uses
			w := a.NewWindow("t")
			w.Resize(fyne.NewSize(520, 640))
			w.Show()
			defer w.Close()
			const secretPass = "あおいそらとしろいくも"
			data := []string{"三菱 太郎", "三菱 太郎 (2)", "1.0.0", "x.omamori-backup.age"}
			var exposed []uitest.Element
			check := func(screen string, secrets ...string) {
				t.Helper()
				cv := w.Canvas()
				for _, o := range cv.Overlays().List() {
					o.Resize(o.Size()) // lay the dialogs out
				}
				for _, p := range uitest.Check(cv, uitest.Options{Lang: string(lang), Data: data}) {
					t.Errorf("%s: %s", screen, p)
				}
				exposed = uitest.Exposed(cv)
				if len(exposed) < 2 {
					t.Errorf("%s: nothing to read: %v", screen, exposed)
				}
				for _, e := range exposed {
					for _, s := range secrets {
						if strings.Contains(e.Label, s) {
							t.Errorf("%s: %q reads a secret", screen, e.Label)
						}
					}
				}
			}
			reads := func(screen, want string) {
				t.Helper()
				for _, e := range exposed {
					if strings.Contains(e.Label, want) {
						return
					}
				}
				t.Errorf("%s: nothing reads %q: %v", screen, want, exposed)
			}
			closeAll := func() {
				for _, o := range w.Canvas().Overlays().List() {
					w.Canvas().Overlays().Remove(o)
				}
			}

			// The reminder banner.
			dir := t.TempDir()
			r := NewReminder(dir, func() i18n.Lang { return lang }, time.Now, func() int { return 1 }, func() {})
			r.Refresh()
			w.SetContent(r.Content())
			check("reminder")
			reads("reminder", Label(lang, "reminder_dismiss"))

			// Create: passphrase, a generated one, the key choice with a PIN.
			src, _ := accounts.Open(t.TempDir(), accountstest.NewSecrets())
			if _, err := src.Add("三菱 太郎", newaccount.Details{Secret: accountstest.RandomKey(t, 20), Profile: profile.SmartOTP}); err != nil {
				t.Fatal(err)
			}
			c := ShowCreate(Options{Lang: lang, Window: w, Store: src, Keys: practiceKeys(t, virtualkey.Quirks{}), WorkFactor: 10})
			check("create")
			test.Type(c.PassEntry(), "abcde")
			check("create, too short", "abcde")
			c.SetPassphrase(secretPass)
			check("create, passphrase", secretPass)
			reads("create, passphrase", a11y.Text(lang, "a11y_hidden_chars", "N", "11"))
			c.Generate(backup.Digits)
			check("create, generated digits")
			reads("create, generated digits", Label(lang, "generated_name"))
			c.UseKey()
			c.SetPIN("1234")
			check("create, security key", "1234")
			reads("create, security key", a11y.Text(lang, "a11y_hidden_chars", "N", "4"))
			reads("create, security key", Label(lang, "protect_key"))
			c.Hide()
			closeAll()

			// Restore: passphrase step, wrong passphrase, the summary with a
			// name clash to edit.
			doc, err := backup.Collect(src, time.Now(), "1.0.0")
			if err != nil {
				t.Fatal(err)
			}
			rcp, _ := age.NewScryptRecipient(secretPass)
			rcp.SetWorkFactor(10)
			file, err := backup.Seal(doc, rcp)
			if err != nil {
				t.Fatal(err)
			}
			dst, _ := accounts.Open(t.TempDir(), accountstest.NewSecrets())
			if _, err := dst.Add("三菱 太郎", newaccount.Details{Secret: accountstest.RandomKey(t, 20), Profile: profile.SmartOTP}); err != nil {
				t.Fatal(err)
			}
			open := func(rs *Restore) error {
				got := make(chan error, 1)
				rs.Open(func(err error) { got <- err })
				select {
				case err := <-got:
					return err
				case <-time.After(20 * time.Second):
					t.Fatal("open did not finish")
				}
				return nil
			}
			rs := RestoreFrom(Options{Lang: lang, Window: w, Store: dst}, file, "x.omamori-backup.age")
			check("restore")
			rs.SetPassphrase("まちがい")
			if open(rs) == nil {
				t.Fatal("wrong passphrase opened the file")
			}
			check("restore, wrong passphrase", "まちがい")
			rs.SetPassphrase(secretPass)
			if err := open(rs); err != nil {
				t.Fatal(err)
			}
			check("restore, summary")
			reads("restore, summary", "三菱 太郎 (2)")
			rs.Hide()
			closeAll()

			// Restore a file protected by a security key: the field is the PIN.
			keys := practiceKeys(t, virtualkey.Quirks{})
			kf := keyFile(t, keys, doc)
			rk := RestoreFrom(Options{Lang: lang, Window: w, Store: dst, Keys: keys}, kf, "x.omamori-backup.age")
			rk.SetPassphrase("9999")
			check("restore, security key", "9999")
			reads("restore, security key", a11y.Join(lang, Label(lang, "key_pin"), a11y.Text(lang, "a11y_hidden_chars", "N", "4")))
			rk.Hide()
			closeAll()

			// Move to a phone: the warning, then the QR code.
			l, _ := src.List()
			p := ShowPhone(w, lang, src, l[0])
			check("phone warning")
			p.Confirm(src, l[0].ID)
			key, _ := src.Export(l[0].ID)
			check("phone QR", base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(key.Secret), "otpauth")
			reads("phone QR", map[i18n.Lang]string{i18n.JA: "「三菱 太郎」のQRコード", i18n.EN: "QR code for “三菱 太郎”"}[lang])
			p.Close()
			closeAll()
		})
	}
}

// keyFile seals doc for the practice key (PIN 1234).
func keyFile(t *testing.T, keys *securitykey.Service, doc backup.Document) []byte {
	t.Helper()
	rcp, err := backup.ProtectWithKey(context.Background(), keys, practice.Path, "1234")
	if err != nil {
		t.Fatal(err)
	}
	data, err := backup.Seal(doc, rcp)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
